"""Markdown for pull-request comments and CI step summaries."""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable

from sanctions_diff.analysis.diff import ChangeKind, Report
from sanctions_diff.analysis.history import History, Track, outcome
from sanctions_diff.analysis.search import SearchResult

from .data import visible_changes
from .human import details, entity_label, heading, hit_text, safe, snapshot_label, timeline_text

# Characters that Markdown (GitHub flavour) would read as formatting inside a table cell.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")

# What GitHub would turn into an entity, a mention or a link: & (&amp;), @ (mentions ping
# people), and the starts of bare URLs.
_ACTIVE = {"&": "&amp;", "@": "&#64;", "://": "&#58;//", "www.": "www&#46;"}


# GitHub refuses a step summary ($GITHUB_STEP_SUMMARY) over 1 MiB and shows nothing of it,
# so a longer report is cut at a table row, with a note saying what is left out.
STEP_SUMMARY_BYTES = 1024 * 1024

# A line of Markdown output and whether it is a counted row (a change, an entity, a hit).
Row = tuple[str, bool]


def fit(rows: list[Row], note: Callable[[int, int], str], max_bytes: int) -> str:
    """The rows as text; when longer than ``max_bytes`` (UTF-8), the longest run of rows
    that leaves room for ``note(left out, total)`` (counted rows), cut between lines."""
    text = "".join(line + "\n" for line, _ in rows)
    if len(text.encode("utf-8")) <= max_bytes:
        return text
    total = sum(counted for _, counted in rows)

    def tail(shown: int) -> str:
        return "\n> " + note(total - shown, total) + "\n"

    kept: list[str] = []
    size = shown = 0
    for line, counted in rows:
        grown = size + len(line.encode("utf-8")) + 1
        if grown + len(tail(shown + counted).encode("utf-8")) > max_bytes:
            break
        kept.append(line)
        size, shown = grown, shown + counted
    return "".join(line + "\n" for line in kept) + tail(shown)


def escape(text: str) -> str:
    """Names are data: Markdown characters escaped, mentions and links defused, controls
    shown escaped, newlines flattened."""
    flat = safe(" ".join(text.split()))
    for active, inert in _ACTIVE.items():
        flat = flat.replace(active, inert)
    return _SPECIAL.sub(r"\\\1", flat)


def render_markdown(
    report: Report, include_unchanged: bool, max_bytes: int = STEP_SUMMARY_BYTES
) -> str:
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
    changes = visible_changes(report, include_unchanged)
    for kind in ChangeKind:
        group = [c for c in changes if c.kind is kind]
        if not group:
            continue
        out += [("", False), ("## " + escape(heading(kind, len(group), report)), False)]
        out += [
            ("", False),
            ("| Old | New | Country | Details |", False),
            ("|---|---|---|---|", False),
        ]
        for change in group:
            old = escape(change.old.name) if change.old else ""
            new = escape(change.new.name) if change.new else ""
            country = change.entity.country or ""
            info = "<br>".join(escape(line) for line in details(change))
            out.append((f"| {old} | {new} | {country} | {info} |", True))
    rerun = shlex.join(["sanctions-diff", "diff", report.old.origin, report.new.origin])

    def note(left: int, total: int) -> str:
        return (
            f"**Truncated:** {left:,} of {total:,} changes are left out to fit GitHub's 1 MiB "
            f"limit for a step summary; `{escape_code(rerun)} -f json` (or `-f table`) gives "
            "the full report."
        )

    return fit(out, note, max_bytes)


def escape_code(text: str) -> str:
    """Text for an inline code span, where backslash escapes do not work: backticks become
    quotes, controls are shown escaped."""
    return safe(text.replace("`", "'"))


def render_history_markdown(
    history: History, tracks: list[Track], max_bytes: int = STEP_SUMMARY_BYTES
) -> str:
    out: list[Row] = [
        ("# sanctions-diff history", False),
        ("", False),
        ("Snapshots, in order: " + ", ".join(escape(s.origin) for s in history.snapshots), False),
        ("", False),
        ("| Entity | Timeline | Outcome |", False),
        ("|---|---|---|", False),
    ]
    for track in tracks:
        result = outcome(track) if track.was_dropped else ""
        out.append(
            (
                f"| {escape(entity_label(track.latest))} | {escape(timeline_text(track))} | {escape(result)} |",
                True,
            )
        )

    def note(left: int, total: int) -> str:
        return (
            f"**Truncated:** {left:,} of {total:,} entities are left out to fit GitHub's 1 MiB "
            "limit for a step summary; `sanctions-diff history -f json` (with the same "
            "snapshots and options) gives them all."
        )

    return fit(out, note, max_bytes)


def render_search_markdown(result: SearchResult) -> str:
    out = [
        f"# sanctions-diff search: {escape(result.query)}",
        "",
        f"{result.total} hits at threshold {result.threshold:g}; {len(result.hits)} shown.",
        "",
        "| Score | Snapshot | Entity | Match |",
        "|---:|---|---|---|",
    ]
    for hit in result.hits:
        out.append(
            f"| {hit.score:g} | {escape(hit.snapshot)} | {escape(entity_label(hit.entity))} | {escape(hit_text(hit))} |"
        )
    return "\n".join(out) + "\n"
