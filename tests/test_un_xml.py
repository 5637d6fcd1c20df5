"""The UN Security Council consolidated list (official XML) read into a snapshot.

A small fixture in the official format, with the facts of three real entries (CDi.001,
IQi.025, KPe.001), runs everywhere; the real file in the shared data folder
(<repo>/../shared/data/un/UN_consolidated.xml, or $SANCTIONS_DIFF_SHARED/un/...) is read
when present.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from shared_data import SHARED

from sanctions_diff.analysis.diff import ChangeKind, diff
from sanctions_diff.errors import InputError
from sanctions_diff.formats.un_xml import read_un_xml
from sanctions_diff.model import Coverage, EntityType, Identifier, SnapshotKind

REAL = SHARED / "un" / "UN_consolidated.xml"

FIXTURE = """\
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<CONSOLIDATED_LIST xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="https://www.un.org/sc/resources/sc-sanctions.xsd" dateGenerated="2026-02-27T00:00:09.554Z">
  <INDIVIDUALS>
    <INDIVIDUAL>
      <DATAID>6907993</DATAID>
      <VERSIONNUM>1</VERSIONNUM>
      <FIRST_NAME>ERIC</FIRST_NAME>
      <SECOND_NAME>BADEGE</SECOND_NAME>
      <UN_LIST_TYPE>DRC</UN_LIST_TYPE>
      <REFERENCE_NUMBER>CDi.001</REFERENCE_NUMBER>
      <LISTED_ON>2012-12-31</LISTED_ON>
      <GENDER>Male</GENDER>
      <COMMENTS1>He fled to Rwanda in March 2013 and is still living there as of early
2016.</COMMENTS1>
      <NATIONALITY>
        <VALUE>Democratic Republic of the Congo</VALUE>
      </NATIONALITY>
      <LIST_TYPE>
        <VALUE>UN List</VALUE>
      </LIST_TYPE>
      <LAST_DAY_UPDATED>
        <VALUE>2016-10-13</VALUE>
      </LAST_DAY_UPDATED>
      <INDIVIDUAL_ALIAS>
        <QUALITY/>
        <ALIAS_NAME/>
      </INDIVIDUAL_ALIAS>
      <INDIVIDUAL_ADDRESS>
        <COUNTRY>Rwanda</COUNTRY>
        <NOTE>as of early 2016</NOTE>
      </INDIVIDUAL_ADDRESS>
      <INDIVIDUAL_DATE_OF_BIRTH>
        <TYPE_OF_DATE>EXACT</TYPE_OF_DATE>
        <YEAR>1971</YEAR>
      </INDIVIDUAL_DATE_OF_BIRTH>
      <INDIVIDUAL_PLACE_OF_BIRTH>
        <COUNTRY/>
      </INDIVIDUAL_PLACE_OF_BIRTH>
      <INDIVIDUAL_DOCUMENT/>
      <SORT_KEY/>
      <SORT_KEY_LAST_MOD/>
    </INDIVIDUAL>
    <INDIVIDUAL>
      <DATAID>6908072</DATAID>
      <VERSIONNUM>1</VERSIONNUM>
      <FIRST_NAME>TARIQ</FIRST_NAME>
      <SECOND_NAME>AZIZ</SECOND_NAME>
      <UN_LIST_TYPE>Iraq</UN_LIST_TYPE>
      <REFERENCE_NUMBER>IQi.025</REFERENCE_NUMBER>
      <LISTED_ON>2003-06-27</LISTED_ON>
      <NAME_ORIGINAL_SCRIPT>طارق عزيز</NAME_ORIGINAL_SCRIPT>
      <COMMENTS1/>
      <NATIONALITY>
        <VALUE>Iraq</VALUE>
      </NATIONALITY>
      <LIST_TYPE>
        <VALUE>UN List</VALUE>
      </LIST_TYPE>
      <LAST_DAY_UPDATED>
        <VALUE/>
      </LAST_DAY_UPDATED>
      <INDIVIDUAL_ALIAS>
        <QUALITY>Good</QUALITY>
        <ALIAS_NAME>Tariq Mikhail Aziz</ALIAS_NAME>
        <CITY_OF_BIRTH>Baghdad</CITY_OF_BIRTH>
        <COUNTRY_OF_BIRTH>Iraq</COUNTRY_OF_BIRTH>
      </INDIVIDUAL_ALIAS>
      <INDIVIDUAL_ADDRESS>
        <COUNTRY/>
      </INDIVIDUAL_ADDRESS>
      <INDIVIDUAL_DATE_OF_BIRTH>
        <TYPE_OF_DATE>EXACT</TYPE_OF_DATE>
        <DATE>1936-07-01</DATE>
      </INDIVIDUAL_DATE_OF_BIRTH>
      <INDIVIDUAL_PLACE_OF_BIRTH>
        <CITY>Mosul</CITY>
        <COUNTRY>Iraq</COUNTRY>
      </INDIVIDUAL_PLACE_OF_BIRTH>
      <INDIVIDUAL_DOCUMENT>
        <TYPE_OF_DOCUMENT>Passport</TYPE_OF_DOCUMENT>
        <NUMBER>No34409/129</NUMBER>
        <NOTE>(July 1997)</NOTE>
      </INDIVIDUAL_DOCUMENT>
      <SORT_KEY/>
      <SORT_KEY_LAST_MOD/>
    </INDIVIDUAL>
  </INDIVIDUALS>
  <ENTITIES>
    <ENTITY>
      <DATAID>690750</DATAID>
      <VERSIONNUM>1</VERSIONNUM>
      <FIRST_NAME>KOREA MINING DEVELOPMENT TRADING CORPORATION</FIRST_NAME>
      <UN_LIST_TYPE>DPRK</UN_LIST_TYPE>
      <REFERENCE_NUMBER>KPe.001</REFERENCE_NUMBER>
      <LISTED_ON>2009-04-24</LISTED_ON>
      <COMMENTS1>Primary arms dealer and main exporter of goods and equipment related to
ballistic missiles and conventional weapons.</COMMENTS1>
      <LIST_TYPE>
        <VALUE>UN List</VALUE>
      </LIST_TYPE>
      <ENTITY_ALIAS>
        <QUALITY>a.k.a.</QUALITY>
        <ALIAS_NAME>CHANGGWANG SINYONG CORPORATION</ALIAS_NAME>
      </ENTITY_ALIAS>
      <ENTITY_ALIAS>
        <QUALITY>a.k.a.</QUALITY>
        <ALIAS_NAME>"KOMID"</ALIAS_NAME>
      </ENTITY_ALIAS>
      <ENTITY_ADDRESS>
        <STREET>Central District</STREET>
        <CITY>Pyongyang</CITY>
        <COUNTRY>Democratic People's Republic of Korea</COUNTRY>
      </ENTITY_ADDRESS>
      <SORT_KEY/>
      <SORT_KEY_LAST_MOD/>
    </ENTITY>
  </ENTITIES>
</CONSOLIDATED_LIST>
"""


def write(tmp_path: Path, text: str, name: str = "un.xml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_fixture_entries_have_every_field(tmp_path: Path) -> None:
    snapshot = read_un_xml(write(tmp_path, FIXTURE), "un")
    assert snapshot.origin == "un"
    assert snapshot.meta.title == "UN Security Council Consolidated List (2026-02-27)"
    assert snapshot.meta.kind is SnapshotKind.CONSOLIDATED
    assert snapshot.meta.coverage is Coverage.COMPLETE
    assert snapshot.meta.date == dt.date(2026, 2, 27)
    assert "2026-02-27T00:00:09.554Z" in snapshot.meta.sources[0]
    badege, aziz, komid = snapshot.entities
    assert badege.id == "CDi.001"
    assert badege.name == "ERIC BADEGE"
    assert badege.type is EntityType.PERSON
    assert badege.aliases == ()
    assert badege.nationalities == ("CD",)
    assert badege.birth_dates == ("1971",)
    assert badege.addresses == ("Rwanda, as of early 2016",)
    assert badege.country is None  # a person's address is where they live, not a nationality
    assert badege.listed_on == dt.date(2012, 12, 31)
    assert badege.reason == (
        "He fled to Rwanda in March 2013 and is still living there as of early 2016."
    )
    assert badege.source == "UN Security Council consolidated list, CDi.001"
    assert badege.line == 4
    assert aziz.name == "TARIQ AZIZ"
    assert aziz.aliases == ("Tariq Mikhail Aziz", "طارق عزيز")
    assert aziz.identifiers == (Identifier("Passport", "No34409/129"),)
    assert aziz.birth_dates == ("1936-07-01",)
    assert aziz.nationalities == ("IQ",)
    assert aziz.reason is None
    assert komid.id == "KPe.001"
    assert komid.type is EntityType.ORGANIZATION
    assert komid.name == "KOREA MINING DEVELOPMENT TRADING CORPORATION"
    assert komid.aliases == ("CHANGGWANG SINYONG CORPORATION", '"KOMID"')
    assert komid.country == "KP"
    assert komid.addresses == (
        "Central District, Pyongyang, Democratic People's Republic of Korea",
    )
    assert komid.birth_dates == komid.nationalities == ()


def test_fixture_self_diff_is_all_unchanged(tmp_path: Path) -> None:
    snapshot = read_un_xml(write(tmp_path, FIXTURE), "un")
    report = diff(snapshot, snapshot)
    assert report.summary[ChangeKind.UNCHANGED] == 3
    assert sum(report.summary.values()) == 3


def test_malformed_values_lose_only_their_field(tmp_path: Path) -> None:
    text = (
        FIXTURE.replace("<LISTED_ON>2012-12-31</LISTED_ON>", "<LISTED_ON>31/12/2012</LISTED_ON>")
        .replace("<YEAR>1971</YEAR>", "<YEAR>about 1971</YEAR>")
        .replace("<VALUE>Iraq</VALUE>", "<VALUE>na</VALUE>")
        .replace("<NUMBER>No34409/129</NUMBER>", "<NUMBER/>")
        .replace("<DATE>1936-07-01</DATE>", "<DATE>1936-07</DATE>")
    )
    badege, aziz, _ = read_un_xml(write(tmp_path, text), "un").entities
    assert badege.listed_on is None
    assert badege.birth_dates == ()
    assert badege.name == "ERIC BADEGE"
    assert aziz.nationalities == ()  # "na" is not Namibia
    assert aziz.identifiers == ()
    assert aziz.birth_dates == ("1936-07",)


def test_a_record_without_name_takes_its_alias_or_is_skipped(tmp_path: Path) -> None:
    no_name = FIXTURE.replace(
        "<FIRST_NAME>TARIQ</FIRST_NAME>\n      <SECOND_NAME>AZIZ</SECOND_NAME>", ""
    )
    names = [e.name for e in read_un_xml(write(tmp_path, no_name), "un").entities]
    assert names == [
        "ERIC BADEGE",
        "Tariq Mikhail Aziz",
        "KOREA MINING DEVELOPMENT TRADING CORPORATION",
    ]
    nothing = no_name.replace(
        "<ALIAS_NAME>Tariq Mikhail Aziz</ALIAS_NAME>", "<ALIAS_NAME/>"
    ).replace("<NAME_ORIGINAL_SCRIPT>طارق عزيز</NAME_ORIGINAL_SCRIPT>", "")
    ids = [e.id for e in read_un_xml(write(tmp_path, nothing), "un").entities]
    assert ids == ["CDi.001", "KPe.001"]


def test_a_repeated_reference_number_is_kept_once(tmp_path: Path) -> None:
    text = FIXTURE.replace("IQi.025", "CDi.001")
    ids = [e.id for e in read_un_xml(write(tmp_path, text), "un").entities]
    assert ids == ["CDi.001", None, "KPe.001"]


def test_bad_xml_is_an_input_error_with_line_and_column(tmp_path: Path) -> None:
    text = FIXTURE.replace("<GENDER>Male</GENDER>", "<GENDER>Male</GENDR>")
    with pytest.raises(InputError) as caught:
        read_un_xml(write(tmp_path, text), "un.xml")
    (problem,) = caught.value.problems
    assert (problem.path, problem.line, problem.column) == ("un.xml", 12, 21)
    assert "not well-formed XML: mismatched tag" in problem.message


def test_truncated_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        read_un_xml(write(tmp_path, FIXTURE[:3000]), "un.xml")
    assert caught.value.problems[0].line > 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "no element found"),
        ("<?xml version='1.0'?><sdnList/>", "not <CONSOLIDATED_LIST>"),
        (
            '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><CONSOLIDATED_LIST/>',
            "entity declaration 'a' is not accepted",
        ),
    ],
)
def test_not_a_consolidated_list(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        read_un_xml(write(tmp_path, text), "un.xml")
    assert message in str(caught.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_un_xml(tmp_path / "absent.xml", "absent.xml")


@pytest.fixture(scope="module")
def real() -> Path:
    if not REAL.is_file():
        pytest.skip(f"the UN list is not at {REAL} (set SANCTIONS_DIFF_SHARED to the data folder)")
    return REAL


def test_real_list_counts_and_a_known_entry(real: Path) -> None:
    snapshot = read_un_xml(real, "un")
    persons = [e for e in snapshot.entities if e.type is EntityType.PERSON]
    organizations = [e for e in snapshot.entities if e.type is EntityType.ORGANIZATION]
    assert (len(persons), len(organizations), len(snapshot.entities)) == (730, 273, 1003)
    ids = [e.id for e in snapshot.entities]
    assert None not in ids and len(set(ids)) == len(ids)
    (zidane,) = [e for e in snapshot.entities if e.id == "QDi.001"]
    assert zidane.name == "MOHAMMED SALAHALDIN ABD EL HALIM ZIDANE"
    assert zidane.aliases[:2] == ("Sayf-Al Adl", "Muhamad Ibrahim Makkawi")
    assert zidane.aliases[-1] == "محمد صلاح الدين عبدالحليم زيدان"
    assert zidane.birth_dates == ("1963-04-11", "1960-04-11")
    assert zidane.nationalities == ("EG",)
    assert zidane.listed_on == dt.date(2001, 1, 25)
    assert zidane.reason is not None and zidane.reason.startswith("Responsible for Usama bin Laden")
    (komid,) = [e for e in snapshot.entities if e.id == "KPe.001"]
    assert komid.country == "KP"
    assert snapshot.meta.date == dt.date(2026, 2, 27)


def test_real_list_self_diff_is_all_unchanged(real: Path) -> None:
    snapshot = read_un_xml(real, "un")
    report = diff(snapshot, snapshot)
    assert report.summary[ChangeKind.UNCHANGED] == 1003
    assert sum(report.summary.values()) == 1003


def test_what_the_reader_does_not_know_is_counted_in_one_notice(tmp_path: Path) -> None:
    text = (
        FIXTURE.replace("<GENDER>Male</GENDER>", '<GENDER>Male</GENDER><PHOTO id="1">x</PHOTO>')
        .replace("<VALUE>Iraq</VALUE>", '<VALUE lang="en">Iraq</VALUE>')
        .replace("<ENTITIES>", "<VESSELS><VESSEL/><VESSEL/></VESSELS><ENTITIES>")
    )
    snapshot = read_un_xml(write(tmp_path, text), "un.xml")
    assert [e.id for e in snapshot.entities] == ["CDi.001", "IQi.025", "KPe.001"]
    (notice,) = snapshot.notices
    assert notice.startswith("un.xml: 6 elements not read, of 5 kinds this reader does not know: ")
    for named in (
        "<CONSOLIDATED_LIST/VESSELS> (1)",
        "<VESSELS/VESSEL> (2)",
        "<INDIVIDUAL/PHOTO> (1)",
        "<PHOTO id=> (1)",
        "<VALUE lang=> (1)",
    ):
        assert named in notice
    assert read_un_xml(write(tmp_path, FIXTURE), "un.xml").notices == ()


def test_the_command_shows_notices_as_warnings_on_stderr(tmp_path: Path) -> None:
    path = write(
        tmp_path, FIXTURE.replace("<GENDER>Male</GENDER>", "<GENDER>Male</GENDER><PHOTO/>")
    )
    result = subprocess.run(
        [sys.executable, "-m", "sanctions_diff", "diff", str(path), str(path), "-f", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert json.loads(result.stdout)["summary"]["unchanged"] == 3  # data only on stdout
    assert result.stderr.count("warning: ") == 2  # once per input
    assert "1 elements not read" not in result.stderr
    assert f"warning: {path}: 1 element not read, of 1 kind" in result.stderr
