"""Pair the entities of two snapshots: the stages of evidence, strongest first.

1. ``id`` — equal ``id`` on both sides (and type). Unequal ids prove nothing (drafts and
   finals number differently), so they never veto. Entities paired by id are never
   normalised: between two versions of a consolidated list that is nearly all of them.
2. ``identifier`` — a shared identifier (same canonical type and value). A *conflicting*
   identifier (same type, no value in common) vetoes any name match.
3. ``exact`` — names equal after normalisation, nothing against (a hash join).
4. ``fuzzy`` — every name and alias against every name and alias (``scoring``), each
   candidate judged with the evidence (``evidence.judge``).

Each stage only sees what stronger stages left unpaired, and is assigned on its own
(``assignment``): a stronger kind of evidence always wins. Near-misses that the evidence
did not allow to pair are kept, and each entity left unpaired gets its best one among the
unpaired of the other side as a *possible* match.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import replace
from operator import attrgetter

from sanctions_diff.model import Entity, EntityType
from sanctions_diff.ordering import sorted_by_content
from sanctions_diff.progress import Progress

from .assignment import Edge, SortKeys, assign, components, describe, rivals
from .evidence import (
    DEFAULT_THRESHOLD,
    Prepared,
    PreparedCache,
    identifiers_conflict,
    identifiers_disagree,
    judge,
    tie_break,
)
from .names import Name
from .results import Match, Method, Pairing, PossibleMatch
from .scoring import Scorer, Verdict


def _fill_names(prepared: Sequence[Prepared]) -> None:
    """Work out the names of each of ``prepared`` (both sides of a diff at once), in order
    of the name as written: the same name on both sides (most entities that no id paired
    keep their names) then comes twice in a row, so the second is a cache hit however many
    names pass through the caches (they are emptied when full). 190,000 entities: 5.7 →
    3.8 s. (Preparing half of them in a forked child was measured too: sending the names
    back and the copy-on-write faults cost what it saved.)"""
    for p in sorted(prepared, key=attrgetter("entity.name")):
        p.names  # noqa: B018 - computed and kept by the property


def similar_pairs(
    entities: Sequence[Entity], threshold: float = DEFAULT_THRESHOLD
) -> list[tuple[int, int, float, bool, str, str]]:
    """Pairs (i < j) of entities of one list that the matcher would pair by name, with no
    identifier telling them apart: (i, j, score, exact, name of i, name of j). For lint."""
    prepared = [Prepared(e) for e in entities]
    best: dict[tuple[int, int], tuple[float, bool, str, str]] = {}
    for (a, b), (score, exact, name_a, name_b, _, _) in Scorer(
        prepared, prepared, threshold
    ).best.items():
        if a == b or identifiers_conflict(prepared[a], prepared[b]):
            continue
        (i, name_i), (j, name_j) = sorted(((a, name_a), (b, name_b)))
        if (i, j) not in best or (score, exact) > best[(i, j)][:2]:
            best[(i, j)] = (score, exact, name_i, name_j)
    return [(i, j, *found) for (i, j), found in sorted(best.items())]


def _identifier_edges(
    old: Sequence[Prepared], new: Sequence[Prepared], old_open: set[int], new_open: set[int]
) -> dict[tuple[int, int], Edge]:
    edges: dict[tuple[int, int], Edge] = {}
    new_by_identifier: dict[tuple[str, str], list[int]] = defaultdict(list)
    for j in sorted(new_open):
        for key in new[j].identifiers:
            new_by_identifier[key].append(j)
    for i in sorted(old_open):
        p = old[i]
        for key in p.identifiers:
            for j in new_by_identifier.get(key, ()):
                if (
                    (i, j) not in edges
                    and new[j].entity.type is p.entity.type
                    and not identifiers_disagree(p, new[j])
                ):
                    names = (p.entity.name, new[j].entity.name)
                    shared = f"shared identifier: {key[0].upper()} {key[1]}"
                    edges[(i, j)] = Edge(Method.IDENTIFIER, 100.0, names, evidence=shared)
    return edges


def _exact_edges(
    old: Sequence[Prepared],
    new: Sequence[Prepared],
    old_open: set[int],
    new_open: set[int],
    threshold: float,
) -> dict[tuple[int, int], Edge]:
    """Pairs with a name equal after normalisation and nothing against: a hash join."""
    by_key: dict[tuple[EntityType, str], list[tuple[int, Name]]] = defaultdict(list)
    for j in sorted(new_open):
        for name in new[j].names:
            by_key[(new[j].entity.type, name.key)].append((j, name))
    edges: dict[tuple[int, int], Edge] = {}
    for i in sorted(old_open):
        a = old[i]
        for x in a.names:
            for j, y in by_key.get((a.entity.type, x.key), ()):
                if (i, j) in edges or identifiers_conflict(a, new[j]):
                    continue
                exact = judge(a, x, new[j], y, 100.0, threshold)[1]
                if exact:
                    edges[(i, j)] = Edge(Method.EXACT, 100.0, (x.written, y.written))
    return edges


class _NameStage:
    """The fuzzy stage: its edges, and the near-misses it found on the way."""

    def __init__(self) -> None:
        self.doubts: dict[tuple[int, int], Verdict] = {}

    def __call__(
        self,
        old: Sequence[Prepared],
        new: Sequence[Prepared],
        old_open: set[int],
        new_open: set[int],
        threshold: float,
        exhaustive: bool,
        progress: Progress | None,
    ) -> dict[tuple[int, int], Edge]:
        old_left = sorted(old_open)
        new_left = sorted(new_open)
        scorer = Scorer(
            [old[i] for i in old_left], [new[j] for j in new_left], threshold, exhaustive, progress
        )
        edges: dict[tuple[int, int], Edge] = {}
        for (a, b), (score, exact, x, y, _, evidence) in scorer.best.items():
            i, j = old_left[a], new_left[b]
            if identifiers_conflict(old[i], new[j]):
                continue
            method = Method.EXACT if exact else Method.FUZZY
            edges[(i, j)] = Edge(method, score, (x, y), evidence=evidence)
        for (a, b), verdict in scorer.doubts.items():
            i, j = old_left[a], new_left[b]
            if not identifiers_conflict(old[i], new[j]):
                self.doubts[(i, j)] = verdict
        return edges


def _possible(
    doubts: dict[tuple[int, int], Verdict],
    partner_of_old: dict[int, int],
    partner_of_new: dict[int, int],
) -> tuple[dict[int, tuple[int, Verdict]], dict[int, tuple[int, Verdict]]]:
    """For each entity left unpaired, its best near-miss among the unpaired of the other
    side: the highest score, then the first in the stable order."""
    old_best: dict[int, tuple[int, Verdict]] = {}
    new_best: dict[int, tuple[int, Verdict]] = {}
    for (i, j), verdict in sorted(doubts.items()):
        if i in partner_of_old or j in partner_of_new:
            continue
        if i not in old_best or verdict[0] > old_best[i][1][0]:
            old_best[i] = (j, verdict)
        if j not in new_best or verdict[0] > new_best[j][1][0]:
            new_best[j] = (i, verdict)
    return old_best, new_best


def _id_pairs(old: Sequence[Entity], new: Sequence[Entity]) -> list[tuple[int, int]]:
    """Equal ids (and types): certain pairs, needing no name work. Ids are unique per file,
    so these never compete and are made before anything is normalised."""
    new_by_id = {e.id: j for j, e in enumerate(new) if e.id}
    pairs = []
    for i, entity in enumerate(old):
        j = new_by_id.get(entity.id) if entity.id else None
        if j is not None and new[j].type is entity.type:
            pairs.append((i, j))
    return pairs


def match(
    old: Sequence[Entity],
    new: Sequence[Entity],
    threshold: float = DEFAULT_THRESHOLD,
    exhaustive: bool = False,
    progress: Progress | None = None,
    prepared: PreparedCache | None = None,
) -> list[Match]:
    """The pairs of ``pair_up``, each index at most once, in the order of ``old``."""
    return pair_up(old, new, threshold, exhaustive, progress, prepared).matches


def pair_up(
    old: Sequence[Entity],
    new: Sequence[Entity],
    threshold: float = DEFAULT_THRESHOLD,
    exhaustive: bool = False,
    progress: Progress | None = None,
    prepared: PreparedCache | None = None,
) -> Pairing:
    """Pair entities of ``old`` with entities of ``new``; each index appears at most once.
    Entities left unpaired get their possible match, if they have one.

    ``exhaustive`` scores every name against every name, however many (the baseline that
    benchmarks measure blocking against). ``prepared``: keep what is computed of each
    entity across calls (see ``PreparedCache``).
    """
    matches = [
        Match(old=i, new=j, method=Method.ID, score=100.0, names=(old[i].name, new[j].name))
        for i, j in _id_pairs(old, new)
    ]
    paired_old = {m.old for m in matches}
    paired_new = {m.new for m in matches}
    old_left = [k for k in range(len(old)) if k not in paired_old]
    new_left = [k for k in range(len(new)) if k not in paired_new]
    keep = prepared if prepared is not None else Prepared  # history keeps them across calls
    old_p = {k: keep(old[k]) for k in old_left}
    new_p = {k: keep(new[k]) for k in new_left}
    # Work in a stable order so that the input order of the files never decides a tie.
    old_order = sorted_by_content(
        old_left, lambda k: old_p[k].head, lambda k: (old_p[k].sort_key(), k)
    )
    new_order = sorted_by_content(
        new_left, lambda k: new_p[k].head, lambda k: (new_p[k].sort_key(), k)
    )
    old_sorted = [old_p[k] for k in old_order]
    new_sorted = [new_p[k] for k in new_order]
    old_keys, new_keys = SortKeys(old_sorted), SortKeys(new_sorted)
    partner_of_old: dict[int, int] = {}
    partner_of_new: dict[int, int] = {}
    edges: dict[tuple[int, int], Edge] = {}
    old_open, new_open = set(range(len(old_sorted))), set(range(len(new_sorted)))
    names = _NameStage()
    stages: tuple[Callable[[], dict[tuple[int, int], Edge]], ...] = (
        lambda: _identifier_edges(old_sorted, new_sorted, old_open, new_open),
        lambda: _exact_edges(old_sorted, new_sorted, old_open, new_open, threshold),
        lambda: names(old_sorted, new_sorted, old_open, new_open, threshold, exhaustive, progress),
    )
    # Each kind of evidence only sees what stronger kinds left unpaired.
    for number, stage in enumerate(stages):
        if number == 1:
            # Names from here on: those of everything still open, worked out together.
            _fill_names([old_sorted[i] for i in old_open] + [new_sorted[j] for j in new_open])
        found = stage()
        groups = components(found)
        for group in groups:
            if len(group) > 1:
                # Other evidence breaks ties between the pairs of one group; a pair alone in
                # its group is compared with nothing (see rivals), and goes without.
                for i, j in group:
                    found[(i, j)] = replace(
                        found[(i, j)], corroboration=tie_break(old_sorted[i], new_sorted[j])
                    )
        edges.update(found)
        for group in groups:
            for i, j in assign(group, found, old_keys, new_keys):
                partner_of_old[i], partner_of_new[j] = j, i
                old_open.discard(i)
                new_open.discard(j)
    by_old: dict[int, list[int]] = defaultdict(list)
    by_new: dict[int, list[int]] = defaultdict(list)
    for i, j in sorted(edges):
        by_old[i].append(j)
        by_new[j].append(i)
    for i, j in sorted(partner_of_old.items()):
        edge = edges[(i, j)]
        new_rivals, old_rivals = rivals(i, j, edges, by_old, by_new, partner_of_old, partner_of_new)
        others = [new_sorted[k].entity for k in new_rivals] + [
            old_sorted[k].entity for k in old_rivals
        ]
        matches.append(
            Match(
                old=old_order[i],
                new=new_order[j],
                method=edge.method,
                score=round(edge.score, 1),
                names=edge.names,
                ambiguous_with=tuple(describe(e) for e in others),
                evidence=edge.evidence,
            )
        )
    old_doubts, new_doubts = _possible(names.doubts, partner_of_old, partner_of_new)
    possible_old = {
        old_order[i]: PossibleMatch(new_order[j], round(v[0], 1), (v[2], v[3]), v[4])
        for i, (j, v) in old_doubts.items()
    }
    possible_new = {
        new_order[j]: PossibleMatch(old_order[i], round(v[0], 1), (v[3], v[2]), v[4])
        for j, (i, v) in new_doubts.items()
    }
    # Each old index is in one match at most: its position alone orders them (in C).
    return Pairing(sorted(matches, key=attrgetter("old")), possible_old, possible_new)
