"""Name similarity: which names are worth judging, and their scores (rapidfuzz).

Scores are rapidfuzz's ``token_sort_ratio`` (0-100) of the compared keys (see ``names``);
for persons also ``token_set_ratio``, which finds a shorter name inside a longer one (a
contraction is then judged by ``names.compare``). Every candidate scoring at least the
threshold is judged (``evidence.judge``): the best pair of names of each entity pair that
may pair is kept in ``best``, and where none may, the best near-miss in ``doubts``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, process

from sanctions_diff.blocking import MIN_POOL, TokenIndex
from sanctions_diff.model import EntityType
from sanctions_diff.normalize import normalize
from sanctions_diff.parallel import in_halves
from sanctions_diff.progress import Progress

from .evidence import NUMBER_CONFLICT_PENALTY, PERSON_SUBSET_PENALTY, Prepared, judge
from .names import Name
from .results import Method

# Cores shorter than this (acronyms such as "SFT", "OMP") must be equal: one letter of
# three is a different company, and ratio-based scores for them are noise.
MIN_FUZZY_CORE_CHARS = 5

# Name scoring is split with a forked child (see parallel) from this many queries: forking
# a process holding 100,000 entities, the child's exit and the hand-back cost about 8 ms
# (measured), a quarter of what scoring 1,000 queries against a large pool costs.
PARALLEL_MIN_QUERIES = 1000

# Report progress every this many queries: often enough for a smooth bar, rarely enough to
# cost nothing.
PROGRESS_EVERY = 256

# Search queries are short and partial ("King Pai", "Rakhmanov Aleksandr"), so search scores
# with one more measure than pairing does: a query whose words all occur in a name
# ("king pai" in "king pai technology") scores 100 - SEARCH_PARTIAL_PENALTY, so a full-name
# hit still ranks first. Below SEARCH_THRESHOLD nothing is shown: measured on the bundled
# lists, unrelated firms sharing one generic word ("Sigma Technology" for "King-Pai
# Technology") score at most ~80 (tests/test_search.py pins it).
SEARCH_THRESHOLD = 85.0
SEARCH_PARTIAL_PENALTY = 5.0

_DIGITS = re.compile(r"\d+")


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


# (score after penalties, exact, name of old, name of new, reason: "" for a pair, evidence:
# what a pair rests on, see evidence.judge)
Verdict = tuple[float, bool, str, str, str, str]


class Scorer:
    """Name similarity for all candidate pairs, ``best[(i, j)]`` for old i and new j
    (pairs that may be made) and ``doubts[(i, j)]`` (near-misses, with their reason).

    The names of the larger side are the choices, those of the smaller side the queries
    (scores are symmetric): one C-level pass per query, over candidates only when the
    choices are many (see blocking).
    """

    def __init__(
        self,
        old: Sequence[Prepared],
        new: Sequence[Prepared],
        threshold: float,
        exhaustive: bool = False,
        progress: Progress | None = None,
    ):
        self.threshold = threshold
        self._found: dict[tuple[int, int], Verdict] = {}
        self.flipped = len(old) > len(new)
        queries, targets = (new, old) if self.flipped else (old, new)
        pools: dict[EntityType, list[tuple[int, Name]]] = defaultdict(list)
        for j, p in enumerate(targets):
            for name in p.names:
                pools[p.entity.type].append((j, name))
        # Built once per type: rebuilding them per query was half of a 4,500-entity diff.
        choices = {t: [n.key for _, n in pool] for t, pool in pools.items()}
        indexes = (
            {}
            if exhaustive
            else {t: TokenIndex(c) for t, c in choices.items() if len(c) >= MIN_POOL}
        )

        def score(positions: Sequence[int], here: bool) -> list[list[tuple[Any, ...]]]:
            """Per query, the verdict on each of its candidate pairs (marshal-ready)."""
            found = []
            for n, i in enumerate(positions):
                if here and progress is not None and n % PROGRESS_EVERY == 0:
                    progress("matching names", i, len(queries))
                self._found = {}
                p = queries[i]
                kind = p.entity.type
                if kind in pools:
                    for x in p.names:
                        self._score_name(
                            i, p, x, pools[kind], choices[kind], indexes.get(kind), targets
                        )
                found.append([(*pair, *verdict) for pair, verdict in self._found.items()])
            return found

        self.best: dict[tuple[int, int], Verdict] = {}
        self.doubts: dict[tuple[int, int], Verdict] = {}
        # Each query is scored whole on one side, so the two halves never score one pair.
        for per_query in in_halves(len(queries), score, PARALLEL_MIN_QUERIES):
            for a, b, final, exact, x, y, reason, evidence in per_query:
                verdict = (final, exact, x, y, reason, evidence)
                (self.doubts if reason else self.best)[(a, b)] = verdict

    def _score_name(
        self,
        i: int,
        p: Prepared,
        x: Name,
        pool: list[tuple[int, Name]],
        choices: list[str],
        index: TokenIndex | None,
        targets: Sequence[Prepared],
    ) -> None:
        query = x.key
        positions = index.candidates(query) if index is not None else None
        subset = choices if positions is None else [choices[k] for k in positions]
        raw: dict[int, float] = {}
        # Penalties only lower a score, so anything below the threshold now stays below it.
        for _, score, k in process.extract(
            query, subset, scorer=fuzz.token_sort_ratio, score_cutoff=self.threshold, limit=None
        ):
            raw[k if positions is None else positions[k]] = score
        if p.entity.type is EntityType.PERSON and len(query.split()) >= 2:
            # A shorter name inside a longer one: judged as a contraction (names.compare).
            subset_cutoff = min(100.0, self.threshold + PERSON_SUBSET_PENALTY)
            for _, score, k in process.extract(
                query, subset, scorer=fuzz.token_set_ratio, score_cutoff=subset_cutoff, limit=None
            ):
                k = k if positions is None else positions[k]
                if len(choices[k].split()) >= 2:
                    raw[k] = max(raw.get(k, 0.0), score)
        for k, score in raw.items():
            if score < 100.0 and min(len(query), len(choices[k])) < MIN_FUZZY_CORE_CHARS:
                continue
            j, y = pool[k]
            # Judged old side first, so that reasons read "old / new".
            if self.flipped:
                final, exact, reason, evidence = judge(targets[j], y, p, x, score, self.threshold)
                pair, names = (j, i), (y.written, x.written)
            else:
                final, exact, reason, evidence = judge(p, x, targets[j], y, score, self.threshold)
                pair, names = (i, j), (x.written, y.written)
            current = self._found.get(pair)
            # A pair beats a doubt; then the higher score, then an exact match.
            rank = (not reason, final, exact)
            if current is None or rank > (not current[4], current[0], current[1]):
                self._found[pair] = (final, exact, *names, reason, evidence)
