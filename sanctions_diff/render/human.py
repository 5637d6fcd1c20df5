"""Wording shared by the formats people read (table, Markdown): one place says it once."""

from __future__ import annotations

from sanctions_diff.analysis.diff import Change, ChangeKind, FieldChange, Report
from sanctions_diff.analysis.history import Track
from sanctions_diff.analysis.search import SearchHit
from sanctions_diff.errors import inert
from sanctions_diff.model import Entity, Snapshot

# Names are data: the one definition of "made inert" lives with the errors, which need it too.
safe = inert


HEADINGS: dict[ChangeKind, str] = {
    ChangeKind.DROPPED: "Dropped (in the draft, left out of the final)",
    ChangeKind.REMOVED: "Removed",
    ChangeKind.ADDED: "Added",
    ChangeKind.CHANGED: "Changed",
    ChangeKind.UNCHANGED: "Unchanged",
}

# Lists longer than this are summarised by count in a table cell; the JSON has them all.
MAX_LISTED_VALUES = 3

# A statement of reasons runs to a paragraph; a table cell shows its start, JSON all of it.
MAX_VALUE_CHARS = 160


def _short(value: str | None) -> str:
    if not value:
        return "—"
    return value if len(value) <= MAX_VALUE_CHARS else value[: MAX_VALUE_CHARS - 1] + "…"


def snapshot_label(snapshot: Snapshot) -> str:
    meta = snapshot.meta
    extra = f", {meta.coverage.value}" if snapshot.is_partial else ""
    return f"{snapshot.origin} — {meta.title} ({len(snapshot.entities)} entities{extra})"


def field_text(change: FieldChange) -> str:
    if change.added or change.removed:
        parts = []
        for sign, values in (("+", change.added), ("-", change.removed)):
            if not values:
                continue
            shown = "; ".join(values[:MAX_LISTED_VALUES])
            more = len(values) - MAX_LISTED_VALUES
            parts.append(f"{sign}{shown}" + (f" (+{more} more)" if more > 0 else ""))
        return f"{change.field}: " + " ".join(parts)
    return f"{change.field}: {_short(change.old)} → {_short(change.new)}"


def match_text(change: Change) -> str:
    match = change.match
    if match is None:
        return ""
    text = f"{match.method.value} {match.score:g}"
    if match.names[0] != match.names[1]:
        text += f": “{match.names[0]}” ~ “{match.names[1]}”"
    if match.evidence:
        text += f" ({match.evidence})"
    if match.ambiguous_with:
        text += " — UNDECIDED, equally good: " + "; ".join(match.ambiguous_with)
    return text


def possible_text(change: Change) -> str:
    """'possibly the same as “X” (id, country) (score 92 on “A” ~ “B”) — not paired: why'.
    The names that agreed are shown only when they are not the two entities' names."""
    possible = change.possible
    if possible is None:
        return ""
    mine, theirs = possible.names
    if (mine, theirs) == (change.entity.name, possible.entity.name):
        on = ""
    elif mine == theirs:
        on = f" on “{mine}”"
    else:
        on = f" on “{mine}” ~ “{theirs}”"
    return (
        f"possibly the same as “{entity_label(possible.entity)}” (score {possible.score:g}{on})"
        f" — not paired: {possible.reason}"
    )


def details(change: Change) -> list[str]:
    """What a reader needs beyond the name: evidence, field changes, caveats."""
    lines = []
    if change.match is not None:
        lines.append("match " + match_text(change))
    if change.possible is not None:
        lines.append(possible_text(change))
    lines += [field_text(f) for f in change.fields]
    return lines


def heading(kind: ChangeKind, count: int, report: Report) -> str:
    text = f"{HEADINGS[kind]} ({count})"
    if kind is ChangeKind.ADDED and report.old.is_partial:
        text += f" — {report.old.origin} is partial: absence from it proves nothing"
    if kind is ChangeKind.REMOVED and report.new.is_partial:
        text += f" — {report.new.origin} is partial: absence from it proves nothing"
    return text


def summary_line(report: Report) -> str:
    return ", ".join(f"{count} {kind.value}" for kind, count in report.summary.items())


def timeline_text(track: Track) -> str:
    """'eu-11-draft: proposed → eu-11-final: dropped', names shown where they change."""
    parts: list[str] = []
    shown = ""
    for event in track.events:
        text = f"{event.snapshot}: {event.event.value}"
        if event.entity is not None and event.name_as_written != shown:
            text += f" as “{event.name_as_written}”"
            shown = event.name_as_written
        parts.append(text)
    return " → ".join(parts)


def entity_label(entity: Entity) -> str:
    ident = f" ({entity.id})" if entity.id else ""
    country = f", {entity.country}" if entity.country else ""
    return f"{entity.name}{ident}{country}"


def hit_text(hit: SearchHit) -> str:
    matched = "" if hit.matched == hit.entity.name else f" via “{hit.matched}”"
    return f"{hit.method.value} {hit.score:g}{matched}"
