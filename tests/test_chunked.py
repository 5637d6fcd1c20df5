"""Large YAML files are read in runs of entities (``loader.parse_chunked``): the result must
be what reading the whole file gives, and a problem in any run must be found at its place."""

from __future__ import annotations

from pathlib import Path

import pytest

from sanctions_diff.bundled import resolve
from sanctions_diff.errors import InputError
from sanctions_diff.formats import loader
from sanctions_diff.formats.loader import parse_chunked, parse_nodes, parse_snapshot

BAD_INPUTS = Path(__file__).parent / "bad_inputs"

# The largest bundled list: 921 real entities of Annex IV, items at column 0.
LARGEST = "eu-annex-iv-after-20"


def real_text() -> str:
    return resolve(LARGEST).read_text(encoding="utf-8")


def problems(read: object) -> list[tuple[int, int, str]] | object:
    """What a reader gave: the snapshot, or its problems."""
    assert callable(read)
    try:
        return read()
    except InputError as exc:
        return [(p.line, p.column, p.message) for p in exc.problems]


@pytest.mark.parametrize("run", [1, 7, 2000])
def test_runs_of_any_size_give_the_whole_file(run: int) -> None:
    text = real_text()
    chunked = parse_chunked(text, LARGEST, run)
    assert chunked is not None
    assert len(chunked.entities) == 921
    assert chunked == parse_nodes(text, LARGEST)


def test_indented_items_in_runs() -> None:
    """Items indented under ``entities:`` (another valid layout) are cut the same way."""
    text = real_text()
    head, _, body = text.partition("entities:\n")
    indented = head + "entities:\n" + "".join("  " + line for line in body.splitlines(True))
    chunked = parse_chunked(indented, LARGEST, 5)
    assert chunked is not None
    assert chunked == parse_nodes(indented, LARGEST)


def test_problems_in_several_runs_are_each_located() -> None:
    """A misspelt key in the 3rd entity and a duplicate id in the 900th: runs of 5 read
    both with the node reader, which reports them where the whole-file reader does."""
    lines = real_text().splitlines(True)
    starts = [k for k, line in enumerate(lines) if line.startswith("- id: ")]
    third, late = starts[2], starts[899]
    lines[third + 1] = lines[third + 1].replace("  name:", "  nmae:", 1)
    lines[late] = "- id: eu-833-iv-1\n"  # the first entity's id, again
    text = "".join(lines)
    chunked = problems(lambda: parse_chunked(text, LARGEST, 5))
    assert chunked == problems(lambda: parse_nodes(text, LARGEST))
    assert chunked == [
        (third + 1, 3, "entity has no name — add 'name: ...'"),
        (third + 2, 3, "unknown key 'nmae' in an entity — did you mean 'name'?"),
        (
            late + 1,
            3,
            "duplicate id 'eu-833-iv-1' (first on line 13) — ids must be unique in a file",
        ),
    ]


def test_header_problem_is_located_after_the_entities() -> None:
    """The ``snapshot:`` mapping read apart keeps its line numbers, even after the block."""
    text = real_text()
    header, _, body = text.partition("entities:\n")
    moved = "entities:\n" + body + header.replace("kind: consolidated", "kind: consolidatd")
    chunked = problems(lambda: parse_chunked(moved, LARGEST, 100))
    assert chunked == problems(lambda: parse_nodes(moved, LARGEST))
    assert isinstance(chunked, list) and len(chunked) == 1
    assert "kind 'consolidatd' is not one of" in chunked[0][2]


def test_alias_of_an_anchor_in_an_earlier_run_is_refused_at_the_alias() -> None:
    text = real_text().replace("  country: RU\n", "  country: &ru RU\n", 1)
    lines = text.splitlines(True)
    last_ru = max(k for k, line in enumerate(lines) if line == "  country: RU\n")
    lines[last_ru] = "  country: *ru\n"
    chunked = problems(lambda: parse_chunked("".join(lines), LARGEST, 10))
    assert chunked == [
        (
            last_ru + 1,
            12,
            "anchors and aliases (&name / *name) are not allowed — write the value out",
        )
    ]


def test_not_chunkable_layout_steps_aside() -> None:
    """Flow-style entities cannot be cut at item lines: the whole file is read instead."""
    text = "snapshot: {title: T}\nentities: [{name: A}, {name: B}]\n"
    assert parse_chunked(text, "f.yaml", 1) is None


def utf8_corpus() -> list[Path]:
    """The corpus files that are UTF-8 text (the others are refused before any YAML is read)."""
    found = []
    for path in sorted(p for p in BAD_INPUTS.glob("*.yaml") if p.is_file()):
        try:
            path.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            continue
        found.append(path)
    return found


@pytest.mark.parametrize("path", utf8_corpus(), ids=lambda path: path.name)
def test_corpus_read_in_runs_agrees_with_the_whole_file(path: Path) -> None:
    """Every hostile file of the corpus, read as a large file would be: the same snapshot or
    the same problems (or, when its entities are not plain items, a step aside)."""
    text = path.read_bytes().decode("utf-8").removeprefix("\ufeff")
    chunked = problems(lambda: parse_chunked(text, path.name))
    if chunked is None:
        return
    whole = problems(lambda: parse_snapshot(text, path.name))
    assert chunked == whole


def test_large_text_is_read_in_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    """parse_snapshot takes the chunked reader above CHUNKED_ABOVE: seen by its problem
    for an alias whose anchor is in an earlier run (the whole-file reader reports the
    anchor instead)."""
    text = real_text().replace("  country: RU\n", "  country: &ru RU\n", 1)
    text = (
        text[: text.rindex("  country: RU\n")]
        + "  country: *ru\n"
        + text[text.rindex("  country: RU\n") + len("  country: RU\n") :]
    )
    whole = problems(lambda: parse_snapshot(text, LARGEST))
    monkeypatch.setattr(loader, "CHUNKED_ABOVE", len(text) - 1)
    monkeypatch.setattr(loader, "CHUNK_ITEMS", 10)
    chunked = problems(lambda: parse_snapshot(text, LARGEST))
    assert isinstance(whole, list) and isinstance(chunked, list)
    assert whole != chunked
    assert [message for _, _, message in chunked] == [message for _, _, message in whole]


def test_runs_report_their_progress() -> None:
    calls: list[tuple[str, int, int]] = []
    chunked = parse_chunked(real_text(), LARGEST, 400, lambda *call: calls.append(call))
    assert chunked is not None
    assert calls == [(f"reading {LARGEST}", n, 921) for n in (400, 800, 921)]
