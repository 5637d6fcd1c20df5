"""Using a second CPU: the only module that forks. Two uses: reading two large snapshot
files at once (``load_each``) and splitting the matcher's name scoring (``in_halves``).
Only work whose result is small next to its cost pays: forking is cheap (8 ms for a
process holding 100,000 entities), but every page either process writes afterwards (a
reference count is a write) is copied, and what the child sends must be rebuilt here.
Preparing names in a child was measured and dropped for that reason (see matcher).

Reading a 100,000-entity file takes seconds (YAML 3 s, JSON Lines 1.7 s), and a diff reads
two; Python runs one thread at a time, so the second file waits for the first. Here a
forked child reads part of the files while this process reads the rest, and hands back
what it read as plain tuples in ``marshal`` form: sending 100,000 entities that way costs
0.25 s in the child and 0.35 s here, against 1.3 s + 0.9 s by pickle (the entities are
rebuilt here, not unpickled), so the two loads overlap for almost nothing.

What is loaded is exactly what ``load`` returns in-process: the same entities (a test
compares them field by field on every bundled list) and the same problems. The child is
only a speed-up: where it cannot help (one CPU, no ``fork``, threads running, small files)
or fails for any reason other than a bad input file, the files are read here instead.
"""

from __future__ import annotations

import datetime as dt
import marshal
import os
import signal
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, cast

from .errors import InputError, Problem
from .model import (
    Coverage,
    Entity,
    EntityType,
    Identifier,
    Snapshot,
    SnapshotKind,
    SnapshotMeta,
    Stage,
)

# Below this many bytes of input in all, forking costs more than it saves: a package-sized
# diff reads 50 kB in 10 ms, and forking a process that has imported rich and typer, plus
# the child's exit, costs about as much again.
PARALLEL_MIN_BYTES = 4 << 20

# What ``load`` is: (path, how the user named it) → snapshot, raising InputError.
Loader = Callable[[Path, str], Snapshot]

# What ``in_halves`` runs: (positions, here) → one value per position.
Work = Callable[[Sequence[int], bool], list[Any]]

# One result as sent by the child: ("ok", snapshot tuple) or ("error", problem tuples);
# anything else ("crash") means the file must be read here.
_OK, _ERROR = "ok", "error"

# marshal's format 2 keeps no table of the objects written (format 3 and later do, to write
# a repeated object once): 100,000 entities dump in 0.075 s instead of 0.14-0.18 s, to 25 MB
# instead of 21, and load as fast. The price: a value repeated in the data (a country
# code, an identifier type) comes back as a copy each time, not one shared object; at 1M
# entities the diff process peaked 2% higher (2,744 against 2,683 MB).
_MARSHAL_VERSION = 2

_TYPES = {kind.value: kind for kind in EntityType}
_KINDS = {kind.value: kind for kind in SnapshotKind}
_STAGES = {stage.value: stage for stage in Stage}
_COVERAGES = {coverage.value: coverage for coverage in Coverage}


def _ordinal(date: dt.date | None) -> int | None:
    return None if date is None else date.toordinal()


def _date(ordinal: int | None) -> dt.date | None:
    return None if ordinal is None else dt.date.fromordinal(ordinal)


def encode_snapshot(snapshot: Snapshot) -> tuple[Any, ...]:
    """A snapshot as tuples of strings, numbers and None (what ``marshal`` carries)."""
    meta = snapshot.meta
    return (
        (
            meta.title,
            meta.kind.value,
            meta.package,
            None if meta.stage is None else meta.stage.value,
            _ordinal(meta.date),
            meta.coverage.value,
            meta.sources,
            meta.annex,
        ),
        [
            (
                e.name,
                e.type.value,
                e.id,
                e.aliases,
                e.country,
                tuple((i.type, i.value) for i in e.identifiers),
                e.addresses,
                _ordinal(e.listed_on),
                e.source,
                e.birth_dates,
                e.nationalities,
                e.reason,
                e.line,
            )
            for e in snapshot.entities
        ],
        snapshot.origin,
    )


def decode_snapshot(data: tuple[Any, ...]) -> Snapshot:
    """The snapshot ``encode_snapshot`` was given, field for field."""
    (title, kind, package, stage, date, coverage, sources, annex), rows, origin = data
    meta = SnapshotMeta(
        title=title,
        kind=_KINDS[kind],
        package=package,
        stage=None if stage is None else _STAGES[stage],
        date=_date(date),
        coverage=_COVERAGES[coverage],
        sources=sources,
        annex=annex,
    )
    entities = tuple(
        Entity(
            name,
            _TYPES[kind],
            id_,
            aliases,
            country,
            tuple(Identifier(t, v) for t, v in identifiers) if identifiers else (),
            addresses,
            None if listed_on is None else dt.date.fromordinal(listed_on),
            source,
            birth_dates,
            nationalities,
            reason,
            line,
        )
        for (
            name,
            kind,
            id_,
            aliases,
            country,
            identifiers,
            addresses,
            listed_on,
            source,
            birth_dates,
            nationalities,
            reason,
            line,
        ) in rows
    )
    return Snapshot(meta=meta, entities=entities, origin=origin)


def in_halves(count: int, work: Work, min_count: int) -> list[Any]:
    """``work(positions, here)`` over positions 0 .. count - 1, one result per position, in
    position order. From ``min_count`` positions a forked child does the odd ones
    (interleaved, so that both halves see names from every part of a sorted list).
    ``here`` is False in the child: it must not draw progress, and its results must be
    values ``marshal`` can carry. ``work`` must depend on nothing but its positions: the
    result is then the same whether the child ran, failed or never started (failed: its
    half is done here).
    """
    if count < max(2, min_count) or not _can_fork():
        return list(work(range(count), True))
    odd = range(1, count, 2)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child exits inside _run_child
        os.close(read_end)
        _run_child(write_end, lambda: work(odd, False))
    os.close(write_end)
    try:
        mine = work(range(0, count, 2), True)
    except BaseException:
        _abandon(read_end, pid)
        raise
    theirs = _receive(read_end, pid)
    if theirs is None or len(theirs) != len(odd):
        theirs = work(odd, True)
    found: list[Any] = [None] * count
    found[0::2] = mine
    found[1::2] = theirs
    return found


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # loading reports it


def _can_fork() -> bool:
    return (
        hasattr(os, "fork")
        and _cpus() >= 2
        # Forking with other threads running can leave a lock held in the child forever.
        and threading.active_count() == 1
    )


def _worth_forking(paths: Sequence[Path]) -> bool:
    return len(paths) >= 2 and sum(_size(p) for p in paths) >= PARALLEL_MIN_BYTES and _can_fork()


def _split(paths: Sequence[Path]) -> tuple[list[int], list[int]]:
    """Positions read here and positions read by the child, of about equal bytes: the
    largest file first, each to the lighter side (ties to this process)."""
    here: list[int] = []
    there: list[int] = []
    load = [0, 0]
    for k in sorted(range(len(paths)), key=lambda k: (-_size(paths[k]), k)):
        side = 0 if load[0] <= load[1] else 1
        (here if side == 0 else there).append(k)
        load[side] += _size(paths[k])
    return sorted(here), sorted(there)


def _load_in_child(
    items: Sequence[tuple[Path, str]], positions: list[int], load: Loader
) -> list[tuple[Any, ...]]:
    results: list[tuple[Any, ...]] = []
    for k in positions:
        path, origin = items[k]
        try:
            results.append((_OK, encode_snapshot(load(path, origin))))
        except InputError as exc:
            problems = [(p.path, p.line, p.column, p.message) for p in exc.problems]
            results.append((_ERROR, problems))
    return results


def _run_child(write_end: int, work: Callable[[], list[Any]]) -> None:  # pragma: no cover
    """Runs in the forked child: work, send, exit without returning to the caller (coverage
    never sees this: the child ends by ``os._exit``, which writes no coverage data)."""
    status = 0
    try:
        results = work()
        with os.fdopen(write_end, "wb") as out:
            out.write(marshal.dumps(results, _MARSHAL_VERSION))
    except BaseException:
        # Whatever went wrong (a bug, no memory), the parent does this work itself and
        # shows any failure as it would have without a child.
        status = 1
    finally:
        os._exit(status)


def _abandon(read_end: int, pid: int) -> None:
    """This process failed (a bug, Ctrl-C): stop the child rather than wait for work no one
    will use, and collect it, so that no process is left behind."""
    os.kill(pid, signal.SIGKILL)
    _receive(read_end, pid)


def _receive(read_end: int, pid: int) -> list[Any] | None:
    """What the child sent, or None when it sent nothing usable."""
    with os.fdopen(read_end, "rb") as stream:
        data = stream.read()
    _, status = os.waitpid(pid, 0)
    # The child writes everything or fails (and then exits with 1): what a child that
    # exited with 0 sent is whole.
    if status != 0 or not data:
        return None
    return cast(list[Any], marshal.loads(data))


def load_each(items: Sequence[tuple[Path, str]], load: Loader) -> list[Snapshot | InputError]:
    """``load(path, origin)`` of each item, in order: the snapshot, or the InputError it
    raised. Other errors propagate, as from ``load`` itself."""
    paths = [path for path, _ in items]
    if not _worth_forking(paths):
        return [_attempt(load, path, origin) for path, origin in items]
    here, there = _split(paths)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child exits inside _run_child
        os.close(read_end)
        _run_child(write_end, lambda: _load_in_child(items, there, load))
    os.close(write_end)
    results: dict[int, Snapshot | InputError] = {}
    try:
        for k in here:
            results[k] = _attempt(load, *items[k])
    except BaseException:
        _abandon(read_end, pid)
        raise
    received = _receive(read_end, pid)
    for n, k in enumerate(there):
        results[k] = _decode(received[n]) if received is not None else _attempt(load, *items[k])
    return [results[k] for k in range(len(items))]


def _attempt(load: Loader, path: Path, origin: str) -> Snapshot | InputError:
    try:
        return load(path, origin)
    except InputError as exc:
        return exc


def _decode(result: tuple[Any, ...]) -> Snapshot | InputError:
    status, body = result
    if status == _OK:
        return decode_snapshot(body)
    return InputError([Problem(*problem) for problem in body])
