"""sanctions-diff: what changed between two versions of a sanctions list.

The Python API (README, "Python API")::

    from sanctions_diff import diff
    report = diff("eu-11-draft", "eu-11-final")

Every public name is defined in ``sanctions_diff.api`` and imported from there on first
use: importing the matcher (rapidfuzz, the normaliser's tables) costs tens of milliseconds
that ``import sanctions_diff`` — and so every command, ``--version`` first — would pay for
nothing. Type checkers and IDEs see the real definitions through the ``TYPE_CHECKING``
imports below.
"""

from __future__ import annotations

# Not ``from typing import TYPE_CHECKING``: typing costs 7 ms to import, more than the rest
# of this module. Type checkers (mypy, pyright) treat any name TYPE_CHECKING as true.
TYPE_CHECKING = False

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

if TYPE_CHECKING:
    from .api import (
        DEFAULT_LIMIT,
        DEFAULT_THRESHOLD,
        SEARCH_THRESHOLD,
        Change,
        ChangeKind,
        Entity,
        EntityType,
        Event,
        FieldChange,
        History,
        Identifier,
        InputError,
        Match,
        Method,
        PathOrName,
        Problem,
        Progress,
        Report,
        SanctionsDiffError,
        SearchHit,
        SearchResult,
        Snapshot,
        SnapshotMeta,
        Source,
        TimelineEvent,
        Track,
        UsageError,
        bundled_names,
        diff,
        history,
        load,
        load_all,
        load_bundled,
        search,
        to_dict,
    )

    __version__: str


def _lazy(name: str) -> object:
    """A public name, imported on first use (then kept, so this runs once per name)."""
    if name == "__version__":
        # importlib.metadata costs ~60 ms, which every command but --version would pay.
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("sanctions-diff")
        except PackageNotFoundError:  # a checkout that was never installed
            return "0+unknown"
    if name in __all__:
        from . import api

        value: object = getattr(api, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    # Tab completion in a notebook lists the API before any of it is imported.
    return sorted({*globals(), *__all__, "__version__"})


if not TYPE_CHECKING:
    # Hidden from type checkers: a module __getattr__ would make every misspelt name
    # (``sanctions_diff.lod``) type-check; they see the imports above instead.
    __getattr__ = _lazy
