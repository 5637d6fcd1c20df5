"""Wording shared by the formats people read (table, Markdown): one place says it once.

A diff's tables are made here as cells of lines of pieces, each piece with a ``Role``
(plain, added, removed), so that the table can colour what was added green and what was
removed red, as git does, and Markdown can write the same words without colour.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Sequence
from enum import StrEnum
from typing import TypeVar

from sanctions_diff.analysis.diff import Change, ChangeKind, FieldChange, Report, Selection
from sanctions_diff.analysis.history import Track
from sanctions_diff.analysis.search import SearchHit, SearchResult
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


# Nouns that follow a count, singular and plural: "1 entity", "2 entities".
NOUNS: dict[str, str] = {
    "change": "changes",
    "entity": "entities",
    "hit": "hits",
    "snapshot": "snapshots",
}


def noun_for(count: int, noun: str) -> str:
    """``noun`` (singular, a key of NOUNS) as ``count`` of it needs: entity, entities."""
    return noun if count == 1 else NOUNS[noun]


def counted(count: int, noun: str) -> str:
    """'1 entity', '0 entities', '1,931 entities' (thousands marked, as everywhere in the human formats)."""
    return f"{count:,} {noun_for(count, noun)}"


class Role(StrEnum):
    """What a piece of a cell says: plain words, or a value added or removed."""

    PLAIN = "plain"
    ADDED = "added"
    REMOVED = "removed"


Piece = tuple[str, Role]
Line = tuple[Piece, ...]
Cell = tuple[Line, ...]


def plain_cell(text: str) -> Cell:
    """One line of plain text; the empty cell for ''."""
    return (((text, Role.PLAIN),),) if text else ()


def line_text(line: Line) -> str:
    return "".join(text for text, _ in line)


def cell_lines(cell: Cell) -> list[str]:
    return [line_text(line) for line in cell]


def _short(value: str | None) -> str:
    if not value:
        return "—"
    return value if len(value) <= MAX_VALUE_CHARS else value[: MAX_VALUE_CHARS - 1] + "…"


def _listed(values: Sequence[str], separator: str = ", ") -> str:
    """The first MAX_LISTED_VALUES values, and how many more there are."""
    shown = separator.join(values[:MAX_LISTED_VALUES])
    more = len(values) - MAX_LISTED_VALUES
    return shown + (f" (+{more} more)" if more > 0 else "")


def snapshot_label(snapshot: Snapshot) -> str:
    meta = snapshot.meta
    extra = f", {meta.coverage.value}" if snapshot.is_partial else ""
    # A quick list without a header is titled by its file name: said once, not twice.
    title = "" if meta.title == snapshot.origin else f" — {meta.title}"
    return f"{snapshot.origin}{title} ({counted(len(snapshot.entities), 'entity')}{extra})"


def field_pieces(change: FieldChange) -> Line:
    """'aliases: ' then '+added; values' (added) and '-removed' (removed), or 'country: '
    then the old value (removed) '→' the new one (added)."""
    head: Piece = (f"{change.field}: ", Role.PLAIN)
    if change.added or change.removed:
        parts: list[Piece] = []
        for sign, values, role in (
            ("+", change.added, Role.ADDED),
            ("-", change.removed, Role.REMOVED),
        ):
            if values:
                if parts:
                    parts.append((" ", Role.PLAIN))
                parts.append((sign + _listed(values, "; "), role))
        return (head, *parts)
    return (
        head,
        (_short(change.old), Role.REMOVED),
        (" → ", Role.PLAIN),
        (_short(change.new), Role.ADDED),
    )


def match_text(change: Change) -> str:
    """'exact 100', 'fuzzy 93 (spelling variants)', 'exact 100 on “Alias”': how the pair
    was made. The names that matched are shown only when they are not the two entities'
    names (an alias matched): those are the Name column's and the name change's to show."""
    match = change.match
    if match is None:
        return ""
    text = f"{match.method.value} {match.score:g}"
    mine, theirs = match.names
    if (mine, theirs) != (change.old.name if change.old else "", change.entity.name):
        text += f" on “{mine}”" if mine == theirs else f" on “{mine}” ~ “{theirs}”"
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


_YEAR = re.compile(r"(\d{4})(?:-\d\d){0,2}(~?)")
_YEARS = re.compile(r"(\d{4})(?:-\d\d){0,2}/(\d{4})(?:-\d\d){0,2}")


def birth_years(entity: Entity) -> str:
    """The years of birth, sorted: '1961', '1969, 1970, 1971', '1965~' (approximately),
    '1960/1965' (between); a date given only as printed text ('March/April 1965') as it is
    printed. Enough to tell two namesakes apart; the JSON has the dates."""
    years: set[str] = set()
    for value in entity.birth_dates:
        if (one := _YEAR.fullmatch(value)) is not None:
            years.add(one[1] + one[2])
        elif (span := _YEARS.fullmatch(value)) is not None:
            years.add(f"{span[1]}/{span[2]}")
        else:
            years.add(value)
    return _listed(sorted(years))


def countries_text(entity: Entity) -> str:
    """The country, then the nationalities (persons have a nationality where organisations
    have a country): 'CN', 'RU', 'CF, SD'."""
    codes = dict.fromkeys(code for code in (entity.country, *entity.nationalities) if code)
    return _listed(list(codes))


def _either(old: str, new: str) -> str:
    """One value when both sides agree (or one is empty), else 'old → new'."""
    if not old or not new or old == new:
        return new or old
    return f"{old} → {new}"


V = TypeVar("V", bound=Hashable)


def telling_columns(titles: Sequence[str], rows: Sequence[Sequence[V]]) -> list[int]:
    """The columns worth showing: those with a value in some row, and Type only when the
    rows are not all of one type. A column says something only if it tells rows apart; an
    empty table keeps its columns (but Type), to show what it would have held."""
    if not rows:
        return [k for k, title in enumerate(titles) if title != "Type"]
    return [
        k
        for k, title in enumerate(titles)
        if any(row[k] for row in rows) and (title != "Type" or len({row[k] for row in rows}) > 1)
    ]


# A table of a kind of change: its column titles, and per change its cells.
TableCells = tuple[tuple[str, ...], list[tuple[Cell, ...]]]


def change_table(group: Sequence[Change]) -> TableCells:
    """The columns of one kind's table, and each change's cells. What tells entities apart:
    name, id, type, country (or nationality), birth years; then, for pairs, how they were
    paired and what changed, for others a possible match. Columns empty in every row are
    left out, and Type when every row has the same one: a column says something only if
    it tells rows apart."""
    paired = any(c.old is not None and c.new is not None for c in group)
    titles = ["Name", "Id", "Type", "Country", "Born"]
    titles += ["Match", "Changes"] if paired else ["Details"]
    rows: list[tuple[Cell, ...]] = []
    for change in group:
        entity = change.entity
        old = change.old if change.new is not None else None  # the other side of a pair
        old_id = (old.id or "") if old is not None else ""
        old_type = old.type.value if old is not None else ""
        cells = [
            plain_cell(entity.name),
            plain_cell(_either(old_id, entity.id or "")),
            plain_cell(_either(old_type, entity.type.value)),
            plain_cell(countries_text(entity)),
            plain_cell(birth_years(entity)),
        ]
        if paired:
            cells.append(plain_cell(match_text(change)))
            cells.append(tuple(field_pieces(f) for f in change.fields))
        else:
            cells.append(plain_cell(possible_text(change)))
        rows.append(tuple(cells))
    keep = telling_columns(titles, rows)
    return tuple(titles[k] for k in keep), [tuple(row[k] for k in keep) for row in rows]


def selection_text(selection: Selection) -> str:
    """'dropped or removed, country CN or HK, type person': what a selection keeps."""
    parts = []
    if selection.kinds:
        parts.append(" or ".join(kind.value for kind in selection.sorted_kinds))
    if selection.countries:
        parts.append("country " + " or ".join(selection.sorted_countries))
    if selection.types:
        parts.append("type " + " or ".join(kind.value for kind in selection.sorted_types))
    return ", ".join(parts)


def _shown_kinds(include_unchanged: bool) -> list[ChangeKind]:
    """The kinds a report lists: unchanged pairs only when asked for."""
    return [k for k in ChangeKind if include_unchanged or k is not ChangeKind.UNCHANGED]


def selection_line(report: Report, include_unchanged: bool) -> str:
    """'Showing only dropped, country CN: 3 of 88 changes' for a selected report ('' for a
    whole one): the total counts what the report would show without the selection."""
    if report.selection is None:
        return ""
    kinds = _shown_kinds(include_unchanged)
    shown = sum(1 for change in report.changes if change.kind in kinds)
    total = sum(report.summary.get(kind, 0) for kind in kinds)
    return f"Showing only {selection_text(report.selection)}: {shown} of {counted(total, 'change')}"


def heading(kind: ChangeKind, count: int, report: Report) -> str:
    """'Dropped (4)'; 'Dropped (2 of 4)' when a selection left some out."""
    everything = report.summary.get(kind, count)
    of = f" of {everything}" if report.selection is not None and everything != count else ""
    text = f"{HEADINGS[kind]} ({count}{of})"
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
    """'King-Pai Technology (eu-11-draft-2), CN'; a person's nationality and birth years
    where a firm has its country: 'Aram GABRELYANOV (eu-269-persons-1755), RU, born 1961'."""
    ident = f" ({entity.id})" if entity.id else ""
    where = countries_text(entity)
    born = birth_years(entity)
    return (
        f"{entity.name}{ident}"
        + (f", {where}" if where else "")
        + (f", born {born}" if born else "")
    )


def hit_text(hit: SearchHit) -> str:
    matched = "" if hit.matched == hit.entity.name else f" via “{hit.matched}”"
    return f"{hit.method.value} {hit.score:g}{matched}"


def grouped_hits(hits: Sequence[SearchHit]) -> list[tuple[SearchHit, list[str]]]:
    """Each hit once with every snapshot it is in: an entry of the consolidated Annex IV is
    the same in twelve snapshots, one row, not twelve (JSON keeps a hit per snapshot). Hits
    are the same when entity, matched name, score and method are; the first keeps its place."""
    groups: dict[tuple[object, ...], tuple[SearchHit, list[str]]] = {}
    for hit in hits:
        key = (hit.entity, hit.matched, hit.score, hit.method)
        if key in groups:
            groups[key][1].append(hit.snapshot)
        else:
            groups[key] = (hit, [hit.snapshot])
    return list(groups.values())


# More snapshots than this in one cell or line are shown as the first … the last (count).
SNAPSHOTS_LISTED = 3


def snapshots_text(snapshots: Sequence[str], *, count: bool = True) -> str:
    """Up to SNAPSHOTS_LISTED names ("eu-11-draft, eu-11-final"), else the first and the
    last ("eu-annex-iv-after-9 … eu-annex-iv-after-20 (12)"; the count left out when the
    line says it already)."""
    if len(snapshots) <= SNAPSHOTS_LISTED:
        return ", ".join(snapshots)
    return f"{snapshots[0]} … {snapshots[-1]}" + (f" ({len(snapshots)})" if count else "")


def searched_text(result: SearchResult) -> str:
    """Where the search looked: "in 39 snapshots (eu-9-final … eu-annex-iv-after-20)"."""
    if not result.searched:
        return ""
    where = snapshots_text(result.searched, count=False)
    return f"in {counted(len(result.searched), 'snapshot')} ({where})"


def search_summary(result: SearchResult) -> str:
    """The line under the hits: how many, for what, where, and whether --limit cut them."""
    more = (
        f" (showing {len(result.hits):,}; raise --limit for more)"
        if result.total > len(result.hits)
        else ""
    )
    return (
        f"{counted(result.total, 'hit')} for “{result.query}” at threshold "
        f"{result.threshold:g} {searched_text(result)}{more}"
    )


def search_table(result: SearchResult) -> tuple[list[str], list[list[str]]]:
    """Titles and rows of the hits: score, snapshot, then what tells the entities apart
    (as in a diff's tables: Type only when the hits mix types, empty columns left out),
    then how the hit matched."""
    titles = ["Score", "Snapshot", "Name", "Id", "Type", "Country", "Born", "Match"]
    rows = [
        [
            f"{hit.score:g}",
            snapshots_text(snapshots),
            hit.entity.name,
            hit.entity.id or "",
            hit.entity.type.value,
            countries_text(hit.entity),
            birth_years(hit.entity),
            hit_text(hit),
        ]
        for hit, snapshots in grouped_hits(result.hits)
    ]
    keep = telling_columns(titles, rows)
    return [titles[k] for k in keep], [[row[k] for k in keep] for row in rows]
