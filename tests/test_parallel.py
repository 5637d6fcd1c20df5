"""Reading files in a forked child (``parallel``) gives exactly what reading them here does:
the same entities, field for field, the same problems, and a fallback when the child fails."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest

from sanctions_diff import parallel
from sanctions_diff.bundled import bundled_names, resolve
from sanctions_diff.errors import InputError
from sanctions_diff.loader import load_snapshot
from sanctions_diff.model import Entity, Snapshot, SnapshotMeta
from sanctions_diff.parallel import decode_snapshot, encode_snapshot, load_each

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
    encoder's, so this fails until encode_snapshot/decode_snapshot learn the new field."""
    assert len(dataclasses.fields(Entity)) == 13
    assert len(dataclasses.fields(SnapshotMeta)) == 8


@pytest.mark.parametrize("name", bundled_names())
def test_every_bundled_list_survives_the_round_trip(name: str) -> None:
    snapshot = load_snapshot(resolve(name), origin=name)
    again = decode_snapshot(encode_snapshot(snapshot))
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
    assert decode_snapshot(encode_snapshot(snapshot)) == snapshot


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
