"""JSON Lines snapshots: the format for very large lists.

Layout: the first line is ``{"snapshot": {...metadata...}}``, then one entity object per
line, with the same keys as in YAML. The first line may be left out (a quick list): the
snapshot is then what ``SnapshotMeta.headerless`` says. Blank lines are skipped. The file
is read line by line, so memory grows with the entities kept, not with the text. Every
problem is reported with its line (and, for JSON syntax, its column), as for YAML.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from sanctions_diff.errors import InputError, Problem
from sanctions_diff.model import Entity, Snapshot, SnapshotMeta
from sanctions_diff.progress import Progress

from .objects import Invalid, mapping, never_typed, read_entity, read_meta
from .schema import ENTITY_KEYS, refuse_report, report_message

# How much of a file is read to tell JSON Lines from YAML when the name does not say.
SNIFF_BYTES = 65536


def looks_like_jsonl(head: bytes) -> bool:
    """The first line is a JSON object that is a header (just a ``snapshot`` key), an
    entity (it has a ``name``) or a line of a JSON Lines report (which ``read_jsonl`` then
    names). A one-line JSON snapshot (``{"snapshot": ..., "entities": [...]}``) is YAML's."""
    first = head.lstrip(b"\xef\xbb\xbf \t\r\n").split(b"\n", 1)[0]
    if not first.startswith(b"{"):
        return False
    try:
        line = json.loads(first)
    except ValueError:
        return False
    if not isinstance(line, dict):
        return False
    return set(line) == {"snapshot"} or "name" in line or report_message(line) is not None


def _lines(raw: Iterable[bytes], path: str, problems: list[Problem]) -> Iterator[tuple[int, str]]:
    for number, data in enumerate(raw, start=1):
        if number == 1:
            data = data.removeprefix(b"\xef\xbb\xbf")
        try:
            line = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            problems.append(
                Problem(path, number, exc.start + 1, "not UTF-8 text — save the file as UTF-8")
            )
            continue
        if line.strip():
            yield number, line


class _DuplicateKey(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, object]]) -> dict[str, object]:
    """json keeps the last of two equal keys silently; a snapshot must not lose either."""
    found: dict[str, object] = {}
    for key, value in pairs:
        if key in found:
            raise _DuplicateKey(key)
        found[key] = value
    return found


# What _json returns for a line it could not read (None is JSON's null, a value).
_UNREADABLE = object()

# One decoder for every line (json.loads with a hook builds a new one per call).
_DECODER = json.JSONDecoder(object_pairs_hook=_no_duplicates)


def _json(line: str, number: int, path: str, problems: list[Problem]) -> object:
    text = line.rstrip("\r\n")
    try:
        return _DECODER.decode(text)
    except json.JSONDecodeError as exc:
        problems.append(
            Problem(
                path, number, exc.pos + 1, f"not valid JSON: {exc.msg} — one JSON object per line"
            )
        )
    except _DuplicateKey as exc:
        problems.append(Problem(path, number, 1, f"duplicate key '{exc}' — keep one"))
    except (ValueError, RecursionError) as exc:
        # Numbers of over 4,300 digits; nesting deeper than the interpreter's stack.
        reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc).split(";")[0]
        problems.append(
            Problem(
                path, number, 1, f"not valid JSON here: {reason} — one flat JSON object per line"
            )
        )
    return _UNREADABLE


def _is_header(line: object) -> bool:
    """A ``{"snapshot": {...}}`` line, or one like it with that key misspelt (``{"snap":
    {...}}``: a single key that is no entity's, holding a mapping), which is then reported
    as a header's unknown key rather than as an entity's."""
    if not isinstance(line, dict):
        return False
    if "snapshot" in line:
        return True
    if len(line) != 1:
        return False
    ((key, value),) = line.items()
    return key not in ENTITY_KEYS and isinstance(value, dict)


def read_jsonl(raw: Iterable[bytes], path: str) -> Snapshot:
    """A snapshot from the lines of a JSON Lines file. Raises InputError with every problem."""
    problems: list[Problem] = []
    lines = _lines(raw, path, problems)
    first = next(lines, None)
    if first is None:
        raise InputError(
            problems
            or [
                Problem(
                    path,
                    1,
                    1,
                    'empty file — write one entity per line, after an optional {"snapshot": {...}}',
                )
            ]
        )
    header = _json(first[1], first[0], path, problems)
    meta = None
    if isinstance(header, dict):
        refuse_report(header, path)
    if _is_header(header):
        try:
            meta = read_meta(
                mapping(header, "the first line", ("snapshot",))["snapshot"],
                never_typed,
                lambda _: True,
                path,
            )
        except Invalid as exc:
            problems.append(
                Problem(path, first[0], 1, f'{exc} (the first line is {{"snapshot": {{...}}}})')
            )
        rest: Iterable[tuple[int, str]] = lines
    else:
        # No header: the first line is an entity like the others (or is reported as one).
        meta = SnapshotMeta.headerless(path)
        rest = itertools.chain([first], lines)
    entities: list[Entity] = []
    seen: dict[str, int] = {}
    for number, line in rest:
        value = header if number == first[0] else _json(line, number, path, problems)
        if value is _UNREADABLE:
            continue
        try:
            entity = read_entity(value, number, never_typed)
        except Invalid as exc:
            problems.append(Problem(path, number, 1, str(exc)))
            continue
        if entity.id is not None:
            if entity.id in seen:
                problems.append(
                    Problem(
                        path,
                        number,
                        1,
                        f"duplicate id '{entity.id}' (first on line {seen[entity.id]}) — ids must be unique in a file",
                    )
                )
                continue
            seen[entity.id] = number
        entities.append(entity)
    if problems or meta is None:
        raise InputError(problems)
    return Snapshot(meta=meta, entities=tuple(entities), origin=path)


def parse_jsonl(text: str, path: str) -> Snapshot:
    """``read_jsonl`` for text in memory."""
    return read_jsonl((line.encode("utf-8") for line in text.split("\n")), path)


# One entity per line: no real entity comes near this, and a longer "line" (a file with no
# line breaks, a binary file) must not be read into memory whole.
MAX_LINE_BYTES = 16 * 1024 * 1024


class _LineTooLong(Exception):
    def __init__(self, number: int) -> None:
        self.number = number


# Reading progress is reported every this many lines (a few times a second).
PROGRESS_LINES = 1 << 14


def _bounded_lines(
    stream: BinaryIO, report: Callable[[int], None] | None = None
) -> Iterator[bytes]:
    """The lines of ``stream``; ``report(bytes read)`` every PROGRESS_LINES lines and at
    the end."""
    number = read = 0
    while True:
        line = stream.readline(MAX_LINE_BYTES + 1)
        if not line:
            if report is not None:
                report(read)
            return
        number += 1
        if len(line) > MAX_LINE_BYTES:
            raise _LineTooLong(number)
        if report is not None:
            read += len(line)
            if number % PROGRESS_LINES == 0:
                report(read)
        yield line


def load_jsonl(path: Path, shown: str, progress: Progress | None = None) -> Snapshot:
    """The snapshot of a JSON Lines file; ``progress`` is told the megabytes read."""
    report = None
    if progress is not None:
        megabytes = max(1, math.ceil(path.stat().st_size / 1e6))
        task = f"reading {shown} (MB)"

        def report(read: int) -> None:
            progress(task, min(megabytes, math.ceil(read / 1e6)), megabytes)

    with path.open("rb") as stream:
        try:
            return read_jsonl(_bounded_lines(stream, report), shown)
        except _LineTooLong as exc:
            raise InputError(
                [
                    Problem(
                        shown,
                        exc.number,
                        1,
                        f"line longer than {MAX_LINE_BYTES} bytes — one entity per line, or this is not a JSON Lines file",
                    )
                ]
            ) from None
