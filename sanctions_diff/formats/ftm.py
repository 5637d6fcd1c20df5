"""Read OpenSanctions FollowTheMoney entities (JSON Lines) into a ``Snapshot``.

The format is OpenSanctions' ``entities.ftm.json`` export (and any FollowTheMoney stream):
one JSON object per line, ``{"id", "schema", "properties": {name: [values...]},
"datasets", "first_seen", "last_seen", "target", ...}``, every property a list of
strings. Countries are lower-case ISO codes ("ru"); dates are ISO, possibly partial.

Which lines become entities: the schemas of listed subjects — ``Person`` (person),
``Company``, ``Organization``, ``LegalEntity``, ``PublicBody`` (organization), ``Vessel``
(vessel), ``Airplane`` (aircraft). Everything else (``Sanction``, ``Address``,
``Ownership``, ``Identification``, ``Passport``, family and membership links...) is not a
subject and is skipped, as is a subject marked ``"target": false`` (OpenSanctions exports
the relatives and owners of listed subjects too; only targets are listed). ``Sanction``
lines still give their subject its listing date.

How a subject becomes an ``Entity``:

- ``id``: the FtM ``id``; ``name``: the first ``name``; ``aliases``: the other names, then
  ``alias``, ``weakAlias`` and ``previousName`` (as the bundled lists take them), without
  repeats.
- ``country`` (not for persons): the first of ``country``, ``jurisdiction``,
  ``mainCountry`` that names a country; ``nationalities``: ``nationality`` and
  ``citizenship``.
- ``birth_dates``: ``birthDate`` values that are ISO dates, full or partial.
- ``identifiers``: ``innCode`` (INN), ``ogrnCode`` (OGRN), ``registrationNumber``
  (Registration number), ``taxNumber`` (Tax ID), ``kppCode``, ``okpoCode``, ``leiCode``,
  ``swiftBic``, ``idNumber`` (ID number), ``passportNumber`` (Passport), ``imoNumber``
  (IMO), ``mmsi``, ``callSign``, ``icaoCode``... with the labels the bundled lists use.
- ``addresses``: ``address``; ``reason``: ``notes``, else the ``reason`` of its sanctions.
- ``listed_on``: the earliest ``listingDate`` or ``startDate`` of the ``Sanction`` lines
  whose ``entity`` is this subject (FtM's ``first_seen`` is when OpenSanctions first saw
  it, not a listing date, and is not used).
- ``source``: "OpenSanctions <datasets>".

The snapshot's date is the latest ``last_seen`` (the day of the export). A line that is not
JSON, not an object, or an object without ``schema`` and ``properties`` is an error with
its line; so is a subject without a name. Values of the wrong type are ignored.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

from sanctions_diff.countries import to_code
from sanctions_diff.errors import InputError, Problem
from sanctions_diff.formats.schema import parse_date
from sanctions_diff.model import (
    Coverage,
    Entity,
    EntityType,
    Identifier,
    Snapshot,
    SnapshotKind,
    SnapshotMeta,
)

TITLE = "OpenSanctions FollowTheMoney entities"

SCHEMAS: dict[str, EntityType] = {
    "Person": EntityType.PERSON,
    "Company": EntityType.ORGANIZATION,
    "Organization": EntityType.ORGANIZATION,
    "LegalEntity": EntityType.ORGANIZATION,
    "PublicBody": EntityType.ORGANIZATION,
    "Vessel": EntityType.VESSEL,
    "Airplane": EntityType.AIRCRAFT,
}
SANCTION = "Sanction"

# FtM property → identifier label (the labels of scripts/build_lists.py for the same columns).
IDENTIFIER_PROPERTIES: dict[str, str] = {
    "innCode": "INN",
    "ogrnCode": "OGRN",
    "registrationNumber": "Registration number",
    "taxNumber": "Tax ID",
    "kppCode": "KPP",
    "okpoCode": "OKPO",
    "leiCode": "LEI",
    "swiftBic": "SWIFT/BIC",
    "idNumber": "ID number",
    "passportNumber": "Passport",
    "imoNumber": "IMO",
    "mmsi": "MMSI",
    "callSign": "Call sign",
    "icaoCode": "ICAO",
    "vatCode": "VAT",
    "uscCode": "USCC",
}
NAME_PROPERTIES = ("name", "alias", "weakAlias", "previousName")
COUNTRY_PROPERTIES = ("country", "jurisdiction", "mainCountry")
NATIONALITY_PROPERTIES = ("nationality", "citizenship")

_PARTIAL_DATE = re.compile(r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?")
_SPACES = re.compile(r"\s+")


def _clean(value: str) -> str:
    return _SPACES.sub(" ", value).strip()


def _strings(properties: dict[str, object], key: str) -> list[str]:
    """A property's string values, cleaned; anything else is ignored."""
    values = properties.get(key)
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, list):
        return []
    return [cleaned for v in values if isinstance(v, str) and (cleaned := _clean(v))]


T = TypeVar("T")


def _unique(values: Iterable[T], skip: T | None = None) -> tuple[T, ...]:
    return tuple(v for v in dict.fromkeys(values) if v != skip)


def _date(value: str) -> dt.date | None:
    return parse_date(value[:10])


@dataclass
class _Reader:
    origin: str
    problems: list[Problem] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    listed: dict[str, dt.date] = field(default_factory=dict)
    reasons: dict[str, str] = field(default_factory=dict)
    datasets: dict[str, None] = field(default_factory=dict)
    last_seen: dt.date | None = None

    def problem(self, line: int, column: int, message: str) -> None:
        self.problems.append(Problem(self.origin, line, column, message))

    def line(self, number: int, text: str) -> None:
        try:
            value = json.loads(text.rstrip("\r\n"))
        except json.JSONDecodeError as exc:
            self.problem(number, exc.colno, f"not valid JSON: {exc.msg} — one JSON object per line")
            return
        if not isinstance(value, dict) or not isinstance(value.get("schema"), str):
            self.problem(number, 1, "not a FollowTheMoney entity — each line needs a 'schema'")
            return
        properties = value.get("properties")
        if not isinstance(properties, dict):
            self.problem(number, 1, "not a FollowTheMoney entity — each line needs 'properties'")
            return
        schema = value["schema"]
        if schema == SANCTION:
            self.sanction(properties)
        kind = SCHEMAS.get(schema)
        if kind is None or value.get("target") is False:
            return
        self.subject(number, value, kind, properties)

    def sanction(self, properties: dict[str, object]) -> None:
        dates = [
            d
            for key in ("listingDate", "startDate")
            for d in map(_date, _strings(properties, key))
            if d is not None
        ]
        reason = " ".join(_strings(properties, "reason"))
        for subject in _strings(properties, "entity"):
            if dates:
                earliest = min(dates)
                known = self.listed.get(subject)
                self.listed[subject] = earliest if known is None else min(known, earliest)
            if reason:
                self.reasons.setdefault(subject, reason)

    def subject(
        self, number: int, value: dict[str, object], kind: EntityType, properties: dict[str, object]
    ) -> None:
        names = [n for key in NAME_PROPERTIES for n in _strings(properties, key)]
        if not names:
            self.problem(number, 1, f"entity '{value.get('id')}' has no name")
            return
        written = value.get("id")
        entity_id = written.strip() if isinstance(written, str) else ""
        if entity_id in self.ids:
            entity_id = ""  # ids are unique in a snapshot: a repeat keeps its names only
        elif entity_id:
            self.ids.add(entity_id)
        datasets = _strings(value, "datasets")
        self.datasets.update(dict.fromkeys(datasets))
        seen = value.get("last_seen")
        if isinstance(seen, str) and (day := _date(seen)) is not None:
            self.last_seen = day if self.last_seen is None else max(self.last_seen, day)
        country = None
        if kind is not EntityType.PERSON:
            codes = (to_code(c) for key in COUNTRY_PROPERTIES for c in _strings(properties, key))
            country = next((c for c in codes if c is not None), None)
        nationalities = (
            to_code(c) for key in NATIONALITY_PROPERTIES for c in _strings(properties, key)
        )
        identifiers = (
            Identifier(label, number)
            for key, label in IDENTIFIER_PROPERTIES.items()
            for number in _strings(properties, key)
        )
        self.entities.append(
            Entity(
                name=names[0],
                type=kind,
                id=entity_id or None,
                aliases=_unique(names[1:], skip=names[0]),
                country=country,
                identifiers=_unique(identifiers),
                addresses=_unique(_strings(properties, "address")),
                source=f"OpenSanctions {', '.join(datasets)}" if datasets else "OpenSanctions",
                birth_dates=_unique(
                    d for d in _strings(properties, "birthDate") if _PARTIAL_DATE.fullmatch(d)
                ),
                nationalities=_unique(c for c in nationalities if c is not None),
                reason=" ".join(_strings(properties, "notes")) or None,
                line=number,
            )
        )

    def finish(self) -> tuple[Entity, ...]:
        """The entities with what their Sanction lines said (those may come after them)."""
        return tuple(
            replace(
                entity,
                listed_on=self.listed.get(entity.id) if entity.id else None,
                reason=entity.reason or (self.reasons.get(entity.id) if entity.id else None),
            )
            for entity in self.entities
        )


def _read(raw: Iterable[bytes], origin: str) -> Snapshot:
    reader = _Reader(origin)
    for number, data in enumerate(raw, start=1):
        if number == 1:
            data = data.removeprefix(b"\xef\xbb\xbf")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            reader.problem(number, exc.start + 1, "not UTF-8 text — save the file as UTF-8")
            continue
        if text.strip():
            reader.line(number, text)
    if reader.problems:
        raise InputError(reader.problems)
    datasets = ", ".join(reader.datasets)
    date = reader.last_seen
    meta = SnapshotMeta(
        title=f"{TITLE}: {datasets}" if datasets else TITLE,
        kind=SnapshotKind.CONSOLIDATED,
        date=date,
        coverage=Coverage.COMPLETE,
        sources=(
            "OpenSanctions (opensanctions.org), FollowTheMoney entities"
            + (f", datasets {datasets}" if datasets else "")
            + (f", last seen {date.isoformat()}" if date else ""),
        ),
        annex=f"OpenSanctions {datasets}" if datasets else "OpenSanctions",
    )
    return Snapshot(meta=meta, entities=reader.finish(), origin=origin)


def read_ftm(path: Path, origin: str) -> Snapshot:
    """The FollowTheMoney JSON Lines file at ``path`` as a snapshot; ``origin`` names it.

    Raises ``InputError`` with every problem (each with its line) when a line is not a
    FollowTheMoney entity or a listed subject has no name.
    """
    try:
        with path.open("rb") as stream:
            return _read(stream, origin)
    except FileNotFoundError:
        raise InputError([Problem(origin, 1, 1, "no such file — check the path")]) from None
    except IsADirectoryError:
        raise InputError(
            [Problem(origin, 1, 1, "is a directory — give the JSON Lines file")]
        ) from None
    except OSError as exc:
        raise InputError([Problem(origin, 1, 1, f"cannot read file: {exc.strerror}")]) from None
