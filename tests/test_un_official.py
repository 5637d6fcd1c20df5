"""The whole real UN consolidated list (2026-02-27, in the shared data folder) read faithfully:
every listing date, document, birth date and name of the XML is in the snapshot, a
converted YAML diffs as all unchanged against the XML, and two releases that differ only by
order and update stamps diff as unchanged. Skipped, with the reason, without the folder.

The expectations are taken from the XML with ElementTree, independently of the reader.
"""

from __future__ import annotations

import random
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from shared_data import SHARED

from sanctions_diff.analysis.diff import ChangeKind, diff
from sanctions_diff.formats.loader import load_snapshot
from sanctions_diff.formats.un_xml import read_un_xml
from sanctions_diff.model import Entity, Identifier, Snapshot

REAL = SHARED / "un" / "UN_consolidated.xml"


@pytest.fixture(scope="module")
def real() -> Path:
    if not REAL.is_file():
        pytest.skip(
            f"the real UN list is not at {REAL} (set SANCTIONS_DIFF_SHARED to the data folder)"
        )
    return REAL


@pytest.fixture(scope="module")
def snapshot(real: Path) -> Snapshot:
    return read_un_xml(real, "un.xml")


@pytest.fixture(scope="module")
def records(real: Path) -> dict[str, ET.Element]:
    root = ET.parse(real).getroot()
    return {
        (record.findtext("REFERENCE_NUMBER") or "").strip(): record
        for tag in ("INDIVIDUAL", "ENTITY")
        for record in root.iter(tag)
    }


def by_id(snapshot: Snapshot) -> dict[str, Entity]:
    return {entity.id: entity for entity in snapshot.entities if entity.id}


def text(element: ET.Element, tag: str) -> str:
    return " ".join((element.findtext(tag) or "").split())


# -- each defect of issue 15, on the real entries that showed it ----------------------------


def test_a_listing_date_with_a_time_zone_offset_is_kept(
    snapshot: Snapshot, records: dict[str, ET.Element]
) -> None:
    # <LISTED_ON>2015-07-01-04:00</LISTED_ON> (SSi.001 and nine others): the day as written.
    entities = by_id(snapshot)
    offset = [ref for ref, r in records.items() if len(text(r, "LISTED_ON")) > 10]
    assert len(offset) == 10 and "SSi.001" in offset
    assert text(records["SSi.001"], "LISTED_ON") == "2015-07-01-04:00"
    assert str(entities["SSi.001"].listed_on) == "2015-07-01"
    assert all(
        str(entities[ref].listed_on) == text(records[ref], "LISTED_ON")[:10] for ref in offset
    )
    assert all(entity.listed_on is not None for entity in snapshot.entities)


def test_a_document_number_given_only_in_its_note_is_kept(snapshot: Snapshot) -> None:
    # QDi.060: "Tunisian passport number L 191609 issued on 28 Feb. 1996, ...", "04643632
    # issued on 18 Jun. 1999", "Italian Fiscal Code: DAOMMD74T11Z352Z".
    assert by_id(snapshot)["QDi.060"].identifiers == (
        Identifier("Passport", "L 191609"),
        Identifier("National Identification Number", "04643632"),
        Identifier("National Identification Number", "DAOMMD74T11Z352Z"),
    )


@pytest.mark.parametrize(
    ("reference", "dates"),
    [
        ("CDi.004", {"1973-11"}),  # NOTE "Nov. 1973"
        ("CFi.009", {"1961-08", "1961-07", "1963-04"}),  # "August 1961", "July 1961", ...
        ("QDi.306", {"1977-08/1977-09"}),  # "Between Aug. and Sep. 1977"
        ("QDi.395", {"1958-09"}),  # YEAR 1958, NOTE "Sep."
        ("QDi.291", {"24/06/1402 (Hijri Calendar)"}),  # another calendar: as printed
        ("LYi.022", {"30-35 years old"}),  # APPROXIMATELY, an age: as printed
        ("TAi.002", {"1955~/1958~", "1945~/1950~"}),  # BETWEEN, NOTE "Approximately"
        ("QDi.295", {"1979-03-03"}),  # DATE, NOTE "from false passport" (not kept)
    ],
)
def test_birth_dates_given_as_notes_ranges_or_approximately(
    snapshot: Snapshot, reference: str, dates: set[str]
) -> None:
    assert set(by_id(snapshot)[reference].birth_dates) >= dates


def test_approximate_birth_years_are_not_exact(
    snapshot: Snapshot, records: dict[str, ET.Element]
) -> None:
    approximate = {
        (ref, text(d, "YEAR"))
        for ref, r in records.items()
        for d in r.iter("INDIVIDUAL_DATE_OF_BIRTH")
        if text(d, "TYPE_OF_DATE") == "APPROXIMATELY" and text(d, "YEAR")
    }
    assert len(approximate) >= 110  # 116 elements, a few repeated within one entry
    entities = by_id(snapshot)
    for ref, year in approximate:
        assert f"{year}~" in entities[ref].birth_dates, ref
        assert year not in entities[ref].birth_dates, ref


def test_the_birth_dates_of_aliases_are_kept(snapshot: Snapshot) -> None:
    # KPi.016's alias carries DATE_OF_BIRTH 1958-02-22.
    assert "1958-02-22" in by_id(snapshot)["KPi.016"].birth_dates


def test_the_real_list_has_nothing_this_reader_does_not_know(snapshot: Snapshot) -> None:
    assert snapshot.notices == ()
    assert len(snapshot.entities) == 1003


# -- nothing of the XML is missing from the converted YAML, field by field -------------------


@pytest.fixture(scope="module")
def converted(real: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("un") / "un.yaml"
    result = subprocess.run(
        [sys.executable, "-m", "sanctions_diff", "convert", str(real), "-o", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # no notice: the reader knows every element of the list
    return out


def test_diff_of_the_xml_against_its_conversion_is_all_unchanged(
    snapshot: Snapshot, converted: Path
) -> None:
    report = diff(snapshot, load_snapshot(converted))
    assert {change.kind for change in report.changes} == {ChangeKind.UNCHANGED}
    assert len(report.changes) == len(snapshot.entities) == 1003


def test_every_name_date_and_document_of_the_xml_is_in_the_yaml(
    records: dict[str, ET.Element], converted: Path
) -> None:
    entities = by_id(load_snapshot(converted))
    assert set(entities) == set(records)
    for ref, record in records.items():
        entity = entities[ref]
        names = set(entity.names())
        # Names: the name parts joined, every alias, the original script.
        parts = [
            text(record, tag) for tag in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
        ]
        assert " ".join(p for p in parts if p) in names | {""}, ref
        for alias in record.iter():
            if alias.tag.endswith("_ALIAS") and text(alias, "ALIAS_NAME"):
                assert text(alias, "ALIAS_NAME") in names, (ref, text(alias, "ALIAS_NAME"))
        if text(record, "NAME_ORIGINAL_SCRIPT"):
            assert text(record, "NAME_ORIGINAL_SCRIPT") in names, ref
        # Dates: the listing day, every birth date, year and range.
        assert str(entity.listed_on) == text(record, "LISTED_ON")[:10], ref
        births = " ".join(entity.birth_dates)
        for date in record.iter("INDIVIDUAL_DATE_OF_BIRTH"):
            for tag in ("DATE", "YEAR", "FROM_YEAR", "TO_YEAR"):
                assert text(date, tag) in births, (ref, tag, text(date, tag))
            if text(date, "TYPE_OF_DATE") == "APPROXIMATELY" and text(date, "YEAR"):
                assert f"{text(date, 'YEAR')}~" in entity.birth_dates, ref
        # Documents: every number, written or in the note.
        values = {identifier.value for identifier in entity.identifiers}
        for document in record.iter("INDIVIDUAL_DOCUMENT"):
            number = text(document, "NUMBER")
            if number:
                assert number in values, (ref, number)
            elif re.search(r"[0-9]{5}|[A-Z]+[0-9]{3}", text(document, "NOTE")):
                assert any(v in text(document, "NOTE") for v in values), (
                    ref,
                    text(document, "NOTE"),
                )


# -- two releases that differ only by order and update stamps --------------------------------


def test_a_release_reordered_and_restamped_diffs_as_unchanged(real: Path, tmp_path: Path) -> None:
    tree = ET.parse(real)
    root = tree.getroot()
    rng = random.Random(15)
    for group in root:
        records = list(group)
        rng.shuffle(records)
        group[:] = records
        for record in records:
            aliases = [child for child in record if child.tag.endswith("_ALIAS")]
            rest = [child for child in record if not child.tag.endswith("_ALIAS")]
            rng.shuffle(aliases)
            record[:] = rest + aliases
            updated = record.find("LAST_DAY_UPDATED")
            if updated is not None:
                ET.SubElement(updated, "VALUE").text = "2026-03-02"
    root.set("dateGenerated", "2026-03-02T00:00:07.120Z")
    later = tmp_path / "later.xml"
    tree.write(later, encoding="utf-8", xml_declaration=True)
    report = diff(read_un_xml(real, "old.xml"), read_un_xml(later, "new.xml"))
    assert {change.kind for change in report.changes} == {ChangeKind.UNCHANGED}
    assert len(report.changes) == 1003
