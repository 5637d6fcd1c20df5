"""Read the EU Financial Sanctions Files consolidated list, CSV v1.1 (or v1.0), into a
``Snapshot``.

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
ISO. Columns are found by name (any case), so their order does not matter; a value in a
column the format does not have is counted, and the snapshot carries one notice saying
which columns and how many values were not read.

The older CSV v1.0 (``Date_file;Entity_logical_id;Subject_type;Naal_wholename;...``) is
read too, by a second column map onto the same attributes: ``Naal_*`` names, ``Addr_*``
addresses (``Addr_country`` as the country's description), ``Birt_date``, ``Iden_*``,
``Citi_country`` (a country name or an ISO alpha-3 code); each group's
``*_leba_publication_date`` and ``*_leba_numtitle`` are the act it cites. It has no
subject-type classification code, name strength, identification type or year ranges.

Each column's value becomes the XML attribute of the same meaning (``NameAlias_WholeName``
→ ``nameAlias@wholeName``, ``BirthDate_Day`` → ``birthdate@dayOfMonth``,
``Identification_TypeCode`` → ``identification@identificationTypeCode``...; ``V11`` and
``V10`` list every column, kept or not), each sub-element's ``*_Regulation_PublicationDate``
and ``*_Regulation_NumberTitle`` its ``regulationSummary``, and ``eu_fsf``
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
from .official import Unread

DELIMITER = ";"
ID_COLUMN = "Entity_LogicalId"

# What a column becomes: (group, attribute), or None for a column of the format that is
# deliberately not kept. Groups: "generated" (the file's date), "entity" (a sanctionEntity
# attribute), "subject", "remarks", "regulations" (the entity's acts), a sub-element list
# of the Record ("names", "addresses"...), and "acts:<list>" (the act a sub-element's row
# cites, its regulationSummary). Names are matched without regard to case.
Target = tuple[str, str] | None

_REGULATION_V11: dict[str, str | None] = {
    "Type": None,
    "OrganisationType": None,
    "PublicationDate": "publicationDate",
    "EntryIntoForceDate": None,
    "NumberTitle": "numberTitle",
    "Programme": None,
    "PublicationUrl": None,
}
_SUB_ELEMENTS_V11: dict[str, tuple[str, dict[str, str | None]]] = {
    "NameAlias": (
        "names",
        {
            "LastName": "lastName",
            "FirstName": "firstName",
            "MiddleName": "middleName",
            "WholeName": "wholeName",
            "NameLanguage": "nameLanguage",
            "Gender": None,
            "Title": None,
            "Function": None,
            "LogicalId": "logicalId",
            "RegulationLanguage": None,
            "Remark": "remark",  # a "low quality" remark makes the name weak
        },
    ),
    "Address": (
        "addresses",
        {
            "City": "city",
            "Street": "street",
            "PoBox": "poBox",
            "ZipCode": "zipCode",
            "Region": "region",
            "Place": "place",
            "AsAtListingTime": None,
            "ContactInfo": None,
            "CountryIso2Code": "countryIso2Code",
            "CountryDescription": "countryDescription",
            "LogicalId": "logicalId",
            "RegulationLanguage": None,
            "Remark": None,
        },
    ),
    "BirthDate": (
        "birthdates",
        {
            "BirthDate": "birthdate",
            "Day": "dayOfMonth",
            "Month": "monthOfYear",
            "Year": "year",
            "YearRangeFrom": "yearRangeFrom",
            "YearRangeTo": "yearRangeTo",
            "Circa": "circa",
            "CalendarType": None,
            "ZipCode": None,
            "Region": None,
            "Place": None,
            "City": None,
            "CountryIso2Code": None,
            "CountryDescription": None,
            "LogicalId": "logicalId",
            "RegulationLanguage": None,
            "Remark": None,
        },
    ),
    "Identification": (
        "identifications",
        {
            "Number": "number",
            "Diplomatic": None,
            "KnownExpired": None,
            "KnownFalse": None,
            "ReportedLost": None,
            "RevokedByIssuer": None,
            "IssuedBy": None,
            "IssuedDate": None,
            "ValidFrom": None,
            "ValidTo": None,
            "LatinNumber": "latinNumber",
            "NameOnDocument": None,
            "TypeCode": "identificationTypeCode",
            "TypeDescription": "identificationTypeDescription",
            "Region": None,
            "CountryIso2Code": None,
            "CountryDescription": None,
            "LogicalId": "logicalId",
            "RegulationLanguage": None,
            "Remark": None,
        },
    ),
    "Citizenship": (
        "citizenships",
        {
            "Region": None,
            "CountryIso2Code": "countryIso2Code",
            "CountryDescription": "countryDescription",
            "LogicalId": "logicalId",
            "RegulationLanguage": None,
            "Remark": None,
        },
    ),
}


def _v11() -> dict[str, Target]:
    columns: dict[str, Target] = {
        "fileGenerationDate": ("generated", ""),
        "Entity_LogicalId": ("entity", "logicalId"),
        "Entity_EU_ReferenceNumber": ("entity", "euReferenceNumber"),
        "Entity_UnitedNationId": ("entity", "unitedNationId"),
        "Entity_UN_ReferenceNumber": ("entity", "unitedNationId"),  # its other name
        "Entity_DesignationDate": ("entity", "designationDate"),
        "Entity_DesignationDetails": ("entity", "designationDetails"),
        "Entity_Remark": ("remarks", "remark"),
        "Entity_SubjectType": ("subject", "code"),
        "Entity_SubjectType_ClassificationCode": ("subject", "classificationCode"),
    }
    for suffix, attribute in _REGULATION_V11.items():
        columns[f"Entity_Regulation_{suffix}"] = ("regulations", attribute) if attribute else None
    for prefix, (group, suffixes) in _SUB_ELEMENTS_V11.items():
        for suffix, attribute in suffixes.items():
            columns[f"{prefix}_{suffix}"] = (group, attribute) if attribute else None
        for suffix, attribute in _REGULATION_V11.items():
            target = (f"acts:{group}", attribute) if attribute else None
            columns[f"{prefix}_Regulation_{suffix}"] = target
    return columns


# CSV v1.0 ("Date_file;Entity_logical_id;Subject_type;Naal_wholename;..."), the older
# export some users still download. Its column names are known from public parsers and
# queries of it (none publishes the whole header): the entity's columns, then per
# sub-element (Naal name, Addr address, Birt birth date, Iden identification, Citi
# citizenship) its values, its logical id, the act that brought it in (leba_publication_date,
# leba_numtitle, leba_url) and its programme; Entity_logical_id is repeated after each
# group, and only the first is read.
_ACT_V10: dict[str, str | None] = {
    "logical_id": "logicalId",
    "leba_publication_date": "publicationDate",
    "leba_numtitle": "numberTitle",
    "leba_url": None,
    "programme": None,
}
_SUB_ELEMENTS_V10: dict[str, tuple[str, dict[str, str | None]]] = {
    "Naal": (
        "names",
        {
            "wholename": "wholeName",
            "firstname": "firstName",
            "lastname": "lastName",
            "middlename": "middleName",
            "gender": None,
            "title": None,
            "function": None,
            "language": "nameLanguage",
        },
    ),
    "Addr": (
        "addresses",
        {
            "number": "houseNumber",
            "street": "street",
            "zipcode": "zipCode",
            "city": "city",
            "country": "countryDescription",  # a name or an ISO alpha-3 code
            "other": "place",
        },
    ),
    "Birt": ("birthdates", {"date": "birthdate", "place": None, "country": None}),
    "Iden": ("identifications", {"number": "number", "country": None}),
    "Citi": ("citizenships", {"country": "countryDescription"}),
}


def _v10() -> dict[str, Target]:
    columns: dict[str, Target] = {
        "Date_file": ("generated", ""),
        "Entity_logical_id": ("entity", "logicalId"),
        "Subject_type": ("subject", "code"),
        "Programme": None,
        "EU_ref_num": ("entity", "euReferenceNumber"),
        "Entity_remark": ("remarks", "remark"),
        "Leba_publication_date": ("regulations", "publicationDate"),
        "Leba_numtitle": ("regulations", "numberTitle"),
        "Leba_url": None,
    }
    for prefix, (group, suffixes) in _SUB_ELEMENTS_V10.items():
        for suffix, attribute in suffixes.items():
            columns[f"{prefix}_{suffix}"] = (group, attribute) if attribute else None
        for suffix, attribute in _ACT_V10.items():
            if suffix == "logical_id":
                columns[f"{prefix}_{suffix}"] = (group, "logicalId")
            else:
                columns[f"{prefix}_{suffix}"] = (f"acts:{group}", attribute) if attribute else None
    return columns


V11 = {name.lower(): target for name, target in _v11().items()}
V10 = {name.lower(): target for name, target in _v10().items()}


@dataclass
class _Columns:
    """Where each kind of value is in a row, for the version the header is of."""

    version: str
    groups: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    unknown: list[tuple[int, str]] = field(default_factory=list)
    logical_id: int | None = None
    generated: int | None = None

    @classmethod
    def of(cls, header: list[str]) -> _Columns:
        names = [raw.strip() for raw in header]
        lowered = [name.lower() for name in names]
        v10 = ID_COLUMN.lower() not in lowered and (
            "entity_logical_id" in lowered or "date_file" in lowered
        )
        known = V10 if v10 else V11
        columns = cls(version="v1.0" if v10 else "v1.1")
        seen: set[str] = set()
        for index, (name, key) in enumerate(zip(names, lowered, strict=True)):
            if key not in known:
                columns.unknown.append((index, name))
                continue
            target = known[key]
            if target is None or key in seen:  # a repeated column (v1.0's Entity_logical_id)
                continue
            seen.add(key)
            group, attribute = target
            if group == "generated":
                columns.generated = index
                continue
            if (group, attribute) == ("entity", "logicalId"):
                columns.logical_id = index
            columns.groups.setdefault(group, []).append((index, attribute))
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
        elif kind.startswith("acts:"):
            self.record.acts.append(attributes)
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
    unread = Unread("values in columns", "value in a column")
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
        for group, where in columns.groups.items():
            values = _values(row, where)
            if not values:
                continue
            if group == "entity":
                for attribute, value in values.items():
                    subject.record.attributes.setdefault(attribute, value)
            else:
                subject.add(group, values)
        for index, name in columns.unknown:
            if index < len(row) and row[index].strip():
                unread.add(f"column {name}")
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
    described = f"consolidated list CSV {columns.version}"
    if generated and columns.generated is not None:
        described += f", {header[columns.generated].strip()} {clean(generated)}"
    return Snapshot(
        meta=meta(generated, described),
        entities=tuple(entities),
        origin=origin,
        notices=unread.notices(origin),
    )


def read_eu_fsf_csv(path: Path, origin: str) -> Snapshot:
    """The FSF CSV file at ``path`` as a snapshot; ``origin`` names it in messages.

    Raises ``InputError`` with every problem when the file cannot be read or is not the
    FSF list as published.
    """
    with reading(origin, "CSV file"), path.open("rb") as stream:
        return _read(stream, origin)
