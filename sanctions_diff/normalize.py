"""Name normalisation: one pipeline, applied identically to both sides of every comparison.

The only module that imports anyascii. The order of steps matters and is fixed:

1. Unicode NFKC: compatibility forms (full-width letters, ligatures) become plain ones.
2. (A short form in brackets, "Gorky Plant (GZAS)", is split off by ``variants`` before
   this pipeline runs; native spellings in "(Russian: ...)" are a data fix made by the list
   builder.)
3. Transliteration to ASCII (anyascii): Cyrillic, Kazakh, Armenian, Arabic, CJK, and
   diacritics (Türkiye → Turkiye). anyascii follows BGN/PCGN-like Cyrillic rules
   (Х → Kh, Щ → Shch), the convention EU acts use in their Latin names.
4. Case folding.
5. Apostrophes (' ’ ‘ ` ʼ) are deleted (mas'uliyati → masuliyati, Otvetstvennost'yu →
   otvetstvennostyu); every other non-alphanumeric character (quotes «» “”, dots, commas,
   hyphens, brackets) becomes a space.
6. Legal forms are *replaced* by one canonical token each, never deleted, so that ООО,
   OOO, LLC and "Limited Liability Company" all read ``llc``; the canonical tokens are then
   set apart from the distinctive part of the name (``core``).
7. Transliteration variants are folded in the core: ``y`` → ``i``, ``kh`` → ``h``,
   ``x`` → ``ks``, then runs of ``i`` → one ``i`` (Yevgeniy / Yevgeny). Cyrillic й, ы, я, ю, х come out of different romanisation systems as
   y or i ("Pay"/"Pai", "Doveriya"/"Doveriia", "Dzhiefkey"/"Dzhiefkei"), kh or h
   ("Rakhmanov"/"Rahmanov"), x or ks ("Alexandr"/"Aleksandr"); folding them on both sides
   makes such pairs equal instead of merely close.

The result keeps the token order (``tokens``) for organisations; person names are also
compared order-free by the matcher ("RAKHMANOV, Aleksandr" = "Aleksandr RAKHMANOV").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from anyascii import anyascii

from .countries import to_code
from .records import quick_init

# Canonical legal-form token → the phrases that mean it, as words of already-transliterated,
# case-folded text (punctuation is a space by then: "L.L.C." reads "l l c", "joint-stock"
# reads "joint stock"). At each word the longest phrase wins, so "closed joint stock
# company" is not read as "jsc". Transliterations vary (ogranichennoy / ogranichennoi).
_OGR = ("ogranichennoy", "ogranichennoi", "ogranichennoj")
_OTV = ("otvetstvennostyu", "otvetstvennostiu", "otvetstvennostju")
LEGAL_FORMS: dict[str, tuple[str, ...]] = {
    # Limited liability company (RU ООО, UZ MChJ, EN LLC).
    "llc": (
        *(f"obshchestvo s {o} {t}" for o in _OGR for t in _OTV),
        "limited liability company",
        "limited liability co",
        "limited liability partnership company",
        "masuliyati cheklangan jamiyati",
        "mchj",
        "ooo",
        "llc",
        "l l c",
    ),
    # Limited liability partnership (KZ ТОО / ЖШС).
    "llp": (
        *(f"tovarishchestvo s {o} {t}" for o in _OGR for t in _OTV),
        "zhauapkershiligi shekteuli seriktestigi",
        "limited liability partnership",
        "zhshs",
        "llp",
    ),
    "pjsc": (
        "publichnoe aktsionernoe obshchestvo",
        "public joint stock company",
        "pao",
        "pjsc",
    ),
    "cjsc": (
        "zakrytoe aktsionernoe obshchestvo",
        "closed joint stock company",
        "zao",
        "cjsc",
    ),
    "ojsc": (
        "otkrytoe aktsionernoe obshchestvo",
        "open joint stock company",
        "oao",
        "ojsc",
    ),
    "jsc": (
        "aktsionernoe obshchestvo",
        "joint stock company",
        "joint stock co",
        "jsc",
        "anonim sirketi",
    ),
    # Limited company: Ltd., Limited, Co., Ltd., PTE LTD (Singapore private limited).
    # "Company Limited" is read as "co" + "ltd", not as one phrase, or "Company Limited
    # Liability Company" would lose its LLC.
    "ltd": (
        "co ltd",
        "co limited",
        "private limited company",
        "private limited",
        "private ltd",
        "pte limited",
        "pte ltd",
        "pvt limited",
        "pvt ltd",
        "limited sirketi",
        "ltd sti",
        "limited",
        "ltd",
    ),
    # UAE free-zone forms: FZE, FZC, FZCO, FZ-LLC are one family for matching purposes.
    "fz": ("fz llc", "fzco", "fzc", "fze"),
    "plc": ("public limited company", "plc"),
    # Limitada (Brazil, Portugal, Colombia) and its Spanish and Italian kin.
    "ltda": ("ltda", "sociedad limitada", "srl", "s r l"),
    # A bare "Company" / "Co." says no more than that the name is a firm's: a form of its
    # own ("co"), which conflicts with no other (matcher.evidence.GENERIC_FORMS).
    "co": ("company", "co"),
    # Société anonyme / sociedad anónima; the initials S.A. only at the end (TRAILING_FORMS).
    "sa": ("societe anonyme", "sociedad anonima"),
    "dmcc": ("dmcc",),
    "corp": ("corporation", "corp", "incorporated", "inc"),
    "gmbh": ("gmbh",),
    "fgup": ("federalnoe gosudarstvennoe unitarnoe predpriyatie", "fgup"),
}
CANONICAL_FORMS = frozenset(LEGAL_FORMS)


def _phrases_by_first_word() -> dict[str, tuple[tuple[tuple[str, ...], str], ...]]:
    """First word → (phrase words, canonical form), longest phrase first: a word lookup per
    word of a name instead of a regular expression of 70 alternatives (5x faster)."""
    found: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for form, phrases in LEGAL_FORMS.items():
        for phrase in phrases:
            words = tuple(phrase.split())
            found.setdefault(words[0], []).append((words, form))
    return {
        first: tuple(sorted(options, key=lambda option: (-len(option[0]), option[0])))
        for first, options in found.items()
    }


_PHRASES = _phrases_by_first_word()


# Short legal forms that are also words or initials ("Too Good Trading", "A S Kompel") count
# only at the edge of a name where legal forms stand, and only when the name has no other
# legal form: ТОО «X» / X TOO, АО X / X AO; Turkish A.Ş. / AS only at the end.
# Société anonyme / sociedad anónima (S.A., S.A.L. in Lebanon) and sociedad limitada (S.L.)
# are initials or words elsewhere ("SA" in Arabic names), so they count only at the end too.
EDGE_FORMS: dict[str, str] = {"too": "llp", "ao": "jsc"}
TRAILING_FORMS: dict[str, str] = {
    "a s": "jsc",
    "as": "jsc",
    "s a": "sa",
    "sa": "sa",
    "s a l": "sa",
    "sal": "sa",
    # Lebanese offshore companies: "S.A.L. (Offshore)".
    "s a l off shore": "sa",
    "s a l offshore": "sa",
    "sal off shore": "sa",
    "sal offshore": "sa",
    "s l": "ltda",
    "sl": "ltda",
}
_AT_END = tuple(
    (tuple(word.split()), form) for word, form in {**EDGE_FORMS, **TRAILING_FORMS}.items()
)


def _edge_form(tokens: list[str]) -> tuple[list[str], str | None]:
    """Replace one edge-only legal form at the start or the end of ``tokens``."""
    for words, form in _AT_END:
        if len(tokens) > len(words) and tuple(tokens[-len(words) :]) == words:
            return [*tokens[: -len(words)], form], form
    if len(tokens) > 1 and tokens[0] in EDGE_FORMS:
        form = EDGE_FORMS[tokens[0]]
        return [form, *tokens[1:]], form
    return tokens, None


def _legal_forms(words: list[str]) -> tuple[list[str], set[str]]:
    """Every legal-form phrase replaced by its canonical token, left to right."""
    phrases = _PHRASES
    if phrases.keys().isdisjoint(words):
        return words, set()  # two names in five: no word can start a legal form (in C)
    out: list[str] = []
    forms: set[str] = set()
    at, count = 0, len(words)
    while at < count:
        for phrase, form in phrases.get(words[at], ()):
            if tuple(words[at : at + len(phrase)]) == phrase:
                out.append(form)
                forms.add(form)
                at += len(phrase)
                break
        else:
            out.append(words[at])
            at += 1
    return out, forms


_DOUBLE_I = re.compile(r"i+")


def _fold_variants(text: str) -> str:
    """Step 7, on words joined by spaces: no replacement reaches across a space, and no
    canonical legal-form token has a y, x, kh or ii, so those are left as they are."""
    text = text.replace("kh", "h").replace("y", "i").replace("x", "ks")
    return _DOUBLE_I.sub("i", text) if "ii" in text else text


class _Transliteration(dict[int, str]):
    """anyascii as a ``str.translate`` table, filled on first use of each character.

    anyascii maps each code point on its own, in a Python loop (40 µs for a Cyrillic
    name); a table lookup per character in C gives the same text. Bounded by the number
    of distinct characters ever seen.
    """

    def __missing__(self, codepoint: int) -> str:
        ascii_text = anyascii(chr(codepoint))
        self[codepoint] = ascii_text
        return ascii_text


# ё is romanised "yo" (Пётр → Pyotr, Фёдоров → Fyodorov), as EU acts do; anyascii gives "e".
_TRANSLITERATION = _Transliteration({ord("ё"): "yo", ord("Ё"): "Yo"})


# After transliteration everything is ASCII: apostrophes are deleted, every other character
# that is not a lower-case letter or digit becomes a space (one table lookup per character).
_PUNCTUATION = str.maketrans(
    {
        chr(c): (None if chr(c) in "'`" else " ")
        for c in range(128)
        if not (chr(c).isdigit() or "a" <= chr(c) <= "z")
    }
)


@quick_init
@dataclass(frozen=True, slots=True)
class NormalName:
    """A name after normalisation.

    ``tokens``: every word in order, legal forms as canonical tokens.
    ``core``: the words that are not legal forms, in order, joined by spaces.
    ``forms``: the canonical legal forms found.
    """

    tokens: tuple[str, ...]
    core: str
    forms: frozenset[str]

    @property
    def full(self) -> str:
        return " ".join(self.tokens)


T = TypeVar("T")


class Memo(Generic[T]):
    """A cache of a function of one string, emptied when it holds ``size`` results.

    History and search meet the same names again and again; one large diff meets each
    name once, where an LRU cache's bookkeeping cost a tenth of the work it saved
    nothing on. A dict costs one lookup per hit and nothing per eviction.
    """

    def __init__(self, function: Callable[[str], T], size: int) -> None:
        self._function = function
        self._size = size
        self._found: dict[str, T] = {}
        self.__doc__ = function.__doc__

    def __call__(self, text: str) -> T:
        found = self._found.get(text)
        if found is None:
            if len(self._found) >= self._size:
                self._found.clear()
            found = self._found[text] = self._function(text)
        return found

    def cache_clear(self) -> None:
        self._found.clear()


# Enough for every name of the bundled lists and a few thousand queries.
CACHE_SIZE = 1 << 17


def _fold(text: str) -> str:
    """Steps 1-5: ASCII, case-folded, punctuation as single spaces."""
    if text.isascii():
        # Most names: NFKC and transliteration change nothing in ASCII (and cost 4 µs).
        lowered = text.lower()
    else:
        lowered = unicodedata.normalize("NFKC", text).translate(_TRANSLITERATION).lower()
    return " ".join(lowered.translate(_PUNCTUATION).split())


fold = Memo(_fold, CACHE_SIZE)

# For text met once (the names of a large report, ordered once): no cache to keep.
fold_once = _fold


def _normalize(text: str) -> NormalName:
    """The whole pipeline (steps 1-7) for one name."""
    words, forms = _legal_forms(fold(text).split())
    if not forms:
        words, edge = _edge_form(words)
        if edge is not None:
            forms.add(edge)
    if not words:
        # Nothing survives folding ("«—»", "???"): the printed text itself is the name.
        only = " ".join(text.casefold().split())
        return NormalName(tokens=(only,), core=only, forms=_NO_FORMS)
    # Every word but the legal-form tokens is folded (no folded word can become a
    # legal-form token, and none of those changes: they have no y, x, kh or ii).
    folded = _fold_variants(" ".join(words))
    tokens = tuple(folded.split(" "))
    core = (
        folded
        if CANONICAL_FORMS.isdisjoint(tokens)
        else " ".join(t for t in tokens if t not in CANONICAL_FORMS)
    )
    if not core:
        # A name that is only a legal-form word ("AO", "Limited") keeps it as its core.
        return NormalName(tokens=tokens, core=" ".join(tokens), forms=_NO_FORMS)
    return NormalName(
        tokens=tokens,
        core=core,
        forms=_FORM_SETS.setdefault(frozenset(forms), frozenset(forms)) if forms else _NO_FORMS,
    )


# One frozenset per combination of legal forms, shared by every name that has it (a
# million names hold a few dozen distinct sets, not a million copies).
_NO_FORMS: frozenset[str] = frozenset()
_FORM_SETS: dict[frozenset[str], frozenset[str]] = {}


normalize = Memo(_normalize, CACHE_SIZE)


_PARENTHESES = re.compile(r"\(([^()]*)\)")
_TRAILING_PARENTHESES = re.compile(r"\(([^()]*)\)[\s.,;]*$")


def _variants(text: str) -> tuple[str, ...]:
    """The spellings one printed name stands for.

    EU acts print a full name with its short form in brackets at the end ("Gorky Plant of
    Communication Equipment (GZAS)", "ООО «Джиэфкей Логистикс» (… Логистикс»)"): the name
    without the brackets and that last bracketed part are compared on their own as well,
    else the doubled text would score low against either form alone. A bracketed part inside
    the name ("Endezo Technology (Hong Kong) Limited") qualifies it and is not a name; nor is
    a bracketed country, a legal form alone, or anything without a letter or digit.
    """
    if "(" not in text:
        return (text,)
    outer = " ".join(_PARENTHESES.sub(" ", text).split())
    found = [text, outer]
    last = _TRAILING_PARENTHESES.search(text)
    if last is not None and _is_a_name(last.group(1)):
        found.append(last.group(1).strip())
    spellings = tuple(dict.fromkeys(v for v in found if fold(v)))
    # A name of brackets alone ("()") is still the name: compared as printed.
    return spellings or (text,)


_bracketed_variants = Memo(_variants, CACHE_SIZE)


def variants(text: str) -> tuple[str, ...]:
    """The spellings one printed name stands for (see _variants); most names have no
    bracket and are looked up nowhere."""
    return _bracketed_variants(text) if "(" in text else (text,)


def _is_a_name(part: str) -> bool:
    if not any(ch.isalnum() for ch in part) or to_code(part) is not None:
        return False
    return any(token not in CANONICAL_FORMS for token in normalize(part).tokens)
