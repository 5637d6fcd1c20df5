"""Read the UN Security Council consolidated list (its official XML) into a ``Snapshot``.

The file is the one published at https://scsanctions.un.org/resources/xml/en/consolidated.xml:
``CONSOLIDATED_LIST`` (attribute ``dateGenerated``) holding ``INDIVIDUALS/INDIVIDUAL`` and
``ENTITIES/ENTITY`` records. It is read as a stream (expat, each record dropped once
converted), so memory grows with the entities kept, not with the XML tree: expat's events
build the elements of the current record only (``line`` is where a record starts).

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
malformed value loses only that field (a bad ``LISTED_ON`` is no date); a record without a
name is listed under its first alias, one without any name at all is skipped. XML that is not well-formed raises ``InputError`` with the line and
column expat reports. Entity declarations are refused (the list never has any; they are
how "billion laughs" bombs work), and external entities are never fetched.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import BinaryIO
from xml.parsers import expat

from sanctions_diff.countries import country_in_address, to_code
from sanctions_diff.errors import InputError, Problem, reading_xml
from sanctions_diff.model import (
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
SOURCE = "UN Security Council consolidated list"
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
        date for date in (_birth_date(d) for d in record.iter("INDIVIDUAL_DATE_OF_BIRTH")) if date
    ]
    identifiers = [
        ident for ident in (_identifier(d) for d in record.iter("INDIVIDUAL_DOCUMENT")) if ident
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
        source=f"{SOURCE}, {reference}" if reference else SOURCE,
        birth_dates=_unique(birth_dates, ""),
        nationalities=_unique(nationalities, ""),
        reason=_child(record, "COMMENTS1") or None,
        line=line,
    )


def _generated(value: str | None) -> dt.date | None:
    """The date of ``dateGenerated`` ("2026-02-27T00:00:09.554Z")."""
    return parse_date(value[:10]) if value else None


def read_un_xml(path: Path, origin: str) -> Snapshot:
    """The UN consolidated list at ``path`` as a snapshot; ``origin`` names it in messages.

    Raises ``InputError`` when the file cannot be read, is not well-formed XML, or is not a
    consolidated list.
    """
    with reading_xml(origin), path.open("rb") as stream:
        return _read(stream, origin)


class _Reader:
    """Expat handlers that build one record (INDIVIDUAL or ENTITY) at a time as elements,
    convert it when it ends and keep nothing else of the tree."""

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.parser = expat.ParserCreate()
        self.parser.buffer_text = True
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.parser.CharacterDataHandler = self.data
        self.parser.EntityDeclHandler = self.entity_declaration
        self.root: str | None = None
        self.generated: str | None = None
        self.open: list[ET.Element] = []
        self.line = 0
        self.entities: list[Entity] = []
        self.ids: set[str] = set()

    def problem(self, message: str) -> InputError:
        return InputError(
            [
                Problem(
                    self.origin,
                    self.parser.CurrentLineNumber,
                    self.parser.CurrentColumnNumber + 1,
                    message,
                )
            ]
        )

    def entity_declaration(self, name: str, *_: object) -> None:
        # Entity declarations are how "billion laughs" bombs work; the UN list has none.
        raise self.problem(
            f"XML entity declaration '{name}' is not accepted — give the list as published"
        )

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        if self.open:
            self.open.append(ET.SubElement(self.open[-1], tag))
        elif self.root is None:
            if tag != ROOT_TAG:
                raise self.problem(
                    f"the root element is <{tag}>, not <{ROOT_TAG}> — give the UN consolidated list XML"
                )
            self.root = tag
            self.generated = attributes.get("dateGenerated")
        elif tag in _RECORDS:
            self.open.append(ET.Element(tag))
            self.line = self.parser.CurrentLineNumber

    def end(self, tag: str) -> None:
        if not self.open:
            return
        element = self.open.pop()
        if self.open:
            return
        entity = _entity(element, _RECORDS[element.tag], self.line)
        if entity is None:
            return
        reference = entity.id
        if reference is not None:
            if reference in self.ids:
                entity = dataclasses.replace(entity, id=None)
            else:
                self.ids.add(reference)
        self.entities.append(entity)

    def data(self, text: str) -> None:
        if self.open:
            element = self.open[-1]
            element.text = text if element.text is None else element.text + text


def _read(stream: BinaryIO, origin: str) -> Snapshot:
    reader = _Reader(origin)
    reader.parser.ParseFile(stream)
    if reader.root is None:
        raise InputError([Problem(origin, 1, 1, "empty file — give the UN consolidated list XML")])
    generated = reader.generated
    date = _generated(generated)
    meta = SnapshotMeta(
        title=f"{TITLE} ({date.isoformat()})" if date else TITLE,
        kind=SnapshotKind.CONSOLIDATED,
        date=date,
        coverage=Coverage.COMPLETE,
        sources=(PUBLISHED_AT + (f", generated {generated}" if generated else ""),),
        annex=TITLE,
    )
    return Snapshot(meta=meta, entities=tuple(reader.entities), origin=origin)
