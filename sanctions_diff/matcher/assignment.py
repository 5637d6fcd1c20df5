"""The one-to-one assignment: which candidate pairs are made.

Within each kind of evidence and each connected group of candidate pairs, the total weight
is maximised exactly (Hungarian algorithm), not first-come; groups too large for that are
assigned greedily. Ties are broken by content (``SortKeys``), never by input order, and the
same way whichever side is old. A pair whose entity had another partner exactly as good is
reported with its rivals (``rivals``): the report says it could not decide.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sanctions_diff.model import Entity
from sanctions_diff.records import quick_init

from .evidence import Prepared
from .results import TIER, Method

# Components larger than this many entities per side are assigned greedily (best weight
# first, stable order) instead of exactly. Measured on random 25%-dense score matrices:
# 100 → 0.02 s, 200 → 0.12 s, 400 → 0.7 s; the cost grows as n^3, so beyond 400 one
# component could take longer than a whole diff. Components that large mean hundreds of
# entities with interchangeable names, where an exact optimum says little anyway.
MAX_EXACT_COMPONENT = 400

# Tie-break evidence (0-5, see evidence.tie_break) is scaled to at most 0.005 of a score
# point: enough to prefer, among pairs with the same name score, the one whose aliases,
# addresses and country also agree (the two "JSC PO Sevmash" rows of 833/2014), never
# enough to outweigh a better name.
_CORROBORATION_SCALE = 0.001


@quick_init
@dataclass(frozen=True, slots=True)
class Edge:
    method: Method
    score: float
    names: tuple[str, str]
    corroboration: float = 0.0
    evidence: str = ""

    @property
    def weight(self) -> float:
        return self.score + self.corroboration * _CORROBORATION_SCALE


def components(edges: dict[tuple[int, int], Edge]) -> list[list[tuple[int, int]]]:
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


def hungarian(weights: list[list[float]]) -> list[int]:
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


class SortKeys:
    """``sort_key()`` of each prepared entity of one side, by position, built on first use
    (only entities in contested groups need one)."""

    def __init__(self, prepared: Sequence[Prepared]):
        self._prepared = prepared
        self._keys: dict[int, tuple[object, ...]] = {}

    def __getitem__(self, k: int) -> tuple[object, ...]:
        key = self._keys.get(k)
        if key is None:
            key = self._keys[k] = self._prepared[k].sort_key()
        return key


def assign(
    group: list[tuple[int, int]],
    edges: dict[tuple[int, int], Edge],
    old_keys: SortKeys,
    new_keys: SortKeys,
) -> list[tuple[int, int]]:
    """The best assignment within one group. Ties are broken the same way whichever side is
    old: the smaller side (or, at equal sizes, the one whose content sorts first) is the
    rows, so diff(B, A) pairs exactly what diff(A, B) pairs."""
    rows = sorted({i for i, _ in group})
    cols = sorted({j for _, j in group})
    if len(group) == 1:
        return group
    new_first = [new_keys[j] for j in cols] < [old_keys[i] for i in rows]
    if max(len(rows), len(cols)) > MAX_EXACT_COMPONENT:
        return _greedy(group, edges, old_keys, new_keys, new_first)
    transpose = len(rows) > len(cols) or (len(rows) == len(cols) and new_first)
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
    for r, c in enumerate(hungarian(matrix)):
        if c >= 0 and matrix[r][c] > 0:
            chosen.append((cols[c], rows[r]) if transpose else (rows[r], cols[c]))
    return chosen


def _greedy(
    group: list[tuple[int, int]],
    edges: dict[tuple[int, int], Edge],
    old_keys: SortKeys,
    new_keys: SortKeys,
    new_first: bool,
) -> list[tuple[int, int]]:
    taken_old: set[int] = set()
    taken_new: set[int] = set()
    chosen = []

    def order(pair: tuple[int, int]) -> tuple[float, tuple[object, ...], tuple[object, ...]]:
        a, b = old_keys[pair[0]], new_keys[pair[1]]
        return (-edges[pair].weight, *((b, a) if new_first else (a, b)))

    for i, j in sorted(group, key=order):
        if i not in taken_old and j not in taken_new:
            taken_old.add(i)
            taken_new.add(j)
            chosen.append((i, j))
    return chosen


def describe(entity: Entity) -> str:
    where = f", {entity.country}" if entity.country else ""
    ident = f" ({entity.id})" if entity.id else ""
    first = (
        f", {entity.identifiers[0].type} {entity.identifiers[0].value}"
        if entity.identifiers
        else ""
    )
    return f"{entity.name}{ident}{where}{first}"


# Weights are sums of floats: equal within this are "equally good".
_EPSILON = 1e-9


def rivals(
    i: int,
    j: int,
    edges: dict[tuple[int, int], Edge],
    by_old: dict[int, list[int]],
    by_new: dict[int, list[int]],
    partner_of_old: dict[int, int],
    partner_of_new: dict[int, int],
) -> tuple[list[int], list[int]]:
    """Partners (new, old) that would do exactly as well as the chosen one: an unpaired
    entity with the same weight, or a swap with another pair of the same tier that keeps
    the total. Anything taken by stronger evidence is no rival."""
    edge = edges[(i, j)]
    tier = TIER[edge.method]

    def weight(pair: tuple[int, int]) -> float | None:
        found = edges.get(pair)
        return found.weight if found is not None and TIER[found.method] == tier else None

    def equally_good(
        alternative: float | None, other_held: float | None, other_swapped: float | None
    ) -> bool:
        """Taking the alternative keeps the total: alone, or swapped with another pair."""
        if alternative is None:
            return False
        if other_held is None and other_swapped is None:
            return abs(alternative - edge.weight) < _EPSILON
        if other_held is None or other_swapped is None:
            return False
        return abs(alternative + other_swapped - edge.weight - other_held) < _EPSILON

    new_rivals = []
    for k in by_old[i]:
        other = partner_of_new.get(k)
        held, swapped = (None, None) if other is None else (weight((other, k)), weight((other, j)))
        if (
            k != j
            and (other is None or held is not None)
            and equally_good(weight((i, k)), held, swapped)
        ):
            new_rivals.append(k)
    old_rivals = []
    for k in by_new[j]:
        other = partner_of_old.get(k)
        held, swapped = (None, None) if other is None else (weight((k, other)), weight((i, other)))
        if (
            k != i
            and (other is None or held is not None)
            and equally_good(weight((k, j)), held, swapped)
        ):
            old_rivals.append(k)
    return new_rivals, old_rivals
