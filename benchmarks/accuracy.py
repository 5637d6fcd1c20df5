"""Accuracy benchmark: false pairs between confusable real entities, recall on true pairs.

    python -m benchmarks.accuracy [--lists un annex-i annex-iv] [--sample 400] [--seed 1]
                                  [--show 30] [--json FILE] [--update OLD NEW]

A report, not a timed test: the yardstick for the matcher's precision and recall on real
names, beside two naive baselines. Every case is a diff of one entity against one entity,
``match([old], [new])``, with the ids of both removed (the id tier would decide every case
and say nothing about names), in two settings: ``published`` (the entities as they are)
and ``bare`` (the old side without birth dates and identifiers, as a press report gives it).

Lists: the UN consolidated list (``un/UN_consolidated.xml`` in the shared data folder,
``$SANCTIONS_DIFF_SHARED`` or ``../shared/data``; skipped with a note when absent), Annex I
of Regulation 269/2014 (the union of the bundled ``lists/eu-*-final-269.yaml``) and Annex IV
of Regulation 833/2014 (``lists/eu-annex-iv-after-20.yaml``).

Confusable cases (any pair made is FALSE): within one list, two distinct entities of the
same type whose names are confusable by naive measures: over every name or alias of one
against every name or alias of the other (``rapidfuzz.utils.default_process``), WRatio >=
``CONFUSABLE_WRATIO`` or token_set_ratio >= ``CONFUSABLE_TOKEN_SET``. Left out: pairs with
equal ids, and two entries of one registered entity (``same_registration``: a shared
identifier value and no conflicting one; pairing those is right). Old is the entity that
sorts first (name, then id). Each case gets a family, the first that applies (see
``FAMILIES`` and ``family``).

True cases (must be paired): for a seeded sample of each list (``--sample`` entities), old
is a variant of entity E and new is E as published: ``renamed`` (a Latin-script alias of E
as the name, the other aliases kept), ``reordered`` (persons, "SURNAME, Given" <-> "Given
SURNAME"), ``shortened`` (persons: first and last word; organisations: no legal form words
and no trailing bracketed part), ``other-script`` (a Cyrillic, Arabic, Chinese... alias of
E as the name, the other aliases kept). Reordered and shortened variants have no aliases,
as the press writes them.

Systems: ``sanctions-diff`` (``match`` at ``DEFAULT_THRESHOLD``) and two greedy baselines:
the best rapidfuzz WRatio, or token_sort_ratio, over the names and aliases of both sides,
paired from ``BASELINE_THRESHOLD`` (one to one, best score first, in ``--update`` mode).

``--update OLD NEW``: two real versions of one list whose ids are stable truth (any format
the loader reads). Ids are removed from both sides before matching; a pair is false when the
original ids differ, recall is over the entities present in both by id, and again over those
whose name changed. Every false pair of sanctions-diff is listed.

Plain-text tables go to stdout (deterministic: no timings), progress to stderr; ``--json
FILE`` writes every case's result for comparing two runs.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
import re
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process

from benchmarks.__main__ import UN_FILE, shared_folder
from sanctions_diff.formats.loader import load_snapshot
from sanctions_diff.formats.un_xml import read_un_xml
from sanctions_diff.matcher import DEFAULT_THRESHOLD, match
from sanctions_diff.model import Entity, EntityType
from sanctions_diff.parallel import in_halves

ROOT = Path(__file__).resolve().parent.parent
LISTS_DIR = ROOT / "lists"
ANNEX_I_GLOB = "eu-*-final-269.yaml"
ANNEX_IV_FILE = "eu-annex-iv-after-20.yaml"
LIST_NAMES = ("un", "annex-i", "annex-iv")

# Names are confusable from these scores (rapidfuzz's 0-100 scale). For WRatio 86, not 85:
# any two names that share one word and differ in length by 1.5x-8x score exactly 85.5 by
# WRatio (0.95 x 0.9 x a partial token match of 100), "JSC Element" / "Kurganpribor JSC" as
# much as "BICENTENARIO II" / "III". From 85, Annex IV had 153,971 confusable pairs, nearly
# all sharing only "JSC" or "LLC"; from 86, 19,421.
CONFUSABLE_WRATIO = 86.0
CONFUSABLE_TOKEN_SET = 85.0

# Names whose numbers differ are the family "numbers" when the rest of them scores this
# (token_sort_ratio) or more: "BICENTENARIO II" / "III" and "JSC 150 Aircraft Repair Plant" /
# "JSC 810 ..." are; "JSC 150 Aircraft Repair Plant" / "JSC Dux" is not.
NUMBERS_REST_MIN = 85.0

# The naive baselines pair from this score: the matcher's own default threshold.
BASELINE_THRESHOLD = 90.0

# Up to this many entities per list are varied into true cases: about 1,000 true cases a
# list (966 UN, 1,101 Annex I, 997 Annex IV at seed 1), so one miss is 0.1%.
DEFAULT_SAMPLE = 400
DEFAULT_SEED = 1
DEFAULT_SHOW = 30

# A word this short that differs is the family "short-word" (ASIA, NORD, GROUP, TRADE).
SHORT_WORD_MAX = 5

# The confusable search splits its names with a forked child (sanctions_diff.parallel) from
# this many names of one type: forking costs about 10 ms, searching 500 names about 0.3 s.
PARALLEL_MIN_NAMES = 500

# In --update mode the baselines score every name against every name up to this many name
# pairs; above it, only names sharing a word or a word's first ``BLOCK_PREFIX`` letters. A
# name pair costs about 1.6 us here, so 20,000 x 20,000 names (two OFAC versions) would take
# ten minutes per scorer and setting. What blocking misses are names with no word alike,
# below 90 but for rare single-word misspellings.
EXHAUSTIVE_NAME_PAIRS = 4_000_000
BLOCK_PREFIX = 4

# Rules under a column of names stop at this width: the names themselves run on.
RULE_MAX = 40

SYSTEMS = ("sanctions-diff", "WRatio>=90 greedy", "token_sort>=90 greedy")
SETTINGS = ("published", "bare")
SETTING_NOTES = {
    "published": "entities as published (ids removed)",
    "bare": "old side without birth dates and identifiers (ids removed)",
}
FAMILIES = (
    "person-subset",
    "numbers",
    "brackets",
    "nationality",
    "legal-form",
    "short-word",
    "vessel",
    "other",
)
KINDS = ("renamed", "reordered", "shortened", "other-script")

# Legal-form words as default_process leaves them (lower case, punctuation made spaces):
# used to classify confusable names and to shorten organisation names. The benchmark keeps
# its own table rather than the matcher's, so that it does not grade the matcher by its own
# normalisation. Phrases go first, so that "joint stock company" goes as a whole.
LEGAL_FORM_PHRASES = (
    "public joint stock company",
    "open joint stock company",
    "closed joint stock company",
    "joint stock company",
    "limited liability company",
    "limited liability partnership",
    "private limited company",
    "free zone establishment",
    "free zone company",
    "private limited",
    "anonim şirketi",
    "anonim sirketi",
    "общество с ограниченной ответственностью",
    "товарищество с ограниченной ответственностью",
    "публичное акционерное общество",
    "открытое акционерное общество",
    "закрытое акционерное общество",
    "акционерное общество",
)
LEGAL_FORM_WORDS = frozenset(
    {
        "llc",
        "ooo",
        "ltd",
        "limited",
        "jsc",
        "pjsc",
        "ojsc",
        "cjsc",
        "ao",
        "oao",
        "zao",
        "pao",
        "fze",
        "fzco",
        "fzc",
        "fz",
        "dmcc",
        "co",
        "corp",
        "corporation",
        "inc",
        "incorporated",
        "gmbh",
        "ag",
        "plc",
        "llp",
        "too",
        "tov",
        "pte",
        "sdn",
        "bhd",
        "sti",
        "şti",
        "sirketi",
        "şirketi",
        "srl",
        "bv",
        "pvt",
        "ооо",
        "ао",
        "пао",
        "оао",
        "зао",
        "тоо",
    }
)

_PHRASES = re.compile(r"\b(?:" + "|".join(map(re.escape, LEGAL_FORM_PHRASES)) + r")\b")
# The same words in a name as printed ("Co., Ltd.", "JSC", "OOO"), for shortening.
_PRINTED_FORM = re.compile(
    r"(?<!\w)(?:"
    + "|".join(
        [p.replace(" ", r"\s+") for p in LEGAL_FORM_PHRASES]
        + [re.escape(w) for w in sorted(LEGAL_FORM_WORDS, key=len, reverse=True)]
    )
    + r")\.?(?!\w)",
    re.IGNORECASE,
)
_TRAILING_BRACKETS = re.compile(r"\s*\([^()]*\)\s*$")
_BRACKETED = re.compile(r"\(([^()]*)\)")
_EDGE_PUNCTUATION = " ,;:-–—/&'\"‘’“”«»"
_ROMAN = re.compile(r"^(?=[ivx])x{0,3}(?:ix|iv|v?i{0,3})$")  # I..XXXIX: L, C, D, M are names

Scorer = Callable[..., float]
BASELINES: tuple[Scorer, Scorer] = (fuzz.WRatio, fuzz.token_sort_ratio)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- names -------------------------------------------------------------------------------


def processed_names(entity: Entity) -> tuple[str, ...]:
    """Name and aliases as ``default_process`` leaves them, without empties or repeats."""
    return tuple(dict.fromkeys(p for p in map(default_process, entity.names()) if p))


def words(text: str) -> list[str]:
    return default_process(text).split()


def _letters(text: str) -> list[str]:
    return [c for c in text if c.isalpha()]


def is_latin(text: str) -> bool:
    """Every letter is Latin (diacritics included), and there is one."""
    letters = _letters(text)
    return bool(letters) and all(unicodedata.name(c, "").startswith("LATIN") for c in letters)


def is_other_script(text: str) -> bool:
    """Letters, none of them Latin: Cyrillic, Arabic, Chinese, Korean..."""
    letters = _letters(text)
    return bool(letters) and not any(unicodedata.name(c, "").startswith("LATIN") for c in letters)


def without_legal_forms(text: str) -> list[str]:
    """The words of a name with its legal-form words taken out."""
    core = _PHRASES.sub(" ", default_process(text))
    return [w for w in core.split() if w not in LEGAL_FORM_WORDS]


def number_words(text: str) -> list[str]:
    """Digits, ordinals ("48th") and Roman numerals ("ii", "xiii") of a name, sorted."""
    return sorted(w for w in words(text) if any(c.isdigit() for c in w) or _ROMAN.match(w))


# --- families of confusable pairs --------------------------------------------------------


def _differ_in_one_short_word(x: str, y: str) -> bool:
    wx, wy = Counter(words(x)), Counter(words(y))
    only_x, only_y = list((wx - wy).elements()), list((wy - wx).elements())
    if (len(only_x), len(only_y)) not in {(1, 0), (0, 1), (1, 1)}:
        return False
    return all(len(w) <= SHORT_WORD_MAX for w in only_x + only_y)


def family(a: Entity, b: Entity, x: str, y: str) -> str:
    """The family of a confusable pair, the first that applies; ``x`` and ``y`` are the
    best-matching names of ``a`` and ``b``.

    person-subset: persons, the words of a name or alias of one are all in one of the
    other's (equal sets included); numbers: the digits, ordinals or Roman numerals of x and
    y differ and the rest of x and y scores ``NUMBERS_REST_MIN``; brackets: x and y share a
    bracketed part; nationality: persons whose nationalities are given on both sides and
    share none; legal-form: organisations whose x and y are equal once legal-form words are
    taken out (identical names included); short-word: x and y differ in one word of at most
    ``SHORT_WORD_MAX`` letters; vessel; other.
    """
    person = a.type is EntityType.PERSON
    if person:
        sets_a = [set(words(n)) for n in a.names()]
        sets_b = [set(words(n)) for n in b.names()]
        if any(sa and sb and (sa <= sb or sb <= sa) for sa in sets_a for sb in sets_b):
            return "person-subset"
    if number_words(x) != number_words(y):
        rest_x = " ".join(w for w in words(x) if w not in number_words(x))
        rest_y = " ".join(w for w in words(y) if w not in number_words(y))
        if fuzz.token_sort_ratio(rest_x, rest_y) >= NUMBERS_REST_MIN:
            return "numbers"
    brackets_x = {default_process(p) for p in _BRACKETED.findall(x)} - {""}
    brackets_y = {default_process(p) for p in _BRACKETED.findall(y)} - {""}
    if brackets_x & brackets_y:
        return "brackets"
    nationalities_a, nationalities_b = set(a.nationalities), set(b.nationalities)
    if person and nationalities_a and nationalities_b and not nationalities_a & nationalities_b:
        return "nationality"
    if a.type is EntityType.ORGANIZATION:
        core = without_legal_forms(x)
        if core and core == without_legal_forms(y):
            return "legal-form"
    if _differ_in_one_short_word(x, y):
        return "short-word"
    if a.type is EntityType.VESSEL:
        return "vessel"
    return "other"


# --- variants of true pairs --------------------------------------------------------------


def reordered(name: str) -> str | None:
    """Swap "SURNAME, Given Names" and "Given Names SURNAME"; None for one word."""
    if "," in name:
        surname, given = (part.strip() for part in name.split(",", 1))
        return f"{given} {surname}" if surname and given else None
    parts = name.split()
    if len(parts) < 2:
        return None
    return f"{parts[-1]}, {' '.join(parts[:-1])}"


def shortened_person(name: str) -> str | None:
    """First and last word of a name of 3 words or more ("SURNAME, A B" -> "SURNAME, A")."""
    if "," in name:
        surname, given = (part.strip() for part in name.split(",", 1))
        given_words = given.split()
        if not surname or len(given_words) < 2:
            return None
        return f"{surname}, {given_words[0]}"
    parts = name.split()
    return f"{parts[0]} {parts[-1]}" if len(parts) >= 3 else None


def shortened_organization(name: str) -> str | None:
    """The name without its legal-form words and its trailing bracketed part; None when
    that changes nothing or leaves nothing."""
    short = _TRAILING_BRACKETS.sub("", name)
    short = _PRINTED_FORM.sub(" ", short)
    short = " ".join(short.split()).strip(_EDGE_PUNCTUATION)
    short = re.sub(r"\s+([,;])", r"\1", short)
    if not _letters(short) or short == name:
        return None
    return short


def _as_name(entity: Entity, alias: str) -> Entity:
    """``entity`` under one of its aliases, the alias gone from its aliases."""
    return dataclasses.replace(
        entity, name=alias, aliases=tuple(a for a in entity.aliases if a != alias)
    )


def variant(entity: Entity, kind: str, rng: random.Random) -> Entity | None:
    """The old side of a true case of ``kind`` built from ``entity``; None if none applies."""
    if kind in ("renamed", "other-script"):
        test = is_latin if kind == "renamed" else is_other_script
        choices = [a for a in dict.fromkeys(entity.aliases) if a != entity.name and test(a)]
        return _as_name(entity, rng.choice(choices)) if choices else None
    name: str | None = None
    if entity.type is EntityType.PERSON:
        name = reordered(entity.name) if kind == "reordered" else shortened_person(entity.name)
    elif kind == "shortened" and entity.type is EntityType.ORGANIZATION:
        name = shortened_organization(entity.name)
    if name is None or name == entity.name:
        return None
    return dataclasses.replace(entity, name=name, aliases=())


# --- cases --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One diff of ``[old]`` against ``[new]``. ``truth``: must they be paired."""

    list: str
    truth: bool
    label: str  # the family of a confusable pair, the kind of a true pair
    old: Entity
    new: Entity


def _sort_key(entity: Entity) -> tuple[str, str]:
    return entity.name, entity.id or ""


def _search_one_type(names: Sequence[tuple[str, int]]) -> set[tuple[int, int]]:
    """Pairs of owners (entity positions) with confusable names among ``names``."""
    texts = [text for text, _ in names]

    def work(positions: Sequence[int], here: bool) -> list[Any]:
        found = []
        for q in positions:
            rest = texts[q + 1 :]  # scores are symmetric: each pair of names once
            hits: set[int] = set()
            for scorer, cutoff in (
                (fuzz.WRatio, CONFUSABLE_WRATIO),
                (fuzz.token_set_ratio, CONFUSABLE_TOKEN_SET),
            ):
                for _, _, k in process.extract(
                    texts[q], rest, scorer=scorer, score_cutoff=cutoff, limit=None
                ):
                    hits.add(q + 1 + k)
            found.append(sorted(hits))
        return found

    pairs: set[tuple[int, int]] = set()
    for q, hits in enumerate(in_halves(len(texts), work, PARALLEL_MIN_NAMES)):
        owner = names[q][1]
        for k in hits:
            other = names[k][1]
            if other != owner:
                pairs.add((min(owner, other), max(owner, other)))
    return pairs


def best_names(a: Entity, b: Entity) -> tuple[float, str, str]:
    """The best naive score of two entities and the written names that give it (the first
    pair of names in their order, on ties)."""
    best = (-1.0, a.name, b.name)
    for x in dict.fromkeys(a.names()):
        px = default_process(x)
        if not px:
            continue
        for y in dict.fromkeys(b.names()):
            py = default_process(y)
            if not py:
                continue
            score = max(fuzz.WRatio(px, py), fuzz.token_set_ratio(px, py))
            if score > best[0]:
                best = (score, x, y)
    return best


def _identifier_values(entity: Entity) -> dict[str, set[str]]:
    """Identifier values (letters and digits, upper case) by label (``default_process``)."""
    values: dict[str, set[str]] = defaultdict(set)
    for identifier in entity.identifiers:
        value = re.sub(r"\W", "", identifier.value).upper()
        if value:
            values[default_process(identifier.type)].add(value)
    return values


def same_registration(a: Entity, b: Entity) -> bool:
    """Two entries of one registered entity: an identifier value in common, and no label
    whose values disagree (Annex I lists "Krasnoyarsk machine-building plant" twice with
    the same OGRN, INN and KPP). Pairing them is right, so they are not confusable cases.
    A shared value beside a conflicting one (JSC MAK Vympel and OJSC Krasnoe Znamya Plant:
    one registration number, two tax ids) stays a case."""
    values_a, values_b = _identifier_values(a), _identifier_values(b)
    shared = set().union(*values_a.values()) & set().union(*values_b.values())
    conflict = any(
        not values_a[label] & values_b[label] for label in values_a.keys() & values_b.keys()
    )
    return bool(shared) and not conflict


def confusable_cases(list_name: str, entities: Sequence[Entity]) -> tuple[list[Case], int]:
    """Every pair of distinct entities of one type with confusable names, as cases; and
    how many such pairs were left out as entries of one registered entity."""
    by_type: dict[EntityType, list[tuple[str, int]]] = defaultdict(list)
    for k, entity in enumerate(entities):
        for text in processed_names(entity):
            by_type[entity.type].append((text, k))
    pairs: set[tuple[int, int]] = set()
    for kind in sorted(by_type):
        pairs |= _search_one_type(by_type[kind])
    cases = []
    same = 0
    for i, j in sorted(pairs):
        a, b = sorted((entities[i], entities[j]), key=_sort_key)
        if a.id is not None and a.id == b.id:
            continue
        if same_registration(a, b):
            same += 1
            continue
        _, x, y = best_names(a, b)
        cases.append(Case(list_name, False, family(a, b, x, y), a, b))
    return sorted(cases, key=lambda c: (_sort_key(c.old), _sort_key(c.new))), same


def true_cases(list_name: str, entities: Sequence[Entity], sample: int, seed: int) -> list[Case]:
    """Variants of a seeded sample of ``entities``, each against the entity as published."""
    ordered = sorted(entities, key=_sort_key)
    rng = random.Random(f"sanctions-diff accuracy {seed} {list_name}")
    chosen = sorted(rng.sample(range(len(ordered)), min(sample, len(ordered))))
    cases = []
    for k in chosen:
        entity = ordered[k]
        for kind in KINDS:
            pick = random.Random(f"{seed} {list_name} {entity.id} {entity.name} {kind}")
            old = variant(entity, kind, pick)
            if old is not None:
                cases.append(Case(list_name, True, kind, old, entity))
    return cases


# --- evaluation ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What each system did with one case in one setting.

    ``scores``: sanctions-diff's score (of its pair; of its best pair at threshold 0 when it
    made none; None when even that found nothing), then each baseline's best score.
    ``names``: the names sanctions-diff compared for that score.
    """

    case: Case
    setting: str
    paired: tuple[bool, ...]
    scores: tuple[float | None, ...]
    method: str | None
    names: tuple[str, str] | None

    @property
    def wrong(self) -> tuple[bool, ...]:
        return tuple(p != self.case.truth for p in self.paired)


def prepared(entity: Entity, setting: str, old_side: bool) -> Entity:
    """The entity as the setting shows it: no id; the bare old side without birth dates
    and identifiers."""
    if setting == "bare" and old_side:
        return dataclasses.replace(entity, id=None, birth_dates=(), identifiers=())
    return dataclasses.replace(entity, id=None)


def baseline_score(scorer: Scorer, a: Entity, b: Entity) -> float:
    """Best score of ``scorer`` over the names and aliases of both."""
    names_b = processed_names(b)
    return max(
        (float(scorer(x, y)) for x in processed_names(a) for y in names_b),
        default=0.0,
    )


def evaluate(case: Case, setting: str) -> Outcome:
    old = prepared(case.old, setting, old_side=True)
    new = prepared(case.new, setting, old_side=False)
    found = match([old], [new], threshold=DEFAULT_THRESHOLD)
    paired = bool(found)
    if not found:  # how near it came: the best pair it would make at all
        found = match([old], [new], threshold=0.0)
    score = found[0].score if found else None
    method = str(found[0].method) if paired else None
    names = found[0].names if found else None
    baselines = [baseline_score(scorer, old, new) for scorer in BASELINES]
    return Outcome(
        case=case,
        setting=setting,
        paired=(paired, *(s >= BASELINE_THRESHOLD for s in baselines)),
        scores=(score, *baselines),
        method=method,
        names=names,
    )


def load_list(name: str) -> list[Entity] | str:
    """The entities of one list (a name of LIST_NAMES or a file), or why it is not there."""
    if name not in LIST_NAMES:
        path = Path(name)
        return list(load_snapshot(path).entities) if path.is_file() else f"no file {path}"
    if name == "un":
        path = shared_folder() / UN_FILE
        if not path.is_file():
            return f"UN list not found at {path} (set SANCTIONS_DIFF_SHARED to the data folder)"
        return list(read_un_xml(path, str(path)).entities)
    if name == "annex-i":
        entities: list[Entity] = []
        for path in sorted(LISTS_DIR.glob(ANNEX_I_GLOB)):
            entities += load_snapshot(path).entities
        return entities
    return list(load_snapshot(LISTS_DIR / ANNEX_IV_FILE).entities)


def build_cases(
    list_name: str, entities: Sequence[Entity], sample: int, seed: int
) -> tuple[list[Case], str]:
    """The confusable and true cases of one list, and a line that says what they are."""
    started = time.perf_counter()
    confusable, same = confusable_cases(list_name, entities)
    true = true_cases(list_name, entities, sample, seed)
    log(
        f"{list_name}: {len(entities):,} entities, {len(confusable):,} confusable pairs"
        f" ({time.perf_counter() - started:.1f} s)"
    )
    note = (
        f"{list_name}: {len(entities):,} entities; {plural(len(confusable), 'confusable pair')}"
        f" ({same:,} more left out: one registered entity listed twice);"
        f" {plural(len(true), 'true pair')} from {min(sample, len(entities)):,} sampled entities"
    )
    return confusable + true, note


def run_cases(cases: Sequence[Case]) -> list[Outcome]:
    outcomes = []
    started = time.perf_counter()
    for setting in SETTINGS:
        outcomes += [evaluate(case, setting) for case in cases]
        log(f"{setting}: {len(cases):,} cases diffed ({time.perf_counter() - started:.1f} s)")
    return outcomes


# --- report -------------------------------------------------------------------------------


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], left: int = 1) -> list[str]:
    """Aligned plain-text columns: the first ``left`` to the left, the others to the right."""
    widths = [max(len(str(r[c])) for r in [headers, *rows]) for c in range(len(headers))]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            cell.ljust(w) if c < left else cell.rjust(w)
            for c, (cell, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    rule = "  ".join(
        "-" * min(w, max(RULE_MAX, len(h))) for w, h in zip(widths, headers, strict=True)
    )
    return [line(headers), rule, *map(line, rows)]


def share(part: int, whole: int) -> str:
    return f"{part:,} / {whole:,} ({part / whole:.2%})" if whole else "—"


def plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def count_pct(part: int, whole: int) -> str:
    return f"{part:,} ({part / whole:.2%})" if whole else "—"


def summary(outcomes: Sequence[Outcome], lists: Sequence[str]) -> list[str]:
    lines: list[str] = []
    for setting in SETTINGS:
        here = [o for o in outcomes if o.setting == setting]
        lines += [f"== {setting}: {SETTING_NOTES[setting]}", ""]
        rows = []
        for list_name in [*lists, "all"] if len(lists) > 1 else lists:
            cases = [o for o in here if list_name in ("all", o.case.list)]
            false_cases = [o for o in cases if not o.case.truth]
            true_cases_ = [o for o in cases if o.case.truth]
            for s, system in enumerate(SYSTEMS):
                rows.append(
                    [
                        list_name if s == 0 else "",
                        system,
                        share(sum(o.paired[s] for o in false_cases), len(false_cases)),
                        share(sum(o.paired[s] for o in true_cases_), len(true_cases_)),
                    ]
                )
        lines += table(["list", "system", "false pairs", "recall"], rows, left=2)
        lines.append("")
        rows = []
        for label in FAMILIES:
            cases = [o for o in here if not o.case.truth and o.case.label == label]
            rows.append(
                [label, f"{len(cases):,}"]
                + [f"{sum(o.paired[s] for o in cases):,}" for s in range(len(SYSTEMS))]
            )
        lines += table(["false pairs by family", "cases", *SYSTEMS], rows)
        lines.append("")
        rows = []
        for label in KINDS:
            cases = [o for o in here if o.case.truth and o.case.label == label]
            rows.append(
                [label, f"{len(cases):,}"]
                + [
                    count_pct(sum(o.paired[s] for o in cases), len(cases))
                    for s in range(len(SYSTEMS))
                ]
            )
        lines += table(["recall by kind", "cases", *SYSTEMS], rows)
        lines.append("")
    return lines


def _round_robin(groups: dict[str, list[Any]], order: Sequence[str]) -> list[Any]:
    """One of each group in turn, so that a short listing shows every group."""
    queues = [list(groups.get(label, [])) for label in order]
    merged = []
    while any(queues):
        for queue in queues:
            if queue:
                merged.append(queue.pop(0))
    return merged


def _quoted(pair: tuple[str, str], arrow: str) -> str:
    return f"“{pair[0]}” {arrow} “{pair[1]}”"


def failures(outcomes: Sequence[Outcome], truth: bool, show: int) -> list[str]:
    """sanctions-diff's false pairs (``truth`` False) or misses (True), each case once with
    the settings it fails in, families or kinds in turn."""
    failing: dict[Case, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        if o.case.truth is truth and o.wrong[0]:
            failing[o.case].append(o)
    groups: dict[str, list[list[Outcome]]] = defaultdict(list)
    # Failing with all the evidence published first, then by list and names.
    for case in sorted(
        failing, key=lambda c: (failing[c][0].setting != SETTINGS[0], *_case_key(c))
    ):
        groups[case.label].append(failing[case])
    listed = _round_robin(groups, KINDS if truth else FAMILIES)
    what = "missed true pairs" if truth else "false pairs"
    lines = [
        f"sanctions-diff {what}: {plural(len(listed), 'case')}, {min(show, len(listed))} shown"
    ]
    rows = []
    for found in listed[:show]:
        first = found[0]
        case = first.case
        score = "—" if first.scores[0] is None else f"{first.scores[0]:.1f}"
        how = f"best {score}" if truth else f"{first.method} {score}"
        names = _quoted((case.old.name, case.new.name), "→" if truth else "~")
        if first.names and first.names != (case.old.name, case.new.name):
            names += f" via {_quoted(first.names, '~')}"
        settings = "+".join(o.setting for o in found)
        rows.append([case.label, case.list, settings, how, names])
    if rows:
        lines += table(
            ["family" if not truth else "kind", "list", "settings", "score", "names"], rows, left=5
        )
    return lines


def _case_key(case: Case) -> tuple[int, str, str, str]:
    rank = LIST_NAMES.index(case.list) if case.list in LIST_NAMES else len(LIST_NAMES)
    return rank, case.label, case.old.name, case.new.name


def outcome_record(o: Outcome) -> dict[str, Any]:
    return {
        "list": o.case.list,
        "case": "true pair" if o.case.truth else "confusable",
        "label": o.case.label,
        "setting": o.setting,
        "old": {"id": o.case.old.id, "name": o.case.old.name},
        "new": {"id": o.case.new.id, "name": o.case.new.name},
        "systems": {
            system: {"paired": paired, "score": score}
            for system, paired, score in zip(SYSTEMS, o.paired, o.scores, strict=True)
        },
        "method": o.method,
        "names": list(o.names) if o.names else None,
    }


# --- update mode --------------------------------------------------------------------------


@dataclass(frozen=True)
class UpdateScore:
    """One system's pairs between two versions of a list, judged by the original ids."""

    setting: str
    system: str
    pairs: int
    false_pairs: list[tuple[Entity, Entity]]
    unjudged: int  # pairs with an entity that has no id
    truth: int
    found: int
    renamed: int
    renamed_found: int
    missed_renamed: list[tuple[Entity, Entity]]


def _block_keys(text: str) -> set[str]:
    return {key for word in text.split() for key in (word, word[:BLOCK_PREFIX] + "…")}


def blocked(old: Sequence[Entity], new: Sequence[Entity]) -> bool:
    """Whether the baselines score only names that share a word (``EXHAUSTIVE_NAME_PAIRS``)."""
    count = sum(len(processed_names(e)) for e in old) * sum(len(processed_names(e)) for e in new)
    return count > EXHAUSTIVE_NAME_PAIRS


def greedy_pairs(
    old: Sequence[Entity], new: Sequence[Entity], scorer: Scorer
) -> list[tuple[int, int]]:
    """A naive matcher: the best score of ``scorer`` over the names of each pair, pairs from
    ``BASELINE_THRESHOLD`` made one to one, best score first (then old, new position)."""
    old_names = [(i, t) for i, e in enumerate(old) for t in processed_names(e)]
    new_names = [(j, t) for j, e in enumerate(new) for t in processed_names(e)]
    texts = [t for _, t in new_names]
    index: dict[str, list[int]] | None = None
    if blocked(old, new):
        index = defaultdict(list)
        for k, text in enumerate(texts):
            for key in _block_keys(text):
                index[key].append(k)
    best: dict[tuple[int, int], float] = {}
    for i, text in old_names:
        positions = (
            None
            if index is None
            else sorted({k for key in _block_keys(text) for k in index.get(key, ())})
        )
        subset = texts if positions is None else [texts[k] for k in positions]
        for _, score, k in process.extract(
            text, subset, scorer=scorer, score_cutoff=BASELINE_THRESHOLD, limit=None
        ):
            pair = (i, new_names[k if positions is None else positions[k]][0])
            best[pair] = max(best.get(pair, 0.0), float(score))
    pairs = []
    taken_old: set[int] = set()
    taken_new: set[int] = set()
    for (i, j), _ in sorted(best.items(), key=lambda item: (-item[1], item[0])):
        if i not in taken_old and j not in taken_new:
            pairs.append((i, j))
            taken_old.add(i)
            taken_new.add(j)
    return sorted(pairs)


def judge(
    old: Sequence[Entity],
    new: Sequence[Entity],
    pairs: Iterable[tuple[int, int]],
    setting: str,
    system: str,
) -> UpdateScore:
    new_by_id: dict[str, int] = {}
    for j, entity in enumerate(new):
        if entity.id is not None:
            new_by_id.setdefault(entity.id, j)
    truth = {
        i: new_by_id[e.id] for i, e in enumerate(old) if e.id is not None and e.id in new_by_id
    }
    renamed = {i for i, j in truth.items() if old[i].name != new[j].name}
    made = sorted(pairs)
    judged = [(i, j) for i, j in made if old[i].id is not None and new[j].id is not None]
    right = {i for i, j in made if truth.get(i) == j}
    return UpdateScore(
        setting=setting,
        system=system,
        pairs=len(made),
        false_pairs=[(old[i], new[j]) for i, j in judged if old[i].id != new[j].id],
        unjudged=len(made) - len(judged),
        truth=len(truth),
        found=len(right),
        renamed=len(renamed),
        renamed_found=len(renamed & right),
        missed_renamed=[(old[i], new[truth[i]]) for i in sorted(renamed - right)],
    )


def run_update(old_path: Path, new_path: Path) -> tuple[list[UpdateScore], str]:
    """Every system on two versions of a list, and a line that says what they are."""
    old = list(load_snapshot(old_path).entities)
    new = list(load_snapshot(new_path).entities)
    note = f"{old_path.name}: {len(old):,} entities; {new_path.name}: {len(new):,} entities."
    if blocked(old, new):
        note += (
            f" Baselines: only names sharing a word or its first {BLOCK_PREFIX} letters"
            f" scored (more than {EXHAUSTIVE_NAME_PAIRS:,} name pairs)."
        )
    log(note)
    scores = []
    for setting in SETTINGS:
        old_side = [prepared(e, setting, old_side=True) for e in old]
        new_side = [prepared(e, setting, old_side=False) for e in new]
        started = time.perf_counter()
        found = [(m.old, m.new) for m in match(old_side, new_side)]
        scores.append(judge(old, new, found, setting, SYSTEMS[0]))
        log(f"update, {setting}: sanctions-diff {time.perf_counter() - started:.1f} s")
        for system, scorer in zip(SYSTEMS[1:], BASELINES, strict=True):
            started = time.perf_counter()
            scores.append(
                judge(old, new, greedy_pairs(old_side, new_side, scorer), setting, system)
            )
            log(f"update, {setting}: {system} {time.perf_counter() - started:.1f} s")
    return scores, note


def update_report(
    scores: Sequence[UpdateScore], old: Path, new: Path, note: str, show: int
) -> list[str]:
    title = f"== update: {old.name} → {new.name} (ids removed before matching; truth by id)"
    lines = [title, note, ""]
    rows = [
        [
            s.setting,
            s.system,
            f"{s.pairs:,}",
            f"{len(s.false_pairs):,}",
            f"{s.unjudged:,}",
            share(s.found, s.truth),
            share(s.renamed_found, s.renamed),
        ]
        for s in scores
    ]
    headers = ["setting", "system", "pairs", "false pairs", "no id", "recall", "recall, renamed"]
    lines += table(headers, rows, left=2)
    for s in scores:
        if s.system != SYSTEMS[0]:
            continue
        lines += ["", f"sanctions-diff, {s.setting}: {plural(len(s.false_pairs), 'false pair')}"]
        lines += [
            f"  {a.id} “{a.name}” ~ {b.id} “{b.name}”"
            for a, b in sorted(s.false_pairs, key=lambda p: (p[0].name, p[1].name))
        ]
        missed = s.missed_renamed
        shown = f", {min(show, len(missed))} shown" if missed else ""
        lines.append(f"sanctions-diff, {s.setting}: {len(missed):,} renamed missed{shown}")
        lines += [f"  {a.id} “{a.name}” → “{b.name}”" for a, b in missed[:show]]
    return lines


def update_records(scores: Sequence[UpdateScore]) -> list[dict[str, Any]]:
    return [
        {
            "setting": s.setting,
            "system": s.system,
            "pairs": s.pairs,
            "false_pairs": [[a.id, a.name, b.id, b.name] for a, b in s.false_pairs],
            "unjudged": s.unjudged,
            "truth": s.truth,
            "found": s.found,
            "renamed": s.renamed,
            "renamed_found": s.renamed_found,
            "missed_renamed": [[a.id, a.name, b.name] for a, b in s.missed_renamed],
        }
        for s in scores
    ]


# --- main ---------------------------------------------------------------------------------


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.accuracy", description=(__doc__ or "").split("\n")[0]
    )
    parser.add_argument(
        "--lists",
        nargs="*",
        choices=LIST_NAMES,
        help="which lists (default: all, or none with --update)",
    )
    parser.add_argument(
        "--sample", type=int, default=DEFAULT_SAMPLE, help="true-pair entities per list"
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--show", type=int, default=DEFAULT_SHOW, help="failures listed of each kind"
    )
    parser.add_argument("--json", type=Path, help="write every case's result here")
    parser.add_argument("--update", type=Path, nargs=2, metavar=("OLD", "NEW"))
    parser.add_argument(
        "--list-file",
        type=Path,
        action="append",
        default=[],
        metavar="FILE",
        help="another real list (any format the loader reads, e.g. an OFAC SDN snapshot kept"
        " outside this repository), named by its file name",
    )
    args = parser.parse_args(argv)
    default = [] if args.update or args.list_file else list(LIST_NAMES)
    wanted = args.lists if args.lists is not None else default
    lists = [name for name in LIST_NAMES if name in wanted] + [str(p) for p in args.list_file]
    started = time.perf_counter()
    lines: list[str] = []
    record: dict[str, Any] = {"seed": args.seed, "sample": args.sample, "systems": list(SYSTEMS)}
    if lists:
        cases: list[Case] = []
        present = []
        for name in lists:
            entities = load_list(name)
            if isinstance(entities, str):
                log(f"{name}: skipped: {entities}")
                lines.append(f"{name}: skipped: {entities}")
                continue
            present.append(name)
            built, note = build_cases(name, entities, args.sample, args.seed)
            cases += built
            lines.append(note)
        outcomes = run_cases(cases)
        lines.append("")
        lines += summary(outcomes, present)
        for truth in (False, True):
            lines += failures(outcomes, truth, args.show)
            lines.append("")
        record["cases"] = [outcome_record(o) for o in outcomes]
    if args.update:
        old, new = args.update
        scores, note = run_update(old, new)
        lines += update_report(scores, old, new, note, args.show)
        record["update"] = update_records(scores)
    print("\n".join(lines).rstrip())
    if args.json:
        args.json.write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", "utf-8")
    log(f"done in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
