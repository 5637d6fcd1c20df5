"""The EU FSF readers against real excerpts of the published files.

The excerpts (../shared/data/official-excerpts, or $SANCTIONS_DIFF_SHARED/official-excerpts;
their README says where each was found) are read where they are and never copied here:
each test that needs one skips, saying where it looked, when it is absent. What no excerpt
shows (circa, year ranges, CSV v1.0, unknown structures) is pinned on hand-made input in
the real structure, with the facts of real entries.

``tests/fixtures/formats/eu-fsf-v1_0.csv`` is hand-made in the CSV v1.0 structure (column
names as public parsers of that file read them; their order is illustrative) with the
facts of Saddam Hussein Al-Tikriti (logicalId 13, EU.27.28, Regulation 1210/2003) as the
2024 XML and the 2026 CSV excerpts give them, and of Almaz-Antey as eu-fsf.xml gives it.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import random
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from shared_data import SHARED

from sanctions_diff.analysis.diff import ChangeKind, diff
from sanctions_diff.formats import EU_FSF_CSV, detect, read_any
from sanctions_diff.formats.eu_fsf import NAMESPACE
from sanctions_diff.formats.eu_fsf_csv import read_eu_fsf_csv
from sanctions_diff.formats.eu_fsf_xml import read_eu_fsf_xml
from sanctions_diff.model import Entity, Identifier, Snapshot

EXCERPTS = SHARED / "official-excerpts"
ZWE_TERR = "eu-fsf-xml-2018-zwe-terr.xml"
PUTIN = "eu-fsf-xml-2022-ukr-putin.xml"
IRQ = "eu-fsf-xml-2024-irq.xml"
ENTITY_507 = "eu-fsf-xml-entity507.xml"
CSV_IRQ = "eu-fsf-csv-21cols-irq.csv"
XML_EXCERPTS = (ZWE_TERR, PUTIN, IRQ, ENTITY_507)

FIXTURES = Path(__file__).parent / "fixtures" / "formats"
V10 = FIXTURES / "eu-fsf-v1_0.csv"
V11_HEADER = (FIXTURES / "eu-fsf.csv").read_text(encoding="utf-8-sig").splitlines()[0]


def excerpt(name: str) -> Path:
    path = EXCERPTS / name
    if not path.is_file():
        pytest.skip(
            f"the real excerpt {name} is not at {EXCERPTS} (set SANCTIONS_DIFF_SHARED to the data folder)"
        )
    return path


def by_id(snapshot: Snapshot) -> dict[str | None, Entity]:
    return {entity.id: entity for entity in snapshot.entities}


def fsf(body: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<export xmlns="{NAMESPACE}" generationDate="2024-12-11T21:24:35.826+01:00">\n'
        f"{body}\n</export>\n"
    )


def read_xml_text(tmp_path: Path, text: str, name: str = "list.xml") -> Snapshot:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_eu_fsf_xml(path, name)


# -- 1. the listing date is the earliest act the entry cites -----------------------------------


def test_listed_on_is_the_earliest_act_the_entry_cites() -> None:
    """The <regulation> of an entry is the act that last amended it (2018 for both here);
    the acts of its names, birth date and documents go back to its listing."""
    entities = by_id(read_eu_fsf_xml(excerpt(ZWE_TERR), ZWE_TERR))
    ibda = entities["eu-fsf-207"]
    assert ibda.listed_on == dt.date(2003, 12, 22)  # not 2018-03-22, its <regulation>
    assert ibda.source == "EU FSF EU.3523.13 (2003/902/EC (OJ L340))"
    mugabe = entities["eu-fsf-1"]
    assert mugabe.listed_on == dt.date(2005, 6, 16)  # the birthdate's act, not 2018-02-16
    assert mugabe.source == "EU FSF EU.36.64 (898/2005 (OJ L153))"


def test_listed_on_is_the_designation_date_when_given() -> None:
    (putin,) = read_eu_fsf_xml(excerpt(PUTIN), PUTIN).entities
    assert putin.listed_on == dt.date(2022, 2, 25)
    assert putin.source == "EU FSF logicalId 135909 (2022/332 (OJ L53))"


def test_designation_date_wins_over_the_acts(tmp_path: Path) -> None:
    text = excerpt(PUTIN).read_text(encoding="utf-8")
    moved = text.replace('designationDate="2022-02-25"', 'designationDate="2022-02-28"')
    (putin,) = read_xml_text(tmp_path, moved).entities
    assert putin.listed_on == dt.date(2022, 2, 28)


# -- 2. the name is the English (or unstated-language) strong name ---------------------------


def test_the_name_is_in_english_not_the_first_in_the_file() -> None:
    (putin,) = read_eu_fsf_xml(excerpt(PUTIN), PUTIN).entities
    assert putin.name == "Vladimir Vladimirovich PUTIN"
    assert putin.aliases == ("Vladimir Vladimirovitj PUTIN",)  # nameLanguage="SV"
    ibda = by_id(read_eu_fsf_xml(excerpt(ZWE_TERR), ZWE_TERR))["eu-fsf-207"]
    # Three strong names without a language; logicalId 327 is older than 328 and 6068.
    assert ibda.name == "Great Islamic Eastern Warriors Front"
    assert ibda.aliases[:2] == ("IBDA-C", "İslami Büyük Doğu Akıncılar Cephesi")
    assert len(ibda.aliases) == 18  # 19 names in 15 languages
    (saddam,) = read_eu_fsf_xml(excerpt(IRQ), IRQ).entities
    assert saddam.name == "Saddam Hussein Al-Tikriti"
    assert saddam.aliases == ("Abu Ali", "Abou Ali")  # the French form last


def shuffled_names(text: str, seed: int) -> str:
    """The XML with each entity's nameAlias elements in another order."""

    def shuffle(entity: re.Match[str]) -> str:
        block = entity.group(0)
        aliases = re.findall(r"\s*<nameAlias\b(?:[^>]*/>|.*?</nameAlias>)", block, re.DOTALL)
        if len(aliases) < 2:
            return block
        start = block.index(aliases[0])
        end = block.index(aliases[-1]) + len(aliases[-1])
        random.Random(seed).shuffle(aliases)
        return block[:start] + "".join(aliases) + block[end:]

    return re.sub(r"<sanctionEntity\b.*?</sanctionEntity>", shuffle, text, flags=re.DOTALL)


@pytest.mark.parametrize("name", [ZWE_TERR, PUTIN, IRQ])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_order_of_the_names_in_the_file_does_not_matter(
    tmp_path: Path, name: str, seed: int
) -> None:
    original = excerpt(name).read_text(encoding="utf-8")
    shuffled = shuffled_names(original, seed)
    if name == ZWE_TERR:  # 18 names: another order whatever the seed
        assert shuffled != original
    before = read_eu_fsf_xml(excerpt(name), name).entities
    after = read_xml_text(tmp_path, shuffled).entities
    for one, other in zip(before, after, strict=True):
        assert one.name == other.name
        assert set(one.aliases) == set(other.aliases)
        assert one.aliases == other.aliases  # ranked, not in file order
        assert dataclasses.replace(one, line=0) == dataclasses.replace(other, line=0)


# -- 3. birth dates: circa and year ranges in EDTF --------------------------------------------


def test_birth_dates_of_the_real_entries() -> None:
    """A birthdate element without any year (logicalId 225) says nothing and is skipped."""
    (yasin,) = read_eu_fsf_xml(excerpt(ENTITY_507), ENTITY_507).entities
    assert yasin.birth_dates == ("1960-04-10", "1961")
    (putin,) = read_eu_fsf_xml(excerpt(PUTIN), PUTIN).entities
    assert putin.birth_dates == ("1952-10-07",)  # circa="false"


BIRTHDATES = """<sanctionEntity designationDetails="" unitedNationId="" euReferenceNumber="EU.513.75" logicalId="507">
    <subjectType code="person" classificationCode="P"/>
    <nameAlias firstName="Abdul Rahman" middleName="" lastName="Yasin" wholeName="Abdul Rahman Yasin" strong="true" logicalId="1190"/>
    {birthdates}
</sanctionEntity>"""


@pytest.mark.parametrize(
    ("attributes", "written"),
    [
        (
            'circa="true" birthdate="1960-04-10" dayOfMonth="10" monthOfYear="4" year="1960"',
            "1960-04-10~",
        ),
        ('circa="true" year="1960"', "1960~"),
        ('circa="true" monthOfYear="4" year="1960"', "1960-04~"),
        ('circa="false" year="1960"', "1960"),
        ('circa="false" yearRangeFrom="1960" yearRangeTo="1965"', "1960/1965"),
        ('circa="false" birthdate="" year="" yearRangeFrom="1960" yearRangeTo="1965"', "1960/1965"),
        ('circa="true" yearRangeFrom="1960" yearRangeTo="1965"', "1960~/1965~"),
        ('circa="true" year="" yearRangeFrom="1960" yearRangeTo="1965"', "1960~/1965~"),
        ('yearRangeFrom="1961" yearRangeTo="1961"', "1961"),
        ('yearRangeFrom="1960-01-01" yearRangeTo="1961-12-31"', "1960-01-01/1961-12-31"),
        ('yearRangeFrom="1960" yearRangeTo=""', "1960/.."),
        ('yearRangeFrom="" yearRangeTo="1965"', "../1965"),
        ('circa="true" birthdate="10/04/1960"', "1960-04-10~"),
    ],
)
def test_circa_and_year_ranges_are_kept(tmp_path: Path, attributes: str, written: str) -> None:
    element = (
        f'<birthdate calendarType="GREGORIAN" city="" zipCode="" {attributes} region="" '
        'place="" countryIso2Code="00" countryDescription="UNKNOWN" logicalId="224"/>'
    )
    (entity,) = read_xml_text(tmp_path, fsf(BIRTHDATES.format(birthdates=element))).entities
    assert entity.birth_dates == (written,)


@pytest.mark.parametrize(
    ("circa", "written"), [("true", "1960~"), ("1", "1960~"), ("false", "1960")]
)
def test_csv_circa(tmp_path: Path, circa: str, written: str) -> None:
    path = tmp_path / "list.csv"
    path.write_text(
        "Entity_LogicalId;NameAlias_WholeName;BirthDate_Year;BirthDate_YearRangeFrom;"
        "BirthDate_YearRangeTo;BirthDate_Circa\n"
        "507;Abdul Rahman Yasin;;;;\n"
        f"507;;1960;;;{circa}\n"
        f"507;;;1958;1959;{circa}\n",
        encoding="utf-8",
    )
    (entity,) = read_eu_fsf_csv(path, "list.csv").entities
    ranged = "1958~/1959~" if written.endswith("~") else "1958/1959"
    assert entity.birth_dates == (written, ranged)


# -- 4. CSV v1.0 -------------------------------------------------------------------------------


def test_csv_v1_0_is_detected_and_read() -> None:
    assert detect(V10) == EU_FSF_CSV
    snapshot = read_any(V10, "v1_0.csv")
    assert snapshot is not None
    assert snapshot.notices == ()
    assert "CSV v1.0, Date_file 05/08/2026" in snapshot.meta.sources[0]
    assert snapshot.meta.date == dt.date(2026, 8, 5)
    saddam, almaz = snapshot.entities
    assert saddam.id == "eu-fsf-13"
    assert saddam.name == "Saddam Hussein Al-Tikriti"
    assert saddam.aliases == ("Abu Ali", "Abou Ali")
    assert saddam.nationalities == ("IQ",)  # Citi_country "IRQ", an alpha-3 code
    assert saddam.birth_dates == ("1937-04-28",)
    assert saddam.listed_on == dt.date(2003, 7, 8)
    assert saddam.source == "EU FSF EU.27.28 (1210/2003 (OJ L169))"
    assert saddam.line == 2
    assert almaz.country == "RU"  # Addr_country "RUSSIAN FEDERATION"
    assert almaz.addresses == ("41 ul. Vereiskaya street, Moscow, 121471, RUSSIAN FEDERATION",)
    assert almaz.aliases == ("Концерн ВКО ‘Алмаз – Антей’",)


def test_csv_v1_0_gives_the_entity_the_xml_gives() -> None:
    """All but what the two real files write differently: the 2024 XML has no
    euReferenceNumber (so its source says the logicalId) and writes the remark without the
    brackets the CSV has."""
    (from_xml,) = read_eu_fsf_xml(excerpt(IRQ), IRQ).entities
    from_v10 = by_id(read_eu_fsf_csv(V10, "v1_0.csv"))["eu-fsf-13"]
    assert from_v10.reason == "(UNSC RESOLUTION 1483)"
    assert from_xml.reason == "UNSC RESOLUTION 1483"
    ignored = {"line": 0, "source": None, "reason": None}
    assert dataclasses.replace(from_v10, **ignored) == dataclasses.replace(from_xml, **ignored)


def test_csv_v1_0_without_bom_and_detected_by_its_id_column(tmp_path: Path) -> None:
    text = V10.read_text(encoding="utf-8-sig")
    path = tmp_path / "list.txt"
    path.write_text(text.replace("Date_file;", "Generated;", 1), encoding="utf-8")
    assert detect(path) == EU_FSF_CSV
    snapshot = read_any(path, "list.txt")
    assert snapshot is not None and len(snapshot.entities) == 2
    (notice,) = snapshot.notices
    assert notice.startswith("list.txt: 8 values in columns not read, of 1 kind")
    assert "does not know: column Generated (8) — " in notice


# -- 5. nothing dropped without a word ---------------------------------------------------------


@pytest.mark.parametrize("name", XML_EXCERPTS)
def test_the_real_xml_excerpts_hold_nothing_unknown(name: str) -> None:
    assert read_eu_fsf_xml(excerpt(name), name).notices == ()


def test_the_real_csv_excerpt_holds_nothing_unknown() -> None:
    snapshot = read_eu_fsf_csv(excerpt(CSV_IRQ), CSV_IRQ)
    assert snapshot.notices == ()
    (saddam,) = snapshot.entities
    assert (saddam.name, saddam.aliases) == ("Saddam Hussein Al-Tikriti", ("Abu Ali",))
    assert saddam.listed_on == dt.date(2003, 7, 8)


def test_unknown_xml_is_one_notice_naming_it(tmp_path: Path) -> None:
    text = excerpt(IRQ).read_text(encoding="utf-8")
    text = text.replace(
        '<subjectType code="person" classificationCode="P"/>',
        '<subjectType code="person" classificationCode="P"/>\n'
        '<pepStatus level="2"><since year="2003"/></pepStatus>\n<pepStatus level="3"/>',
    )
    text = text.replace('wholeName="Abu Ali"', 'wholeName="Abu Ali" script="Latn"')
    snapshot = read_xml_text(tmp_path, text, "irq.xml")
    (notice,) = snapshot.notices
    assert notice.startswith("irq.xml: 3 elements and attributes not read, of 2 kinds")
    assert "<pepStatus> in <sanctionEntity> (2), nameAlias@script (1)" in notice
    (saddam,) = snapshot.entities  # the rest is read as before
    assert dataclasses.replace(saddam, line=0) == dataclasses.replace(
        read_eu_fsf_xml(excerpt(IRQ), IRQ).entities[0], line=0
    )


def test_unknown_csv_columns_are_one_notice(tmp_path: Path) -> None:
    lines = V10.read_text(encoding="utf-8-sig").splitlines()
    path = tmp_path / "extra.csv"
    lines = [lines[0] + ";Naal_nickname", *(line + ";x" for line in lines[1:3]), *lines[3:]]
    path.write_text("\n".join(lines), encoding="utf-8")
    (notice,) = read_eu_fsf_csv(path, "extra.csv").notices
    assert notice.startswith("extra.csv: 2 values in columns not read, of 1 kind")
    assert "column Naal_nickname (2)" in notice


# -- 6. two releases of the same entries diff quietly ------------------------------------------


def next_release(text: str, seed: int) -> str:
    """The same list published again: entities and names in another order, and each entry
    amended by a new act (a later <regulation>)."""
    text = shuffled_names(text, seed)
    amendment = (
        '<regulation regulationType="amendment" organisationType="council" '
        'publicationDate="2025-03-14" entryIntoForceDate="2025-03-14" '
        'numberTitle="2025/514 (OJ L, 2025/514)" programme="X" logicalId="999001">'
        "<publicationUrl>https://eur-lex.europa.eu/eli/reg_impl/2025/514/oj</publicationUrl>"
        "</regulation>"
    )
    text = re.sub(r"(<sanctionEntity\b[^>]*>)", r"\1" + amendment, text)
    entities = re.findall(r"\s*<sanctionEntity\b.*?</sanctionEntity>", text, re.DOTALL)
    if len(entities) > 1:
        start = text.index(entities[0])
        end = text.index(entities[-1]) + len(entities[-1])
        text = text[:start] + "".join(reversed(entities)) + text[end:]
    return text


@pytest.mark.parametrize("name", [ZWE_TERR, PUTIN, IRQ])
def test_a_later_release_of_the_same_entries_is_unchanged(tmp_path: Path, name: str) -> None:
    old = read_eu_fsf_xml(excerpt(name), "old.xml")
    new = read_xml_text(tmp_path, next_release(excerpt(name).read_text(encoding="utf-8"), 5))
    assert new.notices == ()
    report = diff(old, new)
    assert [change.kind for change in report.changes] == [ChangeKind.UNCHANGED] * len(old.entities)


# The XML attribute → CSV v1.1 column rule the published CSV follows (see the README of
# tests/fixtures/formats): the element's prefix and the attribute with a capital, but for these.
CSV_PREFIX = {
    "nameAlias": "NameAlias",
    "address": "Address",
    "birthdate": "BirthDate",
    "identification": "Identification",
    "citizenship": "Citizenship",
}
CSV_RENAMED = {
    ("birthdate", "birthdate"): "BirthDate",
    ("birthdate", "dayOfMonth"): "Day",
    ("birthdate", "monthOfYear"): "Month",
    ("identification", "identificationTypeCode"): "TypeCode",
    ("identification", "identificationTypeDescription"): "TypeDescription",
    ("regulation", "regulationType"): "Type",
}
ENTITY_COLUMNS = {
    "logicalId": "Entity_LogicalId",
    "euReferenceNumber": "Entity_EU_ReferenceNumber",
    "unitedNationId": "Entity_UnitedNationId",
    "designationDate": "Entity_DesignationDate",
    "designationDetails": "Entity_DesignationDetails",
}


def _column(prefix: str, element: str, attribute: str) -> str:
    suffix = CSV_RENAMED.get((element, attribute)) or attribute[:1].upper() + attribute[1:]
    return f"{prefix}_{suffix}"


def as_csv_v11(xml: Path, generated: str) -> str:
    """The XML flattened as the CSV v1.1 is: one row per sub-element, each with its
    entity's and the entity's regulation's columns; every value must find its column."""
    header = V11_HEADER.split(";")
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    ns = f"{{{NAMESPACE}}}"
    for entity in ET.parse(xml).getroot().iter(f"{ns}sanctionEntity"):
        common: dict[str, str] = {"fileGenerationDate": generated}
        common.update({ENTITY_COLUMNS[k]: v for k, v in entity.attrib.items()})
        subject = entity.find(f"{ns}subjectType")
        assert subject is not None
        common["Entity_SubjectType"] = subject.get("code", "")
        common["Entity_SubjectType_ClassificationCode"] = subject.get("classificationCode", "")
        remark = entity.find(f"{ns}remark")
        if remark is not None and remark.text:
            common["Entity_Remark"] = remark.text
        regulations = []
        for regulation in entity.findall(f"{ns}regulation"):
            values = {
                _column("Entity_Regulation", "regulation", k): v
                for k, v in regulation.attrib.items()
                if k != "logicalId"  # the CSV has no column for it
            }
            url = regulation.find(f"{ns}publicationUrl")
            if url is not None and url.text:
                values["Entity_Regulation_PublicationUrl"] = url.text
            regulations.append(values)
        rows = []
        for child in entity:
            element = child.tag.removeprefix(ns)
            if element not in CSV_PREFIX:
                continue
            prefix = CSV_PREFIX[element]
            row = {
                _column(prefix, element, k): v
                for k, v in child.attrib.items()
                if k != "strong"  # the CSV has no column for it
            }
            for grandchild in child:
                name = grandchild.tag.removeprefix(ns)
                if name == "remark":
                    row[f"{prefix}_Remark"] = grandchild.text or ""
                elif name == "regulationSummary":
                    row.update(
                        {
                            _column(f"{prefix}_Regulation", "regulation", k): v
                            for k, v in grandchild.attrib.items()
                        }
                    )
            rows.append(row)
        for index, row in enumerate(rows):
            values = {**common, **regulations[index % len(regulations)], **row}
            assert set(values) <= set(header), set(values) - set(header)
            writer.writerow([values.get(column, "") for column in header])
    return "\ufeff" + out.getvalue()


@pytest.mark.parametrize("name", [ZWE_TERR, PUTIN, IRQ, ENTITY_507])
def test_the_csv_of_a_real_entry_gives_the_entity_its_xml_gives(tmp_path: Path, name: str) -> None:
    path = tmp_path / "list.csv"
    path.write_text(as_csv_v11(excerpt(name), "11/12/2024"), encoding="utf-8")
    from_csv = read_eu_fsf_csv(path, "list.csv")
    from_xml = read_eu_fsf_xml(excerpt(name), name)
    assert from_csv.notices == ()
    assert [dataclasses.replace(e, line=0) for e in from_csv.entities] == [
        dataclasses.replace(e, line=0) for e in from_xml.entities
    ]
    report = diff(from_xml, from_csv)
    assert {change.kind for change in report.changes} == {ChangeKind.UNCHANGED}


def test_identifiers_of_a_real_entry() -> None:
    (yasin,) = read_eu_fsf_xml(excerpt(ENTITY_507), ENTITY_507).entities
    assert yasin.identifiers == (
        Identifier("ID number", "SSN 156-92-9858"),
        Identifier("Other identification number", "M0887925"),
        Identifier("Passport", "27082171"),
    )
