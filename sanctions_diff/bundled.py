"""The lists shipped with the tool (``lists/`` in the repository, ``sanctions_diff/lists`` in a wheel)."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from .errors import UsageError

SUFFIXES = (".yaml", ".yml")

# Typos in a bundled name: difflib's similarity ratio of at least this. One slip scores
# 0.9 or more (eu-11-fnal → eu-11-final 0.95, eu11final 0.90); a different list scores far
# less (eu-14-draft → eu-11-final 0.55), and is not offered.
SUGGESTION_CUTOFF = 0.8
# More names than this equally close (eu-21-final is one digit from eleven finals) is no
# suggestion at all: the list of names is a better help than a long guess.
MAX_SUGGESTIONS = 3


def lists_dir() -> Path:
    """Where the bundled lists are: inside the installed package, else the checkout's lists/."""
    packaged = Path(__file__).resolve().parent / "lists"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "lists"


def bundled_names() -> list[str]:
    folder = lists_dir()
    if not folder.is_dir():
        return []
    return sorted((p.stem for p in folder.iterdir() if p.suffix in SUFFIXES), key=_natural)


def _natural(name: str) -> list[tuple[int, str]]:
    """eu-9-final before eu-10-final: numbers compared as numbers."""
    return [(int(part), "") if part.isdigit() else (0, part) for part in re.split(r"(\d+)", name)]


def resolve(argument: str) -> Path:
    """A file path as given, or the file of a bundled list named without its extension.

    An existing file always wins, so a local ``eu-11-final`` file shadows the bundled one.
    """
    path = Path(argument)
    if path.exists() or any(sep in argument for sep in ("/", "\\")) or path.suffix:
        return path
    names = bundled_names()
    # Any case: EU-11-Final is what a person means by eu-11-final.
    by_folded = {name.casefold(): name for name in names}
    name = by_folded.get(argument.casefold())
    if name is not None:
        for suffix in SUFFIXES:
            candidate = lists_dir() / f"{name}{suffix}"
            if candidate.is_file():
                return candidate
    close = suggestions(argument, names)
    hint = (
        "did you mean " + " or ".join(close) + "?"
        if close
        else "run 'sanctions-diff lists' for the bundled names"
    )
    raise UsageError(f"{argument}: no such file and no bundled list of that name — {hint}")


def suggestions(argument: str, names: list[str]) -> list[str]:
    """The bundled names closest to a mistyped one: only the best-scoring (eu-11-fnal gives
    eu-11-final, not also its siblings eu-18-final and eu-19-final, one letter further)."""
    typed = argument.casefold()
    scores = {n: difflib.SequenceMatcher(None, typed, n.casefold()).ratio() for n in names}
    best = max(scores.values(), default=0.0)
    if best < SUGGESTION_CUTOFF:
        return []
    closest = [n for n in names if scores[n] == best]
    return closest if len(closest) <= MAX_SUGGESTIONS else []
