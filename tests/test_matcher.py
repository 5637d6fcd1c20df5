"""The matcher pinned by a table of real name pairs (from the EU 833/2014 Annex IV text and
the press reports in DOMAIN.md), both sides of the threshold, plus the assignment rules."""

from __future__ import annotations

import random

import pytest

from sanctions_diff.matcher import (
    DEFAULT_THRESHOLD,
    Method,
    identifier_key,
    match,
)
from sanctions_diff.matcher.assignment import hungarian
from sanctions_diff.model import Entity, EntityType, Identifier
from sanctions_diff.normalize import normalize


def org(name: str, *aliases: str, country: str | None = None, inn: str | None = None) -> Entity:
    ids = (Identifier("Tax ID/INN", inn),) if inn else ()
    return Entity(name=name, aliases=aliases, country=country, identifiers=ids)


def person(name: str, *aliases: str, country: str | None = None) -> Entity:
    return Entity(name=name, aliases=aliases, type=EntityType.PERSON, country=country)


# (old, new): each must pair. Names as printed in the Official Journal or by the press.
SAME = [
    pytest.param(
        org("Tordan Industry", country="HK"),
        org("Tordan Industry Limited", "Tordan Industry Ltd.", country="HK"),
        id="press-name-without-legal-form",
    ),
    pytest.param(org("Asia Pacific Links"), org("Asia Pacific Links Ltd."), id="ltd-dot"),
    pytest.param(
        org("Alpha Trading Investments"), org("Alpha Trading Investments Limited"), id="limited"
    ),
    pytest.param(
        org("Mvizion", country="UZ"),
        org("Mvizion LLC", "“MVIZION” mas'uliyati cheklangan jamiyati", country="UZ"),
        id="uzbek-llc",
    ),
    pytest.param(
        org("Deflog Technologies", country="SG"),
        org("Deflog Technologies PTE LTD", country="SG"),
        id="pte-ltd",
    ),
    pytest.param(
        org("Da Group 22", country="KZ"),
        org(
            "Da Group 22",
            "Товарищество с Ограниченной Ответственностью «DA GROUP 22» (ТОО «DA GROUP 22»)",
            country="KZ",
        ),
        id="kazakh-too",
    ),
    pytest.param(
        org("DA GROUP 22 TOO"),
        org("Товарищество с Ограниченной Ответственностью «DA GROUP 22»"),
        id="too-latin-vs-cyrillic",
    ),
    pytest.param(
        org("OOO Dzhiefkey Logistiks"),
        org(
            "Общество с Ограниченной Ответственностью «Джиэфкей Логистикс» (ООО «Джиэфкей Логистикс»)"
        ),
        id="cyrillic-vs-transliteration",
    ),
    pytest.param(
        org("“ALFA BETA CREATIVE” mas'uliyati cheklangan jamiyati"),
        org("Alfa Beta Creative LLC"),
        id="masuliyati-is-llc",
    ),
    pytest.param(
        org("Success Aviation Services FZC"), org("Success Aviation Services FZCO"), id="fzc-fzco"
    ),
    pytest.param(org("Sigma Technology"), org("Sigma Technology Co., Ltd."), id="co-ltd"),
    pytest.param(org("King Pai Technology"), org("King-Pai Technology"), id="hyphen"),
    pytest.param(org("ООО «ТАКО»"), org("Tako LLC"), id="ooo-is-llc"),
    pytest.param(
        org("PAO Rostvertol"), org("Public Joint Stock Company Rostvertol"), id="pao-is-pjsc"
    ),
    pytest.param(org("Sinno Electronics"), org("Sinno Electronic Co Ltd"), id="plural-typo"),
    pytest.param(
        person("Aleksandr Aleksandrovich RAKHMANOV"),
        person("Aliaksandr Aliaksandrovich RAKHMANOV"),
        id="person-transliteration",
    ),
    pytest.param(
        person("Александр Александрович РАХМАНОВ"),
        person("Aleksandr Aleksandrovich RAKHMANOV"),
        id="person-cyrillic",
    ),
    pytest.param(
        person("Aleksandr Rakhmanov"),
        person("Aleksandr Aleksandrovich RAKHMANOV"),
        id="person-press-no-patronymic",
    ),
    pytest.param(
        person("RAKHMANOV, Aleksandr"), person("Aleksandr RAKHMANOV"), id="person-surname-first"
    ),
    pytest.param(
        org("Trust Logistics", inn="7721758555"),
        org("Trust Logistics LLC", inn="7721758555"),
        id="same-inn",
    ),
]

# (old, new): each must stay apart.
DIFFERENT = [
    pytest.param(
        org("Trust Logistics", "Trust Logistics LLC", inn="7721758555"),
        org("Trust Logistics LLC", inn="7733899720"),
        id="495-vs-496-inn-veto",
    ),
    pytest.param(
        org("I Jet Global DMCC", "iJet", country="SY"),
        org("I Jet Global DMCC", "iJet", country="AE"),
        id="499-vs-500-country",
    ),
    pytest.param(
        org("GFK Logistics LLC", country="RU"),
        org("GFK Logistics Asia LLC", country="UZ"),
        id="492-vs-498-near-duplicate",
    ),
    pytest.param(org("Da Group 22"), org("Da Group 23"), id="numbers-differ"),
    pytest.param(
        org("Joint Stock Company 150 Aircraft Repair Plant"),
        org("Joint Stock Company 810 Aircraft Repair Plant"),
        id="509-vs-510",
    ),
    pytest.param(
        org("Акционерное Общество «Тульский Патронный Завод»"),
        org("Акционерное Общество «Ульяновский Патронный Завод»"),
        id="534-vs-537-cyrillic",
    ),
    pytest.param(
        org("Machine Building Group Limited Liability Company"),
        org("United Machine Building Group Limited Liability Company"),
        id="542-vs-552",
    ),
    pytest.param(
        person("ESPERANZA"), Entity(name="ESPERANZA", type=EntityType.VESSEL), id="person-vs-vessel"
    ),
    pytest.param(
        person("Aleksandr Rakhmanov"), person("Aleksei Rakhmanov"), id="different-first-name"
    ),
    pytest.param(org("SFT LLC"), org("STC LLC"), id="short-acronyms"),
    pytest.param(org("Sinno Electronics"), org("Sigma Technology"), id="11th-draft-firms"),
    pytest.param(org("Too Good Trading LLC"), org("Good Trading LLC"), id="too-is-a-word-here"),
    pytest.param(org("A S Kompel"), org("Kompel"), id="initials-are-not-a-legal-form"),
    pytest.param(
        Entity(name="Aleksandr RAKHMANOV", type=EntityType.PERSON, birth_dates=("1976-07-25",)),
        Entity(name="Aleksandr RAKHMANOV", type=EntityType.PERSON, birth_dates=("1951",)),
        id="namesakes-by-birth-year",
    ),
]


@pytest.mark.parametrize(("old", "new"), SAME)
def test_pairs_that_must_match(old: Entity, new: Entity) -> None:
    found = match([old], [new])
    assert len(found) == 1, f"{old.name!r} should match {new.name!r}"
    assert found[0].score >= DEFAULT_THRESHOLD


@pytest.mark.parametrize(("old", "new"), DIFFERENT)
def test_pairs_that_must_not_match(old: Entity, new: Entity) -> None:
    assert match([old], [new]) == []


def test_evidence_names_the_method_names_and_score() -> None:
    (found,) = match([org("Tordan Industry")], [org("Tordan Industry Limited")])
    assert found.method is Method.EXACT
    assert found.score == 100.0
    assert found.names == ("Tordan Industry", "Tordan Industry Limited")

    (fuzzy,) = match([org("Sinno Electronics")], [org("Sinno Electronic Co Ltd")])
    assert fuzzy.method is Method.FUZZY
    assert DEFAULT_THRESHOLD <= fuzzy.score < 100


def test_equal_id_wins_over_names() -> None:
    old = Entity(name="Streloy", id="eu-833-iv-560")
    new = Entity(name="Completely Renamed", id="eu-833-iv-560")
    (found,) = match([old], [new])
    assert found.method is Method.ID


def test_shared_identifier_pairs_a_renamed_entity() -> None:
    (found,) = match([org("Streloy", inn="7840498176")], [org("Strelka Trading", inn="7840498176")])
    assert found.method is Method.IDENTIFIER


def test_identifier_types_are_canonical() -> None:
    assert identifier_key("Tax ID/INN", "7721758555") == identifier_key("INN", "77 2175 8555")
    assert identifier_key("CR No.", "2182045")[0] == identifier_key("CR number", "1")[0]


def test_identifiers_tell_apart_trust_logistics_in_both_directions() -> None:
    old = [
        org("Trust Logistics", "Trust Logistics LLC", inn="7721758555"),
        org("Trust Logistics LLC", "Trust Logistics Group LLC", inn="7733899720"),
    ]
    new = list(reversed(old))
    pairs = {(old[m.old].identifiers, new[m.new].identifiers) for m in match(old, new)}
    assert pairs == {(e.identifiers, e.identifiers) for e in old}


def test_countries_tell_apart_the_two_i_jet_global() -> None:
    syria = org("I Jet Global DMCC", "iJet", country="SY")
    dubai = org("I Jet Global DMCC", "iJet", country="AE")
    found = match([dubai, syria], [syria, dubai])
    assert {(m.old, m.new) for m in found} == {(0, 1), (1, 0)}
    assert all(m.ambiguous_with == () for m in found)


def test_an_undecidable_pair_is_flagged_not_hidden() -> None:
    # A press name with no identifier against two same-name firms (as with the two
    # "Stratim" of the 17th package): the evidence is a tie.
    old = [org("Stratim")]
    new = [org("Stratim JSC", inn="7725291590"), org("Stratim JSC", inn="3664124970")]
    (found,) = match(old, new)
    assert len(found.ambiguous_with) == 1
    assert "Stratim JSC" in found.ambiguous_with[0]


def test_assignment_is_global_not_first_come() -> None:
    # Greedy would take 95 first and leave the second row unmatched (total 95); the best
    # total is 93 + 94.
    assert hungarian([[95.0, 93.0], [94.0, 0.0]]) == [1, 0]


def test_assignment_does_not_depend_on_input_order() -> None:
    old = [
        org(n)
        for n in (
            "Tordan Industry",
            "Asia Pacific Links",
            "Alpha Trading Investments",
            "Sinno Electronics",
            "Sigma Technology",
        )
    ]
    new = [
        org(n)
        for n in (
            "Tordan Industry Limited",
            "Asia Pacific Links Ltd.",
            "Alpha Trading Investments Limited",
            "Alpha Trading Investments Ltd",
        )
    ]
    expected = {(old[m.old].name, new[m.new].name) for m in match(old, new)}
    rng = random.Random(7)
    for _ in range(10):
        o, n = old[:], new[:]
        rng.shuffle(o)
        rng.shuffle(n)
        assert {(o[m.old].name, n[m.new].name) for m in match(o, n)} == expected


def test_one_to_one() -> None:
    found = match(
        [org("Tordan Industry")], [org("Tordan Industry Limited"), org("Tordan Industry Ltd.")]
    )
    assert len(found) == 1


def test_threshold_is_settable() -> None:
    old, new = [org("Sinno Electronics")], [org("Sinno Electronic Co Ltd")]
    assert match(old, new, threshold=99.0) == []
    assert len(match(old, new, threshold=50.0)) == 1


@pytest.mark.parametrize(
    ("text", "core", "forms"),
    [
        ("ООО «Тесткомплект»", "testkomplekt", {"llc"}),
        ("Tordan Industry Limited", "tordan industri", {"ltd"}),
        ("Deflog Technologies PTE LTD", "deflog technologies", {"ltd"}),
        ("ТОО «DA GROUP 22»", "da group 22", {"llp"}),
        ("Closed Joint Stock Company Special Design Bureau", "special design bureau", {"cjsc"}),
        ("«DA GROUP 22» Жауапкершілігі Шектеулі Серіктестігі", "da group 22", {"llp"}),
        ("Türkiye İhracat", "turkie ihracat", set()),
        ("Кинг Пай", "king pai", set()),
        ("RAKHMANOV Alexandr", "rahmanov aleksandr", set()),
        ("AO", "ao", set()),
        ("Too Good Trading LLC", "too good trading", {"llc"}),
        ("ТОО «DA GROUP 22»", "da group 22", {"llp"}),
        ("Türk Telekom A.Ş.", "turk telekom", {"jsc"}),
        ("«—»", "«—»", set()),
        # Step 7 on the words around legal-form tokens, which it leaves alone.
        ("OOO Khimprom Yug", "himprom iug", {"llc"}),
        ("Yakhiia Trading LLC", "iahia trading", {"llc"}),
        ("Exxon Mobil Corp", "ekskson mobil", {"corp"}),
        # "FZ" alone is no legal form of its own (FZE, FZCO, FZ-LLC are), but as a
        # canonical token it is not part of the core either.
        ("Alpha Trade FZ", "alpha trade", set()),
    ],
)
def test_normalisation_replaces_legal_forms(text: str, core: str, forms: set[str]) -> None:
    name = normalize(text)
    assert name.core == core
    assert name.forms == forms


def test_reordered_organisation_words_are_fuzzy_not_exact() -> None:
    (found,) = match([org("Logistics Trust")], [org("Trust Logistics")])
    assert found.method is Method.FUZZY and found.score < 100


def test_stronger_evidence_always_wins_over_more_name_pairs() -> None:
    # Two name pairs (2 x 100) must not outweigh one shared identifier.
    old = [org("Alpha Trading LLC", inn="7700000001"), org("Beta Holdings LLC")]
    new = [org("Alpha Trading LLC"), org("Beta Holdings LLC", inn="7700000001")]
    pairs = {(old[m.old].name, new[m.new].name, m.method) for m in match(old, new)}
    assert ("Alpha Trading LLC", "Beta Holdings LLC", Method.IDENTIFIER) in pairs


def test_aliases_break_ties_not_file_order() -> None:
    # Two "JSC PO Sevmash" rows of 833/2014: one with its aliases, one without.
    with_aliases = org("JSC PO Sevmash", "АО «ПО «Севмаш»", "Sevmash", country="RU")
    without = org("JSC PO Sevmash")
    for new in ([with_aliases, without], [without, with_aliases]):
        found = match([with_aliases, without], new)
        assert {(m.old, new[m.new] is ([with_aliases, without][m.old])) for m in found} == {
            (0, True),
            (1, True),
        }
        assert all(m.ambiguous_with == () for m in found)


def test_undecided_pair_is_the_same_whatever_the_file_order() -> None:
    old = [org("Stratim")]
    a, b = (
        org("Stratim JSC", inn="7725291590", country="RU"),
        org("Stratim JSC", inn="3664124970", country="RU"),
    )
    first = match(old, [a, b])[0]
    second = match(old, [b, a])[0]
    assert [a, b][first.new] is [b, a][second.new]
    assert first.ambiguous_with and second.ambiguous_with


def test_a_rival_taken_by_stronger_evidence_is_no_rival() -> None:
    old = [org("Stratim"), org("Stratim JSC", inn="3664124970")]
    new = [org("Stratim JSC", inn="7725291590"), org("Stratim JSC", inn="3664124970")]
    found = {m.old: m for m in match(old, new)}
    assert found[1].method is Method.IDENTIFIER
    assert found[0].ambiguous_with == ()


def test_a_bracketed_qualifier_is_not_a_name() -> None:
    # Real 269/2014 pattern: "(Hong Kong)" qualifies two different firms.
    assert (
        match(
            [org("Endezo Technology (Hong Kong) Limited")],
            [org("Sure Technology (Hong Kong) Co. Ltd.")],
        )
        == []
    )
    assert match([org("Asia Links (Hong Kong)")], [org("Sinno Trading (HK)")]) == []
    # A bracketed short form at the end still is one.
    (found,) = match([org("GZAS")], [org("Gorky Plant of Communication Equipment (GZAS)")])
    assert found.names == ("GZAS", "GZAS")


def test_an_alias_without_letters_pairs_nothing() -> None:
    assert match([org("Alpha Bank", "—")], [org("Omega Trading", "—")]) == []


def test_kpp_neither_pairs_nor_vetoes() -> None:
    def with_kpp(name: str, kpp: str, inn: str | None = None) -> Entity:
        ids = (Identifier("KPP", kpp),) + ((Identifier("Tax ID/INN", inn),) if inn else ())
        return Entity(name=name, identifiers=ids)

    assert (
        match(
            [with_kpp("Krymskaya Energeticheskaya", "910201001")],
            [with_kpp("Sevastopol Morport", "910201001")],
        )
        == []
    )
    (found,) = match(
        [with_kpp("Sevastopol Morport", "910201001")], [with_kpp("Sevastopol Morport", "920401001")]
    )
    assert found.method is Method.EXACT
