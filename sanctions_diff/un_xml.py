"""Read the UN Security Council consolidated list (its official XML) into a ``Snapshot``.

The file is the one published at https://scsanctions.un.org/resources/xml/en/consolidated.xml:
``CONSOLIDATED_LIST`` (attribute ``dateGenerated``) holding ``INDIVIDUALS/INDIVIDUAL`` and
``ENTITIES/ENTITY`` records. It is read as a stream (``iterparse``, each record cleared once
converted), so memory grows with the entities kept, not with the XML tree.

How a record becomes an ``Entity``:

- ``id``: ``REFERENCE_NUMBER`` ("QDi.001"); a repeated one is kept only on its first record.
- ``name``: ``FIRST_NAME`` .. ``FOURTH_NAME`` joined with spaces (entities use the first only).
- ``aliases``: every ``ALIAS_NAME`` (good and low quality, a.k.a. and f.k.a.), then
  ``NAME_ORIGINAL_SCRIPT``; without duplicates or the name itself.
- ``type``: ``person`` for individuals, ``organization`` for entities.
- ``nationalities``: ``NATIONALITY/VALUE`` through ``countries.to_code``; a value that names
  no country ("former Soviet Union", "na") is left out.
- ``birth_dates``: ``DATE`` (ISO, possibly partial), ``YEAR``, or ``FROM_YEAR``–``TO_YEAR`` as
  "between 1973 and 1974"; "approximately" and notes are not kept.
- ``identifiers``: each ``INDIVIDUAL_DOCUMENT`` with a ``NUMBER``, typed by
  ``TYPE_OF_DOCUMENT`` (else ``TYPE_OF_DOCUMENT2``, else "Document").
- ``addresses``: street, city, state or province, postcode, country and note, joined with
  ", "; ``country`` (entities only) is the first address country that names a country.
- ``listed_on``: ``LISTED_ON``; ``reason``: ``COMMENTS1``; ``source``: "UN Security Council
  consolidated list, <REFERENCE_NUMBER>".

Whitespace inside values (the file wraps long lines) is collapsed to single spaces. A
malformed value loses only that field (a bad ``LISTED_ON`` is no date); a record without
any name is skipped. XML that is not well-formed raises ``InputError`` with the line and
column expat reports. Entity declarations are refused (the list never has any; they are
how "billion laughs" bombs work).
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

from .countries import country_in_address, to_code
from .errors import InputError, Problem
from .model import (
    Coverage,
    Entity,
    EntityType,
    Identifier,
    Snapshot,
    SnapshotKind,
    SnapshotMeta,
)
from .schema import parse_date

TITLE = "UN Security Council Consolidated List"
PUBLISHED_AT = "https://scsanctions.un.org/resources/xml/en/consolidated.xml"
ROOT_TAG = "CONSOLIDATED_LIST"
_RECORDS = {"INDIVIDUAL": EntityType.PERSON, "ENTITY": EntityType.ORGANIZATION}
_NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
_ADDRESS_PARTS = ("STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY", "NOTE")

# The list writes countries as names, never as codes: a value this short is an abbreviation
# such as "na" (not available), which to_code would read as Namibia.
_MIN_COUNTRY_CHARS = 4

_SPACES = re.compile(r"\s+")
_YEAR = re.compile(r"[0-9]{4}")
_PARTIAL_DATE = re.compile(r"[0-9]{4}(?:-[0-9]{2})?")


def _clean(value: str | None) -> str:
    return _SPACES.sub(" ", value).strip() if value else ""


def _child(element: ET.Element, tag: str) -> str:
    return _clean(element.findtext(tag))


def _country(value: str) -> str | None:
    if len(value) < _MIN_COUNTRY_CHARS:
        return None
    return to_code(value) or country_in_address(value)


def _birth_date(element: ET.Element) -> str | None:
    date = _child(element, "DATE")
    if date and (parse_date(date) is not None or _PARTIAL_DATE.fullmatch(date)):
        return date
    year = _child(element, "YEAR")
    if _YEAR.fullmatch(year):
        return year
    low, high = _child(element, "FROM_YEAR"), _child(element, "TO_YEAR")
    if _YEAR.fullmatch(low) and _YEAR.fullmatch(high):
        return f"between {low} and {high}"
    return None


def _identifier(element: ET.Element) -> Identifier | None:
    number = _child(element, "NUMBER")
    if not number:
        return None
    kind = _child(element, "TYPE_OF_DOCUMENT") or _child(element, "TYPE_OF_DOCUMENT2")
    return Identifier(kind or "Document", number)


def _unique(values: list[str], skip: str) -> tuple[str, ...]:
    seen = {skip}
    kept = []
    for value in values:
        if value and value not in seen:
            seen.add(value)
            kept.append(value)
    return tuple(kept)


def _entity(record: ET.Element, kind: EntityType, line: int) -> Entity | None:
    """One INDIVIDUAL or ENTITY record; None when it has no name at all."""
    name = " ".join(part for part in (_child(record, tag) for tag in _NAME_PARTS) if part)
    prefix = "INDIVIDUAL" if kind is EntityType.PERSON else "ENTITY"
    alias_names = [_child(alias, "ALIAS_NAME") for alias in record.iter(f"{prefix}_ALIAS")]
    alias_names.append(_child(record, "NAME_ORIGINAL_SCRIPT"))
    if not name:
        # Only an alias left: better a record under its alias than no record.
        name = next((alias for alias in alias_names if alias), "")
        if not name:
            return None
    reference = _child(record, "REFERENCE_NUMBER")
    addresses: list[str] = []
    country = None
    for address in record.iter(f"{prefix}_ADDRESS"):
        parts = [_child(address, tag) for tag in _ADDRESS_PARTS]
        text = ", ".join(part for part in parts if part)
        if text:
            addresses.append(text)
        written = _child(address, "COUNTRY")
        if country is None and written and kind is EntityType.ORGANIZATION:
            country = _country(written)
    nationalities = [
        code
        for code in (
            _country(_clean(value.text))
            for nationality in record.iter("NATIONALITY")
            for value in nationality.iter("VALUE")
        )
        if code
    ]
    birth_dates = [
        date
        for date in (_birth_date(d) for d in record.iter("INDIVIDUAL_DATE_OF_BIRTH"))
        if date
    ]
    identifiers = [
        ident
        for ident in (_identifier(d) for d in record.iter("INDIVIDUAL_DOCUMENT"))
        if ident
    ]
    return Entity(
        name=name,
        type=kind,
        id=reference or None,
        aliases=_unique(alias_names, name),
        country=country,
        identifiers=tuple(dict.fromkeys(identifiers)),
        addresses=_unique(addresses, ""),
        listed_on=parse_date(_child(record, "LISTED_ON")),
        source=f"{TITLE}, {reference}" if reference else TITLE,
        birth_dates=_unique(birth_dates, ""),
        nationalities=_unique(nationalities, ""),
        reason=_child(record, "COMMENTS1") or None,
        line=line,
    )


def _generated(value: str | None) -> dt.date | None:
    """The date of ``dateGenerated`` ("2026-02-27T00:00:09.554Z")."""
    return parse_date(value[:10]) if value else None


class _Lines:
    """The parser's current line, for the records' ``line`` (where the record ends)."""

    def __init__(self, events: Iterator[tuple[str, ET.Element]]) -> None:
        self.events = events


def _forbid_entities(path: Path, shown: str) -> None:
    """Refuse DTD entity declarations before parsing (expat would expand them)."""
    with path.open("rb") as stream:
        head = stream.read(65536)
    start = head.find(b"<!ENTITY")
    if start >= 0:
        line = head.count(b"\n", 0, start) + 1
        column = start - (head.rfind(b"\n", 0, start) + 1) + 1
        raise InputError(
            [
                Problem(
                    shown,
                    line,
                    column,
                    "XML entity declarations are not accepted — the UN list has none; use the published file",
                )
            ]
        )


def read_un_xml(path: Path, origin: str) -> Snapshot:
    """The UN consolidated list at ``path`` as a snapshot; ``origin`` names it in messages.

    Raises ``InputError`` when the file cannot be read, is not well-formed XML, or is not a
    consolidated list.
    """
    try:
        _forbid_entities(path, origin)
        return _read(path, origin)
    except FileNotFoundError:
        raise InputError([Problem(origin, 1, 1, "no such file — check the path")]) from None
    except IsADirectoryError:
        raise InputError([Problem(origin, 1, 1, "is a directory — give the XML file")]) from None
    except OSError as exc:
        raise InputError([Problem(origin, 1, 1, f"cannot read file: {exc.strerror}")]) from None
    except ET.ParseError as exc:
        line, column = exc.position
        message = str(exc).split(":", 1)[0]
        raise InputError(
            [Problem(origin, line, column + 1, f"not well-formed XML: {message} — fix the XML here")]
        ) from None


def _read(path: Path, origin: str) -> Snapshot:
    entities: list[Entity] = []
    seen_ids: set[str] = set()
    root: ET.Element | None = None
    generated: str | None = None
    parser = ET.XMLPullParser(events=("start", "end"))
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 16):
            parser.feed(chunk)
            for event, element in parser.read_events():
                if event == "start":
                    if root is None:
                        root = element
                        if element.tag != ROOT_TAG:
                            raise InputError(
                                [
                                    Problem(
                                        origin,
                                        1,
                                        1,
                                        f"the root element is <{element.tag}>, not <{ROOT_TAG}> — give the UN consolidated list XML",
                                    )
                                ]
                            )
                        generated = element.get("dateGenerated")
                    continue
                kind = _RECORDS.get(element.tag)
                if kind is None:
                    continue
                entity = _entity(element, kind, 0)
                element.clear()
                root.clear()  # the records already read are not kept in the tree
                if entity is None:
                    continue
                if entity.id is not None:
                    if entity.id in seen_ids:
                        entity = _without_id(entity)
                    else:
                        seen_ids.add(entity.id)
                entities.append(entity)
        parser.close()
    if root is None:
        raise InputError([Problem(origin, 1, 1, "empty file — give the UN consolidated list XML")])
    date = _generated(generated)
    sources = [PUBLISHED_AT + (f", generated {generated}" if generated else "")]
    meta = SnapshotMeta(
        title=f"{TITLE} ({date.isoformat()})" if date else TITLE,
        kind=SnapshotKind.CONSOLIDATED,
        date=date,
        coverage=Coverage.COMPLETE,
        sources=tuple(sources),
        annex=TITLE,
    )
    return Snapshot(meta=meta, entities=tuple(entities), origin=origin)


def _without_id(entity: Entity) -> Entity:
    return Entity(
        name=entity.name,
        type=entity.type,
        id=None,
        aliases=entity.aliases,
        country=entity.country,
        identifiers=entity.identifiers,
        addresses=entity.addresses,
        listed_on=entity.listed_on,
        source=entity.source,
        birth_dates=entity.birth_dates,
        nationalities=entity.nationalities,
        reason=entity.reason,
        line=entity.line,
    )
