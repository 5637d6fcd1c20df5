"""Candidate generation for large comparisons: which names are worth scoring at all.

Scoring every name against every name is quadratic; a history over every bundled package
(2,000 entities, 8,000 names) spent 75% of its time there. A name can only reach the match
threshold against names that share a word with it, or a word spelled almost the same, so
this index returns exactly those:

- every name sharing a word with the query, unless the word is *common* (in more than
  ``COMMON_SHARE`` of the names, and more than ``COMMON_MIN`` of them: "plant", "group");
- for a query word found in no name (a typo, another transliteration), the names whose words
  share at least ``TRIGRAM_SHARE`` of its letter trigrams;
- when every word of the query is common, the names sharing its rarest word.

What it may miss: a pair whose words all differ by more than a trigram overlap allows and
share nothing else. Below ``MIN_POOL`` names the matcher scores exhaustively, so small diffs
(every package diff, every test table) never depend on this index.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from itertools import chain

# Pools smaller than this are scored exhaustively: rapidfuzz does 2,000 comparisons per
# query in well under a millisecond, and exhaustive results are the reference.
MIN_POOL = 2000

# A word in more than 2% of the names (and more than 50 of them) says little about identity
# ("company", "plant", "aleksandr") and would make every query a full scan. Past
# COMMON_MAX names a word is common however long the list: else a query's candidates grow
# with the list (2% of 2M names is 40,000), and the work with its square.
COMMON_SHARE = 0.02
COMMON_MIN = 50
COMMON_MAX = 2000

# Words found in no name are looked up by letter trigrams (Dice coefficient): "sucess" and
# "success" share 5 of 7 and 8 trigrams (0.67); unrelated words share almost none.
TRIGRAM_SHARE = 0.5


def _trigrams(word: str) -> set[str]:
    padded = f" {word} "
    return {padded[k : k + 3] for k in range(len(padded) - 2)}


class TokenIndex:
    """Inverted index from words (and their trigrams) to the positions of the names."""

    def __init__(self, names: Sequence[str]) -> None:
        self.size = len(names)
        self.postings: dict[str, list[int]] = defaultdict(list)
        for k, name in enumerate(names):
            for word in set(name.split()):
                self.postings[word].append(k)
        self.by_trigram: dict[str, list[str]] = defaultdict(list)
        self.gram_count: dict[str, int] = {}
        for word in self.postings:
            grams = _trigrams(word)
            self.gram_count[word] = len(grams)
            for gram in grams:
                self.by_trigram[gram].append(word)
        self._similar: dict[str, list[str]] = {}
        self.common = min(COMMON_MAX, max(COMMON_MIN, int(self.size * COMMON_SHARE)))

    def _similar_words(self, word: str) -> list[str]:
        """Words whose trigrams overlap this word's by TRIGRAM_SHARE (Dice coefficient).

        A word of b trigrams qualifies with n shared when 2n >= TRIGRAM_SHARE (a + b); as
        n <= b, it shares at least ``need`` of the query's a trigrams, hence at least one
        of its a - need + 1 rarest. Only those postings are counted (in C): the common
        trigrams ("ov ", " ko") are most of the volume (2.7x faster on 200,000 names,
        the same words found). The common trigrams a counted word may also have are
        looked up as substrings of it, only for words that could still qualify.
        """
        found = self._similar.get(word)
        if found is not None:
            return found
        grams = sorted(_trigrams(word), key=lambda g: (len(self.by_trigram.get(g, ())), g))
        size = len(grams)
        need = math.ceil(TRIGRAM_SHARE * size / (2 - TRIGRAM_SHARE) - 1e-9)
        rare, common = grams[: size - need + 1], grams[size - need + 1 :]
        shared = Counter(chain.from_iterable(self.by_trigram.get(g, ()) for g in rare))
        counts = self.gram_count
        found = []
        for other, n in shared.items():
            if 2 * (n + len(common)) < TRIGRAM_SHARE * (size + counts[other]):
                continue  # even sharing every common trigram would not be enough
            padded = f" {other} "
            n += sum(1 for g in common if g in padded)
            if 2 * n >= TRIGRAM_SHARE * (size + counts[other]):
                found.append(other)
        # The same unknown word comes back in a name's aliases and bracketed variants.
        self._similar[word] = found
        return found

    def candidates(self, query: str) -> list[int]:
        """Positions of the names worth scoring against ``query``, in ascending order."""
        found: set[int] = set()
        rarest: list[int] | None = None
        # Sorted: which of two equally rare words is "the rarest" must not follow hashing.
        for word in sorted(set(query.split())):
            words = [word] if word in self.postings else self._similar_words(word)
            for w in words:
                posting = self.postings[w]
                if len(posting) <= self.common:
                    found.update(posting)
                elif rarest is None or len(posting) < len(rarest):
                    rarest = posting
        if not found and rarest is not None:
            found.update(rarest)
        return sorted(found)
