"""Pair the entities of two snapshots one-to-one: the only package that imports rapidfuzz.

What it is: a deterministic, explainable matcher for sanctions entries, built for the cases
that break naive matching (drafts that drop legal forms, Cyrillic vs Latin, two companies
with the same printed name) and for the cases that break naive matching the other way:
distinct entities with confusable names (relatives sharing a family name, numbered series
of firms and ships, institutes that differ by an ordinal). What it is not: a general
entity-resolution engine; it never merges entities within one snapshot and never learns
weights.

A pair needs evidence, not only a score. Its parts, in the order a comparison runs:

- ``names``: what is compared of a printed name, and what two names alone say (a full
  match, a contraction, a spelling variant, or a weak match);
- ``scoring``: which names are worth judging, and their similarity (rapidfuzz);
- ``evidence``: identifiers, countries, birth dates, legal forms, numbers — for and
  against — and the verdict on each candidate;
- ``assignment``: the one-to-one choice among the candidates (Hungarian), with rivals;
- ``pairing``: the stages (id, identifier, exact name, fuzzy name) and the possible
  matches left for a person to judge;
- ``results``: what is handed back.
"""

from .evidence import (
    DEFAULT_THRESHOLD,
    NON_IDENTIFYING_TYPES,
    PreparedCache,
    identifier_key,
    told_apart,
)
from .pairing import match, pair_up, similar_pairs
from .results import Match, Method, Pairing, PossibleMatch
from .scoring import SEARCH_THRESHOLD, NameHit, search_names

__all__ = [
    "DEFAULT_THRESHOLD",
    "NON_IDENTIFYING_TYPES",
    "SEARCH_THRESHOLD",
    "Match",
    "Method",
    "NameHit",
    "Pairing",
    "PossibleMatch",
    "PreparedCache",
    "identifier_key",
    "match",
    "pair_up",
    "search_names",
    "similar_pairs",
    "told_apart",
]
