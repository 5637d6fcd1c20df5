"""The terminal report: rich tables grouped by kind, then a summary. Names are data, never markup."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from sanctions_diff.diff import ChangeKind, Report

from .data import visible_changes
from .human import details, heading, snapshot_label, summary_line

STYLES: dict[ChangeKind, str] = {
    ChangeKind.DROPPED: "bold magenta",
    ChangeKind.REMOVED: "bold red",
    ChangeKind.ADDED: "bold green",
    ChangeKind.CHANGED: "bold yellow",
    ChangeKind.UNCHANGED: "dim",
}


def print_table(report: Report, console: Console, include_unchanged: bool) -> None:
    console.print(Text("old: " + snapshot_label(report.old)))
    console.print(Text("new: " + snapshot_label(report.new)))
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
                Text(change.old.name if change.old else ""),
                Text(change.new.name if change.new else ""),
                Text(change.entity.country or ""),
                Text("\n".join(details(change))),
            )
        console.print()
        console.print(Text(heading(kind, len(group), report), style=STYLES[kind]))
        console.print(table)
    console.print()
    console.print(Text("Summary: " + summary_line(report), style="bold"))
