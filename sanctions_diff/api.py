"""The Python API: what the commands compute, for notebooks and scripts.

``from sanctions_diff import load, diff, history, search`` (the package resolves these names
from here on first use, see ``sanctions_diff/__init__.py``). The values returned are the
ones the CLI renders — a ``Report``, a ``History``, a ``SearchResult`` — so a script sees
exactly what ``sanctions-diff diff -f json`` would write (``to_dict`` gives that JSON).

Contract, the same for every function here:

- Nothing is written to stdout or stderr. What a reader could not read of a file stays on
  the snapshot as ``Snapshot.notices`` (the CLI prints them as warnings).
- Trouble with the inputs raises the tool's own errors, all ``SanctionsDiffError``:
  ``InputError`` for a file that cannot be loaded (``.problems`` lists every problem, each
  with path, line and column; loading several files reports the problems of all of them
  together), ``UsageError`` for an unknown bundled name or a bad argument (a threshold
  outside 0-100, an empty query). A value of the wrong type (``diff(1, 2)``) is a
  ``TypeError``, as anywhere in Python.
- A source is a ``Snapshot`` already loaded, a path, or the name of a bundled list
  (``"eu-11-final"``; see ``bundled_names()``). A ``str`` is read as the CLI reads an
  argument: an existing file wins, else a bundled list of that name. An ``os.PathLike``
  (``pathlib.Path``) is always a file.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sanctions_diff.analysis.diff import Change, ChangeKind, FieldChange, Report, Selection
from sanctions_diff.analysis.diff import diff as _diff
from sanctions_diff.analysis.history import (
    Event,
    History,
    TimelineEvent,
    Track,
    build_history,
    series_order,
)
from sanctions_diff.analysis.search import DEFAULT_LIMIT, SearchHit, SearchResult
from sanctions_diff.analysis.search import search as _search
from sanctions_diff.bundled import bundled_names, resolve
from sanctions_diff.errors import InputError, Problem, SanctionsDiffError, UsageError
from sanctions_diff.formats.loader import load_snapshot
from sanctions_diff.matcher import DEFAULT_THRESHOLD, SEARCH_THRESHOLD, Match, Method
from sanctions_diff.model import (
    Entity,
    EntityType,
    Identifier,
    Snapshot,
    SnapshotKind,
    SnapshotMeta,
)
from sanctions_diff.parallel import load_each
from sanctions_diff.progress import Progress
from sanctions_diff.render.data import (
    history_header,
    hit_dict,
    report_dict,
    search_header,
    track_dict,
)

__all__ = [
    "DEFAULT_LIMIT",
    "DEFAULT_THRESHOLD",
    "SEARCH_THRESHOLD",
    "Change",
    "ChangeKind",
    "Entity",
    "EntityType",
    "Event",
    "FieldChange",
    "History",
    "Identifier",
    "InputError",
    "Match",
    "Method",
    "PathOrName",
    "Problem",
    "Progress",
    "Report",
    "SanctionsDiffError",
    "SearchHit",
    "SearchResult",
    "Snapshot",
    "SnapshotMeta",
    "Source",
    "TimelineEvent",
    "Track",
    "UsageError",
    "bundled_names",
    "diff",
    "history",
    "load",
    "load_all",
    "load_bundled",
    "search",
    "to_dict",
]

# What ``load`` reads: a file, or a bundled list by name.
PathOrName = str | os.PathLike[str]

# What the other functions take: that, or a snapshot already loaded.
Source = Snapshot | str | os.PathLike[str]


def _located(source: PathOrName) -> tuple[Path, str]:
    """(the file to read, how the source is named in messages and reports)."""
    if isinstance(source, str):
        return resolve(source), source
    if isinstance(source, os.PathLike):
        shown = os.fspath(source)
        if isinstance(shown, str):
            return Path(shown), shown
    raise TypeError(
        f"expected a Snapshot, a path or a bundled list name, not {type(source).__name__}"
    )


def load(source: PathOrName, *, progress: Progress | None = None) -> Snapshot:
    """One snapshot from a file in any format the CLI reads (YAML or JSON Lines snapshot,
    EU FSF XML or CSV, UN XML, OpenSanctions FtM) or from a bundled list name.
    ``Snapshot.origin`` is the source as given.

    Raises ``InputError`` (every problem of the file) or ``UsageError`` (no such file and
    no bundled list of that name). ``progress(task, done, total)``, if given, is told how
    far reading a large file has come."""
    path, origin = _located(source)
    return load_snapshot(path, origin, progress)


def load_all(sources: Iterable[Source], *, progress: Progress | None = None) -> list[Snapshot]:
    """Every source as a snapshot, in the order given (a ``Snapshot`` is kept as it is).

    Large files are read two at a time on a machine with two CPUs (see ``parallel``).
    Raises one ``InputError`` with the problems of every file that cannot be loaded, not
    only the first; ``UsageError`` for an unknown name, before anything is read."""
    given = list(sources)
    # Every name is resolved before anything is read: a typo fails at once.
    wanted = [_located(s) for s in given if not isinstance(s, Snapshot)]
    results = iter(load_files(wanted, progress))
    loaded: list[Snapshot] = []
    problems: list[Problem] = []
    for source in given:
        result = source if isinstance(source, Snapshot) else next(results)
        if isinstance(result, InputError):
            problems += result.problems
        else:
            loaded.append(result)
    if problems:
        raise InputError(problems)
    return loaded


def load_files(
    files: list[tuple[Path, str]], progress: Progress | None = None
) -> list[Snapshot | InputError]:
    """(file, name shown) → each snapshot, or the InputError of a file that cannot be
    loaded; for callers that locate files themselves (the CLI reads stdin and pipes into
    temporary files, shown by the name the user gave)."""

    def load_one(path: Path, origin: str) -> Snapshot:
        return load_snapshot(path, origin, progress)

    return load_each(files, load_one)


def load_bundled(*, packages_only: bool = False) -> list[Snapshot]:
    """The lists shipped with the tool: the default input of ``history`` (packages only)
    and of ``search`` (all of them), so that the API and the CLI look at the same lists.

    Package snapshots come in series order (by package, each draft before its final, see
    ``analysis.history.series_order``), then the consolidated lists by date."""
    snapshots = load_all(bundled_names())
    if packages_only:
        snapshots = [s for s in snapshots if s.meta.kind is SnapshotKind.PACKAGE]
    return sorted(
        snapshots, key=lambda s: (s.meta.kind is not SnapshotKind.PACKAGE, series_order(s))
    )


def _check_threshold(threshold: float) -> float:
    # NaN fails the comparison too: it would pair nothing and say nothing about why.
    if not 0 <= threshold <= 100:
        raise UsageError(f"threshold {threshold}: out of range — give a score from 0 to 100")
    return float(threshold)


def _series(snapshots: Source | Iterable[Source], progress: Progress | None) -> list[Snapshot]:
    """One source or several. A ``str`` is one source, never the characters of a name."""
    if isinstance(snapshots, Snapshot | str | os.PathLike):
        return load_all([snapshots], progress=progress)
    return load_all(snapshots, progress=progress)


def diff(
    old: Source,
    new: Source,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    progress: Progress | None = None,
) -> Report:
    """What changed from ``old`` to ``new``: the ``Report`` that ``sanctions-diff diff``
    renders, unchanged pairs included (``report.changes``, ``report.summary``).

    ``threshold``: the lowest name score (0-100) that pairs two entities. Raises
    ``InputError`` (the problems of both files together) or ``UsageError``."""
    threshold = _check_threshold(threshold)
    before, after = load_all([old, new], progress=progress)
    return _diff(before, after, threshold, progress=progress)


def history(
    snapshots: Source | Iterable[Source] | None = None,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    progress: Progress | None = None,
) -> History:
    """The timeline of every entity across ``snapshots``, in the order given (default:
    every bundled package snapshot in series order, as ``sanctions-diff history``).

    ``History.tracks``: one ``Track`` per entity, its ``events`` (proposed, dropped,
    listed, listed later, present, removed), ``was_dropped`` and ``latest``."""
    threshold = _check_threshold(threshold)
    series = load_bundled(packages_only=True) if snapshots is None else _series(snapshots, progress)
    return build_history(series, threshold, progress)


def search(
    query: str,
    snapshots: Source | Iterable[Source] | None = None,
    *,
    threshold: float = SEARCH_THRESHOLD,
    limit: int | None = DEFAULT_LIMIT,
    selection: Selection | None = None,
) -> SearchResult:
    """Find a name (any script, any word order) or an identifier in ``snapshots`` (default:
    every bundled list): hits best first, at most ``limit`` (None: all of them);
    ``SearchResult.total`` counts them all. ``selection``: only entities of its countries
    and types (see ``analysis.diff.parse_selection``).

    Raises ``UsageError`` for a blank query, a threshold outside 0-100 or a limit below 1."""
    if not isinstance(query, str):
        raise TypeError(f"the query is a str, not {type(query).__name__}")
    if not query.strip():
        raise UsageError("the query is empty — give a name to search for")
    threshold = _check_threshold(threshold)
    if limit is not None and limit < 1:
        raise UsageError(f"limit {limit}: give 1 or more, or None for every hit")
    found = load_bundled() if snapshots is None else _series(snapshots, None)
    if selection is not None and selection.selects_all:
        selection = None
    return _search(query, found, threshold, limit, selection)


def to_dict(
    result: Report | History | SearchResult, *, include_unchanged: bool = False
) -> dict[str, Any]:
    """The JSON document of ``-f json`` (schema version 1, see README "Output formats") as
    plain data, for ``json.dump`` or a data frame. ``include_unchanged``: for a ``Report``,
    list unchanged pairs too (``--include-unchanged``)."""
    if isinstance(result, Report):
        return report_dict(result, include_unchanged)
    if isinstance(result, History):
        return {**history_header(result), "entities": [track_dict(t) for t in result.tracks]}
    if isinstance(result, SearchResult):
        return {**search_header(result), "hits": [hit_dict(h) for h in result.hits]}
    raise TypeError(f"expected a Report, History or SearchResult, not {type(result).__name__}")
