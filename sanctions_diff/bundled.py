"""The lists shipped with the tool (``lists/`` in the repository, ``sanctions_diff/lists`` in a wheel)."""

from __future__ import annotations

import re
from pathlib import Path

from .errors import UsageError

SUFFIXES = (".yaml", ".yml")


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
    for suffix in SUFFIXES:
        candidate = lists_dir() / f"{argument}{suffix}"
        if candidate.is_file():
            return candidate
    known = ", ".join(bundled_names()) or "none"
    raise UsageError(
        f"{argument}: no such file and no bundled list of that name — bundled lists: {known}"
    )
