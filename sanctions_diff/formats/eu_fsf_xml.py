"""Read the EU Financial Sanctions Files consolidated list, XML v1.1, into a ``Snapshot``.

The structure and how each record is mapped are described in ``eu_fsf``. The file (about
25 MB for 6,000 subjects) is read as a stream with the standard library's expat parser:
only the current ``sanctionEntity`` is held, as plain attribute dictionaries, and it is
converted and dropped when its end tag is read, so memory grows with the entities kept,
not with the XML. (ElementTree's ``iterparse`` would stream as well, but tells no line
numbers; expat gives the line of each record, which later stages use to point at it.)

Every element and attribute of the format is known here (``ATTRIBUTES``, ``CHILDREN``),
the kept ones and those deliberately not kept (gender, function, calendar type, contact
details, the issuing details of documents...). An element or attribute the format does
not have is counted, and the snapshot carries one notice line saying which and how many:
nothing is dropped without a word.

XML that is not well-formed raises ``InputError`` with the line and column expat reports;
so does a root other than ``export`` and a ``sanctionEntity`` without any name. Entity
declarations are refused (the list has none; they are how "billion laughs" bombs work)
and external entities are never fetched.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import BinaryIO
from xml.parsers import expat

from sanctions_diff.errors import InputError, Problem, reading_xml
from sanctions_diff.model import Entity, Snapshot

from .eu_fsf import Attributes, Record, clean, meta, to_entity
from .official import Unread

ROOT = "export"
RECORD = "sanctionEntity"

# Every element of the format: its attributes and its child elements, kept or not (the
# README's "Official formats" table says which become what). Anything else met in a file
# is counted and reported as a notice on the snapshot.
_COUNTRY = ("region", "countryIso2Code", "countryDescription")
_SUB_ELEMENT = ("regulationLanguage", "logicalId")
ATTRIBUTES: dict[str, frozenset[str]] = {
    name: frozenset(attributes)
    for name, attributes in {
        "export": ("generationDate", "globalFileId"),
        "sanctionEntity": (
            "designationDate",
            "designationDetails",
            "unitedNationId",
            "euReferenceNumber",
            "logicalId",
        ),
        "remark": (),
        "regulation": (
            "regulationType",
            "organisationType",
            "publicationDate",
            "entryIntoForceDate",
            "numberTitle",
            "programme",
            "logicalId",
        ),
        "publicationUrl": (),
        "subjectType": ("code", "classificationCode"),
        "nameAlias": (
            "firstName",
            "middleName",
            "lastName",
            "wholeName",
            "function",
            "gender",
            "title",
            "nameLanguage",
            "strong",
            *_SUB_ELEMENT,
        ),
        "regulationSummary": ("regulationType", "publicationDate", "numberTitle", "publicationUrl"),
        "citizenship": (*_COUNTRY, *_SUB_ELEMENT),
        "birthdate": (
            "circa",
            "calendarType",
            "city",
            "zipCode",
            "birthdate",
            "dayOfMonth",
            "monthOfYear",
            "year",
            "yearRangeFrom",
            "yearRangeTo",
            "place",
            *_COUNTRY,
            *_SUB_ELEMENT,
        ),
        "address": (
            "city",
            "street",
            "poBox",
            "zipCode",
            "place",
            "asAtListingTime",
            *_COUNTRY,
            *_SUB_ELEMENT,
        ),
        "contactInfo": ("key", "value"),
        "identification": (
            "diplomatic",
            "knownExpired",
            "knownFalse",
            "reportedLost",
            "revokedByIssuer",
            "issuedBy",
            "issuedDate",
            "validFrom",
            "validTo",
            "latinNumber",
            "nameOnDocument",
            "number",
            "identificationTypeCode",
            "identificationTypeDescription",
            *_COUNTRY,
            *_SUB_ELEMENT,
        ),
    }.items()
}
_DETAILS = frozenset({"remark", "regulationSummary"})
CHILDREN: dict[str, frozenset[str]] = {
    "export": frozenset({RECORD}),
    RECORD: frozenset(
        {
            "remark",
            "regulation",
            "subjectType",
            "nameAlias",
            "citizenship",
            "birthdate",
            "address",
            "identification",
        }
    ),
    "regulation": frozenset({"publicationUrl"}),
    "nameAlias": _DETAILS,
    "citizenship": _DETAILS,
    "birthdate": _DETAILS,
    "address": _DETAILS | {"contactInfo"},
    "identification": _DETAILS,
}
# Attributes in another namespace that say nothing about the list (xsi:schemaLocation).
_XSI = "http://www.w3.org/2001/XMLSchema-instance}"

# Children of sanctionEntity that are kept, by the Record list they go to.
_LISTS = {
    "regulation": "regulations",
    "nameAlias": "names",
    "citizenship": "citizenships",
    "birthdate": "birthdates",
    "address": "addresses",
    "identification": "identifications",
}
# Grandchildren whose text becomes an attribute of their parent.
_TEXT_CHILDREN = {"publicationUrl", "remark"}


def _local(tag: str) -> str:
    """The element name without its namespace (the parser writes "namespace}name")."""
    return tag.rpartition("}")[2]


class _Reader:
    """Expat handlers: depth 1 is ``export``, 2 a ``sanctionEntity``, 3 its children, 4
    theirs. ``path`` holds the names of the open elements; an element the format does not
    have is counted in ``unread`` and its content skipped."""

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.parser = expat.ParserCreate(namespace_separator="}")
        self.parser.buffer_text = True
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.parser.CharacterDataHandler = self.data
        self.parser.EntityDeclHandler = self.entity_declaration
        self.root: Attributes | None = None
        self.path: list[str] = []
        self.skipping = 0  # depth of an unknown element being skipped, 0 when none
        self.record: Record | None = None
        self.child: tuple[str, Attributes] | None = None
        self.text: list[str] | None = None
        self.entities: list[Entity] = []
        self.ids: set[str] = set()
        self.problems: list[Problem] = []
        self.unread = Unread("elements and attributes", "element or attribute")

    def problem(self, message: str) -> InputError:
        position = (self.parser.CurrentLineNumber, self.parser.CurrentColumnNumber + 1)
        return InputError([Problem(self.origin, *position, message)])

    def entity_declaration(self, name: str, *_: object) -> None:
        raise self.problem(
            f"XML entity declaration '{name}' is not accepted — give the list as published"
        )

    def known(self, name: str, attributes: Attributes) -> bool:
        """False (and counted) for an element the format does not have here; unknown
        attributes of a known element are counted."""
        parent = self.path[-1] if self.path else None
        if parent is not None and name not in CHILDREN.get(parent, ()):
            self.unread.add(f"<{name}> in <{parent}>")
            return False
        self.known_attributes(name, attributes)
        return True

    def known_attributes(self, name: str, attributes: Attributes) -> None:
        expected = ATTRIBUTES.get(name, frozenset())
        for attribute in attributes:
            if attribute not in expected and not attribute.startswith(_XSI):
                self.unread.add(f"{name}@{_local(attribute)}")

    def start(self, tag: str, attributes: Attributes) -> None:
        name = _local(tag)
        if self.skipping or (self.path and not self.known(name, attributes)):
            self.skipping += 1
            return
        self.path.append(name)
        depth = len(self.path)
        if depth == 1:
            if name != ROOT:
                raise self.problem(
                    f"the root element is <{name}>, not <{ROOT}> — give the EU Financial Sanctions Files XML"
                )
            self.known_attributes(name, attributes)
            self.root = attributes
        elif depth == 2:
            self.record = Record(line=self.parser.CurrentLineNumber, attributes=attributes)
        elif self.record is None:
            return
        elif depth == 3:
            if name == "subjectType":
                self.record.subject.extend(
                    attributes.get(key, "") for key in ("code", "classificationCode")
                )
            elif name == "remark":
                self.text = []
            elif name in _LISTS:
                self.child = (name, attributes)
        elif depth == 4 and self.child is not None:
            if name in _TEXT_CHILDREN:
                self.text = []
            elif name == "regulationSummary":
                self.record.acts.append(attributes)

    def end(self, tag: str) -> None:
        if self.skipping:
            self.skipping -= 1
            return
        name = self.path.pop()
        depth = len(self.path)
        record = self.record
        if record is None:
            return
        if depth == 3 and self.text is not None and self.child is not None:
            # publicationUrl of a regulation, remark of a name, address or identification
            self.child[1][name] = clean(" ".join(self.text))
            self.text = None
        elif depth == 2 and name == "remark" and self.text is not None:
            record.remarks.append("".join(self.text))
            self.text = None
        elif depth == 2 and self.child is not None:
            child, attributes = self.child
            getattr(record, _LISTS[child]).append(attributes)
            self.child = None
        elif depth == 1:
            self.add(record)
            self.record = None

    def data(self, text: str) -> None:
        if self.text is not None and not self.skipping:
            self.text.append(text)

    def add(self, record: Record) -> None:
        entity = to_entity(record)
        if entity is None:
            self.problems.append(
                Problem(
                    self.origin,
                    record.line,
                    1,
                    f"{record.describe()} has no name — each needs a nameAlias with a wholeName",
                )
            )
            return
        entity_id = entity.id
        if entity_id is not None:
            if entity_id in self.ids:
                # The list never repeats a logicalId; if it does, both subjects are kept
                # and the id stays with the first (ids are unique in a snapshot).
                entity = dataclasses.replace(entity, id=None)
            else:
                self.ids.add(entity_id)
        self.entities.append(entity)


def _read(stream: BinaryIO, origin: str) -> Snapshot:
    reader = _Reader(origin)
    reader.parser.ParseFile(stream)
    if reader.root is None:
        raise InputError(
            [Problem(origin, 1, 1, "empty file — give the EU Financial Sanctions Files XML")]
        )
    if reader.problems:
        raise InputError(reader.problems)
    generated = clean(reader.root.get("generationDate"))
    file_id = clean(reader.root.get("globalFileId"))
    described = ", ".join(
        part
        for part in (
            "consolidated list XML v1.1",
            f"generationDate {generated}" if generated else "",
            f"globalFileId {file_id}" if file_id else "",
        )
        if part
    )
    return Snapshot(
        meta=meta(generated, described),
        entities=tuple(reader.entities),
        origin=origin,
        notices=reader.unread.notices(origin),
    )


def read_eu_fsf_xml(path: Path, origin: str) -> Snapshot:
    """The FSF XML file at ``path`` as a snapshot; ``origin`` names it in messages.

    Raises ``InputError`` when the file cannot be read, is not well-formed XML, is not the
    FSF list, or has a subject without a name.
    """
    with reading_xml(origin), path.open("rb") as stream:
        return _read(stream, origin)
