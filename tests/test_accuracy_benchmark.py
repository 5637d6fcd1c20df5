"""The accuracy benchmark's parts: the family classifier on real name pairs, the variant
builders, and the case builder on a bundled list. Fast checks only — the report itself is
``python -m benchmarks.accuracy``."""

from __future__ import annotations

import dataclasses
import json
import random
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # benchmarks/ is not installed; it lives next to tests/
    sys.path.insert(0, str(ROOT))

from benchmarks.__main__ import UN_FILE, shared_folder  # noqa: E402
from benchmarks.accuracy import (  # noqa: E402
    FAMILIES,
    KINDS,
    SETTINGS,
    SYSTEMS,
    Case,
    best_names,
    build_cases,
    failures,
    family,
    load_list,
    main,
    reordered,
    run_cases,
    same_registration,
    shortened_organization,
    shortened_person,
    summary,
    true_cases,
    variant,
)
from sanctions_diff.formats.loader import load_snapshot  # noqa: E402
from sanctions_diff.model import Entity, EntityType, Identifier  # noqa: E402

LISTS = ROOT / "lists"
RAKHMANOV = "Aleksandr Aleksandrovich RAKHMANOV"


@pytest.fixture(scope="module")
def annex_iv() -> dict[str, Entity]:
    return {e.id or "": e for e in load_snapshot(LISTS / "eu-annex-iv-after-20.yaml").entities}


@pytest.fixture(scope="module")
def eu_11() -> list[Entity]:
    return list(load_snapshot(LISTS / "eu-11-final.yaml").entities)


def classify(a: Entity, b: Entity) -> str:
    _, x, y = best_names(a, b)
    return family(a, b, x, y)


def person(name: str, *nationalities: str) -> Entity:
    return Entity(name=name, type=EntityType.PERSON, nationalities=nationalities)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        # DOMAIN.md's confusable pairs, as the UN and OFAC lists print them.
        (
            Entity("BICENTENARIO II", EntityType.VESSEL),
            Entity("BICENTENARIO III", EntityType.VESSEL),
            "numbers",
        ),
        (
            Entity("RIM GROUP INVESTMENTS I CORP."),
            Entity("RIM GROUP INVESTMENTS II CORP."),
            "numbers",
        ),
        (
            person("AL-TIKRITI, Saddam Hussein", "IQ"),
            person("AL-TIKRITI, Rana Saddam Hussein", "IQ"),
            "person-subset",
        ),
        # Names of UN persons; nationalities decide between "nationality" and "other".
        (
            person("MOHAMMAD ESSA AKHUND", "AF"),
            person("MOHAMMAD HASSAN AKHUND", "PK"),
            "nationality",
        ),
        (person("MOHAMMAD ESSA AKHUND", "AF"), person("MOHAMMAD HASSAN AKHUND", "AF"), "other"),
        (person("MOHAMMAD ESSA AKHUND"), person("MOHAMMAD HASSAN AKHUND", "AF"), "other"),
    ],
)
def test_family_of_real_name_pairs(a: Entity, b: Entity, expected: str) -> None:
    assert classify(a, b) == expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("eu-833-iv-509", "eu-833-iv-510", "numbers"),  # 150 / 810 Aircraft Repair Plant
        ("eu-833-iv-671", "eu-833-iv-673", "numbers"),  # 48th / 33rd ... (TsNII)
        ("eu-833-iv-571", "eu-833-iv-572", "brackets"),  # both print (ООО «ОМП»)
        ("eu-833-iv-495", "eu-833-iv-496", "legal-form"),  # Trust Logistics (LLC)
        ("eu-833-iv-499", "eu-833-iv-500", "legal-form"),  # I Jet Global DMCC, twice
        ("eu-833-iv-492", "eu-833-iv-498", "short-word"),  # GFK Logistics (Asia) LLC
    ],
)
def test_family_of_annex_iv_pairs(
    annex_iv: dict[str, Entity], a: str, b: str, expected: str
) -> None:
    assert classify(annex_iv[a], annex_iv[b]) == expected
    assert classify(annex_iv[b], annex_iv[a]) == expected


def test_numbers_needs_the_rest_of_the_names_alike(annex_iv: dict[str, Entity]) -> None:
    dux = Entity("Joint Stock Company Dux")
    assert classify(annex_iv["eu-833-iv-509"], dux) == "other"
    assert family(dux, dux, "Joint Stock Company 150 Aircraft Repair Plant", dux.name) == "other"


def test_vessels_that_differ_in_a_long_word_are_family_vessel() -> None:
    a, b = Entity("SEA LION", EntityType.VESSEL), Entity("SEA BREEZE", EntityType.VESSEL)
    assert classify(a, b) == "vessel" and "vessel" in FAMILIES


def test_reordered_both_ways() -> None:
    assert reordered(RAKHMANOV) == "RAKHMANOV, Aleksandr Aleksandrovich"
    assert reordered("RAKHMANOV, Aleksandr Aleksandrovich") == RAKHMANOV
    assert reordered("ERIC BADEGE") == "BADEGE, ERIC"
    assert reordered("HIDAYATULLAH") is None
    assert reordered("RAKHMANOV,") is None


def test_shortened_person_keeps_first_and_last_word() -> None:
    assert shortened_person(RAKHMANOV) == "Aleksandr RAKHMANOV"
    assert shortened_person("RAKHMANOV, Aleksandr Aleksandrovich") == "RAKHMANOV, Aleksandr"
    assert shortened_person("AL-TIKRITI, Rana Saddam Hussein") == "AL-TIKRITI, Rana"
    assert shortened_person("ERIC BADEGE") is None
    assert shortened_person("AL TIKRITI, Rana") is None


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("Tordan Industry Limited", "Tordan Industry"),
        ("Public Joint Stock Company Rostvertol", "Rostvertol"),
        ("LLC CST (Zala Aero Group)", "CST"),
        ("Triac Electronics Pvt. Ltd.", "Triac Electronics"),
        (
            "Shenzhen Bailiansheng Electronic Technology Co., Ltd",
            "Shenzhen Bailiansheng Electronic Technology",
        ),
        ("Bee Insaat Mimarlik Anonim Sirketi", "Bee Insaat Mimarlik"),
        (
            "JSC ‘V.V. Tikhomirov Scientific Research Institute’",
            "V.V. Tikhomirov Scientific Research Institute",
        ),
        (
            "Volgograd Machine Building Company Limited Liability Company",
            "Volgograd Machine Building Company",
        ),
        ("Trust Logistics", None),
        ("DMCC", None),
    ],
)
def test_shortened_organization(name: str, short: str | None) -> None:
    assert shortened_organization(name) == short


def test_variants(annex_iv: dict[str, Entity]) -> None:
    rng = random.Random(1)
    trust = annex_iv["eu-833-iv-495"]  # Trust Logistics, aliases in Cyrillic and Latin
    renamed = variant(trust, "renamed", rng)
    assert renamed is not None and renamed.name in trust.aliases
    assert renamed.aliases == tuple(a for a in trust.aliases if a != renamed.name)
    assert renamed.identifiers == trust.identifiers
    other = variant(trust, "other-script", rng)
    assert other is not None and other.name.startswith("Общество")
    assert trust.name not in other.aliases and other.name not in other.aliases
    assert variant(trust, "reordered", rng) is None  # persons only
    shortened = variant(annex_iv["eu-833-iv-496"], "shortened", rng)
    assert shortened is not None and (shortened.name, shortened.aliases) == ("Trust Logistics", ())
    rakhmanov = Entity(RAKHMANOV, EntityType.PERSON, aliases=("Александр Александрович РАХМАНОВ",))
    for kind, name in [
        ("reordered", "RAKHMANOV, Aleksandr Aleksandrovich"),
        ("shortened", "Aleksandr RAKHMANOV"),
    ]:
        built = variant(rakhmanov, kind, rng)
        assert built is not None and (built.name, built.aliases) == (name, ())
    assert variant(rakhmanov, "renamed", rng) is None  # no Latin alias
    assert variant(Entity("NAVE", EntityType.VESSEL), "shortened", rng) is None


def test_same_registration() -> None:
    plant = Entity(
        "Joint Stock Company “Krasnoyarsk machine-building plant”",
        identifiers=(
            Identifier("Registration number", "1082468060553"),
            Identifier("Tax ID", "2462206345"),
        ),
    )
    twin = dataclasses.replace(
        plant, name="Joint Stock Сompany ‘Krasnoyarsk machine-building plant’"
    )
    assert same_registration(plant, twin)
    vympel = Entity(
        "JSC MAK Vympel",
        identifiers=(
            Identifier("Registration number", "1027700341855"),
            Identifier("Tax ID", "7714041693"),
        ),
    )
    znamya = Entity(
        "OJSC ‘Krasnoe Znamya’ Plant",
        identifiers=(
            Identifier("Registration number", "1027700341855"),
            Identifier("Tax ID", "1026201077572"),
        ),
    )
    assert not same_registration(vympel, znamya)  # one registration number, two tax ids
    assert not same_registration(Entity("A"), Entity("A"))


def test_cases_of_a_bundled_list_are_deterministic(eu_11: list[Entity]) -> None:
    cases, note = build_cases("annex-iv", eu_11, sample=30, seed=3)
    # The same cases whatever the order of the entities in the file.
    assert build_cases("annex-iv", eu_11[::-1], sample=30, seed=3) == (cases, note)
    assert "84 entities" in note
    confusable = {(c.old.name, c.new.name, c.label) for c in cases if not c.truth}
    assert ("Trust Logistics", "Trust Logistics LLC", "legal-form") in confusable
    assert ("I Jet Global DMCC", "I Jet Global DMCC", "legal-form") in confusable
    assert ("GFK Logistics Asia LLC", "GFK Logistics LLC", "short-word") in confusable
    names = {e.name for e in eu_11}
    true = [c for c in cases if c.truth]
    assert true and {c.label for c in true} <= set(KINDS)
    assert all(c.new in eu_11 and c.old.name != c.new.name and c.new.name in names for c in true)
    other_seed = true_cases("annex-iv", eu_11, sample=30, seed=4)
    assert {c.new.id for c in other_seed} != {c.new.id for c in true}

    outcomes = run_cases(cases)
    assert run_cases(cases) == outcomes
    assert len(outcomes) == len(SETTINGS) * len(cases)
    assert all(len(o.paired) == len(SYSTEMS) for o in outcomes)
    # The ids are removed: a true case is never paired by id.
    assert all(o.method != "id" for o in outcomes)
    report = (
        summary(outcomes, ["annex-iv"]) + failures(outcomes, False, 5) + failures(outcomes, True, 5)
    )
    assert any(line.startswith("annex-iv  sanctions-diff") for line in report)
    assert report == summary(outcomes, ["annex-iv"]) + failures(outcomes, False, 5) + failures(
        outcomes, True, 5
    )


def test_bare_setting_drops_birth_dates_and_identifiers_of_the_old_side() -> None:
    old = Entity(
        "Oleg GORSHENIN",
        EntityType.PERSON,
        id="1",
        birth_dates=("1978",),
        identifiers=(Identifier("ID", "1"),),
    )
    case = Case(
        "annex-i",
        True,
        "shortened",
        old,
        dataclasses.replace(old, name="Oleg Vladimirovich GORSHENIN"),
    )
    outcomes = run_cases([case])
    assert [o.setting for o in outcomes] == list(SETTINGS)
    assert all(o.paired[0] for o in outcomes)  # by identifier, then by name
    assert [o.method for o in outcomes] == ["identifier", "fuzzy"]


def _write_jsonl(path: Path, title: str, entities: list[dict[str, object]]) -> Path:
    lines = [{"snapshot": {"title": title}}, *entities]
    path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), "utf-8")
    return path


def test_update_mode(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Two versions of real Annex IV entries: #492 renamed (its transliteration now the
    name), #496 delisted, a look-alike of #495 listed."""
    trust = {"id": "495", "name": "Trust Logistics", "aliases": ["Trust Logistics LLC"]}
    trust_inn = {**trust, "identifiers": [{"type": "Tax ID/INN", "value": "7721758555"}]}
    gfk = {"id": "492", "name": "GFK Logistics LLC", "aliases": ["OOO Dzhiefkei Logistiks"]}
    old = _write_jsonl(
        tmp_path / "old.jsonl",
        "before",
        [trust_inn, gfk, {"id": "496", "name": "Trust Logistics LLC"}],
    )
    new = _write_jsonl(
        tmp_path / "new.jsonl",
        "after",
        [
            trust,
            {"id": "492", "name": "OOO Dzhiefkei Logistiks", "aliases": ["GFK Logistics LLC"]},
            {"id": "497", "name": "Trust Logistics Group LLC"},
        ],
    )
    out = tmp_path / "result.json"
    main(["--update", str(old), str(new), "--json", str(out), "--show", "3"])
    printed = capsys.readouterr().out
    assert "== update: old.jsonl → new.jsonl" in printed
    record = json.loads(out.read_text("utf-8"))
    assert "cases" not in record
    scores = record["update"]
    assert [(s["setting"], s["system"]) for s in scores] == [
        (s, y) for s in SETTINGS for y in SYSTEMS
    ]
    assert all((s["truth"], s["renamed"]) == (2, 1) for s in scores)
    for s in scores:
        false_ids = {(a, b) for a, _, b, _ in s["false_pairs"]}
        assert all(a != b for a, b in false_ids)
        assert s["found"] + len(s["false_pairs"]) + s["unjudged"] == s["pairs"]
        if s["system"] == SYSTEMS[0]:
            assert f"sanctions-diff, {s['setting']}: {len(false_ids)} false pair" in printed


def test_un_list_gives_true_cases_of_every_kind() -> None:
    path = shared_folder() / UN_FILE
    if not path.is_file():
        pytest.skip(f"the UN list is not at {path} (set SANCTIONS_DIFF_SHARED to the data folder)")
    entities = load_list("un")
    assert not isinstance(entities, str) and len(entities) > 900
    cases = true_cases("un", entities, sample=120, seed=1)
    assert {c.label for c in cases} == set(KINDS)
    assert cases == true_cases("un", entities[::-1], sample=120, seed=1)


def test_a_missing_un_list_is_skipped_with_a_reason(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SANCTIONS_DIFF_SHARED", str(tmp_path))
    reason = load_list("un")
    assert isinstance(reason, str) and "SANCTIONS_DIFF_SHARED" in reason
