"""Reading files in a forked child (``parallel``) gives exactly what reading them here does:
the same entities, field for field, the same problems, and a fallback when the child fails."""

from __future__ import annotations

import dataclasses
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from sanctions_diff import matcher, parallel
from sanctions_diff.bundled import bundled_names, resolve
from sanctions_diff.errors import InputError
from sanctions_diff.formats.loader import load_snapshot
from sanctions_diff.matcher import scoring
from sanctions_diff.model import Entity, Snapshot, SnapshotMeta
from sanctions_diff.parallel import load_each, snapshot_frames, take_snapshot

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # benchmarks/ is not installed; it lives next to tests/
    sys.path.insert(0, str(ROOT))

from benchmarks.generate import generate, write_pair  # noqa: E402

# The real UN list, where ../shared is present (as tests/test_cli.py finds it).
UN_XML = Path(__file__).resolve().parents[2] / "shared" / "data" / "un" / "UN_consolidated.xml"

fork_only = pytest.mark.skipif(not hasattr(os, "fork"), reason="os.fork is POSIX-only")


@pytest.fixture
def always_fork(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fork for files of any size on any machine with fork (bundled lists are small)."""
    monkeypatch.setattr(parallel, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(parallel, "_cpus", lambda: 2)


def test_the_encoding_names_every_field() -> None:
    """A field added to Entity or SnapshotMeta must be carried too: these counts are the
    encoder's, so this fails until snapshot_frames/take_snapshot learn the new field."""
    assert len(dataclasses.fields(Entity)) == 13
    assert len(dataclasses.fields(SnapshotMeta)) == 9


@pytest.mark.parametrize("name", bundled_names())
def test_every_bundled_list_survives_the_round_trip(name: str) -> None:
    snapshot = load_snapshot(resolve(name), origin=name)
    again = take_snapshot(snapshot_frames(snapshot))
    assert isinstance(again, Snapshot)
    assert again == snapshot
    # Equality of dataclasses could hide a type change (an enum read back as its str).
    for before, after in zip(snapshot.entities, again.entities, strict=True):
        assert type(after.type) is type(before.type)
        assert [type(i) for i in after.identifiers] == [type(i) for i in before.identifiers]
        assert type(after.listed_on) is type(before.listed_on)
    assert type(again.meta.stage) is type(snapshot.meta.stage)
    assert type(again.meta.date) is type(snapshot.meta.date)


@pytest.mark.skipif(not UN_XML.is_file(), reason="shared data (../shared) is absent")
def test_the_real_un_list_survives_the_round_trip() -> None:
    snapshot = load_snapshot(UN_XML)
    assert len(snapshot.entities) > 1000
    assert take_snapshot(snapshot_frames(snapshot)) == snapshot


def _items(*names: str) -> list[tuple[Path, str]]:
    return [(resolve(name), name) for name in names]


def _serial(items: list[tuple[Path, str]]) -> list[Snapshot | InputError]:
    found: list[Snapshot | InputError] = []
    for path, origin in items:
        try:
            found.append(load_snapshot(path, origin))
        except InputError as exc:
            found.append(exc)
    return found


def _same(a: list[Snapshot | InputError], b: list[Snapshot | InputError]) -> None:
    assert len(a) == len(b)
    for x, y in zip(a, b, strict=True):
        if isinstance(x, InputError):
            assert isinstance(y, InputError)
            assert x.problems == y.problems
        else:
            assert x == y


@fork_only
@pytest.mark.usefixtures("always_fork")
def test_files_read_in_a_child_equal_files_read_here() -> None:
    items = _items("eu-annex-iv-after-20", "eu-annex-iv-after-19", "eu-11-draft")
    found = load_each(items, load_snapshot)
    _same(found, _serial(items))
    assert [s.origin for s in found if isinstance(s, Snapshot)] == [o for _, o in items]


@fork_only
@pytest.mark.usefixtures("always_fork")
def test_problems_found_in_the_child_are_the_same(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    # A real entry of the 11th package with its name missing and a date that is no date.
    bad.write_text(
        "snapshot:\n  title: t\nentities:\n  - id: '488'\n    country: RU\n"
        "    listed_on: 2023-13-45\n",
        encoding="utf-8",
    )
    items = [*_items("eu-annex-iv-after-20"), (bad, "bad.yaml")]
    found = load_each(items, load_snapshot)
    assert isinstance(found[1], InputError)
    assert found[1].problems  # a file with problems is never read as a snapshot
    _same(found, _serial(items))


@fork_only
@pytest.mark.usefixtures("always_fork")
def test_a_failing_child_leaves_the_work_to_this_process() -> None:
    parent = os.getpid()
    calls: list[str] = []

    def load(path: Path, origin: str) -> Snapshot:
        if os.getpid() != parent:
            raise MemoryError("the child runs out of memory")
        calls.append(origin)
        return load_snapshot(path, origin)

    items = _items("eu-annex-iv-after-20", "eu-annex-iv-after-19")
    found = load_each(items, load)
    _same(found, _serial(items))
    # Each file was read here once: one as planned, the other after the child failed.
    assert sorted(calls) == sorted(o for _, o in items)


@fork_only
@pytest.mark.usefixtures("always_fork")
def test_an_unexpected_error_here_propagates_and_the_child_is_collected() -> None:
    parent = os.getpid()

    def load(path: Path, origin: str) -> Snapshot:
        if os.getpid() == parent:
            raise RuntimeError("a bug")
        return load_snapshot(path, origin)

    with pytest.raises(RuntimeError, match="a bug"):
        load_each(_items("eu-annex-iv-after-20", "eu-annex-iv-after-19"), load)
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # no child left behind


def test_small_inputs_are_read_here(monkeypatch: pytest.MonkeyPatch) -> None:
    """The bundled lists are far below PARALLEL_MIN_BYTES: no fork at all."""

    def no_fork() -> int:
        raise AssertionError("forked for small files")

    monkeypatch.setattr(os, "fork", no_fork)
    items = _items("eu-11-draft", "eu-11-final")
    _same(load_each(items, load_snapshot), _serial(items))


def test_the_split_balances_bytes(tmp_path: Path) -> None:
    sizes = [5, 1, 3, 3]
    paths = []
    for k, size in enumerate(sizes):
        path = tmp_path / f"{k}.yaml"
        path.write_bytes(b"x" * size)
        paths.append(path)
    here, there = parallel._split(paths)
    assert sorted(here + there) == [0, 1, 2, 3]
    assert here == [0, 1] and there == [2, 3]  # 5 + 1 here, 3 + 3 there


@fork_only
@pytest.mark.usefixtures("always_fork")
def test_work_in_halves_is_the_work_done_here() -> None:
    def work(positions: range, here: bool) -> list[Any]:
        return [(k, k * k, here) for k in positions]

    found = parallel.in_halves(9, work, min_count=0)
    assert [(k, square) for k, square, _ in found] == [(k, k * k) for k in range(9)]
    # The odd positions were done in the child, which is told it is not here.
    assert [k for k, _, here in found if not here] == [1, 3, 5, 7]


@fork_only
@pytest.mark.usefixtures("always_fork")
def test_work_the_child_fails_is_done_here() -> None:
    parent = os.getpid()

    def work(positions: range, here: bool) -> list[Any]:
        if os.getpid() != parent:
            raise MemoryError("the child runs out of memory")
        return [(k, here) for k in positions]

    assert parallel.in_halves(9, work, min_count=0) == [(k, True) for k in range(9)]


def test_few_tasks_are_done_here(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_fork() -> int:
        raise AssertionError("forked for a few tasks")

    monkeypatch.setattr(os, "fork", no_fork)
    found = parallel.in_halves(3, lambda positions, here: [(k, here) for k in positions], 4)
    assert found == [(0, True), (1, True), (2, True)]


@fork_only
def test_name_scoring_split_in_two_pairs_the_same(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A generated pair large enough for blocking (3,000 entities, 30% of the new ones
    without an id; the bundled lists change too little to need fuzzy names): the matches made with the scoring split
    between two processes equal those made in one, score, method and rivals included, and so
    do the possible matches left unpaired."""
    old_file, new_file = write_pair(generate(3000, seed=11), tmp_path, "t", ["jsonl"])["jsonl"]
    old, new = load_snapshot(old_file).entities, load_snapshot(new_file).entities
    # Both ways round: the scorer's queries are the smaller side's names.
    cases = [(old, new), (new, old)]
    monkeypatch.setattr(scoring, "PARALLEL_MIN_QUERIES", 10**9)
    alone = [matcher.pair_up(old, new) for old, new in cases]
    monkeypatch.setattr(scoring, "PARALLEL_MIN_QUERIES", 0)
    monkeypatch.setattr(parallel, "_cpus", lambda: 2)
    forks = 0
    real_fork = os.fork

    def counted_fork() -> int:
        nonlocal forks
        forks += 1
        return real_fork()

    monkeypatch.setattr(os, "fork", counted_fork)
    split = [matcher.pair_up(old, new) for old, new in cases]
    assert forks == 2  # the scoring was split, in both cases
    assert split == alone
    for found in alone:
        assert len(found.matches) > 500
        assert any(m.method is matcher.Method.FUZZY for m in found.matches)
        assert found.possible_old and found.possible_new


@fork_only
@pytest.mark.usefixtures("always_fork")
def test_the_cli_loads_through_the_child_as_it_would_alone(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """``sanctions-diff diff`` loads both files with load_each: the same snapshots, and the
    problems of both files together, as when each is read here."""
    from sanctions_diff import cli

    names = ["eu-annex-iv-after-20", "eu-annex-iv-after-19"]
    forked = cli.load_all(names)
    monkeypatch.setattr(parallel, "PARALLEL_MIN_BYTES", 10**15)
    assert cli.load_all(names) == forked
    bad = tmp_path / "bad.yaml"
    bad.write_text("snapshot:\n  title: t\nentities:\n  - country: RU\n", encoding="utf-8")
    with pytest.raises(InputError) as alone:
        cli.load_all([str(bad), *names, str(bad)])
    monkeypatch.setattr(parallel, "PARALLEL_MIN_BYTES", 0)
    with pytest.raises(InputError) as split:
        cli.load_all([str(bad), *names, str(bad)])
    assert split.value.problems == alone.value.problems
    assert split.value.problems  # the entity without a name


def test_what_the_child_sends_of_each_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The child's part, run here: a header and the entities in runs, or the problems of a
    bad file; taken back frame by frame, they are what loading here gives."""
    monkeypatch.setattr(parallel, "SEND_ENTITIES", 10)
    missing = tmp_path / "missing.yaml"
    items = [*_items("eu-annex-iv-after-20"), (missing, "missing.yaml")]
    sent = list(parallel._load_in_child(items, [0, 1], load_snapshot))
    expected = load_snapshot(*items[0])
    runs = -(-len(expected.entities) // 10)
    assert sent[0][:1] == ("ok",) and sent[0][3] == len(expected.entities)
    assert [len(run) for run in sent[1 : 1 + runs]][:-1] == [10] * (runs - 1)
    frames = iter(sent)
    assert parallel.take_snapshot(frames) == expected
    error = parallel.take_snapshot(frames)
    assert isinstance(error, InputError)
    (problem,) = error.problems
    assert (problem.path, problem.line, problem.column) == ("missing.yaml", 1, 1)
    assert "no such file" in problem.message
    with pytest.raises(parallel._CutShort):
        parallel.take_snapshot(iter(sent[:3]))  # the header and two runs of many
    assert runs > 2


@fork_only
@pytest.mark.usefixtures("always_fork")
def test_files_sent_in_many_runs_equal_files_read_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "SEND_ENTITIES", 7)
    items = _items("eu-annex-iv-after-20", "eu-annex-iv-after-19", "eu-11-draft", "eu-12-draft")
    _same(load_each(items, load_snapshot), _serial(items))


@fork_only
@pytest.mark.usefixtures("always_fork")
def test_a_child_that_fails_while_sending_leaves_the_work_here(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Runs already sent are dropped: a child that dies half-way is read here in full."""
    monkeypatch.setattr(parallel, "SEND_ENTITIES", 7)
    real = parallel._encode_rows
    sent = [0]

    def encode(entities: Any) -> Any:
        sent[0] += 1
        if sent[0] == 3:
            raise MemoryError("the child runs out of memory half-way")
        return real(entities)

    monkeypatch.setattr(parallel, "_encode_rows", encode)
    items = _items("eu-annex-iv-after-20", "eu-annex-iv-after-19")
    _same(load_each(items, load_snapshot), _serial(items))
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # no child left behind


@fork_only
@pytest.mark.usefixtures("always_fork")
def test_a_missing_file_read_in_the_child_is_reported_as_here(tmp_path: Path) -> None:
    items = [*_items("eu-annex-iv-after-20"), (tmp_path / "missing.yaml", "missing.yaml")]
    assert parallel._size(items[1][0]) == 0
    found = load_each(items, load_snapshot)
    _same(found, _serial(items))
    assert isinstance(found[1], InputError)


def test_cpus_without_affinity(monkeypatch: pytest.MonkeyPatch) -> None:
    assert parallel._cpus() >= 1
    monkeypatch.delattr(os, "sched_getaffinity", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 3)
    assert parallel._cpus() == 3
    monkeypatch.setattr(os, "cpu_count", lambda: None)
    assert parallel._cpus() == 1


@fork_only
@pytest.mark.usefixtures("always_fork")
def test_a_failure_here_stops_the_child(tmp_path: Path) -> None:
    """The child's half is not waited for when this process fails: it is stopped (it
    never gets to leave its mark) and collected."""
    parent = os.getpid()
    mark = tmp_path / "child-finished"

    def work(positions: Sequence[int], here: bool) -> list[Any]:
        if os.getpid() == parent:
            raise RuntimeError("a bug")
        time.sleep(1.0)
        mark.touch()
        return list(positions)

    with pytest.raises(RuntimeError, match="a bug"):
        parallel.in_halves(4, work, min_count=0)
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # collected already
    time.sleep(1.5)
    assert not mark.exists()
