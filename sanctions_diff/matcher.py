"""Pair the entities of two snapshots one-to-one: the only module that imports rapidfuzz.

What it is: a deterministic, explainable matcher for sanctions entries, built for the cases
that break naive matching (drafts that drop legal forms, Cyrillic vs Latin, two companies
with the same printed name). What it is not: a general entity-resolution engine; it never
merges entities within one snapshot and never learns weights.

Evidence, strongest first (a *tier*); a stronger tier always wins the assignment:

1. ``id`` — equal ``id`` on both sides. Unequal ids prove nothing (drafts and finals number
   differently), so they never veto.
2. ``identifier`` — a shared identifier (same canonical type and value: INN, OGRN, CR No.,
   IMO...). A *conflicting* identifier (same type, no value in common) vetoes any name match:
   that is how #495 and #496 "Trust Logistics" of the 11th package stay apart.
3. ``exact`` / ``fuzzy`` — the best score over every name and alias of one side against
   every name and alias of the other, after ``normalize`` (see there for the pipeline).
   Organisations compare the distinctive part of the name (legal forms set apart, so a
   press "Tordan Industry" equals "Tordan Industry Limited"); persons compare tokens in any
   order, and a shorter form whose words all occur in the longer one ("Aleksandr
   Rakhmanov" in "Aleksandr Aleksandrovich Rakhmanov") scores just below a full match.

A different entity ``type`` vetoes any match (a person is never a vessel). Penalties lower a
name score for evidence against: countries that disagree, legal forms that disagree,
numbers in the name that disagree ("Da Group 22" is not "Da Group 23").

The assignment is global: within each connected group of candidate pairs the total weight
is maximised exactly (Hungarian algorithm), not first-come. Entities are put in a stable
order first (normalised name, id, country, identifiers), so input order never decides.
When an entity has two equally good partners the pair is still made, but flagged
``ambiguous_with``: the report says it could not decide rather than hiding a guess.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from rapidfuzz import fuzz, process

from .model import Entity, EntityType
from .normalize import NormalName, fold, normalize, variants

# Scores are 0-100 (rapidfuzz's scale).

# Pairs scoring below this are not matched. Measured on the bundled 11th and 12th finals
# (113 entities, every name and alias against every other entity's): the best-scoring
# distinct entities that no identifier tells apart are "Тульский Патронный Завод" vs
# "Ульяновский Патронный Завод" (88) and "Machine Building Group" vs "United Machine Building
# Group" (86); true variants score higher ("Aleksandr" / "Aliaksandr Aliaksandrovich
# Rakhmanov": 91). tests/test_matcher.py pins both sides.
DEFAULT_THRESHOLD = 90.0

# Countries that disagree are strong evidence of two entities (I Jet Global DMCC, Damascus
# vs Dubai) but not proof (a press report may give the parent's country): an identical
# name (100) drops to 80, below the threshold, while identifiers can still pair them.
COUNTRY_CONFLICT_PENALTY = 20.0

# LLC vs JSC is usually a re-registration or a transcription choice, so only a nudge: it
# breaks ties towards the same legal form without preventing the match.
LEGAL_FORM_CONFLICT_PENALTY = 6.0

# Numbers are the distinctive part of many names ("Da Group 22", "Plant No. 9"); a
# different number usually means a different entity: 100 → 80.
NUMBER_CONFLICT_PENALTY = 20.0

# "Aleksandr Rakhmanov" ⊂ "Aleksandr Aleksandrovich Rakhmanov": a subset of a person's name
# tokens scores 95, a clear match that still ranks below the full name.
PERSON_SUBSET_PENALTY = 5.0

# Cores shorter than this (acronyms such as "SFT", "OMP") must be equal: one letter of
# three is a different company, and ratio-based scores for them are noise.
MIN_FUZZY_CORE_CHARS = 5

# Tier weights: a stronger kind of evidence outweighs any number of weaker ones.
_TIER_WEIGHT = 1000.0

# Components larger than this many entities per side are assigned greedily (best weight
# first, stable order) instead of exactly; O(n^3) beyond it costs more than it gains.
MAX_EXACT_COMPONENT = 400


class Method(StrEnum):
    ID = "id"
    IDENTIFIER = "identifier"
    EXACT = "exact"
    FUZZY = "fuzzy"
    PARTIAL = "partial"  # search only: every word of the query is in the name


_TIER = {Method.ID: 3, Method.IDENTIFIER: 2, Method.EXACT: 1, Method.FUZZY: 1, Method.PARTIAL: 1}

# Search queries are short and partial ("King Pai", "Rakhmanov Aleksandr"), so search scores
# with one more measure than pairing does: a query whose words all occur in a name
# ("king pai" in "king pai technology") scores 100 - SEARCH_PARTIAL_PENALTY, so a full-name
# hit still ranks first. Below SEARCH_THRESHOLD nothing is shown: measured on the bundled
# lists, unrelated firms sharing one generic word ("Sigma Technology" for "King-Pai
# Technology") score at most ~80 (tests/test_search.py pins it).
SEARCH_THRESHOLD = 85.0
SEARCH_PARTIAL_PENALTY = 5.0


@dataclass(frozen=True, slots=True)
class NameHit:
    """A search hit: ``index`` into the names searched."""

    index: int
    score: float
    method: Method


def search_names(
    query: str, names: Sequence[str], threshold: float = SEARCH_THRESHOLD
) -> list[NameHit]:
    """Every name scoring at least ``threshold`` against ``query``, best first per index."""
    wanted = normalize(query)
    if not wanted.core:
        return []
    wanted_numbers = frozenset(_DIGITS.findall(wanted.core))
    cores = [normalize(name).core for name in names]
    best: dict[int, NameHit] = {}

    def offer(k: int, score: float, method: Method) -> None:
        if wanted_numbers - frozenset(_DIGITS.findall(cores[k])):
            score -= NUMBER_CONFLICT_PENALTY
        if score >= threshold and (k not in best or score > best[k].score):
            best[k] = NameHit(k, round(score, 1), method)

    for _, score, k in process.extract(
        wanted.core, cores, scorer=fuzz.token_sort_ratio, score_cutoff=threshold, limit=None
    ):
        offer(k, score, Method.EXACT if score == 100.0 else Method.FUZZY)
    partial_cutoff = min(100.0, threshold + SEARCH_PARTIAL_PENALTY)
    for _, score, k in process.extract(
        wanted.core, cores, scorer=fuzz.token_set_ratio, score_cutoff=partial_cutoff, limit=None
    ):
        offer(k, score - SEARCH_PARTIAL_PENALTY, Method.PARTIAL)
    return sorted(best.values(), key=lambda hit: hit.index)


@dataclass(frozen=True, slots=True)
class Match:
    """One pair with its evidence. ``old``/``new`` index the inputs as given."""

    old: int
    new: int
    method: Method
    score: float
    names: tuple[str, str]
    ambiguous_with: tuple[str, ...] = ()


# Identifier labels as printed → canonical type. Unlisted labels are compared as folded text.
IDENTIFIER_TYPES: dict[str, str] = {
    "tax id inn": "inn",
    "inn": "inn",
    "tax id": "inn",
    "tax id number": "inn",
    "ogrn": "ogrn",
    "cr no": "cr",
    "cr number": "cr",
    "cr": "cr",
    "hong kong company number": "cr",
    "uscc": "uscc",
    "china unified social credit code": "uscc",
    "unified social credit code": "uscc",
    "imo": "imo",
    "imo number": "imo",
    "cbls no": "cbls",
    "cbls": "cbls",
}

_DIGITS = re.compile(r"\d+")


def identifier_key(kind: str, value: str) -> tuple[str, str]:
    """(canonical type, value without spaces or punctuation, upper case)."""
    folded = fold(kind)
    return IDENTIFIER_TYPES.get(folded, folded), fold(value).replace(" ", "").upper()


@dataclass(frozen=True, slots=True)
class _Name:
    written: str
    norm: NormalName
    numbers: frozenset[str]


@dataclass(frozen=True, slots=True)
class _Prepared:
    entity: Entity
    names: tuple[_Name, ...]
    identifiers: frozenset[tuple[str, str]]
    identifier_types: frozenset[str]


def _prepare(entity: Entity) -> _Prepared:
    seen: dict[tuple[str, frozenset[str]], _Name] = {}
    for written in entity.names():
        for variant in variants(written):
            norm = normalize(variant)
            if norm.core:
                key = (norm.full if entity.type is EntityType.PERSON else norm.core, norm.forms)
                seen.setdefault(key, _Name(variant, norm, frozenset(_DIGITS.findall(norm.core))))
    keys = frozenset(identifier_key(i.type, i.value) for i in entity.identifiers)
    return _Prepared(entity, tuple(seen.values()), keys, frozenset(k for k, _ in keys))


def _sort_key(p: _Prepared) -> tuple[str, str, str, str, str]:
    first = p.names[0].norm.full if p.names else ""
    ids = ";".join(sorted(f"{k}={v}" for k, v in p.identifiers))
    return (first, p.entity.id or "", p.entity.country or "", ids, p.entity.name)


@dataclass(frozen=True, slots=True)
class _Edge:
    method: Method
    score: float
    names: tuple[str, str]

    @property
    def weight(self) -> float:
        return _TIER[self.method] * _TIER_WEIGHT + self.score


def _compare_key(p: _Prepared, name: _Name) -> str:
    return name.norm.full if p.entity.type is EntityType.PERSON else name.norm.core


def _name_score(a: _Prepared, x: _Name, b: _Prepared, y: _Name, raw: float) -> tuple[float, bool]:
    """Apply the penalties to a raw similarity; True when the pair is an exact match."""
    score = raw
    if x.norm.forms and y.norm.forms and not x.norm.forms & y.norm.forms:
        score -= LEGAL_FORM_CONFLICT_PENALTY
    if x.numbers != y.numbers:
        score -= NUMBER_CONFLICT_PENALTY
    if a.entity.country and b.entity.country and a.entity.country != b.entity.country:
        score -= COUNTRY_CONFLICT_PENALTY
    return max(score, 0.0), score == 100.0 and raw == 100.0


class _Scorer:
    """Name similarity for all candidate pairs: one C-level pass per name of the old side."""

    def __init__(self, old: Sequence[_Prepared], new: Sequence[_Prepared], threshold: float):
        self.threshold = threshold
        self.best: dict[tuple[int, int], tuple[float, bool, str, str]] = {}
        by_type: dict[EntityType, list[tuple[int, _Name]]] = defaultdict(list)
        for j, p in enumerate(new):
            for name in p.names:
                by_type[p.entity.type].append((j, name))
        for i, p in enumerate(old):
            pool = by_type.get(p.entity.type, [])
            if not pool:
                continue
            choices = [_compare_key(new[j], name) for j, name in pool]
            for x in p.names:
                self._score_name(i, p, x, pool, choices, new)

    def _score_name(
        self,
        i: int,
        p: _Prepared,
        x: _Name,
        pool: list[tuple[int, _Name]],
        choices: list[str],
        new: Sequence[_Prepared],
    ) -> None:
        query = _compare_key(p, x)
        raw: dict[int, float] = {}
        # Penalties only lower a score, so anything below the threshold now stays below it.
        for _, score, k in process.extract(
            query, choices, scorer=fuzz.token_sort_ratio, score_cutoff=self.threshold, limit=None
        ):
            raw[k] = score
        if p.entity.type is EntityType.PERSON:
            subset_cutoff = min(100.0, self.threshold + PERSON_SUBSET_PENALTY)
            for _, score, k in process.extract(
                query, choices, scorer=fuzz.token_set_ratio, score_cutoff=subset_cutoff, limit=None
            ):
                if len(query.split()) >= 2 and len(choices[k].split()) >= 2:
                    raw[k] = max(raw.get(k, 0.0), score - PERSON_SUBSET_PENALTY)
        for k, score in raw.items():
            if score < 100.0 and min(len(query), len(choices[k])) < MIN_FUZZY_CORE_CHARS:
                continue
            j, y = pool[k]
            final, exact = _name_score(p, x, new[j], y, score)
            if final < self.threshold:
                continue
            current = self.best.get((i, j))
            if current is None or (final, exact) > (current[0], current[1]):
                self.best[(i, j)] = (final, exact, x.written, y.written)


def _edges(
    old: Sequence[_Prepared], new: Sequence[_Prepared], threshold: float
) -> dict[tuple[int, int], _Edge]:
    edges: dict[tuple[int, int], _Edge] = {}
    # Tier 1: equal ids.
    new_by_id = {p.entity.id: j for j, p in enumerate(new) if p.entity.id is not None}
    for i, p in enumerate(old):
        j = new_by_id.get(p.entity.id) if p.entity.id is not None else None
        if j is not None and new[j].entity.type is p.entity.type:
            edges[(i, j)] = _Edge(Method.ID, 100.0, (p.entity.name, new[j].entity.name))
    # Tier 2: shared identifiers.
    new_by_identifier: dict[tuple[str, str], list[int]] = defaultdict(list)
    for j, p in enumerate(new):
        for key in p.identifiers:
            new_by_identifier[key].append(j)
    for i, p in enumerate(old):
        for key in sorted(p.identifiers):
            for j in new_by_identifier.get(key, ()):
                if (i, j) not in edges and new[j].entity.type is p.entity.type:
                    edges[(i, j)] = _Edge(
                        Method.IDENTIFIER, 100.0, (p.entity.name, new[j].entity.name)
                    )
    # Tier 3: names, unless an identifier of the same type conflicts.
    for (i, j), (score, exact, x, y) in _Scorer(old, new, threshold).best.items():
        if (i, j) in edges or _identifiers_conflict(old[i], new[j]):
            continue
        edges[(i, j)] = _Edge(Method.EXACT if exact else Method.FUZZY, score, (x, y))
    return edges


def _identifiers_conflict(a: _Prepared, b: _Prepared) -> bool:
    """Same identifier type on both sides and no value in common."""
    shared_types = a.identifier_types & b.identifier_types
    if not shared_types:
        return False
    return not (a.identifiers & b.identifiers)


def _components(edges: dict[tuple[int, int], _Edge]) -> list[list[tuple[int, int]]]:
    """Connected groups of candidate pairs (union-find over old and new nodes)."""
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(node: tuple[str, int]) -> tuple[str, int]:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for i, j in edges:
        root_a, root_b = find(("o", i)), find(("n", j))
        if root_a != root_b:
            parent[max(root_a, root_b)] = min(root_a, root_b)
    groups: dict[tuple[str, int], list[tuple[int, int]]] = defaultdict(list)
    for i, j in sorted(edges):
        groups[find(("o", i))].append((i, j))
    return [groups[root] for root in sorted(groups)]


def _hungarian(weights: list[list[float]]) -> list[int]:
    """Maximum-weight assignment for an n x m matrix with n <= m: row i → column result[i].

    The classic O(n^2 m) shortest-augmenting-path form of the Hungarian algorithm, run on
    costs = -weights. Zero weight means "no edge"; callers drop such assignments.
    """
    n, m = len(weights), len(weights[0])
    inf = float("inf")
    u, v = [0.0] * (n + 1), [0.0] * (m + 1)
    p, way = [0] * (m + 1), [0] * (m + 1)
    for i in range(1, n + 1):
        p[0], j0 = i, 0
        minv, used = [inf] * (m + 1), [False] * (m + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = p[j0], inf, 0
            for j in range(1, m + 1):
                if not used[j]:
                    cur = -weights[i0 - 1][j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j], way[j] = cur, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(m + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while True:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
            if j0 == 0:
                break
    result = [-1] * n
    for j in range(1, m + 1):
        if p[j]:
            result[p[j] - 1] = j - 1
    return result


def _assign(
    group: list[tuple[int, int]], edges: dict[tuple[int, int], _Edge]
) -> list[tuple[int, int]]:
    rows = sorted({i for i, _ in group})
    cols = sorted({j for _, j in group})
    if len(group) == 1:
        return group
    if max(len(rows), len(cols)) > MAX_EXACT_COMPONENT:
        return _greedy(group, edges)
    transpose = len(rows) > len(cols)
    if transpose:
        rows, cols = cols, rows
    index = {c: k for k, c in enumerate(cols)}
    matrix = [[0.0] * len(cols) for _ in rows]
    for r, row in enumerate(rows):
        for c in cols:
            pair = (c, row) if transpose else (row, c)
            if pair in edges:
                matrix[r][index[c]] = edges[pair].weight
    chosen = []
    for r, c in enumerate(_hungarian(matrix)):
        if c >= 0 and matrix[r][c] > 0:
            chosen.append((cols[c], rows[r]) if transpose else (rows[r], cols[c]))
    return chosen


def _greedy(
    group: list[tuple[int, int]], edges: dict[tuple[int, int], _Edge]
) -> list[tuple[int, int]]:
    taken_old: set[int] = set()
    taken_new: set[int] = set()
    chosen = []
    for i, j in sorted(group, key=lambda pair: (-edges[pair].weight, pair)):
        if i not in taken_old and j not in taken_new:
            taken_old.add(i)
            taken_new.add(j)
            chosen.append((i, j))
    return chosen


def _describe(entity: Entity) -> str:
    where = f", {entity.country}" if entity.country else ""
    ident = f" ({entity.id})" if entity.id else ""
    return f"{entity.name}{ident}{where}"


def match(
    old: Sequence[Entity], new: Sequence[Entity], threshold: float = DEFAULT_THRESHOLD
) -> list[Match]:
    """Pair entities of ``old`` with entities of ``new``; each index appears at most once."""
    old_p = [_prepare(e) for e in old]
    new_p = [_prepare(e) for e in new]
    # Work in a stable order so that the input order of the files never decides a tie.
    old_order = sorted(range(len(old_p)), key=lambda k: (_sort_key(old_p[k]), k))
    new_order = sorted(range(len(new_p)), key=lambda k: (_sort_key(new_p[k]), k))
    old_sorted = [old_p[k] for k in old_order]
    new_sorted = [new_p[k] for k in new_order]
    edges = _edges(old_sorted, new_sorted, threshold)
    pairs = [pair for group in _components(edges) for pair in _assign(group, edges)]
    by_old: dict[int, list[int]] = defaultdict(list)
    by_new: dict[int, list[int]] = defaultdict(list)
    for i, j in edges:
        by_old[i].append(j)
        by_new[j].append(i)
    matches = []
    for i, j in sorted(pairs):
        edge = edges[(i, j)]
        rivals = [
            new_sorted[k].entity
            for k in by_old[i]
            if k != j and edges[(i, k)].weight == edge.weight
        ]
        rivals += [
            old_sorted[k].entity
            for k in by_new[j]
            if k != i and edges[(k, j)].weight == edge.weight
        ]
        matches.append(
            Match(
                old=old_order[i],
                new=new_order[j],
                method=edge.method,
                score=round(edge.score, 1),
                names=edge.names,
                ambiguous_with=tuple(_describe(e) for e in rivals),
            )
        )
    return matches
