"""The terminal table on real lists: what tells entities apart is shown (id, type, country or
nationality, birth years), columns empty in a table are left out, a pair's evidence and name
change are said once, field changes are coloured as git colours them when colour is on;
FORCE_COLOR and COLUMNS are honoured off a terminal; counts are grammatical."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from collections.abc import Mapping
from functools import cache
from pathlib import Path

import pytest
from shared_data import SHARED

from sanctions_diff.analysis.diff import Report, diff
from sanctions_diff.analysis.history import build_history
from sanctions_diff.analysis.search import search
from sanctions_diff.bundled import resolve
from sanctions_diff.console import FILE_WIDTH, make_console
from sanctions_diff.formats.loader import load_snapshot
from sanctions_diff.model import Entity, Snapshot, SnapshotMeta
from sanctions_diff.render.human import snapshot_label
from sanctions_diff.render.markdown import left_out, render_markdown
from sanctions_diff.render.table import print_history, print_search, print_table

ROOT = Path(__file__).resolve().parent.parent
UN_XML = SHARED / "un" / "UN_consolidated.xml"

# A foreground colour in an SGR sequence: what colour on means.
COLOUR = re.compile(r"\x1b\[(?:[0-9;]*;)?(?:3[0-8]|9[0-7])[;m]")


@cache
def bundled(name: str) -> Snapshot:
    return load_snapshot(resolve(name), name)


@cache
def report(old: str, new: str) -> Report:
    return diff(bundled(old), bundled(new))


def table(rep: Report, environ: Mapping[str, str] | None = None, unchanged: bool = False) -> str:
    buffer = io.StringIO()
    print_table(rep, make_console(buffer, terminal=False, environ=environ or {}), unchanged)
    return buffer.getvalue()


def header_after(text: str, heading: str) -> list[str]:
    """The column titles of the table under ``heading``."""
    lines = text.splitlines()
    start = next(k for k, line in enumerate(lines) if line.startswith(heading))
    return [cell.strip() for cell in lines[start + 2].strip("┃").split("┃")]


def row_of(text: str, name: str) -> list[str]:
    line = next(line for line in text.splitlines() if f"│ {name} " in line)
    return [cell.strip() for cell in line.strip("│").split("│")]


def test_namesakes_are_told_apart_by_id_and_country() -> None:
    text = table(report("eu-11-draft", "eu-11-final"))
    rows = [line for line in text.splitlines() if "│ I Jet Global DMCC " in line]
    assert [[c.strip() for c in r.strip("│").split("│")] for r in rows] == [
        ["I Jet Global DMCC", "eu-833-iv-499", "SY"],
        ["I Jet Global DMCC", "eu-833-iv-500", "AE"],
    ]


def test_columns_empty_in_a_table_are_left_out() -> None:
    """Dropped and added firms have no other side, no match and here no possible match, no
    birth year, and are all organisations: Name, Id, Country only."""
    text = table(report("eu-11-draft", "eu-11-final"))
    assert header_after(text, "Dropped") == ["Name", "Id", "Country"]
    assert header_after(text, "Added") == ["Name", "Id", "Country"]
    assert header_after(text, "Changed") == ["Name", "Id", "Country", "Match", "Changes"]
    for gone in ("Old", "New", "Details", "Type", "Born"):
        assert f"┃ {gone} " not in text


def test_a_pair_says_its_evidence_and_its_name_change_once() -> None:
    text = table(report("eu-11-draft", "eu-11-final"))
    assert text.count("Tordan Industry → Tordan Industry Limited") == 1
    assert "~" not in text and "match exact" not in text  # the names are not repeated
    row = row_of(text, "Tordan Industry Limited")
    assert row[:4] == [
        "Tordan Industry Limited",
        "eu-11-draft-6 → eu-833-iv-480",
        "HK",
        "exact 100",
    ]
    assert row[4].startswith("name: Tordan Industry → Tordan Industry Limited")


def test_persons_show_type_nationality_and_birth_year() -> None:
    """Annex I mixes persons and entities: the Type column is there; a person has a
    nationality where a firm has a country, and a birth year (Details: possible matches)."""
    text = table(report("eu-13-final-269", "eu-14-final-269"))
    assert header_after(text, "Added") == ["Name", "Id", "Type", "Country", "Born", "Details"]
    assert row_of(text, "Aram Ashotovich GABRELYANOV")[1:] == [
        "eu-269-persons-1755",
        "person",
        "RU",
        "1961",
        "",
    ]
    firm = next(e for e in bundled("eu-14-final-269").entities if e.type.value == "organization")
    assert row_of(text, firm.name)[1:4] == [firm.id, "organization", firm.country or ""]


@pytest.fixture(scope="module")
def un_report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    """The official UN list against a copy where one person lost a nationality (Sudan), an
    alias came and a birth year moved, and an entity was renamed."""
    if not UN_XML.is_file():
        pytest.skip(f"the real UN list is not at {UN_XML} (set SANCTIONS_DIFF_SHARED)")
    text = UN_XML.read_text("utf-8")
    start = text.index("<FIRST_NAME>NOURREDINE</FIRST_NAME>")
    end = text.index("</INDIVIDUAL>", start)
    person = (
        text[start:end]
        .replace("<VALUE>Sudan</VALUE>\n      </NATIONALITY>", "</NATIONALITY>", 1)
        .replace("<YEAR>1969</YEAR>", "<YEAR>1968</YEAR>", 1)
        .replace(
            "<ALIAS_NAME>Nureldine Adam</ALIAS_NAME>",
            "<ALIAS_NAME>Nureldine Adam</ALIAS_NAME>\n      </INDIVIDUAL_ALIAS>\n"
            "      <INDIVIDUAL_ALIAS>\n        <QUALITY>Good</QUALITY>\n"
            "        <ALIAS_NAME>Noureddine Adam Brema</ALIAS_NAME>",
            1,
        )
    )
    changed = text[:start] + person + text[end:]
    changed = changed.replace(
        "<FIRST_NAME>GRAN GRIF</FIRST_NAME>", "<FIRST_NAME>GRAN GRIF LTD</FIRST_NAME>", 1
    )
    copy = tmp_path_factory.mktemp("un") / "un-changed.xml"
    copy.write_text(changed, "utf-8")
    return diff(load_snapshot(UN_XML, "un.xml"), load_snapshot(copy, "un-changed.xml"))


def test_the_official_un_list_against_a_changed_copy(un_report: Report) -> None:
    text = table(un_report)
    assert header_after(text, "Changed") == [
        "Name",
        "Id",
        "Type",
        "Country",
        "Born",
        "Match",
        "Changes",
    ]
    lines = text.splitlines()
    at = next(k for k, line in enumerate(lines) if "│ NOURREDINE ADAM " in line)
    cells = [[c.strip() for c in line.strip("│").split("│")] for line in lines[at : at + 3]]
    assert cells[0][:6] == [
        "NOURREDINE ADAM",
        "CFi.002",
        "person",
        "CF",
        "1968, 1970, 1971",
        "id 100",
    ]
    assert [row[6] for row in cells] == [
        "aliases: +Noureddine Adam Brema",
        "birth_dates: +1968 -1969",
        "nationalities: -SD",
    ]
    gran = row_of(text, "GRAN GRIF LTD")
    assert gran[1:4] == ["HTe.001", "organization", "HT"] and gran[4:6] == ["", "id 100"]
    assert gran[6] == "name: GRAN GRIF → GRAN GRIF LTD"
    assert "Summary: 0 dropped, 0 removed, 0 added, 2 changed, 1001 unchanged" in text


def test_field_changes_are_coloured_as_git_colours_them_only_when_colour_is_on(
    un_report: Report,
) -> None:
    coloured = table(un_report, {"FORCE_COLOR": "1"})
    assert "\x1b[32m+Noureddine Adam Brema\x1b[0m" in coloured  # added: green
    assert "\x1b[32m+1968\x1b[0m \x1b[31m-1969\x1b[0m" in coloured  # removed: red
    assert "\x1b[31mGRAN GRIF\x1b[0m → \x1b[32mGRAN GRIF LTD\x1b[0m" in coloured
    plain = table(un_report)
    assert "\x1b" not in plain
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == plain  # the same words, colour aside


def test_names_are_never_markup_even_in_colour() -> None:
    hostile = "[green]Evil[/green] [link=http://x]Co[/link] \x1b[31mRed"
    old = Snapshot(SnapshotMeta(title="old"), (Entity(name="Acme", id="a", aliases=("X",)),))
    new = Snapshot(SnapshotMeta(title="new"), (Entity(name="Acme", id="a", aliases=(hostile,)),))
    text = table(diff(old, new), {"FORCE_COLOR": "1"})
    assert "[green]Evil[/green] [link=http://x]Co[/link] \\x1b[31mRed" in text
    assert "\x1b]8;" not in text  # no hyperlink escape was made of the name


def test_force_color_and_no_color(un_report: Report) -> None:
    assert COLOUR.search(table(un_report, {"FORCE_COLOR": "1"}))
    assert COLOUR.search(table(un_report, {"FORCE_COLOR": "0"}))  # any value but empty
    assert "\x1b" not in table(un_report, {"FORCE_COLOR": ""})
    assert "\x1b" not in table(un_report, {"FORCE_COLOR": "1", "NO_COLOR": "1"})
    # The same environment gives the same bytes, whatever TERM says.
    assert table(un_report, {"FORCE_COLOR": "1", "TERM": "xterm-256color"}) == table(
        un_report, {"FORCE_COLOR": "1", "TERM": "dumb", "COLORTERM": "truecolor"}
    )


def _widest(text: str) -> int:
    return max(len(line) for line in text.splitlines())


@pytest.mark.parametrize(
    ("columns", "width"),
    [
        ("100", 100),
        (" 90 ", 90),
        ("0", FILE_WIDTH),
        ("-5", FILE_WIDTH),
        ("wide", FILE_WIDTH),
        ("", FILE_WIDTH),
    ],
)
def test_columns_sets_the_width_off_a_terminal(columns: str, width: int) -> None:
    text = table(report("eu-11-draft", "eu-11-final"), {"COLUMNS": columns})
    assert _widest(text) <= width
    # The addresses of the changed firms are long: the table takes all the width it has.
    assert _widest(text) >= width - 20


def run(*args: str, env: Mapping[str, str]) -> bytes:
    base = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "COLUMNS")}
    result = subprocess.run(
        [sys.executable, "-m", "sanctions_diff", *args],
        capture_output=True,
        cwd=ROOT,
        env={**base, **env},
        timeout=300,
        check=True,
    )
    return result.stdout


def test_the_command_honours_force_color_and_columns_in_a_pipe() -> None:
    forced = run("diff", "eu-11-draft", "eu-11-final", env={"FORCE_COLOR": "1"})
    assert COLOUR.search(forced.decode())
    assert forced == run("diff", "eu-11-draft", "eu-11-final", env={"FORCE_COLOR": "1"})
    assert b"\x1b" not in run(
        "diff", "eu-11-draft", "eu-11-final", env={"FORCE_COLOR": "1", "NO_COLOR": "1"}
    )
    narrow = run("diff", "eu-11-draft", "eu-11-final", env={"COLUMNS": "80"}).decode()
    assert b"\x1b" not in narrow.encode() and 70 < _widest(narrow) <= 80
    assert "Tordan Industry" in narrow


def test_counts_are_grammatical() -> None:
    one = Snapshot(SnapshotMeta(title="T"), (Entity(name="Acme"),), origin="one.yaml")
    assert snapshot_label(one) == "one.yaml — T (1 entity)"
    history = build_history([bundled("eu-12-draft")])
    first = [history.tracks[0]]
    buffer = io.StringIO()
    print_history(history, first, make_console(buffer, terminal=False, environ={}))
    text = buffer.getvalue()
    assert text.startswith("1 snapshot: eu-12-draft\n")
    assert text.rstrip().endswith("\n1 entity, 0 dropped at least once")
    assert "Outcome" not in text  # nothing was dropped: no empty column
    found = search("Rakhmanov Aleksandr", [bundled("eu-12-final-269")])
    buffer = io.StringIO()
    print_search(found, make_console(buffer, terminal=False, environ={}))
    assert (
        buffer.getvalue()
        .rstrip()
        .endswith("1 hit for “Rakhmanov Aleksandr” at threshold 85 in 1 snapshot (eu-12-final-269)")
    )
    assert "Aleksandr Aleksandrovich RAKHMANOV │ eu-269-persons-1586 │ BY      │ 1976" in (
        buffer.getvalue()
    )
    selected = table(report("eu-12-draft", "eu-12-final"))
    assert "(4 entities, partial)" in selected
    assert left_out(1, 88, "change") == "1 of 88 changes is left out"
    assert left_out(1_197, 20_000, "change") == "1,197 of 20,000 changes are left out"
    assert left_out(1, 1, "entity") == "1 of 1 entity is left out"


def test_markdown_has_the_tables_columns_and_is_whole_by_default() -> None:
    rep = report("eu-13-final-269", "eu-14-final-269")
    text = render_markdown(rep, include_unchanged=False)
    assert "| Name | Id | Type | Country | Born | Details |\n|---|---|---|---|---|---|\n" in text
    assert "| Aram Ashotovich GABRELYANOV | eu-269-persons-1755 | person | RU | 1961 |  |" in text
    rows = [line for line in text.splitlines() if line.startswith("| ")]
    assert rows[:2] == [
        "| dropped | removed | added | changed | unchanged |",
        "| 0 | 194 | 117 | 0 | 0 |",
    ]
    assert len([row for row in rows[2:] if not row.startswith("| Name ")]) == len(rep.changes)
    assert "Truncated" not in text
