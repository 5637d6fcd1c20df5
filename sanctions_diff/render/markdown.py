"""Markdown for pull-request comments and CI step summaries."""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable

from sanctions_diff.analysis.diff import ChangeKind, Report, Selection
from sanctions_diff.analysis.history import History, Track, outcome
from sanctions_diff.analysis.search import SearchResult

from .data import visible_changes
from .human import (
    Cell,
    cell_lines,
    change_table,
    counted,
    entity_label,
    heading,
    noun_for,
    safe,
    search_table,
    searched_text,
    selection_line,
    selection_text,
    snapshot_label,
    timeline_text,
)

# Characters that Markdown (GitHub flavour) would read as formatting inside a table cell.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")

# What GitHub would turn into an entity, a mention or a link: & (&amp;), @ (mentions ping
# people), and the starts of bare URLs.
_ACTIVE = {"&": "&amp;", "@": "&#64;", "://": "&#58;//", "www.": "www&#46;"}


# GitHub refuses a step summary ($GITHUB_STEP_SUMMARY) over 1 MiB and shows nothing of it,
# so a report meant for one is cut at a table row, with a note saying what is left out.
# Only when asked (``max_bytes``): a report written to a file is never cut.
STEP_SUMMARY_BYTES = 1024 * 1024

# A line of Markdown output and whether it is a counted row (a change, an entity, a hit).
Row = tuple[str, bool]


def fit(rows: list[Row], note: Callable[[int, int], str], max_bytes: int | None) -> str:
    """The rows as text; when longer than ``max_bytes`` (UTF-8; None: no limit), the
    longest run of rows that leaves room for ``note(left out, total)`` (counted rows), cut
    between lines."""
    text = "".join(line + "\n" for line, _ in rows)
    if max_bytes is None or len(text.encode("utf-8")) <= max_bytes:
        return text
    total = sum(counted for _, counted in rows)

    def tail(shown: int) -> str:
        return "\n> " + note(total - shown, total) + "\n"

    kept: list[str] = []
    size = shown = 0
    for line, is_counted in rows:
        grown = size + len(line.encode("utf-8")) + 1
        if grown + len(tail(shown + is_counted).encode("utf-8")) > max_bytes:
            break
        kept.append(line)
        size, shown = grown, shown + is_counted
    return "".join(line + "\n" for line in kept) + tail(shown)


def escape(text: str) -> str:
    """Names are data: Markdown characters escaped, mentions and links defused, controls
    shown escaped, newlines flattened."""
    flat = safe(" ".join(text.split()))
    for active, inert in _ACTIVE.items():
        flat = flat.replace(active, inert)
    return _SPECIAL.sub(r"\\\1", flat)


def limit_text(max_bytes: int | None) -> str:
    """What a cut report was cut to fit, in the note that says so."""
    if max_bytes is None or max_bytes == STEP_SUMMARY_BYTES:
        return "GitHub's 1 MiB limit for a step summary"
    return f"the limit of {max_bytes:,} bytes"


def left_out(left: int, total: int, noun: str) -> str:
    """'1 of 3 changes is left out', '2 of 3 changes are left out'."""
    verb = "is" if left == 1 else "are"
    return f"{left:,} of {total:,} {noun_for(total, noun)} {verb} left out"


def _row(cells: list[str], counted_row: bool = True) -> Row:
    return ("| " + " | ".join(cells) + " |", counted_row)


def _cell(cell: Cell) -> str:
    return "<br>".join(escape(line) for line in cell_lines(cell))


def filter_options(selection: Selection | None) -> list[str]:
    """The command-line options that make ``selection`` (for a command to rerun)."""
    if selection is None or selection.selects_all:
        return []
    options = []
    if selection.kinds:
        options += ["--kind", ",".join(kind.value for kind in selection.sorted_kinds)]
    if selection.countries:
        options += ["--country", ",".join(selection.sorted_countries)]
    if selection.types:
        options += ["--type", ",".join(kind.value for kind in selection.sorted_types)]
    return options


def render_markdown(report: Report, include_unchanged: bool, max_bytes: int | None = None) -> str:
    """The report in Markdown; cut at a table row to ``max_bytes`` (UTF-8) when given
    (``STEP_SUMMARY_BYTES`` for GitHub's step summary), whole otherwise."""
    out: list[Row] = [
        ("# sanctions-diff report", False),
        ("", False),
        (f"- **old:** {escape(snapshot_label(report.old))}", False),
        (f"- **new:** {escape(snapshot_label(report.new))}", False),
        ("", False),
        ("| " + " | ".join(kind.value for kind in report.summary) + " |", False),
        ("|" + "---:|" * len(report.summary), False),
        ("| " + " | ".join(str(n) for n in report.summary.values()) + " |", False),
    ]
    selected = selection_line(report, include_unchanged)
    if selected:
        out += [("", False), (escape(selected), False)]
    changes = visible_changes(report, include_unchanged)
    for kind in ChangeKind:
        group = [c for c in changes if c.kind is kind]
        if not group:
            continue
        titles, rows = change_table(group)
        out += [("", False), ("## " + escape(heading(kind, len(group), report)), False)]
        out += [("", False), _row(list(titles), False), ("|" + "---|" * len(titles), False)]
        out += [_row([_cell(cell) for cell in row]) for row in rows]
    rerun = shlex.join(
        [
            "sanctions-diff",
            "diff",
            report.old.origin,
            report.new.origin,
            *filter_options(report.selection),
        ]
    )

    def note(left: int, total: int) -> str:
        return (
            f"**Truncated:** {left_out(left, total, 'change')} to fit "
            f"{limit_text(max_bytes)}; `{escape_code(rerun)} -f json` (or `-f table`) "
            "gives the full report."
        )

    return fit(out, note, max_bytes)


def escape_code(text: str) -> str:
    """Text for an inline code span, where backslash escapes do not work: backticks become
    quotes, controls are shown escaped."""
    return safe(text.replace("`", "'"))


def render_history_markdown(
    history: History,
    tracks: list[Track],
    max_bytes: int | None = None,
    selection: Selection | None = None,
) -> str:
    """The tracks in Markdown, cut to ``max_bytes`` when given (see ``render_markdown``).
    ``selection``: the countries and types ``tracks`` were restricted to, said above the
    table."""
    out: list[Row] = [
        ("# sanctions-diff history", False),
        ("", False),
        ("Snapshots, in order: " + ", ".join(escape(s.origin) for s in history.snapshots), False),
        ("", False),
    ]
    if selection is not None and not selection.selects_all:
        out += [(escape("Showing only " + selection_text(selection)), False), ("", False)]
    outcomes = [outcome(track) if track.was_dropped else "" for track in tracks]
    titles = ["Entity", "Timeline"] + (["Outcome"] if any(outcomes) else [])
    out += [_row(titles, False), ("|" + "---|" * len(titles), False)]
    for track, result in zip(tracks, outcomes, strict=True):
        cells = [escape(entity_label(track.latest)), escape(timeline_text(track))]
        out.append(_row(cells + ([escape(result)] if "Outcome" in titles else [])))

    def note(left: int, total: int) -> str:
        return (
            f"**Truncated:** {left_out(left, total, 'entity')} to fit "
            f"{limit_text(max_bytes)}; `sanctions-diff history -f json` (with the same "
            "snapshots and options) gives them all."
        )

    return fit(out, note, max_bytes)


def render_search_markdown(result: SearchResult, max_bytes: int | None = None) -> str:
    """The hits in Markdown, cut to ``max_bytes`` when given (see ``render_markdown``)."""
    out: list[Row] = [
        (f"# sanctions-diff search: {escape(result.query)}", False),
        ("", False),
    ]
    if result.selection is not None:
        out += [(escape("Showing only " + selection_text(result.selection)), False), ("", False)]
    out += [
        (
            f"{counted(result.total, 'hit')} at threshold {result.threshold:g} "
            f"{escape(searched_text(result))}; {len(result.hits)} shown.",
            False,
        ),
        ("", False),
    ]
    titles, rows = search_table(result)
    align = "".join("---:|" if title == "Score" else "---|" for title in titles)
    out += [_row(titles, False), ("|" + align, False)]
    out += [_row([escape(cell) for cell in row]) for row in rows]

    def note(left: int, total: int) -> str:
        return (
            f"**Truncated:** {left_out(left, total, 'hit')} to fit "
            f"{limit_text(max_bytes)}; `-f json` gives them all."
        )

    return fit(out, note, max_bytes)
