"""Official formats in (EU FSF XML and CSV, OpenSanctions FtM, UN XML by dispatch), snapshot
files out (YAML, JSON Lines): readers on hand-built fixtures, detection by content, errors
with their line, and round trips through the project's loader."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sanctions_diff.bundled import bundled_names, resolve
from sanctions_diff.errors import InputError
from sanctions_diff.formats import (
    EU_FSF_CSV,
    EU_FSF_XML,
    FTM,
    UN_XML,
    detect,
    read_any,
    read_format,
)
from sanctions_diff.formats.eu_fsf_csv import read_eu_fsf_csv
from sanctions_diff.formats.eu_fsf_xml import read_eu_fsf_xml
from sanctions_diff.formats.jsonl import parse_jsonl
from sanctions_diff.formats.loader import load_snapshot, parse_snapshot
from sanctions_diff.formats.schema import ENTITY_KEYS
from sanctions_diff.formats.writer import scalar, write_jsonl, write_yaml
from sanctions_diff.model import (
    Coverage,
    Entity,
    EntityType,
    Identifier,
    Snapshot,
    SnapshotKind,
    SnapshotMeta,
)

FIXTURES = Path(__file__).parent / "fixtures" / "formats"
FSF_XML = FIXTURES / "eu-fsf.xml"
FSF_CSV = FIXTURES / "eu-fsf.csv"
FTM_JSONL = FIXTURES / "opensanctions.ftm.jsonl"

AKSYONOV, RAKHMANOV, ALMAZ, SGM = "eu-fsf-148781", "eu-fsf-171204", "eu-fsf-150215", "eu-fsf-161873"


def by_id(snapshot: Snapshot) -> dict[str | None, Entity]:
    return {entity.id: entity for entity in snapshot.entities}


def without_lines(snapshot: Snapshot) -> list[Entity]:
    return [dataclasses.replace(entity, line=0) for entity in snapshot.entities]


def problem_lines(error: pytest.ExceptionInfo[InputError]) -> list[str]:
    return error.value.lines()


# -- EU FSF XML ------------------------------------------------------------------------------


def test_fsf_xml_reads_each_subject() -> None:
    snapshot = read_eu_fsf_xml(FSF_XML, "eu-fsf.xml")
    assert snapshot.origin == "eu-fsf.xml"
    assert [e.id for e in snapshot.entities] == [AKSYONOV, RAKHMANOV, ALMAZ, SGM]
    entities = by_id(snapshot)

    rakhmanov = entities[RAKHMANOV]
    assert rakhmanov.name == "Aleksandr Aleksandrovich RAKHMANOV"
    assert rakhmanov.type is EntityType.PERSON
    assert rakhmanov.aliases == (
        "Aliaksandr Aliaksandrovich RAKHMANOV",
        "Александр Александрович РАХМАНОВ",
        "Аляксандр Аляксандравіч РАХМАНАЎ",
    )
    assert rakhmanov.nationalities == ("BY",)
    assert rakhmanov.birth_dates == ("1976-07-25",)
    assert rakhmanov.identifiers == (Identifier("ID number", "3250776C045PB3"),)
    assert rakhmanov.country is None  # persons have nationalities, not a country
    assert rakhmanov.listed_on == dt.date(2023, 12, 18)
    assert rakhmanov.source == "EU FSF EU.9876.44 (2023/2875 (OJ L, 2023/2875))"
    assert rakhmanov.reason is not None
    assert rakhmanov.reason.startswith("Aleksandr Rakhmanov is the Deputy Secretary of State")

    aksyonov = entities[AKSYONOV]
    assert aksyonov.name == "Sergey Valeryevich AKSYONOV"
    assert "Сергей Валерьевич АКСЁНОВ" in aksyonov.aliases
    assert aksyonov.birth_dates == ("1972-11-26",)
    assert aksyonov.nationalities == ()  # the act gives none; the birth country is not one
    assert aksyonov.listed_on == dt.date(2014, 3, 17)

    almaz = entities[ALMAZ]
    assert almaz.type is EntityType.ORGANIZATION
    assert almaz.country == "RU"
    assert almaz.identifiers == (Identifier("Registration number", "1027739001993"),)
    assert almaz.addresses == ("41 ul. Vereiskaya street, Moscow, 121471, RUSSIAN FEDERATION",)
    assert "Концерн ВКО ‘Алмаз – Антей’" in almaz.aliases
    assert almaz.listed_on == dt.date(2014, 7, 30)

    sgm = entities[SGM]
    assert sgm.identifiers == (
        Identifier("Registration number", "1077762942212"),
        Identifier("Tax ID", "7729588440"),
        Identifier("Tax ID", "9729299794"),
        Identifier("Registration number", "1207700324941"),
    )
    assert sgm.aliases == (
        "STROYGAZMONTAZH Corporation (SGM Group)",
        "ООО Стройгазмонтаж",
        "груп СГМ",
    )


def test_fsf_xml_metadata_and_positions() -> None:
    snapshot = read_eu_fsf_xml(FSF_XML, "x")
    meta = snapshot.meta
    assert meta.kind is SnapshotKind.CONSOLIDATED
    assert meta.coverage is Coverage.COMPLETE
    assert meta.date == dt.date(2026, 7, 20)
    assert meta.title == "EU consolidated financial sanctions list (FSF), generated 2026-07-20"
    assert "XML" in meta.sources[0] and "globalFileId 190417" in meta.sources[0]
    lines = FSF_XML.read_text(encoding="utf-8").splitlines()
    for entity in snapshot.entities:
        logical_id = entity.id.removeprefix("eu-fsf-") if entity.id else ""
        assert "<sanctionEntity " in lines[entity.line - 1]
        assert f'logicalId="{logical_id}"' in lines[entity.line - 1]


def fsf(body: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<export xmlns="http://eu.europa.ec/fpi/fsd/export" generationDate="2026-01-02T10:00:00.000+01:00">\n'
        f"{body}\n</export>\n"
    )


def test_fsf_xml_skips_what_says_nothing_and_keeps_the_subject(tmp_path: Path) -> None:
    path = tmp_path / "list.xml"
    path.write_text(
        fsf(
            """<sanctionEntity euReferenceNumber="EU.1.2" logicalId="9">
  <regulation regulationType="amendment" publicationDate="2022-04-08" numberTitle="2022/581 (OJ L110)"/>
  <regulation regulationType="regulation" publicationDate="2022-02-25" numberTitle="2022/261 (OJ L42I)"/>
  <subjectType code="person" classificationCode="P"/>
  <nameAlias wholeName="Ivan WEAK" strong="false"/>
  <nameAlias firstName="Ivan" middleName="Ivanovich" lastName="IVANOV" wholeName="" strong="true"><remark>good quality alias</remark></nameAlias>
  <nameAlias wholeName="Ivan  Ivanovich
     IVANOV"/>
  <citizenship countryIso2Code="00" countryDescription="UNKNOWN"/>
  <citizenship countryIso2Code="" countryDescription="RUSSIAN FEDERATION"/>
  <birthdate circa="false" city="" countryIso2Code="00" countryDescription="UNKNOWN"/>
  <birthdate birthdate="" monthOfYear="3" year="1965"/>
  <birthdate yearRangeFrom="1970" yearRangeTo="1971"/>
  <birthdate birthdate="02/03/1961"/>
  <identification number="" identificationTypeCode="passport"/>
  <identification number="П123" latinNumber="P123" identificationTypeCode="passport" identificationTypeDescription="National passport"/>
  <identification number="77" identificationTypeCode="nsomething" identificationTypeDescription="Odd document"/>
  <address countryIso2Code="00" countryDescription="UNKNOWN"><remark>no address known</remark></address>
</sanctionEntity>"""
        ),
        encoding="utf-8",
    )
    (entity,) = read_eu_fsf_xml(path, "list.xml").entities
    assert entity.name == "Ivan Ivanovich IVANOV"  # the first strong name, from its parts
    assert entity.aliases == ("Ivan WEAK",)  # whitespace collapsed: the same name once
    assert entity.nationalities == ("RU",)
    assert entity.birth_dates == ("1965-03", "1970/1971", "1961-03-02")  # EDTF interval
    assert entity.identifiers == (
        Identifier("Passport", "П123"),
        Identifier("Passport", "P123"),
        Identifier("Odd document", "77"),
    )
    assert entity.addresses == ()
    assert entity.listed_on == dt.date(2022, 2, 25)  # the earliest act
    assert entity.source == "EU FSF EU.1.2 (2022/261 (OJ L42I))"


def test_fsf_xml_designation_date_without_a_dated_regulation(tmp_path: Path) -> None:
    path = tmp_path / "list.xml"
    path.write_text(
        fsf(
            """<sanctionEntity designationDate="2016-11-30" logicalId="5">
  <subjectType code="enterprise" classificationCode="E"/>
  <nameAlias wholeName="Korea Mining Development Trading Corporation" strong="true"/>
  <address city="Pyongyang" countryIso2Code="KP" countryDescription="KOREA, DEMOCRATIC PEOPLE'S REPUBLIC OF"/>
</sanctionEntity>"""
        ),
        encoding="utf-8",
    )
    (entity,) = read_eu_fsf_xml(path, "list.xml").entities
    assert entity.listed_on == dt.date(2016, 11, 30)
    assert entity.country == "KP"
    assert entity.source == "EU FSF logicalId 5"


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        (
            fsf('<sanctionEntity logicalId="1">\n<nameAlias wholeName="A"></sanctionEntity>'),
            "4:28",
            "mismatched tag",
        ),
        (
            fsf('<sanctionEntity logicalId="1">\n<nameAlias wholeName="A & B"/></sanctionEntity>'),
            "4:",
            "not well-formed",
        ),
        ("", "1:1", "no element found"),
        ('<?xml version="1.0"?>\n<sdnList/>', "2:1", "not <export>"),
        (
            '<?xml version="1.0"?>\n<!DOCTYPE export [<!ENTITY a "aaaaaaaaaa">]>\n<export/>',
            "2:",
            "entity declaration",
        ),
        (
            fsf('<sanctionEntity logicalId="7">\n<subjectType code="person"/>\n</sanctionEntity>'),
            "3:1",
            "logicalId=7 has no name",
        ),
    ],
)
def test_fsf_xml_errors_have_their_line(
    tmp_path: Path, text: str, where: str, message: str
) -> None:
    path = tmp_path / "bad.xml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as error:
        read_eu_fsf_xml(path, "bad.xml")
    (line,) = problem_lines(error)
    assert line.startswith(f"bad.xml:{where}")
    assert message in line


def test_fsf_xml_truncated_file_is_an_error_with_its_line(tmp_path: Path) -> None:
    text = FSF_XML.read_text(encoding="utf-8")
    path = tmp_path / "cut.xml"
    path.write_text(text[: len(text) // 2], encoding="utf-8")
    with pytest.raises(InputError) as error:
        read_format(EU_FSF_XML, path, "cut.xml")
    (line,) = problem_lines(error)
    assert re.match(r"cut\.xml:\d+:\d+: not well-formed XML", line)
    assert int(line.split(":")[1]) > 1


# -- EU FSF CSV ------------------------------------------------------------------------------


def test_fsf_csv_gives_the_same_snapshot_as_the_xml() -> None:
    from_xml = read_eu_fsf_xml(FSF_XML, "list")
    from_csv = read_eu_fsf_csv(FSF_CSV, "list")
    assert without_lines(from_csv) == without_lines(from_xml)
    assert dataclasses.replace(from_csv.meta, sources=()) == dataclasses.replace(
        from_xml.meta, sources=()
    )
    assert "CSV" in from_csv.meta.sources[0] and "20/07/2026" in from_csv.meta.sources[0]


def test_fsf_csv_is_as_published() -> None:
    data = FSF_CSV.read_bytes()
    assert data.startswith(b"\xef\xbb\xbffileGenerationDate;Entity_LogicalId;")
    header = data.split(b"\r\n", 1)[0].decode("utf-8-sig").split(";")
    assert len(header) == 118
    assert header.index("NameAlias_WholeName") == 19 and header.index("BirthDate_BirthDate") == 54


def test_fsf_csv_lines_point_at_the_first_row_of_each_subject() -> None:
    snapshot = read_eu_fsf_csv(FSF_CSV, "x")
    rows = FSF_CSV.read_text(encoding="utf-8-sig").splitlines()
    for entity in snapshot.entities:
        logical_id = entity.id.removeprefix("eu-fsf-") if entity.id else ""
        assert rows[entity.line - 1].split(";")[1] == logical_id
        assert rows[entity.line - 2].split(";")[1] != logical_id


def test_fsf_csv_groups_rows_wherever_they_are(tmp_path: Path) -> None:
    header, *rows = FSF_CSV.read_text(encoding="utf-8-sig").splitlines()
    random.Random(7).shuffle(rows)
    path = tmp_path / "shuffled.csv"
    path.write_text("\ufeff" + "\r\n".join([header, *rows, "", ""]), encoding="utf-8")
    shuffled = sorted(without_lines(read_eu_fsf_csv(path, "x")), key=lambda e: e.id or "")
    original = sorted(without_lines(read_eu_fsf_csv(FSF_CSV, "x")), key=lambda e: e.id or "")
    # Sub-elements keep the order of their rows; compare them as sets.
    for one, other in zip(shuffled, original, strict=True):
        assert set(one.aliases) | {one.name} == set(other.aliases) | {other.name}
        assert set(one.identifiers) == set(other.identifiers)
        assert (one.listed_on, one.birth_dates, one.country) == (
            other.listed_on,
            other.birth_dates,
            other.country,
        )


@pytest.mark.parametrize(
    ("edit", "where", "message"),
    [
        ((";EU.3859.66;", ';"EU.3859.66"x;'), "15:1", "not valid CSV"),
        ((";EU.3859.66;", ";EU.3859.66;x;"), "15:1", "119 fields, the header 118"),
        ((";150215;", ";;"), "15:1", "no Entity_LogicalId"),
        (
            ("fileGenerationDate;Entity_LogicalId;", "fileGenerationDate;Entity_Id;"),
            "1:1",
            "no Entity_LogicalId column",
        ),
    ],
)
def test_fsf_csv_errors_have_their_line(
    tmp_path: Path, edit: tuple[str, str], where: str, message: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(FSF_CSV.read_text(encoding="utf-8").replace(*edit, 1), encoding="utf-8")
    with pytest.raises(InputError) as error:
        read_eu_fsf_csv(path, "bad.csv")
    (line,) = problem_lines(error)
    assert line.startswith(f"bad.csv:{where}: ")
    assert message in line


def test_fsf_csv_bad_bytes_are_placed(tmp_path: Path) -> None:
    lines = FSF_CSV.read_bytes().split(b"\r\n")
    assert b";EU.2862.92;" in lines[4]
    lines[4] = lines[4].replace(b";EU.2862.92;", b";EU.2862.92\xff;", 1)
    path = tmp_path / "bad.csv"
    path.write_bytes(b"\r\n".join(lines))
    with pytest.raises(InputError) as error:
        read_eu_fsf_csv(path, "bad.csv")
    (line,) = problem_lines(error)
    column = len(lines[4].split(b"\xff")[0].decode("utf-8")) + 1
    assert line.startswith(f"bad.csv:5:{column}: not UTF-8")


def test_fsf_fixtures_use_only_what_the_readers_know() -> None:
    """Every element, attribute and all 118 columns of v1.1 are known: no notice."""
    assert read_eu_fsf_xml(FSF_XML, "x").notices == ()
    assert read_eu_fsf_csv(FSF_CSV, "x").notices == ()


def test_fsf_csv_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    with pytest.raises(InputError, match=r"empty\.csv:1:1: empty file"):
        read_eu_fsf_csv(path, "empty.csv")


# -- detection -------------------------------------------------------------------------------

UN_SAMPLE = """<?xml version="1.0" encoding="UTF-8"?>
<CONSOLIDATED_LIST xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" dateGenerated="2026-02-27T00:00:09.554Z">
 <INDIVIDUALS><INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>SAMPLE</FIRST_NAME><SECOND_NAME>PERSON</SECOND_NAME>
  <REFERENCE_NUMBER>QDi.999</REFERENCE_NUMBER><LISTED_ON>2001-01-25</LISTED_ON></INDIVIDUAL></INDIVIDUALS>
 <ENTITIES/>
</CONSOLIDATED_LIST>
"""


def test_detect_by_content_not_by_name(tmp_path: Path) -> None:
    assert detect(FSF_XML) == EU_FSF_XML
    assert detect(FSF_CSV) == EU_FSF_CSV
    assert detect(FTM_JSONL) == FTM
    for source, name in [(FSF_XML, "content"), (FSF_CSV, "list.txt"), (FTM_JSONL, "x.yaml")]:
        copy = tmp_path / name
        copy.write_bytes(source.read_bytes())
        assert detect(copy) == detect(source)
    un = tmp_path / "consolidated"
    un.write_text(UN_SAMPLE, encoding="utf-8")
    assert detect(un) == UN_XML


def test_detect_the_csv_without_bom_and_the_xml_without_declaration(tmp_path: Path) -> None:
    csv_path = tmp_path / "a"
    csv_path.write_bytes(FSF_CSV.read_bytes().removeprefix(b"\xef\xbb\xbf"))
    assert detect(csv_path) == EU_FSF_CSV
    xml_path = tmp_path / "b"
    xml_path.write_text(
        '<!-- downloaded -->\n<export xmlns="http://eu.europa.ec/fpi/fsd/export"/>',
        encoding="utf-8",
    )
    assert detect(xml_path) == EU_FSF_XML


def test_snapshots_and_other_files_are_not_official_formats(tmp_path: Path) -> None:
    assert detect(resolve("eu-11-final")) is None
    jsonl = tmp_path / "snap.jsonl"
    jsonl.write_text(write_jsonl(load_snapshot(resolve("eu-12-draft"))), encoding="utf-8")
    assert detect(jsonl) is None
    others = {
        "other.xml": '<?xml version="1.0"?><sdnList xmlns="https://ofac"/>',
        "plain.csv": "name;country\nA;RU\n",
        "obj.json": '{"schema": "Person"}\n',
        "empty": "",
    }
    for name, text in others.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        assert detect(path) is None, name
        assert read_any(path, name) is None
    assert detect(tmp_path / "missing") is None
    assert detect(tmp_path) is None


def test_read_any_dispatches(tmp_path: Path) -> None:
    for path in (FSF_XML, FSF_CSV, FTM_JSONL):
        snapshot = read_any(path, path.name)
        assert snapshot is not None and snapshot.origin == path.name
        assert len(snapshot.entities) == 4
    assert read_any(resolve("eu-11-final"), "eu-11-final") is None


def test_read_any_hands_the_un_list_to_its_reader(tmp_path: Path) -> None:
    pytest.importorskip("sanctions_diff.formats.un_xml")
    path = tmp_path / "un.xml"
    path.write_text(UN_SAMPLE, encoding="utf-8")
    snapshot = read_any(path, "un.xml")
    assert snapshot is not None
    assert [e.name for e in snapshot.entities] == ["SAMPLE PERSON"]


# -- writers ---------------------------------------------------------------------------------


def assert_round_trip(snapshot: Snapshot, tmp_path: Path) -> None:
    for name, text in (("s.yaml", write_yaml(snapshot)), ("s.jsonl", write_jsonl(snapshot))):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        again = load_snapshot(path, origin=snapshot.origin)
        assert again.meta == snapshot.meta, name
        assert without_lines(again) == without_lines(snapshot), name


@pytest.mark.parametrize("name", bundled_names())
def test_bundled_lists_round_trip(name: str, tmp_path: Path) -> None:
    assert_round_trip(load_snapshot(resolve(name), origin=name), tmp_path)


@pytest.mark.parametrize("path", [FSF_XML, FSF_CSV, FTM_JSONL], ids=lambda p: p.name)
def test_converted_fixtures_round_trip(path: Path, tmp_path: Path) -> None:
    snapshot = read_any(path, path.name)
    assert snapshot is not None
    assert_round_trip(snapshot, tmp_path)


def test_yaml_style_is_the_bundled_lists_style() -> None:
    snapshot = read_eu_fsf_xml(FSF_XML, "x")
    text = write_yaml(snapshot)
    assert text == write_yaml(snapshot)  # deterministic
    assert (
        "\nsnapshot:\n  title: EU consolidated financial sanctions list (FSF), generated 2026-07-20\n"
        in text
    )
    assert "\n  date: 2026-07-20\n" in text
    assert (
        "\n- id: eu-fsf-171204\n  name: Aleksandr Aleksandrovich RAKHMANOV\n  aliases:\n  - "
        in text
    )
    assert '\n  - {type: ID number, value: "3250776C045PB3"}\n' in text
    assert '\n  birth_dates:\n  - "1976-07-25"\n  nationalities:\n  - BY\n' in text
    assert "\n  listed_on: 2023-12-18\n" in text
    assert "\n  country: \n" not in text and "aliases: []" not in text  # empty keys left out
    for block in text.split("\nentities:\n")[1].split("\n- ")[1:]:
        keys = re.findall(r"^(?:- |  )?(\w+):", block, re.MULTILINE)
        assert keys[:2] == ["id", "name"]
        assert keys == sorted(keys, key=ENTITY_KEYS.index)


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("Trust Logistics LLC", "Trust Logistics LLC"),
        ("NO", '"NO"'),
        ("yes", '"yes"'),
        ("0123", '"0123"'),
        ("1520", '"1520"'),
        ("2023-06-23", '"2023-06-23"'),
        ("~", '"~"'),
        ("null", '"null"'),
        ("- dash", '"- dash"'),
        ("a: b", '"a: b"'),
        ("a #b", '"a #b"'),
        ("“Atrium”", "“Atrium”"),
        ("'quoted'", "\"'quoted'\""),
        ('say "hi"', 'say "hi"'),
        ("line\nbreak", '"line\\nbreak"'),
        ("nel\x85sep\u2028end", '"nel\\x85sep\\u2028end"'),
        ("bell\x07", '"bell\\x07"'),
    ],
)
def test_yaml_scalars(value: str, written: str) -> None:
    assert scalar(value) == written
    assert parse_snapshot(f"snapshot:\n  title: {written}\nentities: []\n", "x").meta.title == value


text_values = st.text(min_size=1).map(str.strip).filter(bool)
entities = st.builds(
    Entity,
    name=text_values,
    type=st.sampled_from(list(EntityType)),
    id=st.none() | text_values,
    aliases=st.lists(text_values, max_size=3).map(tuple),
    country=st.none() | st.sampled_from(["RU", "NO", "XK", "SU"]),
    identifiers=st.lists(st.builds(Identifier, text_values, text_values), max_size=2).map(tuple),
    addresses=st.lists(text_values, max_size=2).map(tuple),
    listed_on=st.none() | st.dates(min_value=dt.date(1000, 1, 1)),
    source=st.none() | text_values,
    birth_dates=st.lists(text_values, max_size=2).map(tuple),
    nationalities=st.lists(st.sampled_from(["BY", "NO", "CS"]), max_size=2).map(tuple),
    reason=st.none() | text_values,
)
metas = st.builds(
    SnapshotMeta,
    title=text_values,
    date=st.none() | st.dates(min_value=dt.date(1000, 1, 1)),
    sources=st.lists(text_values, max_size=2).map(tuple),
    annex=st.none() | text_values,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(metas, st.lists(entities, max_size=3, unique_by=lambda e: e.id or id(e)))
def test_any_text_round_trips(meta: SnapshotMeta, listed: list[Entity]) -> None:
    """Whatever characters a name holds (quotes, YAML words, controls, line breaks)."""
    snapshot = Snapshot(meta=meta, entities=tuple(listed), origin="x")
    for again in (
        parse_snapshot(write_yaml(snapshot), "x"),
        parse_jsonl(write_jsonl(snapshot), "x"),
    ):
        assert again.meta == meta
        assert without_lines(again) == listed


# -- a file of the real list's size ------------------------------------------------------------


# Run in a fresh interpreter, so that its peak memory is this conversion's alone: the
# high-water mark of its resident memory (Linux; ru_maxrss would carry the parent's peak
# over the fork), else the peak of tracemalloc (exact, slower).
CONVERT = """
import json, sys, time, tracemalloc
from pathlib import Path
from sanctions_diff.formats.eu_fsf_xml import read_eu_fsf_xml
from sanctions_diff.formats.writer import write_yaml

def high_water():
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None

before = high_water()
if before is None:
    tracemalloc.start()
began = time.perf_counter()
snapshot = read_eu_fsf_xml(Path(sys.argv[1]), "big.xml")
read = time.perf_counter() - began
grown = high_water() - before if before is not None else tracemalloc.get_traced_memory()[1]
tracemalloc.stop()
written = write_yaml(snapshot)
print(json.dumps({
    "grown": grown, "seconds": [read, time.perf_counter() - began],
    "entities": len(snapshot.entities), "last": snapshot.entities[-1].id,
    "written": written.count("\\n- id: eu-fsf-"),
}))
"""


def test_a_30_mb_fsf_xml_converts_in_little_memory(tmp_path: Path) -> None:
    """The real list is about 25 MB. Building its tree (ElementTree.parse) takes about six
    times the file in memory; the stream holds only the current record."""
    text = FSF_XML.read_text(encoding="utf-8")
    start, end = text.index("    <sanctionEntity"), text.rindex("</export>")
    blocks = re.findall(r"    <sanctionEntity.*?</sanctionEntity>\n", text[start:end], re.DOTALL)
    path = tmp_path / "big.xml"
    count = 0
    with path.open("w", encoding="utf-8") as stream:
        stream.write(text[:start])
        while stream.tell() < 30 * 1024 * 1024:
            for block in blocks:
                count += 1
                stream.write(re.sub(r'logicalId="\d+">', f'logicalId="{count}">', block, count=1))
        stream.write("</export>\n")
    size = path.stat().st_size
    done = subprocess.run(
        [sys.executable, "-c", CONVERT, str(path)], capture_output=True, text=True, check=True
    )
    result = json.loads(done.stdout)
    grown = result["grown"]
    read, total = result["seconds"]
    print(
        f"{size / 1e6:.1f} MB, {count} subjects: read in {read:.1f} s, converted in {total:.1f} s; memory grew {grown / 1e6:.1f} MB"
    )
    assert result["entities"] == result["written"] == count
    assert result["last"] == f"eu-fsf-{count}"
    # What is kept (the entities, with their statements of reasons) is about half the file
    # here; a tree of the file would be several times its size.
    assert grown < size
