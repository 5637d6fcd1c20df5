"""The terminal report: rich tables grouped by kind, then a summary. Names are data, never markup."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

from rich import box
from rich.cells import cell_len, chop_cells
from rich.console import Console
from rich.table import Table
from rich.text import Text

from sanctions_diff.analysis.diff import ChangeKind, Report, Selection
from sanctions_diff.analysis.history import History, Track, outcome
from sanctions_diff.analysis.search import SearchResult

from .data import visible_changes
from .human import (
    Cell,
    Role,
    cell_lines,
    change_table,
    counted,
    entity_label,
    heading,
    safe,
    search_summary,
    search_table,
    selection_line,
    selection_text,
    snapshot_label,
    summary_line,
    timeline_text,
)


def _text(value: str, style: str = "") -> Text:
    """Names are data: never markup, never terminal control sequences (a line break in a
    name is shown as \\x0a, so it cannot forge a row)."""
    return Text(safe(value), style=style)


# What a change adds and removes, coloured as git colours a diff. Styles, not markup:
# rich draws them only when colour is on (a terminal, or FORCE_COLOR; see console).
ROLE_STYLES: dict[Role, str] = {Role.PLAIN: "", Role.ADDED: "green", Role.REMOVED: "red"}


def _cell(cell: Cell) -> Text:
    text = Text()
    for k, line in enumerate(cell):
        if k:
            text.append("\n")
        for piece, role in line:
            text.append(safe(piece), style=ROLE_STYLES[role])
    return text


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

# Columns of long text, folded to the width left; the others keep whole words.
_FOLDED = frozenset({"Details", "Changes", "Match", "Timeline"})

# No column of a large table is narrowed below this: a wide (CJK) character takes two
# cells, and a narrower column could not hold it.
MIN_COLUMN_CELLS = 2


def _table(titles: Sequence[str], rows: Iterable[Sequence[Text]], *, lines: bool = False) -> Table:
    table = Table(show_lines=lines, expand=False)
    for title in titles:
        table.add_column(title, overflow="fold" if title in _FOLDED else "ellipsis")
    for row in rows:
        table.add_row(*row)
    return table


def _selection_banner(selection: Selection | None, console: Console) -> None:
    if selection is not None and not selection.selects_all:
        console.print(_text("Showing only " + selection_text(selection), style="bold"))


def print_table(report: Report, console: Console, include_unchanged: bool) -> None:
    """The two snapshots, what a selection kept, a table per kind of change (columns: see
    ``human.change_table``), the summary of everything."""
    console.print(_text("old: " + snapshot_label(report.old)))
    console.print(_text("new: " + snapshot_label(report.new)))
    selected = selection_line(report, include_unchanged)
    if selected:
        console.print(_text(selected, style="bold"))
    changes = visible_changes(report, include_unchanged)
    for kind in ChangeKind:
        group = [c for c in changes if c.kind is kind]
        if not group:
            continue
        titles, rows = change_table(group)
        console.print()
        # The heading is its own line, not the table's title: a title wraps at the table's width.
        console.print(_text(heading(kind, len(group), report), style=STYLES[kind]))
        if len(rows) > LARGE_TABLE_ROWS:
            # Without colour: styled pieces would have to be carried through the wrapping.
            lines = [[[safe(line) for line in cell_lines(cell)] for cell in row] for row in rows]
            console.file.write(
                "".join(line + "\n" for line in _large_table(titles, lines, console.width))
            )
            continue
        console.print(_table(titles, ([_cell(cell) for cell in row] for row in rows)))
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


def _large_table(
    titles: Sequence[str], rows: Sequence[Sequence[Sequence[str]]], width: int
) -> Iterator[str]:
    """The lines of a table in rich's default box, drawn directly: each column as wide as
    its widest line, the widest columns narrowed (and their lines wrapped) until the table
    fits ``width``. What rich draws for a table that fits, character for character (a test
    compares them on bundled diffs); how rich shares out the width of a table that does not
    fit is not imitated, only approached. Each cell is its lines, already made inert."""
    columns = len(titles)
    cells = [[(part, _width(part)) for part in cell] for row in rows for cell in row]
    natural = [_width(title) for title in titles]
    for k, lines in enumerate(cells):
        natural[k % columns] = max([natural[k % columns], *(w for _, w in lines)])
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
    head = [_wrap(title, w) for title, w in zip(titles, widths, strict=True)]
    yield from stacked(head, heavy.head_left, heavy.head_vertical)
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


def print_history(
    history: History, tracks: list[Track], console: Console, selection: Selection | None = None
) -> None:
    """The tracks' timelines. ``selection``: the countries and types ``tracks`` were
    restricted to, said above the table."""
    console.print(
        _text(
            counted(len(history.snapshots), "snapshot")
            + ": "
            + ", ".join(s.origin for s in history.snapshots)
        )
    )
    _selection_banner(selection, console)
    outcomes = [outcome(track) if track.was_dropped else "" for track in tracks]
    titles = ["Entity", "Timeline"] + (["Outcome"] if any(outcomes) else [])
    rows = (
        [_text(entity_label(track.latest)), _text(timeline_text(track))]
        + ([_text(result)] if "Outcome" in titles else [])
        for track, result in zip(tracks, outcomes, strict=True)
    )
    console.print(_table(titles, rows, lines=True))
    dropped = sum(t.was_dropped for t in tracks)
    console.print(
        _text(f"{counted(len(tracks), 'entity')}, {dropped} dropped at least once", style="bold")
    )


def print_search(result: SearchResult, console: Console) -> None:
    _selection_banner(result.selection, console)
    titles, rows = search_table(result)
    if rows:  # no hit: the line below says so, an empty table would add nothing
        console.print(_table(titles, ([_text(cell) for cell in row] for row in rows)))
    console.print(_text(search_summary(result), style="bold"))
