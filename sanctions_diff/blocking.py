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

from collections import Counter, defaultdict
from collections.abc import Sequence
from itertools import chain

# Pools smaller than this are scored exhaustively: rapidfuzz does 2,000 comparisons per
# query in well under a millisecond, and exhaustive results are the reference.
MIN_POOL = 2000

# A word in more than 2% of the names (and more than 50 of them) says little about identity
# ("company", "plant", "aleksandr") and would make every query a full scan.
COMMON_SHARE = 0.02
COMMON_MIN = 50

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
        self.common = max(COMMON_MIN, int(self.size * COMMON_SHARE))

    def _similar_words(self, word: str) -> list[str]:
        """Words whose trigrams overlap this word's by TRIGRAM_SHARE (Dice coefficient)."""
        grams = _trigrams(word)
        # Counted in C (a Counter over the chained postings): 1.5x faster than a Python
        # loop. (Prefix filtering, reading only the rarest trigrams' postings and checking
        # each word found, was slower: the check costs more than the postings it saves.)
        shared = Counter(chain.from_iterable(self.by_trigram.get(gram, ()) for gram in grams))
        size = len(grams)
        counts = self.gram_count
        return [w for w, n in shared.items() if 2 * n >= TRIGRAM_SHARE * (size + counts[w])]

    def candidates(self, query: str) -> list[int]:
        """Positions of the names worth scoring against ``query``, in ascending order."""
        found: set[int] = set()
        rarest: list[int] | None = None
        for word in set(query.split()):
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
