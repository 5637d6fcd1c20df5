"""What the matcher hands back: pairs with their evidence, and the doubts it did not pair."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sanctions_diff.records import quick_init


class Method(StrEnum):
    ID = "id"
    IDENTIFIER = "identifier"
    EXACT = "exact"
    FUZZY = "fuzzy"
    PARTIAL = "partial"  # search only: every word of the query is in the name


# Kinds of evidence, strongest first: an exact name (equal after normalisation, no
# penalty) is stronger evidence than a close one, and is found by a hash join, so the
# costly fuzzy scoring only sees what no stronger evidence paired.
TIER = {Method.ID: 4, Method.IDENTIFIER: 3, Method.EXACT: 2, Method.FUZZY: 1, Method.PARTIAL: 1}


@quick_init
@dataclass(frozen=True, slots=True)
class Match:
    """One pair with its evidence. ``old``/``new`` index the inputs as given. ``evidence``
    says what the pair rests on beyond equal names or ids: the shared identifier, a
    contraction, spelling variants, what bore out a weak name match ("" when the names are
    simply equal)."""

    old: int
    new: int
    method: Method
    score: float
    names: tuple[str, str]
    ambiguous_with: tuple[str, ...] = ()
    evidence: str = ""


@quick_init
@dataclass(frozen=True, slots=True)
class PossibleMatch:
    """A near-miss left unpaired: the names agree (``score``, before the evidence against),
    but the evidence is not enough to call the two one entity. ``other`` indexes the other
    side's input; ``names`` are (this side's name, the other side's name) as written;
    ``reason`` says why they were not paired, for a person to judge."""

    other: int
    score: float
    names: tuple[str, str]
    reason: str


@dataclass(frozen=True, slots=True)
class Pairing:
    """Everything ``pair_up`` found: the pairs, and for entities left unpaired on either
    side their best possible match among the unpaired of the other side (by input index)."""

    matches: list[Match]
    possible_old: dict[int, PossibleMatch]
    possible_new: dict[int, PossibleMatch]
