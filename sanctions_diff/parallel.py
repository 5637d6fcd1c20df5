"""Using a second CPU: the only module that forks. Two uses: reading two large snapshot
files at once (``load_each``) and splitting the matcher's name scoring (``in_halves``).
Only work whose result is small next to its cost pays: forking is cheap (8 ms for a
process holding 100,000 entities), but every page either process writes afterwards (a
reference count is a write) is copied, and what the child sends must be rebuilt here.
Preparing names in a child was measured and dropped for that reason (see matcher).

Reading a 100,000-entity file takes seconds (YAML 3 s, JSON Lines 1.7 s), and a diff reads
two; Python runs one thread at a time, so the second file waits for the first. Here a
forked child reads part of the files while this process reads the rest, and hands back
what it read as plain tuples in ``marshal`` form, in runs of entities that are rebuilt here
as they arrive: sending 100,000 entities that way costs about 0.2 s in the child and 0.15 s
here, partly at once, against 1.3 s + 0.9 s by pickle (the entities are rebuilt here, not
unpickled), so the two loads overlap for almost nothing.

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
import struct
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO

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
# code, an identifier type) comes back as a copy each time, not one shared object (at 1M
# entities the diff process peaked 2% higher, 2,744 against 2,683 MB, with the whole
# hand-back sent at once; sent in runs, as now, it peaks at 2,609 MB).
_MARSHAL_VERSION = 2

# Each frame the child sends: its length (8 bytes, little-endian), then its marshal data.
_FRAME_SIZE = struct.Struct("<Q")

# The child sends a file's entities in runs of this many: this process rebuilds each run
# while the child encodes the next (a run is about 1 MB).
SEND_ENTITIES = 5000

_TYPES = {kind.value: kind for kind in EntityType}
_KINDS = {kind.value: kind for kind in SnapshotKind}
_STAGES = {stage.value: stage for stage in Stage}
_COVERAGES = {coverage.value: coverage for coverage in Coverage}


def _ordinal(date: dt.date | None) -> int | None:
    return None if date is None else date.toordinal()


def _date(ordinal: int | None) -> dt.date | None:
    return None if ordinal is None else dt.date.fromordinal(ordinal)


def _encode_meta(meta: SnapshotMeta) -> tuple[Any, ...]:
    return (
        meta.title,
        meta.kind.value,
        meta.package,
        None if meta.stage is None else meta.stage.value,
        _ordinal(meta.date),
        meta.coverage.value,
        meta.sources,
        meta.annex,
        meta.has_header,
    )


def _decode_meta(data: tuple[Any, ...]) -> SnapshotMeta:
    title, kind, package, stage, date, coverage, sources, annex, has_header = data
    return SnapshotMeta(
        title=title,
        kind=_KINDS[kind],
        package=package,
        stage=None if stage is None else _STAGES[stage],
        date=_date(date),
        coverage=_COVERAGES[coverage],
        sources=sources,
        annex=annex,
        has_header=has_header,
    )


def _encode_rows(entities: Sequence[Entity]) -> list[tuple[Any, ...]]:
    return [
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
        for e in entities
    ]


def _decode_rows(rows: list[tuple[Any, ...]]) -> list[Entity]:
    return [
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
    ]


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
    read_end, pid = _start_child(lambda: [work(odd, False)])
    try:
        mine = work(range(0, count, 2), True)
    except BaseException:
        _abandon(read_end, pid)
        raise
    sent = _receive(read_end, pid)
    theirs = sent[0] if sent is not None and len(sent) == 1 else None
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
) -> Iterator[tuple[Any, ...] | list[tuple[Any, ...]]]:
    """What the child sends of each file, frame by frame: (ok, meta, origin, count) then the
    entities in runs of SEND_ENTITIES rows, or (error, problems)."""
    for k in positions:
        path, origin = items[k]
        try:
            snapshot = load(path, origin)
        except InputError as exc:
            yield (_ERROR, [(p.path, p.line, p.column, p.message) for p in exc.problems])
            continue
        yield from snapshot_frames(snapshot)


def snapshot_frames(snapshot: Snapshot) -> Iterator[tuple[Any, ...] | list[tuple[Any, ...]]]:
    """A snapshot as the child sends it: a header (ok, meta, origin, count, notices), then its
    entities in runs of SEND_ENTITIES rows, all tuples of strings, numbers and None (what
    ``marshal`` carries). ``take_snapshot`` rebuilds it."""
    entities = snapshot.entities
    yield (_OK, _encode_meta(snapshot.meta), snapshot.origin, len(entities), snapshot.notices)
    for at in range(0, len(entities), SEND_ENTITIES):
        yield _encode_rows(entities[at : at + SEND_ENTITIES])


def _start_child(frames: Callable[[], Iterable[Any]]) -> tuple[int, int]:
    """Fork a child that sends ``frames()`` (see _run_child): the read end of its pipe, and
    its pid."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child exits inside _run_child
        os.close(read_end)
        _run_child(write_end, frames)
    os.close(write_end)
    return read_end, pid


def _run_child(write_end: int, frames: Callable[[], Iterable[Any]]) -> None:  # pragma: no cover
    """Runs in the forked child: work, sending each frame as it is made, then exit without
    returning to the caller (coverage never sees this: the child ends by ``os._exit``,
    which writes no coverage data)."""
    status = 0
    try:
        with os.fdopen(write_end, "wb") as out:
            for frame in frames():
                data = marshal.dumps(frame, _MARSHAL_VERSION)
                out.write(_FRAME_SIZE.pack(len(data)))
                out.write(data)
    except BaseException:
        # Whatever went wrong (a bug, no memory), the parent does this work itself and
        # shows any failure as it would have without a child.
        status = 1
    finally:
        os._exit(status)


def _frames(stream: BinaryIO) -> Iterator[Any]:
    """The frames the child sent, as they arrive, up to the end of the stream (a frame cut
    short, as by a child that failed while writing, ends it too)."""
    while True:
        head = stream.read(_FRAME_SIZE.size)
        if len(head) < _FRAME_SIZE.size:
            return
        (size,) = _FRAME_SIZE.unpack(head)
        data = stream.read(size)
        if len(data) < size:
            return
        yield marshal.loads(data)


def _abandon(read_end: int, pid: int) -> None:
    """This process failed (a bug, Ctrl-C): stop the child rather than wait for work no one
    will use, and collect it, so that no process is left behind."""
    os.close(read_end)
    _stop(pid)


def _stop(pid: int) -> None:
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)


def _receive(read_end: int, pid: int) -> list[Any] | None:
    """Every frame the child sent, or None when it failed (then what it sent may be cut
    short: a child that exited with 0 sent everything)."""
    with os.fdopen(read_end, "rb") as stream:
        frames = list(_frames(stream))
    _, status = os.waitpid(pid, 0)
    return frames if status == 0 else None


class _CutShort(Exception):
    """The child's frames ended before the files they were to bring."""


def take_snapshot(frames: Iterator[Any]) -> Snapshot | InputError:
    """One file's snapshot (or problems) from the child's frames (see ``snapshot_frames``),
    field for field, its entities rebuilt run by run as they arrive, while the child sends
    the next (100k YAML pair read 2.0 -> 1.9 s)."""
    head = next(frames, None)
    if head is None:
        raise _CutShort
    if head[0] == _ERROR:
        return InputError([Problem(*problem) for problem in head[1]])
    _, meta, origin, count, notices = head
    entities: list[Entity] = []
    while len(entities) < count:
        rows = next(frames, None)
        if rows is None:
            raise _CutShort
        entities += _decode_rows(rows)
    return Snapshot(
        meta=_decode_meta(meta), entities=tuple(entities), origin=origin, notices=notices
    )


def load_each(items: Sequence[tuple[Path, str]], load: Loader) -> list[Snapshot | InputError]:
    """``load(path, origin)`` of each item, in order: the snapshot, or the InputError it
    raised. Other errors propagate, as from ``load`` itself."""
    paths = [path for path, _ in items]
    if not _worth_forking(paths):
        return [_attempt(load, path, origin) for path, origin in items]
    here, there = _split(paths)
    read_end, pid = _start_child(lambda: _load_in_child(items, there, load))
    results: dict[int, Snapshot | InputError] = {}
    try:
        for k in here:
            results[k] = _attempt(load, *items[k])
    except BaseException:
        _abandon(read_end, pid)
        raise
    received = _receive_files(read_end, pid, len(there))
    for n, k in enumerate(there):
        results[k] = received[n] if received is not None else _attempt(load, *items[k])
    return [results[k] for k in range(len(items))]


def _receive_files(read_end: int, pid: int, count: int) -> list[Snapshot | InputError] | None:
    """The ``count`` files the child reads, rebuilt as they arrive, or None when the child
    failed (what it sent may then be cut short or wrong: they are read here instead)."""
    found: list[Snapshot | InputError] | None
    try:
        with os.fdopen(read_end, "rb") as stream:
            frames = _frames(stream)
            try:
                found = [take_snapshot(frames) for _ in range(count)]
            except _CutShort:
                found = None
    except BaseException:
        # This process failed while reading (a bug, Ctrl-C): the child is stopped, not left.
        _stop(pid)
        raise
    _, status = os.waitpid(pid, 0)
    return found if status == 0 else None


def _attempt(load: Loader, path: Path, origin: str) -> Snapshot | InputError:
    try:
        return load(path, origin)
    except InputError as exc:
        return exc
