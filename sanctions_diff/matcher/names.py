"""What the matcher compares of one printed name, and what two names alone say.

Each printed name becomes one ``Name`` per spelling it stands for (``normalize.variants``:
the whole name, the name outside its brackets, the short form in its last brackets). Two
names are then judged by their words, not only by a similarity score, because a score
cannot tell a spelling variant from a different word of the same length:

- ``FULL``: the same words ("RAKHMANOV, Aleksandr" = "Aleksandr RAKHMANOV"; legal forms
  aside for organisations).
- ``CONTRACTION``: a person's shorter name that keeps the first given name and the surname
  of the longer one and has at least two distinct words that are not particles
  ("Aleksandr Rakhmanov" of "Aleksandr Aleksandrovich RAKHMANOV"). "ISMAEL, Ismael" is no
  contraction of "ZAMBADA GARCIA, Ismael" (one distinct word), nor is "AL-TIKRITI, Saddam
  Hussein" of "AL-TIKRITI, Rana Saddam Hussein" (the first given name is missing).
- ``CLOSE``: the same words spelt differently (Promelektronika / Promelectronica, plural
  and singular, a word split or joined, organisation words reordered).
- ``WEAK``: the score is high but the names differ in a way spelling does not explain: a
  whole word has no counterpart, a short word differs ("KIM, Song Chol" / "KIM, Tong-chol":
  Korean given names are distinctive syllables), only part of the name agrees, or only the
  bracketed parts agree ("48th ... (TsNII)" / "33rd ... (TsNII)").

Numbers come from the whole printed name, brackets included, and count Roman numerals
standing after the first word ("RIM GROUP INVESTMENTS I CORP." is not "... II CORP.";
transliteration folding would otherwise read "II" as "I").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import IntEnum

from rapidfuzz import fuzz

from sanctions_diff.model import EntityType
from sanctions_diff.normalize import CACHE_SIZE, Memo, NormalName, fold, normalize, variants
from sanctions_diff.records import quick_init


class Strength(IntEnum):
    """What two names alone say, weakest first (see the module docstring)."""

    WEAK = 0
    CLOSE = 1
    CONTRACTION = 2
    FULL = 3


# Two different words are spellings of one word when both have at least this many letters
# and their similarity (rapidfuzz ratio, 0-100) reaches WORD_VARIANT_MIN. Measured on real
# transliteration pairs: Mohammed / Muhammad 75, Hussein / Husain 77, Aleksandr /
# Aliaksandr 84, Yevgeniy / Evgenii 80; shorter words differ by a letter and are other
# names ("Song" / "Tong", "Oleg" / "Olga"), so they must be equal.
MIN_VARIANT_WORD = 5
WORD_VARIANT_MIN = 75.0

# Words that join a name without identifying it: Arabic articles and kinship words ("Abd"
# al-Rahman), and European nobiliary particles. They count neither towards the two distinct
# words a contraction needs nor as a first given name or a surname. "Abdul" is left a word:
# on the UN list it begins the given name of real shortened forms ("Abdul Akhund" of
# "ABDUL BARI AKHUND") as often as it begins a compound one.
PARTICLES = frozenset(
    {
        "al", "el", "ad", "ag", "an", "ar", "as", "ash", "at", "az", "bin", "ben", "ibn",
        "bint", "abu", "abd", "haji", "hajji", "ul", "ud", "da", "de", "del", "della", "der",
        "di", "do", "dos", "du", "la", "le", "van", "von",
    }
)  # fmt: skip

# Roman numerals up to 39 ("i" .. "xxxix"), the size of real numbered series (vessels,
# funds, plants). "xi" is left out: it is far more often a Chinese syllable ("Xi") than
# eleven.
_ROMAN = re.compile(r"x{0,3}(?:ix|iv|v?i{0,3})")
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10}
# "" too: the pattern above matches an empty word.
_NOT_NUMERALS = frozenset({"", "xi"})
_DIGITS = re.compile(r"\d+")


def _roman_value(word: str) -> int:
    total = 0
    for k, letter in enumerate(word):
        value = _ROMAN_VALUES[letter]
        following = _ROMAN_VALUES[word[k + 1]] if k + 1 < len(word) else 0
        total += -value if value < following else value
    return total


# Words made only of i, v and x, after the first word: the candidates for Roman numerals,
# found in C (most names have none).
_NUMERAL_WORDS = re.compile(r"(?<= )([ivx]+)(?= |$)")


def numbers_of(written: str, person: bool) -> tuple[str, ...]:
    """The distinct numbers of a printed name, sorted: its digits, and its Roman numerals
    standing as words after the first. For persons only numerals of two or more letters
    count ("Abdullah II"): a single letter is an initial ("Aleksandr V. Petrov"); for
    others a single letter does too, unless another single letter stands beside it ("A V
    Marine", "V.V. Tikhomirov" are initials)."""
    folded = fold(written)
    found = set(_DIGITS.findall(folded))
    if _NUMERAL_WORDS.search(folded) is None:
        return tuple(sorted(found))
    words = folded.split(" ")
    for k in range(1, len(words)):
        word = words[k]
        if word in _NOT_NUMERALS or _ROMAN.fullmatch(word) is None:
            continue
        after = words[k + 1] if k + 1 < len(words) else ""
        if len(word) == 1 and (person or len(words[k - 1]) == 1 or len(after) == 1):
            continue  # an initial: a person's, or one beside another ("V V Tikhomirov")
        found.add(str(_roman_value(word)))
    return tuple(sorted(found))


_PERSON_NUMBERS = Memo(lambda written: numbers_of(written, True), CACHE_SIZE)
_OTHER_NUMBERS = Memo(lambda written: numbers_of(written, False), CACHE_SIZE)


@quick_init
@dataclass(frozen=True, slots=True)
class Name:
    """One compared form of a printed name.

    ``key``: what is compared (every word for persons, the core for the rest, see
    ``normalize``). ``printed``: the whole printed name this form comes from.
    ``bracketed``: this form is only the bracketed part of the printed name.
    """

    written: str
    norm: NormalName
    key: str
    printed: str
    person: bool
    bracketed: bool = False

    @property
    def numbers(self) -> tuple[str, ...]:
        """See ``numbers_of``: from the whole printed name, brackets included."""
        return (_PERSON_NUMBERS if self.person else _OTHER_NUMBERS)(self.printed)


def _words(text: str) -> list[str]:
    """The normalised words of ``text`` that are not particles, each printed word on its
    own (words recur from name to name far more than whole names do: cache hits)."""
    return [w for part in text.split() for w in normalize(part).full.split() if w not in PARTICLES]


def _ends_of(written: str) -> tuple[str, str, bool]:
    """(first given name, surname, whether the order is known) of a person's printed name,
    as normalised words, particles aside; ("", "", False) when fewer than two are left.

    "SURNAME, Given Names" says the order with its comma, "Given Names SURNAME" with its
    capitals (EU and UN lists write surnames in capitals among mixed-case given names).
    Otherwise (all capitals, or a press name) the order is unknown: the first and the last
    word are the two ends, in either role. Of several surname words, the first.
    """
    if "," in written:
        before, _, after = written.partition(",")
        given, family, known = _words(after), _words(before), True
    else:
        # Initials ("S.", "V.") say nothing of case: they stay with the given names.
        parts = written.split()
        worded = [p for p in parts if sum(ch.isalpha() for ch in p) > 1]
        upper = [p for p in worded if p.isupper()]
        known = bool(upper) and len(upper) < len(worded)
        if known:
            given = _words(" ".join(p for p in parts if p not in upper))
            family = _words(" ".join(upper))
        else:
            every = _words(written)
            given, family = every[:1], every[1:][-1:]
    if not given or not family:
        return "", "", False
    # Of two surnames the first is the one kept (Spanish paternal surname: "JIMENEZ
    # HERNANDEZ, Oscar" is "Oscar Jimenez", never "Oscar Hernandez").
    return given[0], family[0], known


def _names_of(written: str, person: bool) -> tuple[Name, ...]:
    """The compared forms of one printed name (one per spelling, see ``variants``)."""
    found = []
    for k, variant in enumerate(variants(written)):
        norm = normalize(variant)
        if norm.core:
            # variants() gives the whole name, then the outer part, then the bracketed part.
            key = norm.full if person else norm.core
            found.append(Name(variant, norm, key, written, person, k == 2))
    return tuple(found)


# The ends of a printed person name (see _ends_of): only asked for when a shorter name is
# judged as a contraction of a longer one.
_ENDS = Memo(_ends_of, CACHE_SIZE)

# The forms of each printed name, for persons and for everything else (their keys differ):
# a name met again (on the other side of a diff, in the next snapshot of a history) is
# prepared once and shared. 67,000 entities already met: 0.59 -> 0.38 s.
PERSON_NAMES = Memo(lambda written: _names_of(written, True), CACHE_SIZE)
OTHER_NAMES = Memo(lambda written: _names_of(written, False), CACHE_SIZE)


def names_for(kind: EntityType) -> Memo[tuple[Name, ...]]:
    return PERSON_NAMES if kind is EntityType.PERSON else OTHER_NAMES


# The consonants of a word, the part transliterations keep: vowels (and y, already folded
# to i) dropped, c and q read as k, w as v, z as s (Vizion / Vision), dzh and dj as j, th
# as t (Thermal / Termal), gh as g, ph as f, ch as h (kh is h already:
# Technoglobal / Tehnoglobal, Mikhail / Michail), doubled letters once.
_SKELETON = str.maketrans({**dict.fromkeys("aeiouy"), "c": "k", "q": "k", "w": "v", "z": "s"})
_DIGRAPHS = (("dzh", "j"), ("dj", "j"), ("ch", "h"), ("th", "t"), ("gh", "g"), ("ph", "f"))
_DOUBLED = re.compile(r"(.)\1+")


def _skeleton(word: str) -> str:
    for spelt, sound in _DIGRAPHS:
        word = word.replace(spelt, sound)
    text = word.translate(_SKELETON)
    return _DOUBLED.sub(r"\1", text).rstrip("hs")


def _variant(a: str, b: str) -> bool:
    """Two words are one spelt two ways: long enough, similar, and with the same consonants
    (a final h or s aside). Transliterations differ in vowels and doublings (Mohammed /
    Muhammad, Hussein / Husain, Aleksandr / Aliaksandr, Promelektronika / Promelectronica,
    Abdulla / Abdullah, Technology / Technologies); other names differ in a consonant
    (Jamal / Kamal, Radic / Tadic, Qasim / Qasir, Erkan / Serkan, Naing / Khaing, Jinmyong /
    Jinsong: all real, distinct persons and banks of the OFAC list)."""
    return (
        min(len(a), len(b)) >= MIN_VARIANT_WORD
        and fuzz.ratio(a, b, score_cutoff=WORD_VARIANT_MIN) > 0
        and _skeleton(a) == _skeleton(b)
    )


def _align(short: list[str], long: list[str]) -> tuple[dict[int, int], list[int]]:
    """Each word of ``short`` to a word of ``long``: equal words first, then spelling
    variants (most similar first, ties by position). Returns (short position -> long
    position, short positions left without a counterpart)."""
    taken: dict[int, int] = {}
    free = set(range(len(long)))
    for s, word in enumerate(short):
        for k in sorted(free):
            if long[k] == word:
                taken[s] = k
                free.discard(k)
                break
    options = sorted(
        (-fuzz.ratio(short[s], long[k]), s, k)
        for s in range(len(short))
        if s not in taken
        for k in free
        if _variant(short[s], long[k])
    )
    for _, s, k in options:
        if s not in taken and k in free:
            taken[s] = k
            free.discard(k)
    return taken, [s for s in range(len(short)) if s not in taken]


def compare(x: Name, y: Name, kind: EntityType) -> tuple[Strength, str]:
    """What the two names alone say, and in words: how they agree, or (for ``WEAK``) why
    that is not enough ("" for a full match)."""
    if x.bracketed and y.bracketed:
        return Strength.WEAK, f"only the bracketed “{x.written}” agrees"
    for name in (x, y):
        if name.bracketed and " " in name.key and not name.norm.forms:
            # A bracket of one word is a short form ("GZAS"), and so is one with a legal
            # form ("(JSC ‘SPA “Impuls”’)"); other words qualify the name ("(OFF-SHORE)")
            # and say nothing alone.
            return Strength.WEAK, f"only the bracketed “{name.written}” agrees"
    if x.key == y.key:
        return Strength.FULL, ""
    a, b = x.key.split(), y.key.split()
    if sorted(a) == sorted(b):
        # Persons are written in any order; an organisation's words in another order are
        # likely, not certainly, the same name.
        if kind is EntityType.PERSON:
            return Strength.FULL, ""
        return Strength.CLOSE, "the same words in another order"
    if x.key.replace(" ", "") == y.key.replace(" ", ""):
        return Strength.CLOSE, "a word split or joined"  # "King Pai" / "Kingpai"
    # Words counted with repeats: "ISMAEL, Ismael" has two words, one of them twice.
    (short, s_name), (long, l_name) = sorted(
        ((a, x), (b, y)), key=lambda side: (len(side[0]), side[1].key)
    )
    taken, missing = _align(short, long)
    if missing:
        word = short[missing[0]]
        if word in long:
            return Strength.WEAK, f"“{word}” is repeated in “{s_name.written}” only"
        near = [w for w in long if fuzz.ratio(word, w) >= WORD_VARIANT_MIN]
        if near:
            return Strength.WEAK, f"“{word}” and “{near[0]}” are different words"
        return Strength.WEAK, f"“{word}” has no counterpart in “{l_name.written}”"
    if len(taken) == len(long):
        if kind is EntityType.PERSON and len({w for w in long if w not in PARTICLES}) < 2:
            # The whole identity rests on one word spelt otherwise ("ABU ZUBAYDAH" /
            # "UBAIDAH, Abu", two persons of the OFAC list).
            return Strength.WEAK, f"one name word, spelt otherwise (“{s_name.written}”)"
        return Strength.CLOSE, "spelling variants"
    # The shorter name is part of the longer one.
    if kind is EntityType.PERSON and _contraction(short, long, taken, s_name, l_name):
        return Strength.CONTRACTION, "a contraction: first given name and surname kept"
    return Strength.WEAK, f"“{s_name.written}” is only part of “{l_name.written}”"


def _contraction(
    short: list[str], long: list[str], taken: dict[int, int], shorter: Name, longer: Name
) -> bool:
    """The shorter name keeps the first given name and the surname of the longer one, in
    their roles, and has two distinct words that are not particles. The roles come from
    each name's own writing (see _ends_of): where either order is unknown, the ends may
    swap ("Rakhmanov Aleksandr" of "ALEKSANDR ALEKSANDROVICH RAKHMANOV")."""
    if longer.bracketed or shorter.bracketed:
        return False
    if len({w for w in short if w not in PARTICLES}) < 2:
        return False
    first, last, known = _ENDS(longer.written)
    short_first, short_last, short_known = _ENDS(shorter.written)
    if not first or not short_first:
        return False
    # Each end of the shorter name as the word of the longer name it stands for.
    as_long = {short[s]: long[k] for s, k in taken.items()}
    ends = (as_long.get(short_first), as_long.get(short_last))
    return ends == (first, last) or (not (known and short_known) and ends == (last, first))
