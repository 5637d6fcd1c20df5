"""Selections (--kind, --country, --type) on real lists: a selected report keeps only the
changes asked for, its summary still counts everything, and every format says what was
left out; history and search keep only the entities asked for."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from shared_data import SHARED

from sanctions_diff.analysis.diff import (
    ChangeKind,
    Report,
    Selection,
    diff,
    parse_selection,
    select,
)
from sanctions_diff.analysis.history import History, Track, build_history, select_tracks
from sanctions_diff.analysis.search import search
from sanctions_diff.bundled import resolve
from sanctions_diff.console import make_console
from sanctions_diff.errors import UsageError
from sanctions_diff.formats.loader import load_snapshot
from sanctions_diff.model import EntityType, Snapshot
from sanctions_diff.render.data import (
    render_history_json,
    render_history_jsonl,
    render_json,
    render_jsonl,
    render_search_json,
    render_search_jsonl,
)
from sanctions_diff.render.markdown import (
    render_history_markdown,
    render_markdown,
    render_search_markdown,
)
from sanctions_diff.render.table import print_history, print_search, print_table

ROOT = Path(__file__).resolve().parent.parent
SCHEMA: dict[str, Any] = json.loads((ROOT / "schema" / "report-v1.json").read_text("utf-8"))
UN_XML = SHARED / "un" / "UN_consolidated.xml"

DROPPED_FIRMS = {
    "3HC Semiconductors",
    "King-Pai Technology",
    "Sigma Technology",
    "Sinno Electronics",
}


@cache
def bundled(name: str) -> Snapshot:
    return load_snapshot(resolve(name), name)


@cache
def eleventh() -> Report:
    return diff(bundled("eu-11-draft"), bundled("eu-11-final"))


@cache
def persons_annex() -> Report:
    """Annex I of the 13th and 14th packages: persons and entities, none in both."""
    return diff(bundled("eu-13-final-269"), bundled("eu-14-final-269"))


def schema_errors(instance: object, definition: str) -> list[str]:
    schema = {k: v for k, v in SCHEMA.items() if k != "oneOf"} | {"$ref": f"#/$defs/{definition}"}
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    return [f"{list(e.absolute_path)}: {e.message[:200]}" for e in validator.iter_errors(instance)]


def table_text(report: Report, include_unchanged: bool = False) -> str:
    buffer = io.StringIO()
    print_table(report, make_console(buffer, terminal=False, environ={}), include_unchanged)
    return buffer.getvalue()


def names(report: Report) -> list[str]:
    return [change.entity.name for change in report.changes]


# -- diff ------------------------------------------------------------------------------------


def test_kind_dropped_gives_the_four_firms_and_the_summary_counts_everything() -> None:
    full = eleventh()
    dropped = select(full, parse_selection(kinds=["dropped"]))
    assert set(names(dropped)) == DROPPED_FIRMS and len(dropped.changes) == 4
    assert (
        dict(dropped.summary)
        == dict(full.summary)
        == {
            ChangeKind.DROPPED: 4,
            ChangeKind.REMOVED: 0,
            ChangeKind.ADDED: 81,
            ChangeKind.CHANGED: 3,
            ChangeKind.UNCHANGED: 0,
        }
    )
    assert dropped.selection == Selection(kinds=frozenset({ChangeKind.DROPPED}))
    # The order of the full report is kept.
    assert list(dropped.changes) == [c for c in full.changes if c.kind is ChangeKind.DROPPED]


def test_country_keeps_the_entities_of_that_country() -> None:
    china = select(eleventh(), parse_selection(countries=["CN"]))
    assert names(china) == ["3HC Semiconductors", "King-Pai Technology"]
    hong_kong = select(eleventh(), parse_selection(countries=["hk"]))
    assert [(c.kind.value, c.entity.name) for c in hong_kong.changes] == [
        ("dropped", "Sigma Technology"),
        ("dropped", "Sinno Electronics"),
        ("changed", "Alpha Trading Investments Limited"),
        ("changed", "Asia Pacific Links Ltd."),
        ("changed", "Tordan Industry Limited"),
    ]
    both = select(eleventh(), parse_selection(kinds=["changed"], countries=["China,HK"]))
    assert len(both.changes) == 3 and all(c.kind is ChangeKind.CHANGED for c in both.changes)


def test_country_matches_a_persons_nationality_and_type_keeps_that_type() -> None:
    """Persons of Annex I have no country but a nationality; every entity of both lists is
    a change (no entity is in both), so the persons kept are the two lists' persons."""
    report = persons_annex()
    persons = select(report, parse_selection(types=["person"]))
    listed = [
        e
        for name in ("eu-13-final-269", "eu-14-final-269")
        for e in bundled(name).entities
        if e.type is EntityType.PERSON
    ]
    assert len(persons.changes) == len(listed) > 100
    assert all(c.entity.type is EntityType.PERSON for c in persons.changes)
    russians = select(report, parse_selection(countries=["RU"], types=["person"]))
    assert 0 < len(russians.changes) < len(persons.changes)
    assert all(
        c.entity.country is None and "RU" in c.entity.nationalities for c in russians.changes
    )
    gabrelyanov = next(c for c in russians.changes if c.entity.id == "eu-269-persons-1755")
    assert gabrelyanov.kind is ChangeKind.ADDED


def test_a_selection_of_everything_is_the_report_itself() -> None:
    assert select(eleventh(), Selection()) is eleventh()
    assert select(eleventh(), parse_selection([], [""], [" "])) is eleventh()


def test_a_selected_report_is_not_selected_again() -> None:
    dropped = select(eleventh(), parse_selection(kinds=["dropped"]))
    with pytest.raises(ValueError, match="already a selection"):
        select(dropped, parse_selection(countries=["CN"]))


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("kinds", "vanished", "--kind: unknown kind 'vanished' — use some of: dropped,removed,"),
        ("countries", "QQ", "--country: unknown country 'QQ' — use ISO 3166 alpha-2 codes"),
        ("countries", "CN,Atlantis", "--country: unknown country 'Atlantis'"),
        ("types", "firm", "--type: unknown type 'firm' — use some of: organization,person,"),
    ],
)
def test_unknown_values_name_the_option_and_what_to_use(
    option: str, value: str, message: str
) -> None:
    with pytest.raises(UsageError) as error:
        parse_selection(**{option: [value]})
    assert str(error.value).startswith(message)
    assert "\n" not in str(error.value)


def test_values_are_read_as_snapshots_read_them() -> None:
    selection = parse_selection(["Dropped, added"], ["china", "RUS", "Hong Kong"], ["PERSON"])
    assert selection.kinds == {ChangeKind.DROPPED, ChangeKind.ADDED}
    assert selection.countries == {"CN", "RU", "HK"}
    assert selection.types == {EntityType.PERSON}


def test_table_and_markdown_say_what_was_filtered() -> None:
    report = select(eleventh(), parse_selection(kinds=["dropped"], countries=["CN"]))
    table = table_text(report)
    assert "Showing only dropped, country CN: 2 of 88 changes\n" in table
    assert "Dropped (in the draft, left out of the final) (2 of 4)\n" in table
    assert "Summary: 4 dropped, 0 removed, 81 added, 3 changed, 0 unchanged" in table
    assert "Sigma Technology" not in table and "King-Pai Technology" in table
    markdown = render_markdown(report, include_unchanged=False)
    assert "\nShowing only dropped, country CN: 2 of 88 changes\n" in markdown
    assert "| 4 | 0 | 81 | 3 | 0 |" in markdown  # the summary counts everything
    assert markdown.count("| eu-11-draft-") == 2
    cut = render_markdown(report, include_unchanged=False, max_bytes=len(markdown.encode()) - 1)
    assert "are left out" in cut and "--kind dropped --country CN -f json" in cut  # filters kept
    # Unchanged pairs are counted in the total only when they are listed.
    consolidated = diff(bundled("eu-annex-iv-after-13"), bundled("eu-annex-iv-after-14"))
    russian = select(consolidated, parse_selection(countries=["RU"]))
    shown = sum(c.kind is not ChangeKind.UNCHANGED for c in russian.changes)
    assert f"Showing only country RU: {shown} of 61 changes" in table_text(russian)
    everything = len(russian.changes)
    assert f"Showing only country RU: {everything} of 675 changes" in table_text(russian, True)


def test_json_says_what_was_filtered_and_validates() -> None:
    report = select(eleventh(), parse_selection(["dropped", "changed"], ["HK", "CN"], []))
    document = json.loads(render_json(report, include_unchanged=False))
    assert document["selection"] == {
        "kinds": ["dropped", "changed"],
        "countries": ["CN", "HK"],
        "types": [],
        "shown": 7,
    }
    assert list(document)[-2:] == ["selection", "changes"]
    assert document["summary"]["added"] == 81 and len(document["changes"]) == 7
    assert schema_errors(document, "diff_report") == []
    records = [json.loads(line) for line in render_jsonl(report, False).splitlines()]
    assert records[0]["selection"] == document["selection"]
    assert len(records) == 2 + 7
    for record in records:
        assert schema_errors(record, "diff_record") == [], record["record"]
    # A whole report has no such key: its bytes are those of version 1 before selections.
    assert '"selection"' not in render_json(eleventh(), False)
    broken = document | {"selection": document["selection"] | {"kinds": ["renamed"]}}
    assert schema_errors(broken, "diff_report")
    empty = document | {"selection": {"kinds": [], "countries": [], "types": [], "shown": 0}}
    assert schema_errors(empty, "diff_report")  # a selection selects something


RENDER_SCRIPT = """
import io, sys
from sanctions_diff.analysis.diff import diff, parse_selection, select
from sanctions_diff.bundled import resolve
from sanctions_diff.console import make_console
from sanctions_diff.formats.loader import load_snapshot
from sanctions_diff.render.data import render_json
from sanctions_diff.render.markdown import render_markdown
from sanctions_diff.render.table import print_table
old, new = (load_snapshot(resolve(n), n) for n in ("eu-13-final-269", "eu-14-final-269"))
report = select(diff(old, new), parse_selection(sys.argv[1:2], sys.argv[2:3], sys.argv[3:4]))
buffer = io.StringIO()
print_table(report, make_console(buffer, terminal=False, environ={}), False)
sys.stdout.write(render_json(report, False) + render_markdown(report, False) + buffer.getvalue())
"""


def test_selected_output_is_byte_identical_whatever_the_order_and_hash_seed() -> None:
    """Sets of kinds, countries and types are written in a fixed order: the order the user
    gave them in and Python's hash seed change nothing."""
    outputs = set()
    for seed, arguments in (
        ("0", ["removed,added", "BY,RU,UA", "person,organization"]),
        ("1", ["added,removed", "UA,by,RU", "organization,person"]),
        ("12345", ["added, removed", "Ukraine,RU,BY", "person, organization"]),
    ):
        result = subprocess.run(
            [sys.executable, "-c", RENDER_SCRIPT, *arguments],
            capture_output=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": seed},
            timeout=300,
            check=True,
        )
        outputs.add(result.stdout)
    assert len(outputs) == 1
    text = outputs.pop().decode()
    assert '"countries": [\n      "BY",\n      "RU",\n      "UA"\n    ]' in text
    assert (
        "Showing only removed or added, country BY or RU or UA, type organization or person" in text
    )


@pytest.fixture(scope="module")
def un_pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[Snapshot, Snapshot]:
    """The official UN list and a copy in which one person's second nationality, Sudan,
    became Chad: the old side says SD, the new TD."""
    if not UN_XML.is_file():
        pytest.skip(f"the real UN list is not at {UN_XML} (set SANCTIONS_DIFF_SHARED)")
    text = UN_XML.read_text("utf-8")
    start = text.index("<FIRST_NAME>NOURREDINE</FIRST_NAME>")
    end = text.index("</INDIVIDUAL>", start)
    person = text[start:end]
    changed = person.replace("<VALUE>Sudan</VALUE>", "<VALUE>Chad</VALUE>", 1)
    assert changed != person
    copy = tmp_path_factory.mktemp("un") / "un-changed.xml"
    copy.write_text(text[:start] + changed + text[end:], "utf-8")
    return load_snapshot(UN_XML, "un.xml"), load_snapshot(copy, "un-changed.xml")


def test_a_country_matches_either_side_of_a_pair(un_pair: tuple[Snapshot, Snapshot]) -> None:
    report = diff(*un_pair)
    assert [c.entity.name for c in report.changes if c.kind is ChangeKind.CHANGED] == [
        "NOURREDINE ADAM"
    ]
    for code in ("SD", "TD", "CF"):
        kept = select(report, parse_selection(kinds=["changed"], countries=[code]))
        assert names(kept) == ["NOURREDINE ADAM"], code
    assert select(report, parse_selection(kinds=["changed"], countries=["RU"])).changes == ()
    table = table_text(select(report, parse_selection(kinds=["changed"], countries=["TD"])))
    row = next(line for line in table.splitlines() if "NOURREDINE ADAM" in line)
    assert "CFi.002" in row and "CF, TD" in row and "1969, 1970, 1971" in row
    assert "nationalities: +TD -SD" in table
    assert "Showing only changed, country TD: 1 of 1 change\n" in table


# -- history and search ----------------------------------------------------------------------


@cache
def twelfth_history() -> tuple[History, list[Track]]:
    names = ("eu-12-draft", "eu-12-final", "eu-14-final")
    history = build_history([bundled(name) for name in names])
    return history, list(history.tracks)


def test_history_keeps_tracks_of_the_selected_countries_and_types() -> None:
    _, tracks = twelfth_history()
    kazakh = select_tracks(tracks, parse_selection(countries=["KZ"]))
    every_kazakh = {
        e.name
        for name in ("eu-12-draft", "eu-12-final", "eu-14-final")
        for e in bundled(name).entities
        if e.country == "KZ"
    }
    assert {t.latest.name for t in kazakh} <= every_kazakh
    assert {"Aspan Arba", "Da Group 22"} <= {t.latest.name for t in kazakh}
    assert all(
        any(e.entity is not None and e.entity.country == "KZ" for e in t.events) for t in kazakh
    )
    assert select_tracks(tracks, parse_selection(types=["person"])) == []  # Annex IV: firms
    assert select_tracks(tracks, Selection()) == tracks
    with pytest.raises(ValueError, match="not by kind"):
        select_tracks(tracks, parse_selection(kinds=["dropped"]))


def test_history_formats_say_what_was_filtered() -> None:
    history, tracks = twelfth_history()
    selection = parse_selection(countries=["KZ"])
    kept = select_tracks(tracks, selection)
    buffer = io.StringIO()
    print_history(history, kept, make_console(buffer, terminal=False, environ={}), selection)
    table = buffer.getvalue()
    assert "\nShowing only country KZ\n" in table
    assert table.rstrip().endswith(f"{len(kept)} entities, 2 dropped at least once")
    assert "Showing only country KZ\n" in render_history_markdown(
        history, kept, selection=selection
    )
    document = json.loads(render_history_json(history, kept, selection))
    assert document["selection"] == {
        "kinds": [],
        "countries": ["KZ"],
        "types": [],
        "shown": len(kept),
    }
    assert schema_errors(document, "history_report") == []
    for line in render_history_jsonl(history, kept, selection).splitlines():
        assert schema_errors(json.loads(line), "history_record") == []
    assert "selection" not in json.loads(render_history_json(history, tracks))


def test_search_looks_only_at_the_selected_entities_before_the_limit() -> None:
    snapshots = [bundled(name) for name in ("eu-11-final", "eu-12-final-269", "eu-13-final-269")]
    everything = search("I Jet Global", snapshots)
    assert [h.entity.id for h in everything.hits] == ["eu-833-iv-499", "eu-833-iv-500"]
    emirates = search("I Jet Global", snapshots, selection=parse_selection(countries=["AE"]))
    assert [h.entity.id for h in emirates.hits] == ["eu-833-iv-500"] and emirates.total == 1
    persons = parse_selection(types=["person"])
    all_ivanovs = search("Ivanov", snapshots, limit=None, selection=persons)
    assert all_ivanovs.hits and all(h.entity.type is EntityType.PERSON for h in all_ivanovs.hits)
    some = search("Ivanov", snapshots, limit=2, selection=persons)
    assert some.hits == all_ivanovs.hits[:2] and some.total == all_ivanovs.total
    with pytest.raises(ValueError, match="not by kind"):
        search("Ivanov", snapshots, selection=parse_selection(kinds=["added"]))


def test_search_formats_say_what_was_filtered() -> None:
    snapshots = [bundled("eu-11-final")]
    result = search("I Jet Global", snapshots, selection=parse_selection(countries=["AE"]))
    buffer = io.StringIO()
    print_search(result, make_console(buffer, terminal=False, environ={}))
    table = buffer.getvalue()
    assert table.startswith("Showing only country AE\n")
    assert table.rstrip().endswith(
        "1 hit for “I Jet Global” at threshold 85 in 1 snapshot (eu-11-final)"
    )
    assert "eu-833-iv-499" not in table and "eu-833-iv-500" in table
    markdown = render_search_markdown(result)
    assert "Showing only country AE" in markdown
    assert "1 hit at threshold 85 in 1 snapshot (eu-11-final); 1 shown." in markdown
    document = json.loads(render_search_json(result))
    assert document["selection"]["countries"] == ["AE"] and document["selection"]["shown"] == 1
    assert schema_errors(document, "search_report") == []
    for line in render_search_jsonl(result).splitlines():
        assert schema_errors(json.loads(line), "search_record") == []
    assert re.search(
        r'"total": 1,\s+"searched": \[\s+"eu-11-final"\s+\],\s+"selection"',
        render_search_json(result),
    )
