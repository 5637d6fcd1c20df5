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
order first (name as written, then everything else they say), so input order never decides.
When an entity has two equally good partners the pair is still made, but flagged
``ambiguous_with``: the report says it could not decide rather than hiding a guess.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from operator import attrgetter
from typing import Any

from rapidfuzz import fuzz, process

from .blocking import MIN_POOL, TokenIndex
from .model import Entity, EntityType
from .normalize import CACHE_SIZE, Memo, NormalName, fold, normalize, variants
from .ordering import sorted_by_content
from .parallel import in_halves
from .progress import Progress
from .records import quick_init

# Scores are 0-100 (rapidfuzz's scale).

# Pairs scoring below this are not matched. Measured on the bundled 11th and 12th finals
# (113 entities, every name and alias against every other entity's, identifiers ignored):
# distinct firms that share a printed name or alias score 100 (#571/#572 "OOO OMP", #495/#496
# "Trust Logistics") or 91 (#488/#489 "Promelektronika") and only identifiers tell them
# apart; the best-scoring distinct firms whose names differ are "Тульский Патронный Завод" vs
# "Ульяновский Патронный Завод" (87) and "Machine Building Group" vs "United Machine Building
# Group" (86). True spelling variants score 91 and up ("Aleksandr" / "Aliaksandr
# Aleksandrovich Rakhmanov"). tests/test_matcher.py pins both sides.
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

# Organisation names with the same words in another order ("Logistics Trust" / "Trust
# Logistics") are matched as fuzzy at 95, not exact: order is usually kept in one company's
# names, but transliterated aliases do reorder ("JSC Sozvezdie Concern").
ORG_REORDER_PENALTY = 5.0

# Persons whose birth years all differ are very likely namesakes: an exact name (100)
# drops to 70, far below the threshold; identifiers can still pair them.
BIRTH_DATE_CONFLICT_PENALTY = 30.0

# Cores shorter than this (acronyms such as "SFT", "OMP") must be equal: one letter of
# three is a different company, and ratio-based scores for them are noise.
MIN_FUZZY_CORE_CHARS = 5

# Components larger than this many entities per side are assigned greedily (best weight
# first, stable order) instead of exactly. Measured on random 25%-dense score matrices:
# 100 → 0.02 s, 200 → 0.12 s, 400 → 0.7 s; the cost grows as n^3, so beyond 400 one
# component could take longer than a whole diff. Components that large mean hundreds of
# entities with interchangeable names, where an exact optimum says little anyway.
MAX_EXACT_COMPONENT = 400


# Name scoring is split with a forked child (see parallel) from this many queries: forking
# a process holding 100,000 entities, the child's exit and the hand-back cost about 8 ms
# (measured), a quarter of what scoring 1,000 queries against a large pool costs.
PARALLEL_MIN_QUERIES = 1000


# Report progress every this many queries: often enough for a smooth bar, rarely enough to
# cost nothing.
PROGRESS_EVERY = 256


class Method(StrEnum):
    ID = "id"
    IDENTIFIER = "identifier"
    EXACT = "exact"
    FUZZY = "fuzzy"
    PARTIAL = "partial"  # search only: every word of the query is in the name


# Kinds of evidence, strongest first: an exact name (equal after normalisation, no
# penalty) is stronger evidence than a close one, and is found by a hash join, so the
# costly fuzzy scoring only sees what no stronger evidence paired.
_TIER = {Method.ID: 4, Method.IDENTIFIER: 3, Method.EXACT: 2, Method.FUZZY: 1, Method.PARTIAL: 1}

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


@quick_init
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
    "kpp": "kpp",
}

# Identifier types that do not identify one entity: a KPP (Russian tax-registration reason
# code) belongs to a tax office and is shared by unrelated firms (five firms of the 12th
# package share 910201001). They neither pair entities nor veto a pair.
NON_IDENTIFYING_TYPES = frozenset({"kpp"})

_DIGITS = re.compile(r"\d+")


def identifier_key(kind: str, value: str) -> tuple[str, str]:
    """(canonical type, value without spaces or punctuation, upper case)."""
    folded = fold(kind)
    return IDENTIFIER_TYPES.get(folded, folded), fold(value).replace(" ", "").upper()


@quick_init
@dataclass(frozen=True, slots=True)
class _Name:
    written: str
    norm: NormalName
    key: str  # what is compared: see _names_of
    numbers: tuple[str, ...]  # the distinct numbers in the core, sorted


# What is kept of each entity is lean (tuples, not sets; sets built per comparison where
# needed): a diff of 1M entities holds a prepared form of most of them at once.
class _Prepared:
    """``identifiers``: identifying (type, value) keys, distinct, sorted. ``names``: the
    compared forms of every name, worked out when first asked for: an entity that an
    identifier alone pairs, with no rival, never needs them (a fifth of those no id
    pairs in the 100k benchmark)."""

    __slots__ = ("_names", "entity", "identifiers")

    def __init__(self, entity: Entity, identifiers: tuple[tuple[str, str], ...]) -> None:
        self.entity = entity
        self.identifiers = identifiers
        self._names: tuple[_Name, ...] | None = None

    @property
    def names(self) -> tuple[_Name, ...]:
        if self._names is None:
            self._names = _names_of_entity(self.entity)
        return self._names

    @property
    def head(self) -> str:
        """The first field of the stable order (see ``sort_key``): the name as written,
        known without normalising it."""
        return self.entity.name

    def name_keys(self) -> frozenset[str]:
        return frozenset(name.key for name in self.names)

    def addresses(self) -> frozenset[str]:
        return frozenset(fold(a) for a in self.entity.addresses)

    def sort_key(self) -> tuple[object, ...]:
        """Everything the entity says, so that only entities identical in every field keep
        the order they had in the file (and for those the order changes nothing in the
        report). Built only when needed: the head alone almost always decides."""
        entity = self.entity
        return (
            self.head,
            tuple(sorted(self.name_keys())),
            entity.id or "",
            entity.country or "",
            self.identifiers,
            tuple(sorted(self.addresses())),
            entity.listed_on.isoformat() if entity.listed_on else "",
            entity.birth_dates,
            entity.nationalities,
            entity.source or "",
            entity.name,
            entity.aliases,
        )


class Prepared:
    """What ``match`` has computed of each entity, kept for as long as the caller keeps
    this object: history compares the same track representatives with every snapshot.
    Keyed by identity (hashing a whole entity costs more than preparing half of it); the
    entity is held too, so its identity cannot be reused while it is here."""

    def __init__(self) -> None:
        self._found: dict[int, tuple[Entity, _Prepared]] = {}

    def __call__(self, entity: Entity) -> _Prepared:
        hit = self._found.get(id(entity))
        if hit is None:
            hit = self._found[id(entity)] = (entity, _prepare(entity))
        return hit[1]


# A letter or digit in any script (what str.isalnum accepts), found in C.
_ALPHANUMERIC = re.compile(r"[^\W_]")


def _names_of(written: str, person: bool) -> tuple[_Name, ...]:
    """The compared forms of one printed name (one per spelling, see ``variants``): what is
    compared (``key``) is all the words for persons, the core of the name for the rest."""
    found = []
    for variant in variants(written):
        norm = normalize(variant)
        if norm.core:
            numbers = _DIGITS.findall(norm.core)
            found.append(
                _Name(
                    variant,
                    norm,
                    norm.full if person else norm.core,
                    tuple(sorted(set(numbers))) if numbers else (),
                )
            )
    return tuple(found)


# The forms of each printed name, for persons and for everything else (their keys differ,
# see _names_of): a name met again (on the other side of a diff, in the next snapshot of a
# history) is prepared once and shared. 67,000 entities already met: 0.59 -> 0.38 s.
_PERSON_NAMES = Memo(lambda written: _names_of(written, True), CACHE_SIZE)
_OTHER_NAMES = Memo(lambda written: _names_of(written, False), CACHE_SIZE)


def _names_of_entity(entity: Entity) -> tuple[_Name, ...]:
    """The compared forms of every name and alias of one entity, each once."""
    names_of = _PERSON_NAMES if entity.type is EntityType.PERSON else _OTHER_NAMES
    names = names_of(entity.name)
    if entity.aliases or len(names) > 1:
        # Each compared form once (the first met), whichever names share it.
        seen: dict[tuple[str, frozenset[str]], _Name] = {}
        for name in names:
            seen.setdefault((name.key, name.norm.forms), name)
        for written in entity.aliases:
            if _ALPHANUMERIC.search(written) is None:
                continue  # an alias such as "—" says nothing; only a name of its own is kept
            for name in names_of(written):
                seen.setdefault((name.key, name.norm.forms), name)
        names = tuple(seen.values())
    return names


def _prepare(entity: Entity) -> _Prepared:
    """What the matcher needs of one entity (its names when first asked for)."""
    identifiers = (
        tuple(
            sorted(
                {
                    key
                    for key in (identifier_key(i.type, i.value) for i in entity.identifiers)
                    if key[0] not in NON_IDENTIFYING_TYPES
                }
            )
        )
        if entity.identifiers
        else ()
    )
    return _Prepared(entity, identifiers)


def _fill_names(prepared: Sequence[_Prepared]) -> None:
    """Work out the names of each of ``prepared`` (both sides of a diff at once), in order
    of the name as written: the same name on both sides (most entities that no id paired
    keep their names) then comes twice in a row, so the second is a cache hit however many
    names pass through the caches (they are emptied when full). 190,000 entities: 5.7 →
    3.8 s. (Preparing half of them in a forked child was measured too: sending the names
    back and the copy-on-write faults cost what it saved.)"""
    for p in sorted(prepared, key=attrgetter("entity.name")):
        p.names  # noqa: B018 - computed and kept by the property


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _corroboration(a: _Prepared, b: _Prepared) -> float:
    """Evidence beyond the best name, 0-5: shared names, addresses, country, listing date,
    birth dates. Only used to break ties between pairs with equal scores (see _Edge)."""
    return (
        _overlap(a.name_keys(), b.name_keys())
        + (
            _overlap(a.addresses(), b.addresses())
            if a.entity.addresses and b.entity.addresses
            else 0.0
        )
        + (a.entity.country is not None and a.entity.country == b.entity.country)
        + (a.entity.listed_on is not None and a.entity.listed_on == b.entity.listed_on)
        + _overlap(frozenset(a.entity.birth_dates), frozenset(b.entity.birth_dates))
    )


# Corroboration (0-5) is scaled to at most 0.005 of a score point: enough to prefer, among
# pairs with the same name score, the one whose aliases, addresses and country also agree
# (the two "JSC PO Sevmash" rows of 833/2014), never enough to outweigh a better name.
_CORROBORATION_SCALE = 0.001


@quick_init
@dataclass(frozen=True, slots=True)
class _Edge:
    method: Method
    score: float
    names: tuple[str, str]
    corroboration: float = 0.0

    @property
    def weight(self) -> float:
        return self.score + self.corroboration * _CORROBORATION_SCALE


def _name_score(a: _Prepared, x: _Name, b: _Prepared, y: _Name, raw: float) -> tuple[float, bool]:
    """Apply the penalties to a raw similarity; True when the pair is an exact match."""
    score = raw
    if x.norm.forms and y.norm.forms and not x.norm.forms & y.norm.forms:
        score -= LEGAL_FORM_CONFLICT_PENALTY
    if x.numbers != y.numbers:
        score -= NUMBER_CONFLICT_PENALTY
    if a.entity.country and b.entity.country and a.entity.country != b.entity.country:
        score -= COUNTRY_CONFLICT_PENALTY
    if a.entity.type is not EntityType.PERSON and raw == 100.0 and x.norm.core != y.norm.core:
        # Same words in another order: organisations are usually written in one order, so
        # a reordering is a likely but not a certain match.
        score -= ORG_REORDER_PENALTY
    if _birth_years_conflict(a.entity, b.entity):
        score -= BIRTH_DATE_CONFLICT_PENALTY
    return max(score, 0.0), score == 100.0 and raw == 100.0


_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


def _birth_years_conflict(a: Entity, b: Entity) -> bool:
    """Both give birth years and none agrees (the two "Aleksandr Rakhmanov" problem)."""
    years_a = {y for d in a.birth_dates for y in _YEAR.findall(d)}
    years_b = {y for d in b.birth_dates for y in _YEAR.findall(d)}
    return bool(years_a and years_b and not years_a & years_b)


class _Scorer:
    """Name similarity for all candidate pairs, ``best[(i, j)]`` for old i and new j.

    The names of the larger side are the choices, those of the smaller side the queries
    (scores are symmetric): one C-level pass per query, over candidates only when the
    choices are many (see blocking).
    """

    def __init__(
        self,
        old: Sequence[_Prepared],
        new: Sequence[_Prepared],
        threshold: float,
        exhaustive: bool = False,
        progress: Progress | None = None,
    ):
        self.threshold = threshold
        self.best: dict[tuple[int, int], tuple[float, bool, str, str]] = {}
        self.flipped = len(old) > len(new)
        queries, targets = (new, old) if self.flipped else (old, new)
        pools: dict[EntityType, list[tuple[int, _Name]]] = defaultdict(list)
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
            """Per query, the best score of each of its candidate pairs (marshal-ready)."""
            found = []
            for n, i in enumerate(positions):
                if here and progress is not None and n % PROGRESS_EVERY == 0:
                    progress("matching names", i, len(queries))
                self.best = {}
                p = queries[i]
                kind = p.entity.type
                if kind in pools:
                    for x in p.names:
                        self._score_name(
                            i, p, x, pools[kind], choices[kind], indexes.get(kind), targets
                        )
                found.append([(*pair, *best) for pair, best in self.best.items()])
            return found

        # Each query is scored whole on one side, so the two halves never score one pair.
        self.best = {
            (a, b): (final, exact, x, y)
            for per_query in in_halves(len(queries), score, PARALLEL_MIN_QUERIES)
            for a, b, final, exact, x, y in per_query
        }

    def _score_name(
        self,
        i: int,
        p: _Prepared,
        x: _Name,
        pool: list[tuple[int, _Name]],
        choices: list[str],
        index: TokenIndex | None,
        targets: Sequence[_Prepared],
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
            subset_cutoff = min(100.0, self.threshold + PERSON_SUBSET_PENALTY)
            for _, score, k in process.extract(
                query, subset, scorer=fuzz.token_set_ratio, score_cutoff=subset_cutoff, limit=None
            ):
                k = k if positions is None else positions[k]
                if len(choices[k].split()) >= 2:
                    raw[k] = max(raw.get(k, 0.0), score - PERSON_SUBSET_PENALTY)
        for k, score in raw.items():
            if score < 100.0 and min(len(query), len(choices[k])) < MIN_FUZZY_CORE_CHARS:
                continue
            j, y = pool[k]
            final, exact = _name_score(p, x, targets[j], y, score)
            if final < self.threshold:
                continue
            pair, names = (
                ((j, i), (y.written, x.written))
                if self.flipped
                else ((i, j), (x.written, y.written))
            )
            current = self.best.get(pair)
            if current is None or (final, exact) > (current[0], current[1]):
                self.best[pair] = (final, exact, *names)


def similar_pairs(
    entities: Sequence[Entity], threshold: float = DEFAULT_THRESHOLD
) -> list[tuple[int, int, float, bool, str, str]]:
    """Pairs (i < j) of entities of one list whose names the matcher would pair, with no
    identifier telling them apart: (i, j, score, exact, name of i, name of j). For lint."""
    prepared = [_prepare(e) for e in entities]
    best: dict[tuple[int, int], tuple[float, bool, str, str]] = {}
    for (a, b), (score, exact, name_a, name_b) in _Scorer(
        prepared, prepared, threshold
    ).best.items():
        if a == b or _identifiers_conflict(prepared[a], prepared[b]):
            continue
        (i, name_i), (j, name_j) = sorted(((a, name_a), (b, name_b)))
        if (i, j) not in best or (score, exact) > best[(i, j)][:2]:
            best[(i, j)] = (score, exact, name_i, name_j)
    return [(i, j, *found) for (i, j), found in sorted(best.items())]


def _identifier_edges(
    old: Sequence[_Prepared], new: Sequence[_Prepared], old_open: set[int], new_open: set[int]
) -> dict[tuple[int, int], _Edge]:
    edges: dict[tuple[int, int], _Edge] = {}
    new_by_identifier: dict[tuple[str, str], list[int]] = defaultdict(list)
    for j in sorted(new_open):
        for key in new[j].identifiers:
            new_by_identifier[key].append(j)
    for i in sorted(old_open):
        p = old[i]
        for key in p.identifiers:
            for j in new_by_identifier.get(key, ()):
                if (i, j) not in edges and new[j].entity.type is p.entity.type:
                    names = (p.entity.name, new[j].entity.name)
                    edges[(i, j)] = _Edge(Method.IDENTIFIER, 100.0, names)
    return edges


def _exact_edges(
    old: Sequence[_Prepared], new: Sequence[_Prepared], old_open: set[int], new_open: set[int]
) -> dict[tuple[int, int], _Edge]:
    """Pairs with a name equal after normalisation and no penalty: a hash join."""
    by_key: dict[tuple[EntityType, str], list[tuple[int, _Name]]] = defaultdict(list)
    for j in sorted(new_open):
        for name in new[j].names:
            by_key[(new[j].entity.type, name.key)].append((j, name))
    edges: dict[tuple[int, int], _Edge] = {}
    for i in sorted(old_open):
        a = old[i]
        for x in a.names:
            for j, y in by_key.get((a.entity.type, x.key), ()):
                if (i, j) in edges or _identifiers_conflict(a, new[j]):
                    continue
                _, exact = _name_score(a, x, new[j], y, 100.0)
                if exact:
                    edges[(i, j)] = _Edge(Method.EXACT, 100.0, (x.written, y.written))
    return edges


def _name_edges(
    old: Sequence[_Prepared],
    new: Sequence[_Prepared],
    old_open: set[int],
    new_open: set[int],
    threshold: float,
    exhaustive: bool = False,
    progress: Progress | None = None,
) -> dict[tuple[int, int], _Edge]:
    """Name pairs among the still-unpaired entities, unless an identifier conflicts."""
    old_left = sorted(old_open)
    new_left = sorted(new_open)
    scorer = _Scorer(
        [old[i] for i in old_left], [new[j] for j in new_left], threshold, exhaustive, progress
    )
    edges: dict[tuple[int, int], _Edge] = {}
    for (a, b), (score, exact, x, y) in scorer.best.items():
        i, j = old_left[a], new_left[b]
        if _identifiers_conflict(old[i], new[j]):
            continue
        method = Method.EXACT if exact else Method.FUZZY
        edges[(i, j)] = _Edge(method, score, (x, y))
    return edges


def _identifiers_conflict(a: _Prepared, b: _Prepared) -> bool:
    """Same identifier type on both sides and no value in common."""
    if not a.identifiers or not b.identifiers:
        return False
    types = {kind for kind, _ in a.identifiers}
    if not any(kind in types for kind, _ in b.identifiers):
        return False
    return not set(a.identifiers).intersection(b.identifiers)


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


class _SortKeys:
    """``sort_key()`` of each prepared entity of one side, by position, built on first use
    (only entities in contested groups need one)."""

    def __init__(self, prepared: Sequence[_Prepared]):
        self._prepared = prepared
        self._keys: dict[int, tuple[object, ...]] = {}

    def __getitem__(self, k: int) -> tuple[object, ...]:
        key = self._keys.get(k)
        if key is None:
            key = self._keys[k] = self._prepared[k].sort_key()
        return key


def _assign(
    group: list[tuple[int, int]],
    edges: dict[tuple[int, int], _Edge],
    old_keys: _SortKeys,
    new_keys: _SortKeys,
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
    for r, c in enumerate(_hungarian(matrix)):
        if c >= 0 and matrix[r][c] > 0:
            chosen.append((cols[c], rows[r]) if transpose else (rows[r], cols[c]))
    return chosen


def _greedy(
    group: list[tuple[int, int]],
    edges: dict[tuple[int, int], _Edge],
    old_keys: _SortKeys,
    new_keys: _SortKeys,
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


def _describe(entity: Entity) -> str:
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


def _rivals(
    i: int,
    j: int,
    edges: dict[tuple[int, int], _Edge],
    by_old: dict[int, list[int]],
    by_new: dict[int, list[int]],
    partner_of_old: dict[int, int],
    partner_of_new: dict[int, int],
) -> tuple[list[int], list[int]]:
    """Partners (new, old) that would do exactly as well as the chosen one: an unpaired
    entity with the same weight, or a swap with another pair of the same tier that keeps
    the total. Anything taken by stronger evidence is no rival."""
    edge = edges[(i, j)]
    tier = _TIER[edge.method]

    def weight(pair: tuple[int, int]) -> float | None:
        found = edges.get(pair)
        return found.weight if found is not None and _TIER[found.method] == tier else None

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
    prepared: Prepared | None = None,
) -> list[Match]:
    """Pair entities of ``old`` with entities of ``new``; each index appears at most once.

    ``exhaustive`` scores every name against every name, however many (the baseline that
    benchmarks measure blocking against). ``prepared``: keep what is computed of each
    entity across calls (see ``Prepared``).

    Stronger evidence always wins: pairs by id are made first, then by identifier among
    what is left, then by exact name, then by fuzzy name; within each kind the total
    weight is maximised. Entities paired by id are never normalised: between two versions
    of a consolidated list that is nearly all of them.
    """
    matches = [
        Match(old=i, new=j, method=Method.ID, score=100.0, names=(old[i].name, new[j].name))
        for i, j in _id_pairs(old, new)
    ]
    paired_old = {m.old for m in matches}
    paired_new = {m.new for m in matches}
    old_left = [k for k in range(len(old)) if k not in paired_old]
    new_left = [k for k in range(len(new)) if k not in paired_new]
    keep = prepared if prepared is not None else _prepare  # history keeps them across calls
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
    old_keys, new_keys = _SortKeys(old_sorted), _SortKeys(new_sorted)
    partner_of_old: dict[int, int] = {}
    partner_of_new: dict[int, int] = {}
    edges: dict[tuple[int, int], _Edge] = {}
    old_open, new_open = set(range(len(old_sorted))), set(range(len(new_sorted)))
    stages: tuple[Callable[[], dict[tuple[int, int], _Edge]], ...] = (
        lambda: _identifier_edges(old_sorted, new_sorted, old_open, new_open),
        lambda: _exact_edges(old_sorted, new_sorted, old_open, new_open),
        lambda: _name_edges(
            old_sorted, new_sorted, old_open, new_open, threshold, exhaustive, progress
        ),
    )
    # Each kind of evidence only sees what stronger kinds left unpaired.
    for number, stage in enumerate(stages):
        if number == 1:
            # Names from here on: those of everything still open, worked out together.
            _fill_names([old_sorted[i] for i in old_open] + [new_sorted[j] for j in new_open])
        found = stage()
        groups = _components(found)
        for group in groups:
            if len(group) > 1:
                # Corroboration breaks ties between the pairs of one group; a pair alone in
                # its group is compared with nothing (see _rivals), and goes without.
                for i, j in group:
                    found[(i, j)] = replace(
                        found[(i, j)], corroboration=_corroboration(old_sorted[i], new_sorted[j])
                    )
        edges.update(found)
        for group in groups:
            for i, j in _assign(group, found, old_keys, new_keys):
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
        new_rivals, old_rivals = _rivals(
            i, j, edges, by_old, by_new, partner_of_old, partner_of_new
        )
        rivals = [new_sorted[k].entity for k in new_rivals] + [
            old_sorted[k].entity for k in old_rivals
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
    # Each old index is in one match at most: its position alone orders them (in C).
    return sorted(matches, key=attrgetter("old"))
