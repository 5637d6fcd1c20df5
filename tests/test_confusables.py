"""Distinct entities with confusable names must not be paired; true pairs must still be.

Each row is a real name pair: from the UN consolidated list (../shared/data/un, generated
2026-02-27), the EU Annex IV of 833/2014 and Annex I of 269/2014 (lists/), or the OFAC SDN
entries quoted in issue 14. Old and new are given as a press report or a bare list gives
them (no birth dates or identifiers) unless the row is about that evidence. A pair between
two distinct entities hides a removal and an addition, so each no-match row also checks
that the near-miss is *reported* as a possible match, with the reason it was not paired.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from shared_data import SHARED

from sanctions_diff.formats.loader import load_snapshot
from sanctions_diff.formats.un_xml import read_un_xml
from sanctions_diff.matcher import DEFAULT_THRESHOLD, Method, match, pair_up
from sanctions_diff.matcher.names import numbers_of
from sanctions_diff.model import Entity, EntityType, Identifier
from sanctions_diff.normalize import normalize


def org(name: str, *aliases: str, **facts: object) -> Entity:
    return Entity(name=name, aliases=aliases, **facts)  # type: ignore[arg-type]


def person(name: str, *aliases: str, **facts: object) -> Entity:
    return Entity(name=name, aliases=aliases, type=EntityType.PERSON, **facts)  # type: ignore[arg-type]


def vessel(name: str, *aliases: str, **facts: object) -> Entity:
    return Entity(name=name, aliases=aliases, type=EntityType.VESSEL, **facts)  # type: ignore[arg-type]


# Both printed so in the 12th package's Annex I: an address that only names countries.
PMC = {"country": "RU", "addresses": ("Ukraine, Russian Federation",)}

# (old, new, a word the reason must contain): distinct entities, never a pair.
CONFUSABLE = [
    # 1. Person token subsets.
    pytest.param(
        person("ISMAEL, Ismael"),
        person("ZAMBADA GARCIA, Ismael"),
        "repeated",
        id="subset-one-distinct-word-ofac",
    ),
    pytest.param(
        person("AL-SHAMMARI"),
        person("AL-SHAMMARI, Hamad Awad Dahi Sarhan"),
        "only part",
        id="subset-surname-alone-ofac",
    ),
    pytest.param(
        person("SADDAM HUSSEIN AL-TIKRITI"),
        person("RANA SADDAM HUSSEIN AL-TIKRITI"),
        "only part",
        id="subset-father-and-daughter-un",
    ),
    pytest.param(
        person("JAMI JAMI", "JAMA' JAMA'", "JAM'I JAM'I"),
        person("MUHAMMAD, Jami' 'Ali"),
        "repeated",
        id="subset-repeated-word-ofac-update",
    ),
    # 2. Roman numerals and ordinals are numbers.
    pytest.param(
        vessel("BICENTENARIO II"), vessel("BICENTENARIO I"), "numbers differ", id="roman-vessels"
    ),
    pytest.param(
        org("RIM GROUP INVESTMENTS I CORP."),
        org("RIM GROUP INVESTMENTS II CORP."),
        "numbers differ",
        id="roman-series-of-firms",
    ),
    pytest.param(
        org("United Shipbuilding Corporation JSC “35th Shipyard”"),
        org("United Shipbuilding Corporation “5th Shipyard”"),
        "numbers differ",
        id="ordinals-eu-annex-iv",
    ),
    # 3. A bracketed part does not decide alone.
    pytest.param(
        org("48th Central Scientific Research Institute (TsNII)"),
        org("33rd Central Scientific Research Institute (TsNII)"),
        "bracketed",
        id="bracketed-acronym-eu-269",
    ),
    pytest.param(
        org("27th Central Scientific Research Institute (TsNII)"),
        org("46th TSNII Central Scientific Research Institute"),
        "numbers differ",
        id="acronym-inside-eu-269",
    ),
    # 4. Nationalities are evidence, as countries are.
    pytest.param(
        person("KIM SONG CHOL", nationalities=("KP",)),
        person("KIM SONG CHOL", nationalities=("KR",)),
        "nationalities differ",
        id="nationality",
    ),
    # 5. One short distinctive word.
    pytest.param(
        person("KIM SONG CHOL"), person("KIM TONG CHOL"), "different words", id="korean-syllable-un"
    ),
    pytest.param(
        person("RANA SADDAM HUSSEIN AL-TIKRITI"),
        person("RAGHAD SADDAM HUSSEIN AL-TIKRITI"),
        "no counterpart",
        id="sisters-un",
    ),
    pytest.param(vessel("SABRINA"), vessel("SARINA"), "vessel", id="vessels-without-imo"),
    # A consonant differs: another name, not another spelling (OFAC SDN, 2021).
    pytest.param(
        person("AL-TIKRITI, Jamal Mustafa Abdallah Sultan"),
        person("AL-TIKRITI, Kamal Mustafa Sultan Abdallah"),
        "different words",
        id="brothers-jamal-kamal-ofac",
    ),
    pytest.param(
        person("RADIC, Miroslav"), person("TADIC, Miroslav"), "different", id="radic-tadic-ofac"
    ),
    pytest.param(
        person("DUZGOREN, Erkan"), person("DUZGOREN, Serkan"), "different", id="erkan-serkan-ofac"
    ),
    pytest.param(
        org("JINMYONG JOINT BANK"), org("JINSONG JOINT BANK"), "different", id="two-dprk-banks-ofac"
    ),
    pytest.param(
        person("THET, Naing Win"), person("WIN, Thet Khaing"), "different", id="naing-khaing-ofac"
    ),
    pytest.param(
        person("ABU ZUBAYDAH"), person("UBAIDAH, Abu"), "different", id="one-word-kunya-ofac"
    ),
    # A kunya alone, spelt two ways: the one word it rests on could be anybody's.
    pytest.param(
        person("ABU MUSAB"), person("MUSSAB, Abu"), "one name word", id="one-word-spelt-otherwise"
    ),
    # The paternal surname is the one a shortened Spanish name keeps.
    pytest.param(
        person("HERNANDEZ, Oscar"),
        person("JIMENEZ HERNANDEZ, Oscar Armando"),
        "only part",
        id="maternal-surname-alone-ofac",
    ),
    # 6. Legal forms of different families.
    pytest.param(
        org("ADOON GENERAL TRADING L.L.C."),
        org("ADOON GENERAL TRADING FZE"),
        "legal forms differ",
        id="llc-vs-fze",
    ),
    # Aliases shared by distinct groups (UN list): one alias alone is weak.
    pytest.param(
        org("ANSAR AL CHARIA DERNA", "Ansar al-Charia Derna", "Ansar al-Sharia"),
        org("ANSAR AL CHARIA BENGHAZI", "Ansar al-Charia", "Ansar al-Sharia"),
        "only the alias",
        id="shared-alias-un",
    ),
    pytest.param(
        org("PMC Potok", "PMC ‘Stream’", "‘The Stream’", "Gazprom PMC", **PMC),
        org("PMC Fakel", "PMC Flame", "Flame", "Gazprom PMC", **PMC),
        "only the alias",
        id="shared-alias-and-a-vague-address-eu-12-269",
    ),
]


@pytest.mark.parametrize(("old", "new", "why"), CONFUSABLE)
def test_confusable_entities_are_not_paired_but_shown_as_possible(
    old: Entity, new: Entity, why: str
) -> None:
    for a, b in ((old, new), (new, old)):
        found = pair_up([a], [b])
        assert found.matches == [], f"{a.name!r} must not pair with {b.name!r}"
        possible = found.possible_old[0]
        assert possible.other == 0
        assert why in possible.reason, possible.reason
        assert found.possible_new[0].reason == possible.reason


# (old, new): the same entity, as a press report or another version gives it: a pair.
SAME = [
    pytest.param(
        person("Yasir AL-TIKRITI"),
        person("YASIR SABAWI IBRAHIM HASAN AL-TIKRITI"),
        id="contraction-keeps-first-and-surname-un",
    ),
    pytest.param(
        person("RAKHMANOV, Aleksandr"),
        person("Aleksandr Aleksandrovich RAKHMANOV"),
        id="contraction-surname-first",
    ),
    pytest.param(
        person("Omar Sabawi Ibrahim Hassan Al-Tikriti"),
        person("OMAR SABAWI IBRAHIM HASAN AL-TIKRITI"),
        id="spelling-variant-un-alias",
    ),
    pytest.param(person("Kim Tong-Myong"), person("KIM TONG MY’ONG"), id="apostrophe-in-korean-un"),
    pytest.param(
        person("HUSSEIN AL-TIKRITI, Saddam"),
        person("SADDAM HUSSEIN AL-TIKRITI"),
        id="reordered-un",
    ),
    pytest.param(vessel("BICENTENARIO II"), vessel("Bicentenario II"), id="numbered-vessel-same"),
    pytest.param(
        org("27th Central Scientific Research Institute"),
        org("27th Central Scientific Research Institute (TsNII)"),
        id="bracket-dropped-eu-269",
    ),
    # Annex IV (9th package) and Annex I (10th) print one company so.
    pytest.param(
        org("SPA “Impuls”, JSC"),
        org(
            "Joint Stock Company ‘Scientific and Production Association “Impuls”’ "
            "(JSC ‘SPA “Impuls”’) (JSC ‘SPA “Impulse”’)"
        ),
        id="bracketed-short-name-with-a-legal-form",
    ),
    pytest.param(
        org("TECHNOGLOBAL SYSTEMS DOO BEOGRAD"),
        org("TEHNOGLOBAL SYSTEMS DOO BEOGRAD"),
        id="ch-and-h-ofac-2018-2021",
    ),
    pytest.param(
        person("JIMENEZ, Oscar"),
        person("JIMENEZ HERNANDEZ, Oscar Armando"),
        id="paternal-surname-kept",
    ),
    pytest.param(
        person("Yassir Sabawi Ibrahim Hasan Al-Tikriti"),
        person("YASIR SABAWI IBRAHIM HASSAN AL-TIKRITI"),
        id="doublings-are-spellings-un-alias",
    ),
    # Legal forms that were not recognised before (issue 14's recall misses).
    pytest.param(
        org("Haji Basir and Zarjmil Hawala"),
        org("Haji Basir and Zarjmil Hawala Company"),
        id="company",
    ),
    pytest.param(org("Tecnologia Avancada"), org("Tecnologia Avancada LTDA"), id="ltda"),
    pytest.param(org("Banco Popular"), org("Banco Popular S.A."), id="sa"),
    pytest.param(org("Aceros del Sur"), org("Aceros del Sur SL"), id="sl"),
    pytest.param(org("Petrofac Trading"), org("Petrofac Trading PLC"), id="plc"),
    pytest.param(
        org("Deflog Technologies"), org("Deflog Technologies PTE LIMITED"), id="pte-limited"
    ),
    pytest.param(org("Vigor Trading"), org("Vigor Trading PRIVATE LTD."), id="private-ltd"),
    pytest.param(org("Mvizion LLC"), org("Mvizion Ltd"), id="llc-and-ltd-one-family"),
    pytest.param(org("OJSC Rostelecom"), org("PJSC Rostelecom"), id="re-registered-joint-stock"),
    # A weak name match that other evidence bears out.
    pytest.param(
        org("Laserchips FZCO", addresses=("Office 101, Building A1, Dubai Silicon Oasis, Dubai",)),
        org("Laserchips LLC", addresses=("Office 101, Building A1, Dubai Silicon Oasis, Dubai",)),
        id="legal-forms-differ-same-address",
    ),
    pytest.param(
        person("KIM SONG CHOL", birth_dates=("1968-03-26",)),
        person("KIM SUNG CHOL", birth_dates=("1968-03-26", "1970-10-15")),
        id="short-word-differs-same-birth-date",
    ),
]


@pytest.mark.parametrize(("old", "new"), SAME)
def test_the_same_entity_is_still_paired(old: Entity, new: Entity) -> None:
    for a, b in ((old, new), (new, old)):
        (found,) = match([a], [b])
        assert found.score >= DEFAULT_THRESHOLD


@pytest.mark.parametrize(
    ("written", "person_name", "numbers"),
    [
        ("BICENTENARIO II", False, ("2",)),
        ("RIM GROUP INVESTMENTS I CORP.", False, ("1",)),
        ("Plant XIII", False, ("13",)),
        ("Plant XVI", False, ("16",)),
        ("48th Central Scientific Research Institute (TsNII)", False, ("48",)),
        # A Chinese syllable, initials and a first word are no numerals.
        ("Shenzhen Xi Technology", False, ()),
        ("A V Marine", False, ()),
        (
            "JSC ‘V.V. Tikhomirov Scientific Research Institute of Instrument Engineering’",
            False,
            (),
        ),
        ("Vi Trading", False, ()),
        # A person's single letter is an initial; two letters are a regnal number.
        ("Aleksandr V. Petrov", True, ()),
        ("Abdullah II", True, ("2",)),
    ],
)
def test_numbers_of_a_name(written: str, person_name: bool, numbers: tuple[str, ...]) -> None:
    assert numbers_of(written, person_name) == numbers


def test_transliteration_folding_keeps_roman_numerals_apart_as_numbers() -> None:
    # "II" folds to "i" in the compared key (y/i, ii/i), so only the numbers tell them apart.
    assert normalize("BICENTENARIO II").core == normalize("BICENTENARIO I").core
    assert match([vessel("BICENTENARIO II")], [vessel("BICENTENARIO I")]) == []


def test_an_identifier_still_pairs_what_the_names_alone_would_not() -> None:
    (found,) = match(
        [vessel("SABRINA", identifiers=(Identifier("IMO", "9187629"),))],
        [vessel("SARINA", identifiers=(Identifier("IMO", "9187629"),))],
    )
    assert found.method is Method.IDENTIFIER


def test_mixed_identifiers_pair_nothing_by_identifier_and_veto_nothing() -> None:
    def ids(*pairs: tuple[str, str]) -> tuple[Identifier, ...]:
        return tuple(Identifier(kind, value) for kind, value in pairs)

    # Annex I of 269/2014 prints the same registration number for two firms whose tax
    # numbers differ: the shared number alone does not pair them.
    vympel = org(
        "JSC MAK Vympel",
        country="RU",
        identifiers=ids(("Registration number", "1027700341855"), ("Tax ID", "7714041693")),
    )
    znamya = org(
        "OJSC ‘Krasnoe Znamya’ Plant",
        country="RU",
        identifiers=ids(("Registration number", "1027700341855"), ("Tax ID", "1026201077572")),
    )
    assert match([vympel], [znamya]) == []
    # OFAC SDN 2018 -> 2021: the vessel ZEUS kept its call sign, its IMO number was
    # corrected. Mixed evidence vetoes nothing: the names decide.
    old = vessel("ZEUS", identifiers=ids(("Call Sign", "9H5319"), ("IMO", "04714")))
    new = vessel("ZEUS", identifiers=ids(("Call Sign", "9H5319"), ("IMO", "8799619")))
    (found,) = match([old], [new])
    assert found.method is Method.EXACT


def test_a_new_passport_number_is_no_veto() -> None:
    # OFAC SDN 2018 -> 2021: "AL-ASAD, Mahir" became "AL-ASSAD, Maher", with the old name
    # kept as an alias; the birth year "1968" became 8 Dec 1967, a passport was added.
    old = person("AL-ASAD, Mahir", "ASSAD, Maher", "ASSAD, Mahar", birth_dates=("1968",))
    new = person(
        "AL-ASSAD, Maher",
        "ASSAD, Maher",
        "ASSAD, Mahar",
        "AL-ASAD, Mahir",
        birth_dates=("1967-12-08",),
        nationalities=("SY",),
        identifiers=(Identifier("Diplomatic Passport", "4138"),),
    )
    assert len(match([old], [new])) == 1
    renewed = Identifier("Passport", "7572775"), Identifier("Passport", "D9019576")
    (found,) = match(
        [person("MORTEZAVI, Hasan", identifiers=renewed[:1])],
        [person("MORTEZAVI, Hasan", identifiers=renewed[1:])],
    )
    assert found.method is Method.EXACT


def test_reasons_read_old_then_new_whichever_side_is_larger() -> None:
    # The scorer queries the smaller side; the reason must still say old first.
    old = [vessel("BICENTENARIO II"), vessel("ALPHA STAR"), vessel("OMEGA")]
    found = pair_up(old, [vessel("BICENTENARIO I")])
    assert found.possible_old[0].reason == "numbers differ (old 2, new 1)"
    assert found.possible_new[0].reason == "numbers differ (old 2, new 1)"


ROOT = Path(__file__).resolve().parent.parent


def _whole_list(name: str) -> list[Entity]:
    if name == "un":
        path = SHARED / "un" / "UN_consolidated.xml"
        if not path.exists():
            pytest.skip(f"the real UN list is not at {path} (../shared is absent)")
        return list(read_un_xml(path, "un").entities)
    return [e for p in sorted((ROOT / "lists").glob(name)) for e in load_snapshot(p).entities]


@pytest.mark.parametrize("name", ["un", "eu-*-final-269.yaml", "eu-annex-iv-after-20.yaml"])
def test_a_real_list_against_itself_bare_pairs_every_entity_with_itself(name: str) -> None:
    """Every entity of a real list against the whole list again, the old side bare (no ids,
    birth dates or identifiers, as a press report gives names): each must find itself among
    its confusable neighbours (the AL-TIKRITI family, the KIMs, the two Trust Logistics)."""
    entities = _whole_list(name)
    old = [dataclasses.replace(e, id=None, birth_dates=(), identifiers=()) for e in entities]
    new = [dataclasses.replace(e, id=None) for e in entities]
    found = pair_up(old, new)
    assert len(found.matches) == len(entities) > 900
    assert all(m.old == m.new for m in found.matches)
    assert not found.possible_old and not found.possible_new


def test_each_pair_says_what_it_rests_on() -> None:
    def evidence(old: Entity, new: Entity) -> str:
        (found,) = match([old], [new])
        return found.evidence

    assert evidence(
        person("Aleksandr Rakhmanov"), person("Aleksandr Aleksandrovich RAKHMANOV")
    ) == ("a contraction: first given name and surname kept")
    assert evidence(org("Sinno Electronics"), org("Sinno Electronic Co Ltd")) == "spelling variants"
    assert evidence(org("Tordan Industry"), org("Tordan Industry Limited")) == ""
    inn = (Identifier("Tax ID/INN", "7721758555"),)
    assert evidence(org("Streloy", identifiers=inn), org("Strelka Trading", identifiers=inn)) == (
        "shared identifier: INN 7721758555"
    )
    address = ("Office 101, Building A1, Dubai Silicon Oasis, Dubai",)
    assert (
        evidence(
            org("Laserchips FZCO", addresses=address), org("Laserchips LLC", addresses=address)
        )
        == "legal forms differ (old FZ, new LLC), but same address"
    )
