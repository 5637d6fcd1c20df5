"""Read the EU Financial Sanctions Files consolidated list, CSV v1.1, into a ``Snapshot``.

The CSV carries the XML's records flattened: semicolon-separated, UTF-8 with a byte order
mark, one header row, then one row per sub-element (a name, an address, a birth date, an
identification, a citizenship), each row repeating its entity's columns; the rows of one
subject share ``Entity_LogicalId``. The 118 columns, in order::

    fileGenerationDate;Entity_LogicalId;Entity_EU_ReferenceNumber;Entity_UnitedNationId;
    Entity_DesignationDate;Entity_DesignationDetails;Entity_Remark;Entity_SubjectType;
    Entity_SubjectType_ClassificationCode;Entity_Regulation_{Type,OrganisationType,
    PublicationDate,EntryIntoForceDate,NumberTitle,Programme,PublicationUrl};
    NameAlias_{LastName,FirstName,MiddleName,WholeName,NameLanguage,Gender,Title,Function,
    LogicalId,RegulationLanguage,Remark} + NameAlias_Regulation_* (the same 7 as above);
    Address_{City,Street,PoBox,ZipCode,Region,Place,AsAtListingTime,ContactInfo,
    CountryIso2Code,CountryDescription,LogicalId,RegulationLanguage,Remark} + 7 regulation;
    BirthDate_{BirthDate,Day,Month,Year,YearRangeFrom,YearRangeTo,Circa,CalendarType,ZipCode,
    Region,Place,City,CountryIso2Code,CountryDescription,LogicalId,RegulationLanguage,Remark}
    + 7 regulation; Identification_{Number,Diplomatic,KnownExpired,KnownFalse,ReportedLost,
    RevokedByIssuer,IssuedBy,IssuedDate,ValidFrom,ValidTo,LatinNumber,NameOnDocument,
    TypeCode,TypeDescription,Region,CountryIso2Code,CountryDescription,LogicalId,
    RegulationLanguage,Remark} + 7 regulation; Citizenship_{Region,CountryIso2Code,
    CountryDescription,LogicalId,RegulationLanguage,Remark} + 7 regulation

Based on: the column list of a published schema dump of the file (a SQL table and insert
procedure, ``EUFS_INSERT``), checked against the column positions moov-io/watchman's
``pkg/csl_eu/csl.go`` reads (``Entity_LogicalId`` 1, ``NameAlias_WholeName`` 19,
``Address_City`` 34, ``BirthDate_BirthDate`` 54, ``Identification_ValidFrom`` 86) and
excerpts of real rows quoted in tests (``05/08/2026;13;EU.27.28;;;;...;P;person;
regulation;commission;2003-07-08;...``): ``fileGenerationDate`` is dd/mm/yyyy, other dates
ISO. Columns are found by name, so their order does not matter and unknown ones are
ignored.

Each column's value becomes the XML attribute of the same meaning (``NameAlias_WholeName``
→ ``nameAlias@wholeName``, ``BirthDate_Day`` → ``birthdate@dayOfMonth``,
``Identification_TypeCode`` → ``identification@identificationTypeCode``...), and ``eu_fsf``
converts the record as it does the XML's, so both files of one publication give the same
snapshot. A sub-element repeated on several rows (same logical id, or same values) is read
once. Rows are grouped by ``Entity_LogicalId`` wherever they are in the file.

Read as a stream with the ``csv`` module. Every problem is reported with its line: bad
quoting or encoding, a row with more fields than the header (an unquoted ";"), a row
without ``Entity_LogicalId`` (it belongs to no subject), a subject without any name.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sanctions_diff.errors import InputError, Problem, reading
from sanctions_diff.model import Entity, Snapshot

from .eu_fsf import Attributes, Record, clean, meta, to_entity

DELIMITER = ";"
ID_COLUMN = "Entity_LogicalId"
GENERATED_COLUMN = "fileGenerationDate"

# Column prefix → the Record list of that sub-element.
_SUB_ELEMENTS = {
    "NameAlias": "names",
    "Address": "addresses",
    "BirthDate": "birthdates",
    "Identification": "identifications",
    "Citizenship": "citizenships",
}
# Column suffixes whose XML attribute is not the suffix in lower camel case.
_RENAMED = {
    ("BirthDate", "BirthDate"): "birthdate",
    ("BirthDate", "Day"): "dayOfMonth",
    ("BirthDate", "Month"): "monthOfYear",
    ("Identification", "TypeCode"): "identificationTypeCode",
    ("Identification", "TypeDescription"): "identificationTypeDescription",
}
# Entity columns → sanctionEntity attributes (the UN reference has had two names).
_ENTITY = {
    "Entity_LogicalId": "logicalId",
    "Entity_EU_ReferenceNumber": "euReferenceNumber",
    "Entity_UnitedNationId": "unitedNationId",
    "Entity_UN_ReferenceNumber": "unitedNationId",
    "Entity_DesignationDate": "designationDate",
    "Entity_DesignationDetails": "designationDetails",
}
_REGULATION_PREFIX = "Entity_Regulation_"
_SUBJECT = ("Entity_SubjectType", "Entity_SubjectType_ClassificationCode")
_REMARK = "Entity_Remark"


def _camel(name: str) -> str:
    return name[:1].lower() + name[1:]


@dataclass
class _Columns:
    """Where each kind of value is in a row."""

    entity: list[tuple[int, str]] = field(default_factory=list)
    regulation: list[tuple[int, str]] = field(default_factory=list)
    subject: list[int] = field(default_factory=list)
    remark: int | None = None
    logical_id: int | None = None
    generated: int | None = None
    sub_elements: dict[str, list[tuple[int, str]]] = field(default_factory=dict)

    @classmethod
    def of(cls, header: list[str]) -> _Columns:
        columns = cls()
        for index, raw in enumerate(header):
            name = raw.strip()
            if name == GENERATED_COLUMN:
                columns.generated = index
            elif name == ID_COLUMN:
                columns.logical_id = index
            if name in _ENTITY:
                columns.entity.append((index, _ENTITY[name]))
            elif name in _SUBJECT:
                columns.subject.append(index)
            elif name == _REMARK:
                columns.remark = index
            elif name.startswith(_REGULATION_PREFIX):
                columns.regulation.append((index, _camel(name.removeprefix(_REGULATION_PREFIX))))
            else:
                prefix, _, suffix = name.partition("_")
                # Each sub-element's own regulation columns (its regulationSummary) and
                # RegulationLanguage say nothing the snapshot keeps.
                if prefix in _SUB_ELEMENTS and "Regulation" not in suffix:
                    attribute = _RENAMED.get((prefix, suffix), _camel(suffix))
                    columns.sub_elements.setdefault(_SUB_ELEMENTS[prefix], []).append(
                        (index, attribute)
                    )
        return columns


def _values(row: list[str], where: list[tuple[int, str]]) -> Attributes:
    """The non-empty values of a row at these columns, by attribute name."""
    found: Attributes = {}
    for index, attribute in where:
        if index < len(row):
            value = row[index].strip()
            if value:
                found[attribute] = value
    return found


@dataclass
class _Subject:
    """The rows of one subject so far, each sub-element once."""

    record: Record
    seen: set[tuple[str, object]] = field(default_factory=set)

    def add(self, kind: str, attributes: Attributes) -> None:
        logical_id = attributes.get("logicalId")
        key: object = logical_id if logical_id else tuple(sorted(attributes.items()))
        if (kind, key) in self.seen:
            return
        self.seen.add((kind, key))
        if kind == "remarks":
            self.record.remarks.append(attributes["remark"])
        elif kind == "subject":
            self.record.subject.extend(attributes.values())
        else:
            getattr(self.record, kind).append(attributes)


def _decoded(raw: Iterable[bytes], origin: str, problems: list[Problem]) -> Iterator[str]:
    """The file's lines as text, decoded one by one so that a bad byte is placed exactly."""
    for number, data in enumerate(raw, start=1):
        if number == 1:
            data = data.removeprefix(b"\xef\xbb\xbf")  # the byte order mark
        try:
            yield data.decode("utf-8")
        except UnicodeDecodeError as exc:
            column = len(data[: exc.start].decode("utf-8", errors="replace")) + 1
            problems.append(
                Problem(origin, number, column, "not UTF-8 text — give the file as published")
            )
            yield data.decode("utf-8", errors="replace")


def _rows(
    raw: Iterable[bytes], origin: str, problems: list[Problem]
) -> Iterator[tuple[int, list[str]]]:
    """(line where the row starts, fields); bad quoting becomes a problem."""
    reader = csv.reader(_decoded(raw, origin, problems), delimiter=DELIMITER, strict=True)
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            problems.append(Problem(origin, line, 1, f"not valid CSV: {exc} — fix the quoting"))
            continue
        yield line, row


def _read(stream: Iterable[bytes], origin: str) -> Snapshot:
    problems: list[Problem] = []
    rows = _rows(stream, origin, problems)
    first = next(rows, None)
    if first is None:
        raise InputError(
            problems
            or [Problem(origin, 1, 1, "empty file — give the EU Financial Sanctions Files CSV")]
        )
    header = first[1]
    columns = _Columns.of(header)
    if columns.logical_id is None:
        raise InputError(
            [
                Problem(
                    origin,
                    first[0],
                    1,
                    f"no {ID_COLUMN} column in the header — give the EU Financial Sanctions Files CSV",
                )
            ]
        )
    generated = ""
    subjects: dict[str, _Subject] = {}
    for line, row in rows:
        if not any(value.strip() for value in row):
            continue
        if len(row) > len(header):
            problems.append(
                Problem(
                    origin,
                    line,
                    1,
                    f"the row has {len(row)} fields, the header {len(header)} — a value holding ';' must be quoted",
                )
            )
            continue
        logical_id = row[columns.logical_id].strip() if columns.logical_id < len(row) else ""
        if not logical_id:
            problems.append(
                Problem(origin, line, 1, f"the row has no {ID_COLUMN} — it belongs to no subject")
            )
            continue
        if not generated and columns.generated is not None and columns.generated < len(row):
            generated = row[columns.generated].strip()
        subject = subjects.get(logical_id)
        if subject is None:
            subject = subjects[logical_id] = _Subject(Record(line=line, attributes={}))
        for attribute, value in _values(row, columns.entity).items():
            subject.record.attributes.setdefault(attribute, value)
        regulation = _values(row, columns.regulation)
        if regulation:
            subject.add("regulations", regulation)
        if columns.remark is not None and columns.remark < len(row) and row[columns.remark].strip():
            subject.add("remarks", {"remark": row[columns.remark]})
        kinds = {str(i): row[i] for i in columns.subject if i < len(row) and row[i].strip()}
        if kinds:
            subject.add("subject", kinds)
        for kind, where in columns.sub_elements.items():
            values = _values(row, where)
            if values:
                subject.add(kind, values)
    entities: list[Entity] = []
    for subject in subjects.values():
        entity = to_entity(subject.record)
        if entity is None:
            problems.append(
                Problem(
                    origin,
                    subject.record.line,
                    1,
                    f"{subject.record.describe()} has no name — each needs a NameAlias_WholeName",
                )
            )
        else:
            entities.append(entity)
    if problems:
        raise InputError(problems)
    described = "consolidated list CSV v1.1" + (
        f", fileGenerationDate {clean(generated)}" if generated else ""
    )
    return Snapshot(meta=meta(generated, described), entities=tuple(entities), origin=origin)


def read_eu_fsf_csv(path: Path, origin: str) -> Snapshot:
    """The FSF CSV file at ``path`` as a snapshot; ``origin`` names it in messages.

    Raises ``InputError`` with every problem when the file cannot be read or is not the
    FSF list as published.
    """
    with reading(origin, "CSV file"), path.open("rb") as stream:
        return _read(stream, origin)
