"""The terminal report: rich tables grouped by kind, then a summary. Names are data, never markup."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from rich import box
from rich.cells import cell_len, chop_cells
from rich.console import Console
from rich.table import Table
from rich.text import Text

from sanctions_diff.analysis.diff import ChangeKind, Report
from sanctions_diff.analysis.history import History, Track, outcome
from sanctions_diff.analysis.search import SearchResult

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


def _safe_lines(value: str) -> list[str]:
    """A cell's lines, each made inert: its own line breaks (one per detail) stay, any other
    control character or sequence is shown, not obeyed."""
    return [safe(part) for part in value.split("\n")]


def _text(value: str, style: str = "") -> Text:
    """Names are data: never markup, never terminal control sequences."""
    return Text("\n".join(_safe_lines(value)), style=style)


STYLES: dict[ChangeKind, str] = {
    ChangeKind.DROPPED: "bold magenta",
    ChangeKind.REMOVED: "bold red",
    ChangeKind.ADDED: "bold green",
    ChangeKind.CHANGED: "bold yellow",
    ChangeKind.UNCHANGED: "dim",
}


# Groups of more rows than this are drawn by ``_large_table``: rich lays a table out cell by
# cell, about 0.4 ms a row (the 40,838 rows of a 100,000-entity diff took 17 s), which
# pays for small tables and is only waiting for large ones, where no one reads the layout.
LARGE_TABLE_ROWS = 2000

_COLUMNS = ("Old", "New", "Country", "Details")

# No column of a large table is narrowed below this: a wide (CJK) character takes two
# cells, and a narrower column could not hold it.
MIN_COLUMN_CELLS = 2


def print_table(report: Report, console: Console, include_unchanged: bool) -> None:
    console.print(_text("old: " + snapshot_label(report.old)))
    console.print(_text("new: " + snapshot_label(report.new)))
    changes = visible_changes(report, include_unchanged)
    for kind in ChangeKind:
        group = [c for c in changes if c.kind is kind]
        if not group:
            continue
        rows = [
            (
                change.old.name if change.old else "",
                change.new.name if change.new else "",
                change.entity.country or "",
                "\n".join(details(change)),
            )
            for change in group
        ]
        console.print()
        # The heading is its own line, not the table's title: a title wraps at the table's width.
        console.print(_text(heading(kind, len(group), report), style=STYLES[kind]))
        if len(rows) > LARGE_TABLE_ROWS:
            console.file.write("".join(line + "\n" for line in _large_table(rows, console.width)))
            continue
        table = Table(show_lines=False, expand=False)
        for column in _COLUMNS:
            table.add_column(column, overflow="fold" if column == "Details" else "ellipsis")
        for row in rows:
            table.add_row(*(_text(cell) for cell in row))
        console.print(table)
    console.print()
    console.print(_text("Summary: " + summary_line(report), style="bold"))


# Characters met so far that take one terminal cell (most letters, quotes, arrows): a text
# made of them is as wide as it is long, known by a set test in C, where rich's cell_len
# looks at each character in Python. Bounded by the characters there are.
_ONE_CELL: set[str] = set()


def _width(text: str) -> int:
    """Terminal cells, as rich counts them (wide CJK characters take two, combining marks
    none)."""
    if text.isascii():
        return len(text)
    characters = set(text)
    if not characters <= _ONE_CELL:
        _ONE_CELL.update(c for c in characters - _ONE_CELL if cell_len(c) == 1)
        if not characters <= _ONE_CELL:
            return cell_len(text)
    return len(text)


_WORD = re.compile(r"\s*\S+\s*")


def _wrap(text: str, width: int) -> list[tuple[str, int]]:
    """``text`` in lines of at most ``width`` cells, each with its width, as rich wraps a
    cell: a line breaks before a word (with the spaces after it) that does not fit, a word
    longer than a line is folded, the spaces a line ends with are dropped."""
    whole = _width(text)
    if whole <= width:
        return [(text, whole)]
    lines: list[tuple[str, int]] = []
    current, used = "", 0
    for word in _WORD.findall(text):
        bare = _width(word.rstrip())
        if used + bare <= width:
            current, used = current + word, used + _width(word)
            continue
        if current:
            kept = current.rstrip()
            lines.append((kept, _width(kept)))
        while bare > width:
            # At least one character per line, even one wider than the line (a wide
            # character in a narrower column): the word always gets shorter.
            piece = chop_cells(word, width)[0] or word[0]
            lines.append((piece, _width(piece)))
            word = word[len(piece) :]
            bare = _width(word.rstrip())
        current, used = word, _width(word)
    if current or not lines:
        kept = current.rstrip()
        lines.append((kept, _width(kept)))
    return lines


def _large_table(rows: Sequence[tuple[str, ...]], width: int) -> Iterator[str]:
    """The lines of a table in rich's default box, drawn directly: each column as wide as
    its widest line, the widest columns narrowed (and their lines wrapped) until the table
    fits ``width``. What rich draws for a table that fits, character for character (a test
    compares them on bundled diffs); how rich shares out the width of a table that does not
    fit is not imitated, only approached."""
    columns = len(_COLUMNS)
    cells = [[(part, _width(part)) for part in _safe_lines(cell)] for row in rows for cell in row]
    natural = [_width(title) for title in _COLUMNS]
    for k, lines in enumerate(cells):
        natural[k % columns] = max(natural[k % columns], *(w for _, w in lines))
    room = width - (3 * columns + 1)  # borders and padding take the rest
    widths = list(natural)
    while sum(widths) > room and max(widths) > MIN_COLUMN_CELLS:
        widths[widths.index(max(widths))] -= 1
    heavy = box.HEAVY_HEAD

    def rule(left: str, fill: str, cross: str, right: str) -> str:
        return left + cross.join(fill * (w + 2) for w in widths) + right

    def line(parts: Sequence[tuple[str, int]], edge: str, divider: str) -> str:
        padded = (text + " " * (w - used) for (text, used), w in zip(parts, widths, strict=True))
        return edge + " " + f" {divider} ".join(padded) + " " + edge

    def stacked(
        columns_lines: list[list[tuple[str, int]]], edge: str, divider: str
    ) -> Iterator[str]:
        """One row of cells, each a column of lines: as many lines as the tallest cell."""
        for depth in range(max(map(len, columns_lines))):
            parts = [c[depth] if depth < len(c) else ("", 0) for c in columns_lines]
            yield line(parts, edge, divider)

    yield rule(heavy.top_left, heavy.top, heavy.top_divider, heavy.top_right)
    titles = [_wrap(title, w) for title, w in zip(_COLUMNS, widths, strict=True)]
    yield from stacked(titles, heavy.head_left, heavy.head_vertical)
    yield rule(
        heavy.head_row_left,
        heavy.head_row_horizontal,
        heavy.head_row_cross,
        heavy.head_row_right,
    )
    for at in range(0, len(cells), columns):
        wrapped = [
            [
                piece
                for text, used in cells[at + c]
                for piece in ([(text, used)] if used <= widths[c] else _wrap(text, widths[c]))
            ]
            for c in range(columns)
        ]
        yield from stacked(wrapped, heavy.mid_left, heavy.mid_vertical)
    yield rule(heavy.bottom_left, heavy.bottom, heavy.bottom_divider, heavy.bottom_right)


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
