"""Read the UN Security Council consolidated list (its official XML) into a ``Snapshot``.

The file is the one published at https://scsanctions.un.org/resources/xml/en/consolidated.xml:
``CONSOLIDATED_LIST`` (attribute ``dateGenerated``) holding ``INDIVIDUALS/INDIVIDUAL`` and
``ENTITIES/ENTITY`` records. It is read as a stream (expat, each record dropped once
converted), so memory grows with the entities kept, not with the XML tree: expat's events
build the elements of the current record only (``line`` is where a record starts).

How a record becomes an ``Entity`` (the README's "Official formats" has the full table,
with every element that is not kept and why):

- ``id``: ``REFERENCE_NUMBER`` ("QDi.001"); a repeated one is kept only on its first record.
- ``name``: ``FIRST_NAME`` .. ``FOURTH_NAME`` joined with spaces (entities use the first only).
- ``aliases``: every ``ALIAS_NAME`` (good and low quality, a.k.a. and f.k.a.), then
  ``NAME_ORIGINAL_SCRIPT``; without duplicates or the name itself.
- ``type``: ``person`` for individuals, ``organization`` for entities.
- ``nationalities``: ``NATIONALITY/VALUE`` through ``countries.to_code``; a value that names
  no country ("former Soviet Union", "na") is left out.
- ``birth_dates`` (see ``official``): ``DATE`` or ``YEAR`` (a ``NOTE`` that is only a month
  adds it: "Sep." with 1958 is 1958-09), ``TYPE_OF_DATE`` APPROXIMATELY as "1965~",
  ``FROM_YEAR``-``TO_YEAR`` as "1960/1965" ("1960~/1965~" when the note says
  approximately); a date given only in ``NOTE`` is read when it is a month and year
  ("Nov. 1973" is 1973-11, "Between Aug. and Sep. 1977" is 1977-08/1977-09) and kept as
  printed otherwise ("24/06/1402 (Hijri Calendar)"). The birth dates of aliases
  (``INDIVIDUAL_ALIAS/DATE_OF_BIRTH``) are birth dates the person used: they are kept too.
- ``identifiers``: each ``INDIVIDUAL_DOCUMENT`` typed by ``TYPE_OF_DOCUMENT`` (else
  ``TYPE_OF_DOCUMENT2``, else "Document"), its number from ``NUMBER``, or else the number
  its ``NOTE`` gives ("Tunisian passport number L 191609 issued on ..." is L 191609).
- ``addresses``: street, city, state or province, postcode, country and note, joined with
  ", "; ``country`` (entities only) is the first address country that names a country.
- ``listed_on``: the day of ``LISTED_ON`` (an XML Schema date: "2015-07-01-04:00" is
  1 July 2015); ``reason``: ``COMMENTS1``; ``source``: "UN Security Council consolidated
  list, <REFERENCE_NUMBER>".

Whitespace inside values (the file wraps long lines) is collapsed to single spaces. A
malformed value loses only that field (a bad ``LISTED_ON`` is no date); a record without a
name is listed under its first alias, one without any name at all is skipped. An element
this reader does not know (``KNOWN``) is counted and reported in the snapshot's notices.
XML that is not well-formed raises ``InputError`` with the line and column expat reports.
Entity declarations are refused (the list never has any; they are how "billion laughs"
bombs work), and external entities are never fetched.
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

from .official import (
    Unread,
    approximately,
    between,
    is_iso_partial,
    is_year,
    month_alone,
    month_year,
    xsd_date,
)

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

# Every element the list has, kept or not (the README says why each is not kept): the
# children of each parent. Anything else is counted as unread.
_RECORD_CHILDREN = {
    "DATAID",
    "VERSIONNUM",
    "FIRST_NAME",
    "SECOND_NAME",
    "THIRD_NAME",
    "FOURTH_NAME",
    "UN_LIST_TYPE",
    "REFERENCE_NUMBER",
    "LISTED_ON",
    "NAME_ORIGINAL_SCRIPT",
    "COMMENTS1",
    "GENDER",
    "TITLE",
    "DESIGNATION",
    "NATIONALITY",
    "LIST_TYPE",
    "LAST_DAY_UPDATED",
    "SORT_KEY",
    "SORT_KEY_LAST_MOD",
}
_VALUES = frozenset({"VALUE"})
KNOWN: dict[str, frozenset[str]] = {
    "INDIVIDUAL": frozenset(
        _RECORD_CHILDREN
        | {
            "INDIVIDUAL_ALIAS",
            "INDIVIDUAL_ADDRESS",
            "INDIVIDUAL_DATE_OF_BIRTH",
            "INDIVIDUAL_PLACE_OF_BIRTH",
            "INDIVIDUAL_DOCUMENT",
        }
    ),
    "ENTITY": frozenset(_RECORD_CHILDREN | {"ENTITY_ALIAS", "ENTITY_ADDRESS"}),
    **dict.fromkeys(
        ("TITLE", "DESIGNATION", "NATIONALITY", "LIST_TYPE", "LAST_DAY_UPDATED"), _VALUES
    ),
    **dict.fromkeys(
        ("INDIVIDUAL_ALIAS", "ENTITY_ALIAS"),
        frozenset(
            {"QUALITY", "ALIAS_NAME", "NOTE", "DATE_OF_BIRTH", "CITY_OF_BIRTH", "COUNTRY_OF_BIRTH"}
        ),
    ),
    **dict.fromkeys(("INDIVIDUAL_ADDRESS", "ENTITY_ADDRESS"), frozenset(_ADDRESS_PARTS)),
    "INDIVIDUAL_DATE_OF_BIRTH": frozenset(
        {"TYPE_OF_DATE", "DATE", "YEAR", "FROM_YEAR", "TO_YEAR", "NOTE"}
    ),
    "INDIVIDUAL_PLACE_OF_BIRTH": frozenset({"STREET", "CITY", "STATE_PROVINCE", "COUNTRY", "NOTE"}),
    "INDIVIDUAL_DOCUMENT": frozenset(
        {
            "TYPE_OF_DOCUMENT",
            "TYPE_OF_DOCUMENT2",
            "NUMBER",
            "ISSUING_COUNTRY",
            "DATE_OF_ISSUE",
            "CITY_OF_ISSUE",
            "COUNTRY_OF_ISSUE",
            "NOTE",
        }
    ),
}
# Between the root and the records.
_GROUPS = {"INDIVIDUALS": "INDIVIDUAL", "ENTITIES": "ENTITY"}

_SPACES = re.compile(r"\s+")
_APPROXIMATELY = "approximately"
# A document number inside a note: after "number", "No.", "Code:" or "card", or opening the
# note; letters and digits with at least five digits, or letters and three digits (a year
# such as "issued in 1993" is no number). A short letter prefix may stand apart: "L 191609",
# "DE- 473900", "SSN 156-92-9858".
_NUMBER = r"((?:[A-Z]{1,3}-?\s)?[A-Z0-9-]*[0-9][A-Z0-9-]*)"
_NOTE_NUMBERS = (
    re.compile(r"(?i:\bnumber|\bno\.|\bcode:|\bcard)\s+" + _NUMBER),
    re.compile(r"^" + _NUMBER),
)


def _clean(value: str | None) -> str:
    return _SPACES.sub(" ", value).strip() if value else ""


def _child(element: ET.Element, tag: str) -> str:
    return _clean(element.findtext(tag))


def _country(value: str) -> str | None:
    if len(value) < _MIN_COUNTRY_CHARS:
        return None
    return to_code(value) or country_in_address(value)


def _birth_date(element: ET.Element) -> str | None:
    """One INDIVIDUAL_DATE_OF_BIRTH in the notation of ``official``; None when it is empty."""
    note = _child(element, "NOTE")
    approximate = (
        _child(element, "TYPE_OF_DATE").upper() == "APPROXIMATELY" or note.lower() == _APPROXIMATELY
    )
    date = _child(element, "DATE")
    year = _child(element, "YEAR")
    low, high = _child(element, "FROM_YEAR"), _child(element, "TO_YEAR")
    found: str | None = None
    if date and is_iso_partial(date):
        found = date
    elif is_year(year):
        month = month_alone(note)
        found = f"{year}-{month:02d}" if month else year
    elif is_year(low) and is_year(high):
        return between(low, high, approximate)
    elif note and note.lower() != _APPROXIMATELY:
        # A date given only as a note: read when it is a month and year, else as printed.
        found = month_year(note)
        if found is None:
            return note
    if found is None:
        return None
    return approximately(found) if approximate else found


def _alias_birth_date(alias: ET.Element) -> str | None:
    date = _child(alias, "DATE_OF_BIRTH")
    return date if date and is_iso_partial(date) else None


def _note_number(note: str) -> str | None:
    """The document number a note gives, if it gives one."""
    for pattern in _NOTE_NUMBERS:
        found = pattern.search(note)
        if found is not None:
            number = found.group(1).strip()
            digits = sum(c.isdigit() for c in number)
            if digits >= 5 or (digits >= 3 and any(c.isalpha() for c in number)):
                return number
    return None


def _identifier(element: ET.Element) -> Identifier | None:
    number = _child(element, "NUMBER") or _note_number(_child(element, "NOTE"))
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
    birth_dates += [
        date for date in (_alias_birth_date(a) for a in record.iter(f"{prefix}_ALIAS")) if date
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
        listed_on=xsd_date(_child(record, "LISTED_ON")),
        source=f"{SOURCE}, {reference}" if reference else SOURCE,
        birth_dates=_unique(birth_dates, ""),
        nationalities=_unique(nationalities, ""),
        reason=_child(record, "COMMENTS1") or None,
        line=line,
    )


def _generated(value: str | None) -> dt.date | None:
    """The date of ``dateGenerated`` ("2026-02-27T00:00:09.554Z")."""
    return xsd_date(value)


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
        self.outside: list[str] = []  # open elements above the records (INDIVIDUALS...)
        self.unread = Unread("elements")

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
            self.open.append(ET.SubElement(self.open[-1], tag, attributes))
        elif self.root is None:
            if tag != ROOT_TAG:
                raise self.problem(
                    f"the root element is <{tag}>, not <{ROOT_TAG}> — give the UN consolidated list XML"
                )
            self.root = tag
            self.generated = attributes.get("dateGenerated")
        else:
            parent = self.outside[-1] if self.outside else ROOT_TAG
            if parent in _GROUPS and tag == _GROUPS[parent]:
                self.open.append(ET.Element(tag, attributes))
                self.line = self.parser.CurrentLineNumber
                return
            if not (parent == ROOT_TAG and tag in _GROUPS):
                self.unread.add(f"<{parent}/{tag}>")
            self.outside.append(tag)

    def end(self, tag: str) -> None:
        if not self.open:
            if self.outside:
                self.outside.pop()
            return
        element = self.open.pop()
        if self.open:
            return
        self.count_unknown(element)
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

    def count_unknown(self, record: ET.Element) -> None:
        """Elements and attributes of a record that this reader does not know (KNOWN)."""
        for element in record.iter():
            if element.attrib:
                self.unread.add_all(f"<{element.tag} {name}=>" for name in element.attrib)
            allowed = KNOWN.get(element.tag, frozenset())
            for child in element:
                if child.tag not in allowed:
                    self.unread.add(f"<{element.tag}/{child.tag}>")

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
    return Snapshot(
        meta=meta,
        entities=tuple(reader.entities),
        origin=origin,
        notices=reader.unread.notices(origin),
    )
