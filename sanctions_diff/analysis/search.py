"""Find a name across snapshots: each hit with its snapshot, entity, the name that matched,
the score and how it matched.

Names are compared with the same normalisation as ``diff`` (so "Кинг Пай" finds
"King-Pai Technology" and "DA GROUP 22 TOO" finds "Da Group 22"); a query that equals an
identifier value (an INN, a registration number) finds it exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sanctions_diff.analysis.diff import Selection
from sanctions_diff.matcher import SEARCH_THRESHOLD, Method, identifier_key, search_names
from sanctions_diff.model import Entity, Snapshot
from sanctions_diff.normalize import fold, variants

# Hits shown unless --limit says otherwise: enough for a name found in every package.
DEFAULT_LIMIT = 50


@dataclass(frozen=True, slots=True)
class SearchHit:
    snapshot: str
    entity: Entity
    matched: str
    score: float
    method: Method


@dataclass(frozen=True, slots=True)
class SearchResult:
    """``total``: the hits before ``limit``; ``selection``: the countries and types hits
    were restricted to (None: every entity was searched); ``searched``: where."""

    query: str
    threshold: float
    hits: tuple[SearchHit, ...]
    total: int
    selection: Selection | None = None
    # The snapshots searched (their origins, in order): a person reading "0 hits" needs to
    # know where the tool looked.
    searched: tuple[str, ...] = ()


def _identifier_hits(
    query: str, snapshot: Snapshot, kept: Sequence[int] | None = None
) -> dict[int, SearchHit]:
    wanted = fold(query).replace(" ", "").upper()
    found: dict[int, SearchHit] = {}
    if len(wanted) < 4:  # too short to be an identifier rather than a word
        return found
    for k in range(len(snapshot.entities)) if kept is None else kept:
        entity = snapshot.entities[k]
        for ident in entity.identifiers:
            if identifier_key(ident.type, ident.value)[1] == wanted:
                found[k] = SearchHit(
                    snapshot.origin,
                    entity,
                    f"{ident.type}: {ident.value}",
                    100.0,
                    Method.IDENTIFIER,
                )
    return found


def search(
    query: str,
    snapshots: Sequence[Snapshot],
    threshold: float = SEARCH_THRESHOLD,
    limit: int | None = DEFAULT_LIMIT,
    selection: Selection | None = None,
) -> SearchResult:
    """Hits sorted best first, then by snapshot order, name and id. ``selection``: only
    entities of its countries and types are searched, so ``limit`` and ``total`` count
    those hits (kinds of change belong to a diff: a selection with kinds is refused)."""
    if selection is not None and selection.kinds:
        raise ValueError("a search is selected by country and type, not by kind of change")
    if selection is not None and selection.selects_all:
        selection = None
    hits: list[tuple[int, SearchHit]] = []
    for position, snapshot in enumerate(snapshots):
        owners: list[int] = []
        names: list[str] = []
        kept = (
            None
            if selection is None
            else [k for k, e in enumerate(snapshot.entities) if selection.keeps_entity(e)]
        )
        for k in range(len(snapshot.entities)) if kept is None else kept:
            entity = snapshot.entities[k]
            for written in entity.names():
                for variant in variants(written):
                    owners.append(k)
                    names.append(variant)
        best = _identifier_hits(query, snapshot, kept)
        for hit in search_names(query, names, threshold):
            k = owners[hit.index]
            if k not in best or hit.score > best[k].score:
                best[k] = SearchHit(
                    snapshot.origin, snapshot.entities[k], names[hit.index], hit.score, hit.method
                )
        hits += [(position, hit) for hit in best.values()]
    hits.sort(key=lambda p: (-p[1].score, p[0], fold(p[1].entity.name), p[1].entity.id or ""))
    chosen = hits if limit is None else hits[:limit]
    searched = tuple(snapshot.origin for snapshot in snapshots)
    return SearchResult(
        query, threshold, tuple(hit for _, hit in chosen), len(hits), selection, searched
    )
