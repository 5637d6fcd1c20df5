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
from dataclasses import dataclass
from functools import lru_cache

from anyascii import anyascii

from .countries import to_code

# Canonical legal-form token → the spellings that mean it, as regular expressions over
# already-transliterated, case-folded, space-separated words. Longer phrases are tried
# first (see _LEGAL_FORM_RE), so "closed joint stock company" is not read as "jsc".
# Transliterations vary (ogranichennoy / ogranichennoi), hence the alternatives.
_OGR = r"ogranichenn(?:oy|oi|oj)"
_OTV = r"otvetstvennost(?:yu|iu|ju)"
LEGAL_FORMS: dict[str, tuple[str, ...]] = {
    # Limited liability company (RU ООО, UZ MChJ, EN LLC).
    "llc": (
        rf"obshchestvo s {_OGR} {_OTV}",
        r"limited liability company",
        r"limited liability co",
        r"limited liability partnership company",
        r"masuliyati cheklangan jamiyati",
        r"mchj",
        r"ooo",
        r"llc",
        r"l l c",
    ),
    # Limited liability partnership (KZ ТОО / ЖШС).
    "llp": (
        rf"tovarishchestvo s {_OGR} {_OTV}",
        r"zhauapkershiligi shekteuli seriktestigi",
        r"limited liability partnership",
        r"zhshs",
        r"llp",
    ),
    "pjsc": (
        r"publichnoe aktsionernoe obshchestvo",
        r"public joint stock company",
        r"public joint-stock company",
        r"pao",
        r"pjsc",
    ),
    "cjsc": (
        r"zakrytoe aktsionernoe obshchestvo",
        r"closed joint stock company",
        r"zao",
        r"cjsc",
    ),
    "ojsc": (
        r"otkrytoe aktsionernoe obshchestvo",
        r"open joint stock company",
        r"oao",
        r"ojsc",
    ),
    "jsc": (
        r"aktsionernoe obshchestvo",
        r"joint stock company",
        r"joint stock co",
        r"jsc",
        r"anonim sirketi",
    ),
    # Limited company: Ltd., Limited, Co., Ltd., PTE LTD (Singapore private limited).
    "ltd": (
        r"company limited",
        r"co ltd",
        r"co limited",
        r"private limited company",
        r"private limited",
        r"pte ltd",
        r"pvt ltd",
        r"limited sirketi",
        r"ltd sti",
        r"limited",
        r"ltd",
    ),
    # UAE free-zone forms: FZE, FZC, FZCO, FZ-LLC are one family for matching purposes.
    "fz": (r"fz llc", r"fzco", r"fzc", r"fze"),
    "dmcc": (r"dmcc",),
    "corp": (r"corporation", r"corp", r"incorporated", r"inc"),
    "gmbh": (r"gmbh",),
    "fgup": (r"federalnoe gosudarstvennoe unitarnoe predpriyatie", r"fgup"),
}


# Short legal forms that are also words or initials ("Too Good Trading", "A S Kompel") count
# only at the edge of a name where legal forms stand, and only when the name has no other
# legal form: ТОО «X» / X TOO, АО X / X AO; Turkish A.Ş. / AS only at the end.
EDGE_FORMS: dict[str, str] = {"too": "llp", "ao": "jsc"}
TRAILING_FORMS: dict[str, str] = {"a s": "jsc", "as": "jsc"}


def _edge_form(tokens: list[str]) -> tuple[list[str], str | None]:
    """Replace one edge-only legal form at the start or the end of ``tokens``."""
    text = " ".join(tokens)
    for word, form in {**EDGE_FORMS, **TRAILING_FORMS}.items():
        if text.endswith(" " + word):
            return [*text[: -len(word) - 1].split(), form], form
    for word, form in EDGE_FORMS.items():
        if text.startswith(word + " "):
            return [form, *text[len(word) + 1 :].split()], form
    return tokens, None


def _legal_form_pattern() -> re.Pattern[str]:
    alternatives = sorted(
        ((pattern, form) for form, patterns in LEGAL_FORMS.items() for pattern in patterns),
        key=lambda item: -len(item[0]),
    )
    joined = "|".join(f"(?P<f{i}>{pattern})" for i, (pattern, _) in enumerate(alternatives))
    _GROUP_FORM.update({f"f{i}": form for i, (_, form) in enumerate(alternatives)})
    return re.compile(rf"(?<![a-z0-9])(?:{joined})(?![a-z0-9])")


_GROUP_FORM: dict[str, str] = {}
_LEGAL_FORM_RE = _legal_form_pattern()
CANONICAL_FORMS = frozenset(LEGAL_FORMS)

_VARIANTS = str.maketrans({"y": "i", "x": "ks"})
_DOUBLE_I = re.compile(r"i+")


def _fold_variants(token: str) -> str:
    """Step 7 for one word (legal-form tokens are left alone)."""
    return _DOUBLE_I.sub("i", token.replace("kh", "h").translate(_VARIANTS))


# ё is romanised "yo" (Пётр → Pyotr, Фёдоров → Fyodorov), as EU acts do; anyascii gives "e".
_BEFORE_ANYASCII = str.maketrans({"ё": "yo", "Ё": "Yo"})


_APOSTROPHES = re.compile(r"['’‘`ʼ]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


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


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Steps 1-5: ASCII, case-folded, punctuation as single spaces."""
    ascii_text = anyascii(
        unicodedata.normalize("NFKC", text).translate(_BEFORE_ANYASCII)
    ).casefold()
    return _NON_ALNUM.sub(" ", _APOSTROPHES.sub("", ascii_text)).strip()


@lru_cache(maxsize=65536)
def normalize(text: str) -> NormalName:
    """The whole pipeline (steps 1-7) for one name."""
    folded = fold(text)
    forms: set[str] = set()

    def canonical(match: re.Match[str]) -> str:
        form = _GROUP_FORM[match.lastgroup or ""]
        forms.add(form)
        return form

    words = _LEGAL_FORM_RE.sub(canonical, folded).split()
    if not forms:
        words, edge = _edge_form(words)
        forms.update([edge] if edge else [])
    tokens = tuple(t if t in CANONICAL_FORMS else _fold_variants(t) for t in words)
    if not tokens:
        # Nothing survives folding ("«—»", "???"): the printed text itself is the name.
        tokens = (" ".join(text.casefold().split()),)
    core_tokens = [t for t in tokens if t not in CANONICAL_FORMS]
    if not core_tokens:
        # A name that is only a legal-form word ("AO", "Limited") keeps it as its core.
        core_tokens = list(tokens)
        forms.clear()
    return NormalName(tokens=tokens, core=" ".join(core_tokens), forms=frozenset(forms))


_PARENTHESES = re.compile(r"\(([^()]*)\)")
_TRAILING_PARENTHESES = re.compile(r"\(([^()]*)\)[\s.,;]*$")


@lru_cache(maxsize=65536)
def variants(text: str) -> tuple[str, ...]:
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


def _is_a_name(part: str) -> bool:
    if not any(ch.isalnum() for ch in part) or to_code(part) is not None:
        return False
    return any(token not in CANONICAL_FORMS for token in normalize(part).tokens)
