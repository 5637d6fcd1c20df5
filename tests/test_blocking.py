"""Candidate generation (``blocking.TokenIndex``) on the names of every bundled list: it may
only skip names that could not reach the match threshold."""

from __future__ import annotations

import random

import pytest
from rapidfuzz import fuzz

from sanctions_diff import blocking
from sanctions_diff.blocking import TRIGRAM_SHARE, TokenIndex, _trigrams
from sanctions_diff.bundled import bundled_names, resolve
from sanctions_diff.formats.loader import load_snapshot
from sanctions_diff.matcher import DEFAULT_THRESHOLD
from sanctions_diff.normalize import normalize


def real_cores() -> list[str]:
    """The normalised core of every name and alias of every bundled list, once each."""
    cores: dict[str, None] = {}
    for name in bundled_names():
        for entity in load_snapshot(resolve(name)).entities:
            for written in entity.names():
                core = normalize(written).core
                if core:
                    cores[core] = None
    return list(cores)


@pytest.fixture(scope="module")
def cores() -> list[str]:
    return real_cores()


def misspell(word: str, rng: random.Random) -> str:
    """One edit of the kind typists and transliterators make: drop, double or swap a letter."""
    at = rng.randrange(len(word))
    edit = rng.choice(("drop", "double", "swap"))
    if edit == "drop" and len(word) > 3:
        return word[:at] + word[at + 1 :]
    if edit == "swap" and at + 1 < len(word):
        return word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    return word[:at] + word[at] + word[at:]


def test_similar_words_are_exactly_the_dice_neighbours(cores: list[str]) -> None:
    """Prefix filtering must find what comparing the word with every word finds."""
    index = TokenIndex(cores)
    vocabulary = list(index.postings)
    rng = random.Random(7)
    for word in rng.sample(vocabulary, 300):
        query = misspell(word, rng)
        grams = _trigrams(query)
        expected = sorted(
            other
            for other in vocabulary
            if 2 * len(grams & _trigrams(other))
            >= TRIGRAM_SHARE * (len(grams) + len(_trigrams(other)))
        )
        assert sorted(index._similar_words(query)) == expected, query


def test_misspelt_names_still_reach_their_originals(cores: list[str]) -> None:
    """Every name that scores at or above the threshold against a misspelt real name is a
    candidate: blocking costs these queries no pair."""
    index = TokenIndex(cores)
    rng = random.Random(11)
    for core in rng.sample(cores, 400):
        words = core.split()
        k = rng.randrange(len(words))
        query = " ".join([*words[:k], misspell(words[k], rng), *words[k + 1 :]])
        candidates = set(index.candidates(query))
        for position, other in enumerate(cores):
            if fuzz.token_sort_ratio(query, other) >= DEFAULT_THRESHOLD:
                assert position in candidates, (query, other)


def test_common_words_are_capped_in_absolute_terms(monkeypatch: pytest.MonkeyPatch) -> None:
    """A word in more names than COMMON_MAX is common however long the list, so that the
    candidates of a query do not grow with the list: "alpha" (in 301 of 16,301 names, under
    2% but over a cap of 100) no longer brings its 301 names along with the rare "zeta"."""
    names = ["alpha trading"] * 300 + ["zeta alpha"] + [f"filler {k}" for k in range(16_000)]
    uncapped = TokenIndex(names)
    assert uncapped.common == int(len(names) * blocking.COMMON_SHARE)
    assert len(uncapped.candidates("zeta alpha")) == 301
    monkeypatch.setattr(blocking, "COMMON_MAX", 100)
    capped = TokenIndex(names)
    assert capped.common == 100
    assert capped.candidates("zeta alpha") == [300]
    # A query of common words only still gets the names sharing its rarest word.
    assert len(capped.candidates("alpha trading")) == 300
