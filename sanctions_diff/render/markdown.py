"""Markdown for pull-request comments and CI step summaries."""

from __future__ import annotations

import re

from sanctions_diff.diff import ChangeKind, Report
from sanctions_diff.history import History, Track, outcome
from sanctions_diff.search import SearchResult

from .data import visible_changes
from .human import details, entity_label, heading, hit_text, safe, snapshot_label, timeline_text

# Characters that Markdown (GitHub flavour) would read as formatting inside a table cell.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")

# What GitHub would turn into an entity, a mention or a link: & (&amp;), @ (mentions ping
# people), and the starts of bare URLs.
_ACTIVE = {"&": "&amp;", "@": "&#64;", "://": "&#58;//", "www.": "www&#46;"}


def escape(text: str) -> str:
    """Names are data: Markdown characters escaped, mentions and links defused, controls
    shown escaped, newlines flattened."""
    flat = safe(" ".join(text.split()))
    for active, inert in _ACTIVE.items():
        flat = flat.replace(active, inert)
    return _SPECIAL.sub(r"\\\1", flat)


def render_markdown(report: Report, include_unchanged: bool) -> str:
    out = [
        "# sanctions-diff report",
        "",
        f"- **old:** {escape(snapshot_label(report.old))}",
        f"- **new:** {escape(snapshot_label(report.new))}",
        "",
        "| " + " | ".join(kind.value for kind in report.summary) + " |",
        "|" + "---:|" * len(report.summary),
        "| " + " | ".join(str(n) for n in report.summary.values()) + " |",
    ]
    changes = visible_changes(report, include_unchanged)
    for kind in ChangeKind:
        group = [c for c in changes if c.kind is kind]
        if not group:
            continue
        out += ["", "## " + escape(heading(kind, len(group), report)), ""]
        out += ["| Old | New | Country | Details |", "|---|---|---|---|"]
        for change in group:
            old = escape(change.old.name) if change.old else ""
            new = escape(change.new.name) if change.new else ""
            country = change.entity.country or ""
            info = "<br>".join(escape(line) for line in details(change))
            out.append(f"| {old} | {new} | {country} | {info} |")
    return "\n".join(out) + "\n"


def render_history_markdown(history: History, tracks: list[Track]) -> str:
    out = [
        "# sanctions-diff history",
        "",
        "Snapshots, in order: " + ", ".join(escape(s.origin) for s in history.snapshots),
        "",
        "| Entity | Timeline | Outcome |",
        "|---|---|---|",
    ]
    for track in tracks:
        result = outcome(track) if track.was_dropped else ""
        out.append(
            f"| {escape(entity_label(track.latest))} | {escape(timeline_text(track))} | {escape(result)} |"
        )
    return "\n".join(out) + "\n"


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
