"""The EU Financial Sanctions Files (FSF) consolidated list: one subject, whatever the file.

The European Commission publishes the consolidated list of persons, groups and entities
subject to EU financial sanctions as XML (v1.1) and as CSV (v1.1) at
https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content?token=...
(and ``csvFullSanctionsList_1_1``). Both describe the same ``sanctionEntity`` records; the
two readers (``eu_fsf_xml``, ``eu_fsf_csv``) turn their own syntax into a ``Record`` whose
sub-elements carry the XML attribute names, and ``to_entity`` here makes the ``Entity``, so
the two files of one publication give the same snapshot.

What the structure is based on (checked against real excerpts of the published XML, 2018 to
2024, and of the CSV in ``../shared/data/official-excerpts``, read by
tests/test_eu_fsf_official.py when present; the fixtures in tests/fixtures/formats are
hand-built):

- XML excerpts of the published file quoted in public code: the root ``export`` in the
  default namespace ``http://eu.europa.ec/fpi/fsd/export`` with ``generationDate`` and
  ``globalFileId``; ``sanctionEntity`` (``designationDetails``, ``unitedNationId``,
  ``euReferenceNumber``, ``logicalId``) holding ``remark``, ``regulation`` (``regulationType``,
  ``organisationType``, ``publicationDate``, ``entryIntoForceDate``, ``numberTitle``,
  ``programme``, child ``publicationUrl``), ``subjectType`` (``code="person"``
  ``classificationCode="P"``, or ``enterprise``/``E``), ``nameAlias`` (``firstName``,
  ``middleName``, ``lastName``, ``wholeName``, ``function``, ``gender``, ``title``,
  ``nameLanguage``, ``strong``, ``logicalId``; child ``regulationSummary``), ``citizenship``
  (``region``, ``countryIso2Code``, ``countryDescription``), ``birthdate`` (``circa``,
  ``calendarType``, ``city``, ``zipCode``, ``birthdate``, ``dayOfMonth``, ``monthOfYear``,
  ``year``, ``region``, ``place``, ``countryIso2Code``, ``countryDescription``), ``address``
  (``city``, ``street``, ``poBox``, ``zipCode``, ``region``, ``place``, ``asAtListingTime``,
  ``countryIso2Code``, ``countryDescription``; children ``remark``, ``contactInfo``) and
  ``identification`` (``diplomatic``, ``knownExpired``, ``knownFalse``, ``number``,
  ``latinNumber``, ``identificationTypeCode``, ``identificationTypeDescription``,
  ``countryIso2Code``, ``countryDescription``; child ``remark``). Unknown countries are
  written ``countryIso2Code="00" countryDescription="UNKNOWN"``.
- OpenSanctions' FSF crawler (opensanctions/opensanctions ``zavod/zavod/shed/fsf.py`` and
  ``datasets/eu/fsf/eu_fsf.yml``): the same elements, the identification type codes
  (``passport``, ``id``, ``regnumber``, ``fiscalcode``, ``imo``, ``swiftbic``, ``other``...)
  and "low quality" alias remarks.
- The CSV: 118 semicolon-separated columns, UTF-8 with a BOM, one row per sub-element,
  each repeating the entity's columns; the column names from a published schema dump and
  the column positions moov-io/watchman's ``pkg/csl_eu`` parser reads (see ``eu_fsf_csv``);
  the older CSV v1.0 (``Date_file;Entity_logical_id;...``) from public parsers of it.
- Not in those sources, and read here as the same structure suggests: ``designationDate``
  (real, on Putin's entry), ``yearRangeFrom``/``yearRangeTo`` of a birth date, the
  ``contactInfo`` attributes ``key`` and ``value``.

How a record becomes an ``Entity``:

- ``id``: "eu-fsf-" + ``logicalId`` (stable across publications).
- ``name`` and ``aliases``: every ``nameAlias`` (its ``wholeName``, else its first, middle
  and last names joined), ranked the same way whatever their order in the file: strong
  before weak (a name is weak when ``strong="false"`` or its remark says "low quality"; the
  CSV has no ``strong`` column), English or unstated ``nameLanguage`` before any other
  language (the list gives each name in every official language: Putin's Swedish
  "Vladimir Vladimirovitj PUTIN" is an alias, his English form the name), then by the
  alias's ``logicalId`` as a number (the older alias first; none after all), then one with
  first/last name parts, then the text. The first is the name; the others, in that order
  and without repeats, are the aliases.
- ``type``: ``person`` for subject type P/person, ``organization`` for E/enterprise (the
  list has no other codes; an unknown one is read as an organization).
- ``country`` (organizations only): the first address country that names a country.
- ``nationalities``: each ``citizenship``.
- ``birth_dates``: ``birthdate`` (ISO, partial ISO, or dd/mm/yyyy made ISO), else
  year-month-day, year-month or year from its parts, else the range
  ``yearRangeFrom``/``yearRangeTo`` as an EDTF interval ("1960/1965"; one end only:
  "1960/..", "../1965"); ``circa="true"`` marks it approximate ("1965~", "1960~/1965~").
  See ``official`` for the notation.
- ``identifiers``: each ``identification`` with a number, labelled by its type code in the
  words the bundled lists use (``regnumber`` → "Registration number", ``fiscalcode`` →
  "Tax ID", ``passport`` → "Passport", ``id`` → "ID number", ``imo`` → "IMO"...), else by
  its printed description; a different ``latinNumber`` is a second identifier.
- ``addresses``: street, PO box, city, postcode, region, place and country joined by ", ".
- ``listed_on``: the entity's ``designationDate`` when given; else the earliest
  ``publicationDate`` of every act the entry cites: its ``regulation`` elements and the
  ``regulationSummary`` of each name, citizenship, birth date, address and identification
  (CSV: the ``*_Regulation_PublicationDate`` columns). The ``regulation`` elements alone
  are the acts that last amended the entry, not the one that listed it: IBDA-C's is of
  2018 while its names cite acts from 2003.
- ``source``: "EU FSF <euReferenceNumber> (<numberTitle of the earliest act>)" (not
  compared by the diff).
- ``reason``: the text of the entity's ``remark`` elements.

Whitespace inside values is collapsed. A sub-element that says nothing usable (a country
"00", a birth date without a year, an identification without a number) is skipped; a
``sanctionEntity`` without any name is an error (it cannot be listed, and skipping it would
lose a listed subject).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from sanctions_diff.countries import to_code
from sanctions_diff.formats.official import approximately, between, is_iso_partial
from sanctions_diff.formats.schema import parse_date
from sanctions_diff.model import (
    Coverage,
    Entity,
    EntityType,
    Identifier,
    SnapshotKind,
    SnapshotMeta,
)

NAMESPACE = "http://eu.europa.ec/fpi/fsd/export"
LIST_NAME = "EU consolidated financial sanctions list (FSF)"
PUBLISHED_AT = "https://webgate.ec.europa.eu/fsd/fsf/public/files/"
ID_PREFIX = "eu-fsf-"

Attributes = dict[str, str]

# Subject type as written in either attribute (XML: code="person" classificationCode="P";
# the CSV carries the same two values in Entity_SubjectType and its ClassificationCode).
SUBJECT_TYPES: dict[str, EntityType] = {
    "p": EntityType.PERSON,
    "person": EntityType.PERSON,
    "e": EntityType.ORGANIZATION,
    "enterprise": EntityType.ORGANIZATION,
}

# Identification type codes → the labels the bundled lists and the matcher use.
IDENTIFICATION_LABELS: dict[str, str] = {
    "passport": "Passport",
    "id": "ID number",
    "regnumber": "Registration number",
    "fiscalcode": "Tax ID",
    "imo": "IMO",
    "swiftbic": "SWIFT/BIC",
    "ssn": "Social security number",
    "tradelic": "Trade licence",
    "drivinglicence": "Driving licence",
    "residentperm": "Residence permit",
    "birthcert": "Birth certificate",
    "nationcert": "Nationality certificate",
    "travelcardid": "Travel card",
    "electionid": "Election ID",
}

# Parts of an address, in the order they are printed.
ADDRESS_PARTS = ("street", "poBox", "city", "zipCode", "region", "place")

# Languages of a name that make it the entity's name rather than an alias: none stated
# (most names, transliterations included) or English.
NAME_LANGUAGES = frozenset({"", "en"})
# The truth values of ``strong`` and ``circa`` (the CSV has written both "true" and "1").
TRUE = frozenset({"true", "1"})

_SPACES = re.compile(r"\s+")
_YEAR = re.compile(r"[0-9]{4}")
_DMY = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")
_UNKNOWN = {"", "00", "UNKNOWN"}


def clean(value: str | None) -> str:
    """A value with its whitespace collapsed (the files wrap long remarks)."""
    return _SPACES.sub(" ", value).strip() if value else ""


def to_date(value: str | None) -> dt.date | None:
    """An ISO date (a timestamp is cut to its date) or a dd/mm/yyyy one; None otherwise."""
    text = clean(value)
    parsed = parse_date(text[:10])
    if parsed is not None:
        return parsed
    found = _DMY.fullmatch(text)
    if found is None:
        return None
    day, month, year = (int(part) for part in found.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


@dataclass
class Record:
    """One ``sanctionEntity``: its attributes and its sub-elements' attributes.

    Sub-element attributes use the XML names; a ``remark`` child becomes the attribute
    ``remark`` and a regulation's ``publicationUrl`` child the attribute ``publicationUrl``.
    ``acts`` are the ``regulationSummary`` of the sub-elements (``publicationDate``,
    ``numberTitle``): the acts that brought in each name, birth date, address...
    """

    line: int
    attributes: Attributes
    remarks: list[str] = field(default_factory=list)
    subject: list[str] = field(default_factory=list)
    regulations: list[Attributes] = field(default_factory=list)
    names: list[Attributes] = field(default_factory=list)
    citizenships: list[Attributes] = field(default_factory=list)
    birthdates: list[Attributes] = field(default_factory=list)
    addresses: list[Attributes] = field(default_factory=list)
    identifications: list[Attributes] = field(default_factory=list)
    acts: list[Attributes] = field(default_factory=list)

    @property
    def logical_id(self) -> str:
        return clean(self.attributes.get("logicalId"))

    def describe(self) -> str:
        """How messages name the record."""
        reference = clean(self.attributes.get("euReferenceNumber"))
        if self.logical_id:
            return f"sanctionEntity logicalId={self.logical_id}"
        return f"sanctionEntity {reference}" if reference else "a sanctionEntity"


def _unique(values: list[str], skip: str = "") -> tuple[str, ...]:
    seen = {skip, ""}
    kept = []
    for value in values:
        if value not in seen:
            seen.add(value)
            kept.append(value)
    return tuple(kept)


def _whole_name(alias: Attributes) -> str:
    whole = clean(alias.get("wholeName"))
    if whole:
        return whole
    parts = (clean(alias.get(key)) for key in ("firstName", "middleName", "lastName"))
    return " ".join(part for part in parts if part)


def _is_weak(alias: Attributes) -> bool:
    if clean(alias.get("strong")).lower() == "false":
        return True
    remark = clean(alias.get("remark")).lower()
    return "low quality" in remark or "lo quality" in remark


_LAST = 1 << 62  # the rank of an alias without a logicalId: after every real one


def _rank(alias: Attributes, written: str) -> tuple[bool, bool, int, bool, str]:
    """How good a name is as the entity's name, best first (see the module docstring)."""
    logical_id = clean(alias.get("logicalId"))
    number = int(logical_id) if logical_id.isascii() and logical_id.isdigit() else _LAST
    has_parts = bool(clean(alias.get("firstName")) or clean(alias.get("lastName")))
    return (
        _is_weak(alias),
        clean(alias.get("nameLanguage")).lower() not in NAME_LANGUAGES,
        number,
        not has_parts,
        written,
    )


def _country(attributes: Attributes) -> str | None:
    """The country of a sub-element: its ISO code, else its description; None if unknown."""
    code = clean(attributes.get("countryIso2Code"))
    if code.upper() not in _UNKNOWN:
        found = to_code(code)
        if found is not None:
            return found
    description = clean(attributes.get("countryDescription"))
    if description.upper() not in _UNKNOWN:
        return to_code(description)
    return None


def _number(value: str | None, low: int, high: int) -> int | None:
    text = clean(value)
    if not text.isascii() or not text.isdigit():
        return None
    number = int(text)
    return number if low <= number <= high else None


def _date_text(value: str | None) -> str:
    """A (partial) ISO date as written, or a dd/mm/yyyy one made ISO; "" otherwise."""
    text = clean(value)
    if is_iso_partial(text):
        return text
    day_first = to_date(text) if _DMY.fullmatch(text) else None
    return day_first.isoformat() if day_first is not None else ""


def _exact_birth_date(attributes: Attributes) -> str:
    full = _date_text(attributes.get("birthdate"))
    if full:
        return full
    year = clean(attributes.get("year"))
    if not _YEAR.fullmatch(year):
        return ""
    month = _number(attributes.get("monthOfYear") or attributes.get("month"), 1, 12)
    day = _number(attributes.get("dayOfMonth") or attributes.get("day"), 1, 31)
    if month is not None and day is not None:
        written = f"{year}-{month:02d}-{day:02d}"
        if parse_date(written) is not None:
            return written
    return f"{year}-{month:02d}" if month is not None else year


def birth_date(attributes: Attributes) -> str | None:
    """The birth date in the EDTF notation of ``official``; None when the element gives no
    year (a birthdate element with only a place says nothing about the date)."""
    approximate = clean(attributes.get("circa")).lower() in TRUE
    exact = _exact_birth_date(attributes)
    if exact:
        return approximately(exact) if approximate else exact
    low = _date_text(attributes.get("yearRangeFrom"))
    high = _date_text(attributes.get("yearRangeTo"))
    if low and high:
        return between(low, high, approximate)
    if low or high:  # an open interval, as EDTF writes it
        end = approximately(low or high) if approximate else low or high
        return f"{end}/.." if low else f"../{end}"
    return None


def identifiers(attributes: Attributes) -> list[Identifier]:
    number = clean(attributes.get("number"))
    latin = clean(attributes.get("latinNumber"))
    code = clean(attributes.get("identificationTypeCode"))
    label = (
        IDENTIFICATION_LABELS.get(code.lower())
        or clean(attributes.get("identificationTypeDescription"))
        or code
        or "Identification"
    )
    return [Identifier(label, value) for value in _unique([number, latin])]


def address(attributes: Attributes) -> str:
    parts = [clean(attributes.get(key)) for key in ADDRESS_PARTS]
    number = clean(attributes.get("houseNumber"))  # CSV v1.0 only: Addr_number
    if number:
        parts[0] = f"{number} {parts[0]}".strip()
    country = clean(attributes.get("countryDescription"))
    if country.upper() not in _UNKNOWN:
        parts.append(country)
    return ", ".join(part for part in parts if part)


def _listing(record: Record) -> tuple[dt.date | None, str]:
    """The listing date and the number of the earliest act the entry cites."""
    dated = [
        (date, clean(act.get("numberTitle")))
        for act in (*record.regulations, *record.acts)
        if (date := to_date(act.get("publicationDate"))) is not None
    ]
    earliest, title = min(dated) if dated else (None, "")
    if not title:
        title = next((t for r in record.regulations if (t := clean(r.get("numberTitle")))), "")
    designated = to_date(record.attributes.get("designationDate"))
    return designated or earliest, title


def to_entity(record: Record) -> Entity | None:
    """The entity of a record; None when it has no name at all."""
    names = sorted(
        (_rank(alias, written), written)
        for alias in record.names
        if (written := _whole_name(alias))
    )
    if not names:
        return None
    name = names[0][1]
    kind = next(
        (
            SUBJECT_TYPES[v]
            for v in (clean(s).lower() for s in record.subject)
            if v in SUBJECT_TYPES
        ),
        EntityType.ORGANIZATION,
    )
    country = None
    if kind is not EntityType.PERSON:
        country = next((c for c in map(_country, record.addresses) if c is not None), None)
    listed_on, act = _listing(record)
    reference = clean(record.attributes.get("euReferenceNumber"))
    source = f"EU FSF {reference}" if reference else f"EU FSF logicalId {record.logical_id}"
    if act:
        source += f" ({act})"
    return Entity(
        name=name,
        type=kind,
        id=ID_PREFIX + record.logical_id if record.logical_id else None,
        aliases=_unique([written for _, written in names], skip=name),
        country=country,
        identifiers=tuple(
            dict.fromkeys(
                i for attributes in record.identifications for i in identifiers(attributes)
            )
        ),
        addresses=_unique([address(a) for a in record.addresses]),
        listed_on=listed_on,
        source=source,
        birth_dates=_unique([b for b in map(birth_date, record.birthdates) if b]),
        nationalities=_unique([c for c in map(_country, record.citizenships) if c]),
        reason=" ".join(_unique([clean(r) for r in record.remarks])) or None,
        line=record.line,
    )


def meta(generated: str | None, described: str) -> SnapshotMeta:
    """The snapshot's metadata; ``described`` says which file (format, generation stamp)."""
    date = to_date(generated)
    return SnapshotMeta(
        title=f"{LIST_NAME}, generated {date.isoformat()}" if date else LIST_NAME,
        kind=SnapshotKind.CONSOLIDATED,
        date=date,
        coverage=Coverage.COMPLETE,
        sources=(f"EU Financial Sanctions Files (European Commission), {described}",),
        annex=LIST_NAME,
    )
