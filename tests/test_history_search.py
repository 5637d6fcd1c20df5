"""`history` and `search` on the bundled data: the questions analysts ask."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from sanctions_diff.analysis.history import Event, Track, build_history, outcome, series_order
from sanctions_diff.analysis.search import search
from sanctions_diff.bundled import bundled_names, resolve
from sanctions_diff.formats.loader import load_snapshot, parse_snapshot
from sanctions_diff.matcher import Method
from sanctions_diff.model import Snapshot, SnapshotKind


def series() -> list[Snapshot]:
    snapshots = [load_snapshot(resolve(n), origin=n) for n in bundled_names()]
    return sorted((s for s in snapshots if s.meta.kind is SnapshotKind.PACKAGE), key=series_order)


@pytest.fixture(scope="module")
def tracks() -> dict[str, Track]:
    history = build_history(series())
    return {t.events[0].name_as_written: t for t in history.tracks}


def events(track: Track) -> list[tuple[str, str]]:
    return [(e.snapshot, e.event.value) for e in track.events]


@pytest.mark.parametrize(
    "firm", ["Sinno Electronics", "3HC Semiconductors", "Sigma Technology", "King-Pai Technology"]
)
def test_four_chinese_firms_proposed_dropped_never_listed(
    tracks: dict[str, Track], firm: str
) -> None:
    track = tracks[firm]
    assert events(track) == [("eu-11-draft", "proposed"), ("eu-11-final", "dropped")]
    assert outcome(track) == "never listed since"


def test_kept_firms_are_proposed_then_listed(tracks: dict[str, Track]) -> None:
    track = tracks["Tordan Industry"]
    assert events(track)[:2] == [("eu-11-draft", "proposed"), ("eu-11-final", "listed")]
    assert track.events[1].name_as_written == "Tordan Industry Limited"
    assert track.events[1].method is Method.EXACT
    assert not track.was_dropped


def test_aspan_arba_dropped_never_listed(tracks: dict[str, Track]) -> None:
    track = tracks["Aspan Arba"]
    assert events(track) == [("eu-12-draft", "proposed"), ("eu-12-final", "dropped")]
    assert outcome(track) == "never listed since"


def test_da_group_22_dropped_then_listed_in_the_14th(tracks: dict[str, Track]) -> None:
    track = tracks["Da Group 22"]
    assert events(track) == [
        ("eu-12-draft", "proposed"),
        ("eu-12-final", "dropped"),
        ("eu-14-final", "listed later"),
    ]
    assert outcome(track) == "listed later in eu-14-final (eu-833-iv-666)"


def test_casic_proposed_in_the_19th_draft_and_dropped(tracks: dict[str, Track]) -> None:
    track = tracks["CASIC"]
    assert events(track) == [("eu-19-draft-269", "proposed"), ("eu-19-final-269", "dropped")]
    assert outcome(track) == "never listed since"
    kept = {
        t.events[0].name_as_written: t
        for t in tracks.values()
        if t.events[0].snapshot == "eu-19-draft-269"
    }
    assert len(kept) == 4
    for name, track in kept.items():
        if name != "CASIC":
            assert ("eu-19-final-269", "listed") in events(track), name


def test_relisting_after_a_drop_is_listed_later() -> None:
    head = "snapshot: {{title: {t}, kind: package, package: {p}, stage: {s}, coverage: {c}}}\nentities:\n"
    draft = parse_snapshot(
        head.format(t="d12", p=12, s="draft", c="partial") + "  - name: Da Group 22\n", "d12"
    )
    final12 = parse_snapshot(
        head.format(t="f12", p=12, s="final", c="complete") + "  - name: Mvizion LLC\n", "f12"
    )
    draft14 = parse_snapshot(
        head.format(t="d14", p=14, s="draft", c="partial") + "  - name: DA GROUP 22 TOO\n", "d14"
    )
    final14 = parse_snapshot(
        head.format(t="f14", p=14, s="final", c="complete")
        + "  - {id: eu-833-iv-666, name: Da Group 22}\n",
        "f14",
    )
    history = build_history([draft, final12, draft14, final14])
    (track,) = [t for t in history.tracks if t.events[0].name_as_written == "Da Group 22"]
    assert [e.event for e in track.events] == [
        Event.PROPOSED,
        Event.DROPPED,
        Event.RE_PROPOSED,
        Event.LISTED_LATER,
    ]
    assert outcome(track) == "listed later in f14 (eu-833-iv-666)"


def test_history_does_not_depend_on_file_order_within_a_snapshot() -> None:
    original = series()
    shuffled = [s.__class__(s.meta, tuple(reversed(s.entities)), s.origin) for s in original]

    def summary(snapshots: list[Snapshot]) -> list[list[tuple[str, str]]]:
        return [events(t) for t in build_history(snapshots).tracks]

    assert sorted(summary(original)) == sorted(summary(shuffled))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("King Pai", "King-Pai Technology"),
        ("Кинг Пай", "King-Pai Technology"),
        ("DA GROUP 22 TOO", "Da Group 22"),
        ("Tordan Industry Ltd", "Tordan Industry Limited"),
        ("ТОРДАН ИНДАСТРИ", "Tordan Industry Limited"),
        ("7721758555", "Trust Logistics"),
    ],
)
def test_search_finds_the_right_entity(query: str, expected: str) -> None:
    result = search(query, series())
    assert result.hits, f"nothing found for {query!r}"
    assert expected in {hit.entity.name for hit in result.hits[:3]}


@pytest.mark.parametrize(
    "query",
    ["Rakhmanov Aleksandr", "RAKHMANOV, Aleksandr", "Александр Рахманов", "Aliaksandr Rakhmanau"],
)
def test_search_finds_persons_in_any_order_and_script(query: str) -> None:
    result = search(query, series())
    assert result.hits[0].entity.name == "Aleksandr Aleksandrovich RAKHMANOV"
    assert result.hits[0].snapshot == "eu-12-final-269"


@pytest.mark.parametrize("query", ["Gazprom Neft", "Banana Republic Trading", "Zhang Wei", "Acme"])
def test_search_returns_nothing_unrelated(query: str) -> None:
    assert search(query, series()).hits == ()


def test_search_limit_and_total() -> None:
    everything = search("Technology", series(), threshold=50, limit=None)
    limited = search("Technology", series(), threshold=50, limit=3)
    assert len(limited.hits) == 3 and limited.total == everything.total > 3
    assert limited.hits == everything.hits[:3]


def run(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "sanctions_diff", *args],
        capture_output=True,
        env={**os.environ, "NO_COLOR": "1"},
        timeout=300,
        check=False,
    )


def test_history_cli_dropped_json() -> None:
    result = run("history", "--dropped", "-f", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["kind"] == "history" and data["schema_version"] == "1"
    names = {e["events"][0]["name_as_written"] for e in data["entities"]}
    assert {
        "Sinno Electronics",
        "3HC Semiconductors",
        "Sigma Technology",
        "King-Pai Technology",
        "Aspan Arba",
        "Da Group 22",
    } <= names
    assert all(e["dropped"] for e in data["entities"])
    for entity in data["entities"]:
        for event in entity["events"]:
            assert set(event) == {"snapshot", "event", "name_as_written", "match"}


def test_history_cli_entity_filter_and_formats() -> None:
    table = run("history", "--entity", "Tordan Industry").stdout.decode()
    assert "Tordan Industry" in table and "Sinno" not in table
    lines = run("history", "--dropped", "-f", "jsonl").stdout.decode().splitlines()
    assert (
        json.loads(lines[0])["record"] == "header" and json.loads(lines[-1])["record"] == "summary"
    )
    markdown = run("history", "--dropped", "-f", "markdown").stdout.decode()
    assert "| Sinno Electronics" in markdown and "never listed since" in markdown


def test_history_with_files_in_the_given_order() -> None:
    result = run("history", "eu-12-draft", "eu-12-final", "-f", "json")
    data = json.loads(result.stdout)
    assert [s["origin"] for s in data["snapshots"]] == ["eu-12-draft", "eu-12-final"]
    assert sum(e["dropped"] for e in data["entities"]) == 2


def test_search_cli_formats() -> None:
    data = json.loads(run("search", "King Pai", "-f", "json").stdout)
    assert data["kind"] == "search" and data["query"] == "King Pai"
    assert data["hits"][0]["entity"]["name"] == "King-Pai Technology"
    assert data["hits"][0]["method"] == "partial"
    lines = run("search", "King Pai", "-f", "jsonl").stdout.decode().splitlines()
    assert [json.loads(line)["record"] for line in lines] == [
        "header",
        *["hit"] * data["total"],
        "summary",
    ]
    assert "King-Pai Technology" in run("search", "King Pai", "-f", "markdown").stdout.decode()
    assert "King-Pai Technology" in run("search", "King Pai").stdout.decode()
