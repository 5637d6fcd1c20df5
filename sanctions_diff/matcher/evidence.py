"""Evidence about two entities beyond their names: for, against, and the verdict.

A candidate pair has a name score (0-100, rapidfuzz's scale) and a ``Strength`` (see
``names``). Evidence *against* lowers the score (a penalty, each a named constant below) or
makes the name match weak; evidence *for* (``corroboration``) is what a weak name match
needs to become a pair. The verdict (``judge``):

- a pair when the score reaches the threshold and the names are a full match, a
  contraction or a spelling variant, or when a weak name match is corroborated;
- otherwise, when the names alone reached the threshold, a *possible* match, reported with
  the reason it was not made, so that a person decides.

What corroborates: a shared birth date, a shared address. What does not: a shared country
or nationality alone, since confusable entities of one list nearly always share it (the
two "ADOON GENERAL TRADING" of the UAE, "KIM, Song Chol" / "KIM, Tong-chol" of the DPRK); it
still breaks ties between equally good pairs (``tie_break``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from sanctions_diff.model import Entity, EntityType
from sanctions_diff.normalize import fold, variants

from .names import Name, Strength, compare, names_for

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
# name (100) drops to 80, below the threshold, while identifiers can still pair them. A
# person's countries are their country and nationalities: "nationalities differ" counts the
# same way (the UN list gives persons nationalities, not countries).
COUNTRY_CONFLICT_PENALTY = 20.0

# Within one family of legal forms (LLC / Ltd, JSC / PJSC) a difference is usually a
# re-registration or a translation choice, so only a nudge: it breaks ties towards the same
# legal form. Across families (LLC / FZE) it is another registration: see LEGAL_FAMILIES.
LEGAL_FORM_CONFLICT_PENALTY = 6.0

# Numbers are the distinctive part of many names ("Da Group 22", "Plant No. 9",
# "BICENTENARIO II"); a different number usually means a different entity: 100 → 80.
NUMBER_CONFLICT_PENALTY = 20.0

# "Aleksandr Rakhmanov" of "Aleksandr Aleksandrovich Rakhmanov": a contraction scores 95,
# a clear match that still ranks below the full name.
PERSON_SUBSET_PENALTY = 5.0

# Organisation names with the same words in another order ("Logistics Trust" / "Trust
# Logistics") are matched as fuzzy at 95, not exact: order is usually kept in one company's
# names, but transliterated aliases do reorder ("JSC Sozvezdie Concern").
ORG_REORDER_PENALTY = 5.0

# Persons whose birth years all differ are very likely namesakes: an exact name (100)
# drops to 70, far below the threshold; identifiers can still pair them.
BIRTH_DATE_CONFLICT_PENALTY = 30.0

# Families of canonical legal forms (see normalize.LEGAL_FORMS) that translate one another
# or follow one another in re-registrations: ООО is written "LLC" or "Ltd", ТОО "LLP" or
# "LLC"; Russian joint-stock companies became PJSC or JSC in 2014. Forms of different
# families ("LLC" / "FZE": a mainland and a free-zone company of one group) are two
# registrations: only other evidence can pair them. "co" (a bare "Company") says nothing.
LEGAL_FAMILIES: dict[str, str] = {
    "llc": "limited",
    "ltd": "limited",
    "llp": "limited",
    "ltda": "limited",
    "jsc": "joint-stock",
    "pjsc": "joint-stock",
    "ojsc": "joint-stock",
    "cjsc": "joint-stock",
    "sa": "joint-stock",
}
GENERIC_FORMS = frozenset({"co"})

# Aliases are shared between distinct entities far more than names are: kunyas ("Abu
# Ali", "Abu Ubaidah"), movements' common names ("Ansar al-Sharia" for the groups of Derna,
# Benghazi and Tunisia, UN list; "Harakat ul-Ansar" for two Pakistani groups), former
# names. So an agreement of aliases alone, however many, is a weak match: one side's name
# must be involved, or other evidence must agree (see judge).

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


def identifier_key(kind: str, value: str) -> tuple[str, str]:
    """(canonical type, value without spaces or punctuation, upper case)."""
    folded = fold(kind)
    return IDENTIFIER_TYPES.get(folded, folded), fold(value).replace(" ", "").upper()


# A letter or digit in any script (what str.isalnum accepts), found in C.
_ALPHANUMERIC = re.compile(r"[^\W_]")


def _names_of_entity(entity: Entity) -> tuple[Name, ...]:
    """The compared forms of every name and alias of one entity, each once."""
    names_of = names_for(entity.type)
    names = names_of(entity.name)
    if entity.aliases or len(names) > 1:
        # Each compared form once (the first met), whichever names share it.
        seen: dict[tuple[str, frozenset[str], bool], Name] = {}
        for name in names:
            seen.setdefault((name.key, name.norm.forms, name.bracketed), name)
        for written in entity.aliases:
            if _ALPHANUMERIC.search(written) is None:
                continue  # an alias such as "—" says nothing; only a name of its own is kept
            for name in names_of(written):
                seen.setdefault((name.key, name.norm.forms, name.bracketed), name)
        names = tuple(seen.values())
    return names


# What is kept of each entity is lean (tuples, not sets; sets built per comparison where
# needed): a diff of 1M entities holds a prepared form of most of them at once.
class Prepared:
    """``identifiers``: identifying (type, value) keys, distinct, sorted. ``names``: the
    compared forms of every name, worked out when first asked for: an entity that an
    identifier alone pairs, with no rival, never needs them (a fifth of those no id
    pairs in the 100k benchmark)."""

    __slots__ = ("_names", "entity", "identifiers")

    def __init__(self, entity: Entity) -> None:
        self.entity = entity
        self.identifiers = (
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
        self._names: tuple[Name, ...] | None = None

    @property
    def names(self) -> tuple[Name, ...]:
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

    def countries(self) -> frozenset[str]:
        """Where the entity is from: its country, and a person's nationalities."""
        entity = self.entity
        found = frozenset(entity.nationalities) if entity.type is EntityType.PERSON else frozenset()
        return found | {entity.country} if entity.country else found

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
            entity.type.value,
            entity.reason or "",
        )


class PreparedCache:
    """What ``match`` has computed of each entity, kept for as long as the caller keeps
    this object: history compares the same track representatives with every snapshot.
    Keyed by identity (hashing a whole entity costs more than preparing half of it); the
    entity is held too, so its identity cannot be reused while it is here."""

    def __init__(self) -> None:
        self._found: dict[int, tuple[Entity, Prepared]] = {}

    def __call__(self, entity: Entity) -> Prepared:
        hit = self._found.get(id(entity))
        if hit is None:
            hit = self._found[id(entity)] = (entity, Prepared(entity))
        return hit[1]


def _renewed(kind: str) -> bool:
    """Documents a person renews: a new passport number is the same person (OFAC's
    MORTEZAVI, Hasan: passport 7572775 in 2018, D9019576 in 2021)."""
    return "passport" in kind


def identifiers_conflict(a: Prepared, b: Prepared) -> bool:
    """A type of identifier on both sides and no value in common at all: a veto.
    Registration numbers (INN, OGRN, IMO...) identify for good; renewed documents never
    veto."""
    if not a.identifiers or not b.identifiers:
        return False
    types = {kind for kind, _ in a.identifiers if not _renewed(kind)}
    if not any(kind in types for kind, _ in b.identifiers):
        return False
    return not set(a.identifiers).intersection(b.identifiers)


def identifiers_disagree(a: Prepared, b: Prepared) -> bool:
    """Some type of identifier on both sides has no value in common, whatever else is
    shared. Such mixed evidence pairs nothing by identifier: JSC MAK Vympel and OJSC
    Krasnoe Znamya of Annex I share a registration number and have different INNs. Nor
    does it veto: the names decide (OFAC's vessel ZEUS kept its call sign when its IMO
    number 04714, which has too few digits, was corrected to 8799619)."""
    if a.identifiers == b.identifiers:
        return False
    kinds = {kind for kind, _ in a.identifiers} & {kind for kind, _ in b.identifiers}
    return any(
        not _renewed(kind)
        and not {v for k, v in a.identifiers if k == kind}
        & {v for k, v in b.identifiers if k == kind}
        for kind in kinds
    )


# Birth years this far apart still agree: lists give approximate years ("1968") that a later
# version corrects to a date ("8 Dec 1967", OFAC's AL-ASSAD, Maher, 2018 and 2021).
# Namesakes are usually decades apart ("Aleksandr RAKHMANOV" 1976 / 1951).
BIRTH_YEAR_TOLERANCE = 1


_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


def _years(dates: Iterable[str]) -> set[str]:
    return {y for d in dates for y in _YEAR.findall(d)}


def birth_years_conflict(a: Entity, b: Entity) -> bool:
    """Both give birth years and none comes within BIRTH_YEAR_TOLERANCE of the other's."""
    years_a, years_b = _years(a.birth_dates), _years(b.birth_dates)
    if not years_a or not years_b or years_a & years_b:
        return False
    return all(abs(int(x) - int(y)) > BIRTH_YEAR_TOLERANCE for x in years_a for y in years_b)


def told_apart(a: Entity, b: Entity) -> bool:
    """The entities' own facts say they are two: conflicting identifiers, countries (or
    nationalities) that disagree, or birth years that do."""
    pa, pb = Prepared(a), Prepared(b)
    ca, cb = pa.countries(), pb.countries()
    return (
        identifiers_conflict(pa, pb)
        or bool(ca and cb and not ca & cb)
        or (birth_years_conflict(a, b))
    )


def corroboration(a: Prepared, b: Prepared) -> str:
    """What, besides the names, says the two are one entity ("" when nothing does): a
    shared birth date with at least its month (a year alone is shared by chance: the UN
    list gives hundreds of persons "approximately 1960"), a shared address with a number
    in it."""
    dates = {d for d in a.entity.birth_dates if len(d) >= 7} & set(b.entity.birth_dates)
    if dates:
        return f"same birth date {min(dates)}"
    if a.entity.addresses and b.entity.addresses:
        shared = [x for x in a.addresses() & b.addresses() if _DIGIT.search(x)]
        if shared:
            return "same address"
    return ""


# An address corroborates only when it names a place precisely: with a number (street,
# building, postcode). "Ukraine, Russian Federation" is printed for several PMCs of the
# 12th package and says no more than their country.
_DIGIT = re.compile(r"\d")


def _forms_conflict(x: Name, y: Name) -> str:
    """ "" when the legal forms agree or one side has none; else how they differ, with
    "family" when they belong to different families (see LEGAL_FAMILIES)."""
    fx, fy = x.norm.forms, y.norm.forms
    if not fx or not fy or fx == fy:
        return ""  # most names: measured, judge's commonest case
    fx, fy = fx - GENERIC_FORMS, fy - GENERIC_FORMS
    if not fx or not fy or fx & fy:
        return ""
    families_x = {LEGAL_FAMILIES.get(f, f) for f in fx}
    families_y = {LEGAL_FAMILIES.get(f, f) for f in fy}
    return "nudge" if families_x & families_y else "family"


def judge(
    a: Prepared, x: Name, b: Prepared, y: Name, raw: float, threshold: float
) -> tuple[float, bool, str, str]:
    """The verdict on one candidate name pair: (score after penalties, exact, reason,
    evidence). ``a`` and ``x`` are the old side's, ``b`` and ``y`` the new side's (texts
    say so).

    ``reason`` is "" for a pair; otherwise it says why the pair is not made (then the pair
    is a possible match when ``raw`` reached the threshold). ``evidence``, for a pair, says
    what it rests on beyond equal names: a contraction, spelling variants, the evidence
    that bore out a weak name match, and what spoke against it when the threshold let it
    through. ``exact``: a full name match with nothing against it.
    """
    kind = a.entity.type
    against: list[str] = []
    score = raw
    strength, how = compare(x, y, kind)
    if strength is Strength.CONTRACTION:
        score = min(score, 100.0 - PERSON_SUBSET_PENALTY)
    elif strength is Strength.CLOSE and raw == 100.0:
        score -= ORG_REORDER_PENALTY  # the same words in another order
    forms = _forms_conflict(x, y)
    if forms == "nudge":
        score -= LEGAL_FORM_CONFLICT_PENALTY
    elif forms:
        strength = Strength.WEAK
        how = f"legal forms differ (old {_forms(x)}, new {_forms(y)})"
    if x.printed != y.printed and x.numbers != y.numbers:
        score -= NUMBER_CONFLICT_PENALTY
        against.append(f"numbers differ (old {_listing(x.numbers)}, new {_listing(y.numbers)})")
    ea, eb = a.entity, b.entity
    if kind is EntityType.PERSON and (ea.nationalities or eb.nationalities):
        countries_a, countries_b = a.countries(), b.countries()
        if countries_a and countries_b and not countries_a & countries_b:
            score -= COUNTRY_CONFLICT_PENALTY
            against.append(
                f"nationalities differ (old {_listing(countries_a)}, new {_listing(countries_b)})"
            )
    elif ea.country and eb.country and ea.country != eb.country:
        score -= COUNTRY_CONFLICT_PENALTY
        against.append(f"countries differ (old {ea.country}, new {eb.country})")
    if ea.birth_dates and eb.birth_dates and birth_years_conflict(ea, eb):
        score -= BIRTH_DATE_CONFLICT_PENALTY
        against.append("birth years differ")
    if strength is not Strength.WEAK and not (_is_the_name(a, x) or _is_the_name(b, y)):
        strength = Strength.WEAK
        how = f"only the alias “{x.written}” agrees, not the names"
    if kind is EntityType.VESSEL and strength < Strength.FULL:
        strength = Strength.WEAK
        how = "vessel names differ and no IMO number pairs them"
    score = max(score, 0.0)
    if strength is Strength.WEAK:
        found = corroboration(a, b)
        if not found:
            return score, False, "; ".join([how, *against]), ""
        how = f"{how}, but {found}"  # a weak name match that other evidence bears out
    if score < threshold:
        reason = "; ".join(against) or f"score {score:.0f} is below the threshold"
        return score, False, reason, ""
    exact = strength is Strength.FULL and score == 100.0 and raw == 100.0
    return score, exact, "", "; ".join(filter(None, [how, *against]))


def _is_the_name(p: Prepared, name: Name) -> bool:
    """The form comes from the entity's name, not from one of its aliases."""
    written = p.entity.name
    return name.written == written or name.written in variants(written)


def _forms(name: Name) -> str:
    return "/".join(sorted(name.norm.forms)).upper()


def _listing(values: Iterable[str]) -> str:
    return ", ".join(sorted(values)) or "none"


def tie_break(a: Prepared, b: Prepared) -> float:
    """Evidence beyond the best name, 0-5: shared names, addresses, country, listing date,
    birth dates. Only used to break ties between pairs with equal scores (see Edge)."""
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


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0
