"""Read OpenSanctions FollowTheMoney entities (JSON Lines) into a ``Snapshot``.

The format is OpenSanctions' ``entities.ftm.json`` export (and any FollowTheMoney stream):
one JSON object per line, ``{"id", "caption", "schema", "properties": {name: [values...]},
"referents", "datasets", "first_seen", "last_seen", "last_change", "target"}``, every
property a list of strings. Countries are lower-case ISO codes ("ru"); dates are ISO,
possibly partial. FtM property values are unordered: nothing below depends on the order
of the values in a list, or of the lines in the file.

``targets.nested.json`` is read too: there a property value may be a whole entity (an
object with ``id``, ``schema``, ``properties``) instead of an id. A nested entity is read as
if it were a line of its own (a nested target is a subject, a nested ``Sanction`` or
``Address`` counts as below); an ``Address`` nested in ``addressEntity`` belongs to the
entity holding it, a ``Sanction`` nested in ``sanctions`` to the entity holding it. A
nested subject that is also a line of its own is read once, from its line.

Which entities become subjects: the schemas of listed subjects — ``Person`` (person),
``Company``, ``Organization``, ``LegalEntity``, ``PublicBody`` (organization), ``Vessel``
(vessel), ``Airplane`` (aircraft) — unless marked ``"target": false`` (OpenSanctions exports
the relatives and owners of listed subjects too; only targets are listed). ``Sanction`` and
``Address`` entities give their subjects a listing date, a reason and addresses. Every other
schema (``Ownership``, ``Family``, ``Occupancy``, ``Identification``...) is skipped whole.

How a subject becomes an ``Entity`` (the README's "Official formats" table lists every
property, kept or not, and why):

- ``id``: the FtM ``id``; ``name``: the ``caption`` (OpenSanctions' choice of display name),
  else the first, in sorted order, of the Latin-script values of ``name`` (of any value
  when none is Latin; of ``alias``, ``weakAlias``, ``previousName`` when there is no
  ``name``); ``aliases``: every other ``name``, then ``alias``, ``weakAlias`` and
  ``previousName``, each property's values sorted, without repeats.
- ``country`` (not for persons): the first in sorted order of the codes of the first of
  ``country``, ``jurisdiction``, ``mainCountry`` that names a country; ``nationalities``:
  ``nationality`` and ``citizenship``, sorted.
- ``birth_dates``: ``birthDate`` values that are ISO dates, full or partial, sorted.
- ``identifiers``: ``IDENTIFIER_PROPERTIES`` (INN, OGRN, Registration number, Tax ID, KPP,
  OKPO, LEI, SWIFT/BIC, ID number, Passport, IMO, MMSI, Call sign, ICAO, VAT, USCC), with
  the labels the bundled lists use.
- ``addresses``: the ``address`` values and the ``Address`` entities named by
  ``addressEntity`` (their ``full``, else their parts — street, PO box, postal code, city,
  region, state, country name — joined with ", "), sorted, without repeats. An
  ``addressEntity`` id that no ``Address`` in the file has adds nothing and is counted in a
  notice.
- ``reason``: ``notes``, else the ``reason`` of its sanctions (sorted, joined).
- ``listed_on``, the first of:

  1. the earliest ``listingDate`` or ``startDate`` of the ``Sanction`` entities whose
     ``entity`` is this subject;
  2. the earliest ``createdAt`` of the subject (the date the source list gives the entry);
  3. the day of its ``first_seen``: when OpenSanctions first saw the entry, an upper
     bound of the listing date that stays the same from one export to the next.

- ``source``: "OpenSanctions <datasets>".

The snapshot's date is the latest ``last_seen`` of a subject (the day of the export).

Errors and notices. A line that is not JSON, not an object, or an object without
``schema`` and ``properties`` is an error with its line; so is a subject without a name.
Every top-level key and every FtM property of the schemas read is known here
(``TOP_LEVEL_KEYS``, ``KNOWN_PROPERTIES``, from the FtM schema definitions, 3.5 and 4.x);
anything else on a subject, ``Sanction`` or ``Address``, and any value that is neither text
nor an entity, is counted by name and reported in the snapshot's notices, one line per
file. Skipped entities are not looked into beyond the entities nested in them.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeGuard

from sanctions_diff.countries import name_of, to_code
from sanctions_diff.errors import InputError, Problem
from sanctions_diff.model import (
    Coverage,
    Entity,
    EntityType,
    Identifier,
    Snapshot,
    SnapshotKind,
    SnapshotMeta,
)

from .official import Unread, is_iso_partial, xsd_date

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
ADDRESS = "Address"

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
LISTING_PROPERTIES = ("listingDate", "startDate")  # of a Sanction
# An Address without ``full``: its parts in the order of a written address.
ADDRESS_PARTS = ("street", "street2", "postOfficeBox", "postalCode", "city", "region", "state")
ADDRESS_ENTITY = "addressEntity"
SANCTIONS = "sanctions"  # the reverse of Sanction:entity, where targets.nested.json nests them

# Every key of an exported entity: id, caption (the name), schema, properties, datasets
# (source), first_seen (listing date, last resort), last_seen (snapshot date), target
# (which are subjects); referents (the source ids merged into this one) and last_change
# (when the entity last changed) are not kept.
TOP_LEVEL_KEYS = frozenset(
    {
        "id",
        "caption",
        "schema",
        "properties",
        "referents",
        "datasets",
        "first_seen",
        "last_seen",
        "last_change",
        "target",
    }
)

# The properties of each FtM schema read here (followthemoney/schema/*.yaml, the union of
# 3.5 and 4.x). Those the reader keeps are the constants above and ``notes``, ``createdAt``,
# ``address``, ``addressEntity``, ``birthDate``; of Sanction ``entity``, ``listingDate``,
# ``startDate``, ``reason``; of Address ``full``, the parts and ``country``. The rest are
# deliberately not kept: descriptions and biography (summary, description, position,
# education, religion, gender...), parts of names already in ``name`` (firstName,
# lastName...), provenance (sourceUrl, publisher, modifiedAt...), topics and programs,
# contact details, registry ids and codes without a label in the bundled lists, links to
# other entities, and company, vessel and aircraft details; the README table says which.
_THING = {
    "address", "addressEntity", "alephUrl", "alias", "country", "createdAt", "description",
    "indexText", "keywords", "modifiedAt", "name", "notes", "previousName", "program",
    "programId", "proof", "publisher", "publisherUrl", "retrievedAt", "riskSource",
    "sourceUrl", "summary", "topics", "weakAlias", "wikidataId", "wikipediaUrl",
}  # fmt: skip
_LEGAL_ENTITY = {
    "abbreviation", "brightQueryId", "brightQueryOrgId", "bvdId", "classification",
    "dissolutionDate", "dunsCode", "email", "icijId", "idNumber", "incorporationDate",
    "innCode", "jurisdiction", "legalForm", "leiCode", "licenseNumber", "mainCountry",
    "npiCode", "ogrnCode", "okpoCode", "okvedCode", "opencorporatesUrl", "parent", "phone",
    "registrationNumber", "sayariId", "sector", "status", "swiftBic", "taxNumber",
    "taxStatus", "uniqueEntityId", "uscCode", "vatCode", "website",
}  # fmt: skip
_ORGANIZATION = {"cageCode", "giiNumber", "imoNumber", "permId"}
_COMPANY = {
    "bikCode", "caemCode", "capital", "cikCode", "coatoCode", "fnsCode", "fssCode", "ibcRuc",
    "ipoCode", "irsCode", "isinCode", "jibCode", "jurisdiction", "kppCode", "mbsCode",
    "okopfCode", "oksmCode", "okvedCode", "permId", "pfrNumber", "registrationNumber",
    "ricCode", "ticker", "voenCode",
}  # fmt: skip
_VALUE = {"amount", "amountEur", "amountUsd", "currency"}  # Company, Vessel, Airplane
_PERSON = {
    "appearance", "biography", "birthCountry", "birthDate", "birthPlace", "citizenship",
    "deathDate", "education", "ethnicity", "eyeColor", "fatherName", "firstName", "gender",
    "hairColor", "height", "lastName", "middleName", "motherName", "nameSuffix",
    "nationality", "passportNumber", "political", "position", "profession", "religion",
    "secondName", "socialSecurityNumber", "spokenLanguage", "title", "weight",
}  # fmt: skip
_VEHICLE = {
    "buildDate", "deregistrationDate", "model", "operator", "owner", "registrationDate",
    "registrationNumber", "type",
}  # fmt: skip
_VESSEL = {
    "callSign", "crsNumber", "deadweightTonnage", "flag", "grossRegisteredTonnage",
    "imoNumber", "mmsi", "nameChangeDate", "navigationArea", "pastFlags", "pastTypes",
    "registrationPort", "tonnage",
}  # fmt: skip
_AIRPLANE = {"icaoCode", "manufacturer", "serialNumber"}
_SANCTION = {
    # Interval
    "alephUrl", "date", "description", "endDate", "indexText", "modifiedAt",
    "namesMentioned", "proof", "publisher", "publisherUrl", "recordId", "retrievedAt",
    "sourceUrl", "startDate", "summary",
    # Sanction
    "authority", "authorityId", "country", "duration", "entity", "listingDate", "program",
    "programId", "programUrl", "provisions", "reason", "status", "unscId",
}  # fmt: skip
_ADDRESS = {
    "city", "country", "full", "googlePlaceId", "latitude", "longitude", "osmId",
    "postOfficeBox", "postalCode", "region", "remarks", "state", "street", "street2",
}  # fmt: skip
KNOWN_PROPERTIES: dict[str, frozenset[str]] = {
    "Person": frozenset(_THING | _LEGAL_ENTITY | _PERSON),
    "LegalEntity": frozenset(_THING | _LEGAL_ENTITY),
    "Organization": frozenset(_THING | _LEGAL_ENTITY | _ORGANIZATION),
    "PublicBody": frozenset(_THING | _LEGAL_ENTITY | _ORGANIZATION),
    "Company": frozenset(_THING | _LEGAL_ENTITY | _ORGANIZATION | _COMPANY | _VALUE),
    "Vessel": frozenset(_THING | _VALUE | _VEHICLE | _VESSEL),
    "Airplane": frozenset(_THING | _VALUE | _VEHICLE | _AIRPLANE),
    SANCTION: frozenset(_SANCTION),
    ADDRESS: frozenset(_THING | _ADDRESS),
}

_NO_TEXT = " (not text)"  # how a value that is neither text nor an entity is counted
_TOP_LEVEL = "top-level "  # how an unknown top-level key is counted

Properties = dict[str, list[str]]


def _clean(value: str) -> str:
    """Runs of (Unicode) whitespace as one space, none at the ends."""
    return " ".join(value.split())


def _texts(properties: Properties, key: str) -> list[str]:
    """A property's values (text only, after ``flatten``), cleaned, empty ones left out."""
    values = properties.get(key)
    return [cleaned for v in values if (cleaned := _clean(v))] if values else []


def _datasets(value: dict[str, object]) -> tuple[str, ...]:
    datasets = value.get("datasets")
    if not isinstance(datasets, list):
        return ()
    return _sorted_unique(
        cleaned for v in datasets if isinstance(v, str) and (cleaned := _clean(v))
    )


def _sorted_unique(values: Iterable[str], skip: str | None = None) -> tuple[str, ...]:
    return tuple(v for v in sorted(set(values)) if v != skip)


def _is_entity(value: object) -> TypeGuard[dict[str, object]]:
    return (
        isinstance(value, dict)
        and isinstance(value.get("schema"), str)
        and isinstance(value.get("properties"), dict)
    )


def _is_latin(name: str) -> bool:
    """Every letter of ``name`` is a Latin one (with or without accents)."""
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and all(unicodedata.name(c, "").startswith("LATIN ") for c in letters)


def _primary(names: list[list[str]]) -> str | None:
    """The name of an entity without a caption, whatever the order of its values: the first
    Latin-script value in sorted order, of the first name property that has values (``names``:
    the values of each of ``NAME_PROPERTIES``, sorted)."""
    for values in names:
        if values:
            return min(values, key=lambda name: (not _is_latin(name), name))
    return None


def _address_text(properties: Properties) -> tuple[str, ...]:
    """What an Address entity says: each ``full``, else its parts joined with ", "."""
    full = _texts(properties, "full")
    if full:
        return tuple(full)
    parts = [", ".join(sorted(set(_texts(properties, key)))) for key in ADDRESS_PARTS]
    codes = {code for c in _texts(properties, "country") if (code := to_code(c)) is not None}
    parts.extend(name_of(code) for code in sorted(codes))
    joined = ", ".join(part for part in parts if part)
    return (joined,) if joined else ()


@dataclass(frozen=True, slots=True)
class _Subject:
    """A subject read, with what only the whole file can complete."""

    entity: Entity
    address_refs: tuple[str, ...]
    fallback_listed: dt.date | None  # createdAt, else first_seen
    datasets: tuple[str, ...]
    last_seen: dt.date | None


@dataclass
class _Reader:
    origin: str
    problems: list[Problem] = field(default_factory=list)
    unread: Unread = field(default_factory=lambda: Unread("properties"))
    subjects: list[_Subject] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    # Nested subjects by id (kept unless the same id is a line of its own), then those
    # without an id.
    nested: dict[str, _Subject] = field(default_factory=dict)
    nested_without_id: list[_Subject] = field(default_factory=list)
    listed: dict[str, dt.date] = field(default_factory=dict)
    reasons: dict[str, set[str]] = field(default_factory=dict)
    addresses: dict[str, tuple[str, ...]] = field(default_factory=dict)
    anonymous: itertools.count[int] = field(default_factory=itertools.count)
    datasets: set[str] = field(default_factory=set)
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
        if not _is_entity(value):
            self.problem(number, 1, "not a FollowTheMoney entity — each line needs 'properties'")
            return
        self.entity(number, value, None, None)

    def entity(
        self, number: int, value: dict[str, object], parent: str | None, via: str | None
    ) -> str:
        """Read one entity (a line, or an entity nested in one under ``parent``'s property
        ``via``); its id, or a key made up for it when it has none."""
        written = value.get("id")
        key = written if isinstance(written, str) and written else f"#{next(self.anonymous)}"
        schema = str(value["schema"])
        properties = value["properties"]
        assert isinstance(properties, dict)
        kind = SCHEMAS.get(schema)
        if schema not in (SANCTION, ADDRESS) and (kind is None or value.get("target") is False):
            self.skip(number, key, properties)
            return key
        flat, not_text = self.flatten(number, key, properties)
        for name in value:
            if name not in TOP_LEVEL_KEYS:
                self.unread.add(_TOP_LEVEL + name)
        known = KNOWN_PROPERTIES[schema]
        for name in flat:
            if name not in known:
                self.unread.add(name)
            elif name in not_text:
                self.unread.add(name + _NO_TEXT)
        if schema == SANCTION:
            self.sanction(flat, parent if via == SANCTIONS else None)
        elif schema == ADDRESS:
            self.addresses[key] = _address_text(flat)
        elif kind is not None:
            self.subject(number, value, kind, flat, nested=parent is not None)
        return key

    def skip(self, number: int, key: str, properties: dict[str, object]) -> None:
        """A skipped entity: only the entities nested in it are read."""
        for name, values in properties.items():
            for item in values if isinstance(values, list) else [values]:
                if _is_entity(item):
                    self.entity(number, item, key, name)

    def flatten(
        self, number: int, key: str, properties: dict[str, object]
    ) -> tuple[Properties, set[str]]:
        """The entity's properties as in an ``entities.ftm.json`` line (nested entities are
        read on their own; a nested Address leaves its id in ``addressEntity``), and the
        properties with values that are neither text nor an entity (left out)."""
        flat: Properties = {}
        not_text: set[str] = set()
        for name, values in properties.items():
            items = values if isinstance(values, list) else [values]
            texts: list[str] = []
            nested_only = bool(items)
            for item in items:
                if isinstance(item, str):
                    texts.append(item)
                    nested_only = False
                elif _is_entity(item):
                    nested = self.entity(number, item, key, name)
                    if name == ADDRESS_ENTITY and item["schema"] == ADDRESS:
                        texts.append(nested)
                else:
                    not_text.add(name)
                    nested_only = False
            if not nested_only or texts:
                flat[name] = texts
        return flat, not_text

    def sanction(self, properties: Properties, parent: str | None) -> None:
        dates = [
            d for key in LISTING_PROPERTIES for d in map(xsd_date, _texts(properties, key)) if d
        ]
        reasons = _texts(properties, "reason")
        subjects = set(_texts(properties, "entity"))
        if parent is not None:
            subjects.add(parent)
        for subject in subjects:
            if dates:
                earliest = min(dates)
                known = self.listed.get(subject)
                self.listed[subject] = earliest if known is None else min(known, earliest)
            if reasons:
                self.reasons.setdefault(subject, set()).update(reasons)

    def subject(
        self,
        number: int,
        value: dict[str, object],
        kind: EntityType,
        properties: Properties,
        nested: bool,
    ) -> None:
        names = [sorted(set(_texts(properties, key))) for key in NAME_PROPERTIES]
        if not any(names):
            self.problem(number, 1, f"entity '{value.get('id')}' has no name")
            return
        caption = value.get("caption")
        name = (_clean(caption) if isinstance(caption, str) else "") or _primary(names)
        assert name is not None
        written = value.get("id")
        entity_id = written.strip() if isinstance(written, str) else ""
        if not nested:
            if entity_id in self.ids:
                entity_id = ""  # ids are unique in a snapshot: a repeat keeps its names only
            elif entity_id:
                self.ids.add(entity_id)
        aliases = dict.fromkeys(alias for values in names for alias in values)
        aliases.pop(name, None)
        country = None
        if kind is not EntityType.PERSON:
            for key in COUNTRY_PROPERTIES:
                codes = [code for c in _texts(properties, key) if (code := to_code(c))]
                if codes:
                    country = min(codes)
                    break
        nationalities = (
            to_code(c) for key in NATIONALITY_PROPERTIES for c in _texts(properties, key)
        )
        identifiers = (
            Identifier(label, text)
            for key, label in IDENTIFIER_PROPERTIES.items()
            for text in sorted(set(_texts(properties, key)))
        )
        created = [d for d in map(xsd_date, _texts(properties, "createdAt")) if d]
        first_seen = value.get("first_seen")
        seen_first = xsd_date(first_seen) if isinstance(first_seen, str) else None
        last_seen = value.get("last_seen")
        datasets = _datasets(value)
        subject = _Subject(
            entity=Entity(
                name=name,
                type=kind,
                id=entity_id or None,
                aliases=tuple(aliases),
                country=country,
                identifiers=tuple(dict.fromkeys(identifiers)),
                addresses=_sorted_unique(_texts(properties, "address")),
                source=f"OpenSanctions {', '.join(datasets)}" if datasets else "OpenSanctions",
                birth_dates=_sorted_unique(
                    d for d in _texts(properties, "birthDate") if is_iso_partial(d)
                ),
                nationalities=_sorted_unique(c for c in nationalities if c is not None),
                reason=" ".join(_sorted_unique(_texts(properties, "notes"))) or None,
                line=number,
            ),
            address_refs=_sorted_unique(_texts(properties, ADDRESS_ENTITY)),
            fallback_listed=min(created) if created else seen_first,
            datasets=datasets,
            last_seen=xsd_date(last_seen) if isinstance(last_seen, str) else None,
        )
        if not nested:
            self.subjects.append(subject)
        elif entity_id:
            self.nested.setdefault(entity_id, subject)
        else:
            self.nested_without_id.append(subject)

    def finish(self) -> tuple[tuple[Entity, ...], list[str]]:
        """The entities with what other entities said of them (those may come after them),
        and the ``addressEntity`` ids that no Address in the file has."""
        subjects = [
            *self.subjects,
            *(s for key, s in self.nested.items() if key not in self.ids),
            *self.nested_without_id,
        ]
        missing: set[str] = set()
        entities = []
        for subject in subjects:
            entity = subject.entity
            self.datasets.update(subject.datasets)
            if subject.last_seen is not None:
                self.last_seen = max(self.last_seen or subject.last_seen, subject.last_seen)
            addresses = list(entity.addresses)
            for ref in subject.address_refs:
                if ref in self.addresses:
                    addresses.extend(self.addresses[ref])
                else:
                    missing.add(ref)
            listed = self.listed.get(entity.id) if entity.id else None
            reasons = self.reasons.get(entity.id, set()) if entity.id else set()
            entities.append(
                replace(
                    entity,
                    addresses=_sorted_unique(addresses),
                    listed_on=listed or subject.fallback_listed,
                    reason=entity.reason or " ".join(sorted(reasons)) or None,
                )
            )
        return tuple(entities), sorted(missing)


def _missing_notice(origin: str, missing: list[str]) -> tuple[str, ...]:
    if not missing:
        return ()
    named = ", ".join(missing[:3]) + (f" and {len(missing) - 3} more" if len(missing) > 3 else "")
    return (
        f"{origin}: {len(missing)} addressEntity "
        f"{'id names' if len(missing) == 1 else 'ids name'} no Address entity in the file "
        f"({named}) — those addresses are not in the snapshot",
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
    entities, missing = reader.finish()
    datasets = ", ".join(sorted(reader.datasets))
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
    return Snapshot(
        meta=meta,
        entities=entities,
        origin=origin,
        notices=reader.unread.notices(origin) + _missing_notice(origin, missing),
    )


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
