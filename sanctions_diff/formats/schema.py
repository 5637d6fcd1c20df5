"""What a snapshot file may contain: its keys and how scalar values are read.

Shared by the two readers of a snapshot (``loader`` on pyyaml nodes, ``yaml_fast`` on
yaml-rs values), so both accept exactly the same files and build the same values.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

from sanctions_diff.errors import InputError, Problem

TOP_KEYS = ("snapshot", "entities")
SNAPSHOT_KEYS = ("title", "kind", "package", "stage", "date", "coverage", "sources", "annex")
ENTITY_KEYS = (
    "id",
    "name",
    "aliases",
    "type",
    "country",
    "identifiers",
    "addresses",
    "listed_on",
    "source",
    "birth_dates",
    "nationalities",
    "reason",
)
IDENTIFIER_KEYS = ("type", "value")

# The title may be left out (it is then the file's name), but one written must say something.
EMPTY_TITLE = "title is empty — write one, or remove the key (the title is then the file's name)"

# Package numbers are small ("package: 20"); a longer run of digits is a mistake (and past
# 4,300 digits Python refuses to convert it; past 64 bits no JSON writer but Python's own
# writes it), in every format.
MAX_PACKAGE_DIGITS = 6

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_date(value: str) -> dt.date | None:
    """A YYYY-MM-DD date, or None (fromisoformat alone would also take '20230623')."""
    if not _ISO_DATE.fullmatch(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


# -- what a snapshot is not: sanctions-diff's own reports ------------------------------------

# Every JSON report sanctions-diff writes opens with its schema version (render.data), and
# every line of a JSON Lines report names its record; neither key is a snapshot's. A file
# with one is a report given where a snapshot was wanted (`diff a.json b.json` after
# `diff ... -f json -o a.json`): one line saying so beats eight "unknown key" lines.
REPORT_MARKER = "schema_version"
# A JSON Lines record → the command whose report it is (None: any of them).
_RECORDS: dict[str, str | None] = {
    "header": None,
    "summary": None,
    "change": "diff",
    "entity": "history",
    "hit": "search",
}
# The reports that say their command ("kind": "history"); a diff report says none.
_KINDS = ("history", "search", "validate")
# What to give instead, per command.
_INSTEAD = {
    "diff": "give the two snapshots it compares",
    "history": "give the snapshots it follows",
    "search": "search the snapshots themselves",
    "validate": "give the files it checked",
}


class ReportGiven(InputError):
    """A report of sanctions-diff given where a snapshot was wanted: the one problem of its
    file (a reader that meets it stops there, whatever else the file holds)."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__([Problem(path, 1, 1, message)])


def refuse_report(top: Mapping[str, object], path: str) -> None:
    """Raise ReportGiven when ``top`` is a report (see report_message)."""
    message = report_message(top)
    if message is not None:
        raise ReportGiven(path, message)


def report_message(top: Mapping[str, object]) -> str | None:
    """What is wrong when ``top`` (a file's top-level mapping, or the first line of a JSON
    Lines file) is one of sanctions-diff's own reports rather than a snapshot; None when it
    is not one."""
    record = top.get("record")
    record_kind = _RECORDS.get(record) if isinstance(record, str) else None
    if REPORT_MARKER not in top and not (isinstance(record, str) and record in _RECORDS):
        if set(top) == {"lists"}:
            return (
                "this is the output of 'sanctions-diff lists', not a snapshot — "
                "give a list's name from it (e.g. eu-11-final)"
            )
        return None
    kind = top.get("kind")
    command = (
        kind
        if isinstance(kind, str) and kind in _KINDS
        else record_kind or ("diff" if "old" in top or "changes" in top else None)
    )
    if command is None:
        return "this is a sanctions-diff report, not a snapshot — give the snapshots it was made of"
    compared = ""
    if command == "diff":
        origins = [_origin(top.get(side)) for side in ("old", "new")]
        if all(origins):
            compared = f" ({origins[0]} → {origins[1]})"
    return (
        f"this is a sanctions-diff {command} report{compared}, not a snapshot — {_INSTEAD[command]}"
    )


def _origin(side: object) -> str | None:
    """The ``origin`` of one side of a diff report, as the report gives it."""
    if isinstance(side, Mapping):
        origin = side.get("origin")
        if isinstance(origin, str) and origin.strip():
            return origin.strip()
    return None
