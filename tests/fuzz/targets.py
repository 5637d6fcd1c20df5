"""Fuzz targets: each takes one input and checks a contract, raising AssertionError (or the
escaping exception) when the contract is broken. Driven by hypothesis (``tests/fuzz/__main__``)
and usable as plain functions in regression tests.

- ``loader_bytes``: any file content → a Snapshot, or InputError whose every problem names
  the file with a line and column inside it; nothing else may escape (YAML or JSON Lines).
- ``fast_path_agrees``: whenever the fast YAML path accepts a text, the reference reader
  gives the same snapshot (the yaml_fast contract).
- ``normaliser``: any text → fold/normalize/variants never raise; fold is ASCII words and
  idempotent; normalising is deterministic.
- ``self_match``: any name → a one-entity snapshot compared with itself is one unchanged pair.
"""

from __future__ import annotations

import atexit
import re
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path

from sanctions_diff.analysis.diff import ChangeKind, diff
from sanctions_diff.errors import InputError
from sanctions_diff.formats import loader
from sanctions_diff.formats.yaml_fast import parse_fast
from sanctions_diff.model import Entity, Snapshot, SnapshotMeta
from sanctions_diff.normalize import fold, normalize, variants

_DIRS: list[str] = []


def _workdir() -> str:
    """One temporary folder per process, made on first use and removed at exit."""
    if not _DIRS:
        _DIRS.append(tempfile.mkdtemp(prefix="sanctions-diff-fuzz-"))
        atexit.register(cleanup)
    return _DIRS[0]


_FOLDED = re.compile(r"[a-z0-9]+(?: [a-z0-9]+)*|")


def _check_problems(error: InputError, path: str, text_lines: int) -> None:
    assert error.problems, "an InputError must carry at least one problem"
    for problem in error.problems:
        assert problem.path == path, problem
        assert problem.line >= 1 and problem.column >= 1, problem
        # A problem points into the file (one past the last line for "unexpected end").
        assert problem.line <= text_lines + 1, (problem, text_lines)
        # One line each, and inert on a terminal: values quoted in it are escaped.
        assert problem.message and all(ord(c) >= 32 for c in problem.message), repr(problem)
        assert "Traceback" not in problem.message


def loader_bytes(data: bytes, suffix: str = ".yaml") -> Snapshot | None:
    """Load ``data`` from a real file, as the CLI does."""
    path = Path(_workdir()) / f"input{suffix}"
    path.write_bytes(data)
    shown = f"input{suffix}"
    try:
        snapshot = loader.load_snapshot(path, origin=shown)
    except InputError as error:
        breaks = (b"\n", b"\r", b"\xc2\x85", b"\xe2\x80\xa8", b"\xe2\x80\xa9")
        lines = sum(data.count(b) for b in breaks) + 1
        _check_problems(error, shown, lines)
        return None
    assert snapshot.origin == shown
    for entity in snapshot.entities:
        assert entity.name and entity.name == entity.name.strip(), entity
    ids = [e.id for e in snapshot.entities if e.id is not None]
    assert len(ids) == len(set(ids)), "duplicate ids must be refused"
    return snapshot


def fast_path_agrees(text: str) -> None:
    try:
        fast = parse_fast(text, "f.yaml", loader.typed_by_yaml11)
    except InputError as given:
        # The one error the fast path raises (a sanctions-diff report given as a snapshot)
        # must be the reference reader's own.
        try:
            loader.parse_nodes(text, "f.yaml")
        except InputError as reference:
            assert given.problems == reference.problems, "the two readers word it differently"
            return
        raise AssertionError(f"the fast path refused a text the reference takes: {given}") from None
    if fast is None:
        return
    try:
        reference = loader.parse_nodes(text, "f.yaml")
    except InputError as error:
        raise AssertionError(f"the fast path took a text the reference refuses: {error}") from None
    assert fast == reference, "the fast path and the reference reader disagree"


def jsonl_agrees(text: str, reference: Snapshot) -> None:
    """The same snapshot written as JSON Lines loads to the same values (lines aside)."""
    snapshot = loader_bytes(text.encode("utf-8"), ".jsonl")
    assert snapshot is not None, "the JSON Lines form of a valid snapshot must load"
    assert snapshot.meta == reference.meta
    assert [replace(e, line=0) for e in snapshot.entities] == [
        replace(e, line=0) for e in reference.entities
    ]


def normaliser(text: str) -> None:
    folded = fold(text)
    assert _FOLDED.fullmatch(folded), folded
    assert fold(folded) == folded, "fold is idempotent"
    first = normalize(text)
    normalize.cache_clear()
    assert normalize(text) == first, "normalize is deterministic"
    assert first.tokens, "a name always has a token"
    assert all(token == token.strip() for token in first.tokens)
    for variant in variants(text):
        fold(variant)
        normalize(variant)


def self_match(name: str) -> None:
    if not name.strip():
        return
    entity = Entity(name=name.strip(), line=4)
    snapshot = Snapshot(SnapshotMeta(title="T"), (entity,), "a")
    report = diff(snapshot, snapshot)
    kinds = [c.kind for c in report.changes]
    assert kinds == [ChangeKind.UNCHANGED], (name, kinds)


def cleanup() -> None:
    while _DIRS:
        shutil.rmtree(_DIRS.pop(), ignore_errors=True)
