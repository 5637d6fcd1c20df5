"""Read the EU Financial Sanctions Files consolidated list, XML v1.1, into a ``Snapshot``.

The structure and how each record is mapped are described in ``eu_fsf``. The file (about
25 MB for 6,000 subjects) is read as a stream with the standard library's expat parser:
only the current ``sanctionEntity`` is held, as plain attribute dictionaries, and it is
converted and dropped when its end tag is read, so memory grows with the entities kept,
not with the XML. (ElementTree's ``iterparse`` would stream as well, but tells no line
numbers; expat gives the line of each record, which later stages use to point at it.)

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

ROOT = "export"
RECORD = "sanctionEntity"

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
    """Expat handlers: depth 0 is ``export``, 1 a ``sanctionEntity``, 2 its children."""

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.parser = expat.ParserCreate(namespace_separator="}")
        self.parser.buffer_text = True
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.parser.CharacterDataHandler = self.data
        self.parser.EntityDeclHandler = self.entity_declaration
        self.root: Attributes | None = None
        self.depth = 0
        self.record: Record | None = None
        self.child: tuple[str, Attributes] | None = None
        self.text: list[str] | None = None
        self.entities: list[Entity] = []
        self.ids: set[str] = set()
        self.problems: list[Problem] = []

    def problem(self, message: str) -> InputError:
        position = (self.parser.CurrentLineNumber, self.parser.CurrentColumnNumber + 1)
        return InputError([Problem(self.origin, *position, message)])

    def entity_declaration(self, name: str, *_: object) -> None:
        raise self.problem(
            f"XML entity declaration '{name}' is not accepted — give the list as published"
        )

    def start(self, tag: str, attributes: Attributes) -> None:
        name = _local(tag)
        self.depth += 1
        if self.depth == 1:
            if name != ROOT:
                raise self.problem(
                    f"the root element is <{name}>, not <{ROOT}> — give the EU Financial Sanctions Files XML"
                )
            self.root = attributes
        elif self.depth == 2 and name == RECORD:
            self.record = Record(line=self.parser.CurrentLineNumber, attributes=attributes)
        elif self.record is None:
            return
        elif self.depth == 3:
            if name == "subjectType":
                self.record.subject.extend(
                    attributes.get(key, "") for key in ("code", "classificationCode")
                )
            elif name == "remark":
                self.text = []
            elif name in _LISTS:
                self.child = (name, attributes)
        elif self.depth == 4 and self.child is not None and name in _TEXT_CHILDREN:
            self.text = []

    def end(self, tag: str) -> None:
        name = _local(tag)
        self.depth -= 1
        record = self.record
        if record is None:
            return
        if self.depth == 3 and self.text is not None and self.child is not None:
            # publicationUrl of a regulation, remark of a name, address or identification
            self.child[1][name] = clean(" ".join(self.text))
            self.text = None
        elif self.depth == 2 and name == "remark" and self.text is not None:
            record.remarks.append("".join(self.text))
            self.text = None
        elif self.depth == 2 and self.child is not None:
            child, attributes = self.child
            getattr(record, _LISTS[child]).append(attributes)
            self.child = None
        elif self.depth == 1:
            self.add(record)
            self.record = None

    def data(self, text: str) -> None:
        if self.text is not None:
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
    return Snapshot(meta=meta(generated, described), entities=tuple(reader.entities), origin=origin)


def read_eu_fsf_xml(path: Path, origin: str) -> Snapshot:
    """The FSF XML file at ``path`` as a snapshot; ``origin`` names it in messages.

    Raises ``InputError`` when the file cannot be read, is not well-formed XML, is not the
    FSF list, or has a subject without a name.
    """
    with reading_xml(origin), path.open("rb") as stream:
        return _read(stream, origin)
