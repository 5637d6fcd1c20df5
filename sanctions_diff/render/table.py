"""The terminal report: rich tables grouped by kind, then a summary. Names are data, never markup."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from sanctions_diff.diff import ChangeKind, Report
from sanctions_diff.history import History, Track, outcome
from sanctions_diff.search import SearchResult

from .data import visible_changes
from .human import (
    details,
    entity_label,
    heading,
    hit_text,
    safe,
    snapshot_label,
    summary_line,
    timeline_text,
)


def _text(value: str, style: str = "") -> Text:
    """Names are data: never markup, never terminal control sequences."""
    # Line by line: the cells' own line breaks (one per detail) stay, anything else is inert.
    return Text("\n".join(safe(part) for part in value.split("\n")), style=style)


STYLES: dict[ChangeKind, str] = {
    ChangeKind.DROPPED: "bold magenta",
    ChangeKind.REMOVED: "bold red",
    ChangeKind.ADDED: "bold green",
    ChangeKind.CHANGED: "bold yellow",
    ChangeKind.UNCHANGED: "dim",
}


def print_table(report: Report, console: Console, include_unchanged: bool) -> None:
    console.print(_text("old: " + snapshot_label(report.old)))
    console.print(_text("new: " + snapshot_label(report.new)))
    changes = visible_changes(report, include_unchanged)
    for kind in ChangeKind:
        group = [c for c in changes if c.kind is kind]
        if not group:
            continue
        # The heading is its own line, not the table's title: a title wraps at the table's width.
        table = Table(show_lines=False, expand=False)
        table.add_column("Old")
        table.add_column("New")
        table.add_column("Country")
        table.add_column("Details", overflow="fold")
        for change in group:
            table.add_row(
                _text(change.old.name if change.old else ""),
                _text(change.new.name if change.new else ""),
                _text(change.entity.country or ""),
                _text("\n".join(details(change))),
            )
        console.print()
        console.print(_text(heading(kind, len(group), report), style=STYLES[kind]))
        console.print(table)
    console.print()
    console.print(_text("Summary: " + summary_line(report), style="bold"))


def print_history(history: History, tracks: list[Track], console: Console) -> None:
    console.print(
        _text(
            f"{len(history.snapshots)} snapshots: " + ", ".join(s.origin for s in history.snapshots)
        )
    )
    table = Table(show_lines=True, expand=False)
    table.add_column("Entity")
    table.add_column("Timeline", overflow="fold")
    table.add_column("Outcome")
    for track in tracks:
        table.add_row(
            _text(entity_label(track.latest)),
            _text(timeline_text(track)),
            _text(outcome(track) if track.was_dropped else ""),
        )
    console.print(table)
    dropped = sum(t.was_dropped for t in tracks)
    console.print(_text(f"{len(tracks)} entities, {dropped} dropped at least once", style="bold"))


def print_search(result: SearchResult, console: Console) -> None:
    table = Table(expand=False)
    for column in ("Score", "Snapshot", "Entity", "Match"):
        table.add_column(column)
    for hit in result.hits:
        table.add_row(
            _text(f"{hit.score:g}"),
            _text(hit.snapshot),
            _text(entity_label(hit.entity)),
            _text(hit_text(hit)),
        )
    console.print(table)
    more = (
        f" (showing {len(result.hits)}; raise --limit for more)"
        if result.total > len(result.hits)
        else ""
    )
    console.print(
        _text(
            f"{result.total} hits for “{result.query}” at threshold {result.threshold:g}{more}",
            style="bold",
        )
    )
