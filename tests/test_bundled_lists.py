"""The bundled snapshots in lists/: what they hold, and that scripts/build_lists.py rebuilds them.

Tests that read only lists/ always run. Tests that rebuild the Official Journal snapshots
need the shared data folder (see scripts/build_lists.py for where it is looked up) and skip
without it. Contents are read with yaml.safe_load so that most tests do not depend on the
project's loader; one test loads every file with it.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from sanctions_diff.analysis.diff import ChangeKind, diff
from sanctions_diff.formats import schema
from sanctions_diff.formats.loader import load_snapshot

ROOT = Path(__file__).resolve().parent.parent
LISTS = ROOT / "lists"
SCRIPT = ROOT / "scripts" / "build_lists.py"
ENTITY_KEYS = set(schema.ENTITY_KEYS)
ANNEX_IV = "Annex IV of Regulation 833/2014"
ANNEX_I_269 = "Annex I of Regulation 269/2014"


def _load_script() -> ModuleType:
    """Import scripts/build_lists.py, which is not part of the package."""
    spec = importlib.util.spec_from_file_location("build_lists", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # dataclasses look the module up in sys.modules while the class bodies run.
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


build_lists = _load_script()

# package → (Annex IV listing date, first entry, last entry, count): DOMAIN.md's counts.
ANNEX_IV_FINALS = {
    9: (dt.date(2022, 12, 16), 226, 385, 160),
    10: (dt.date(2023, 2, 25), 386, 474, 89),
    11: (dt.date(2023, 6, 23), 475, 558, 84),
    12: (dt.date(2023, 12, 18), 559, 587, 29),
    13: (dt.date(2024, 2, 23), 588, 614, 27),
    14: (dt.date(2024, 6, 25), 615, 675, 61),
    15: (dt.date(2024, 12, 17), 676, 706, 31),
    16: (dt.date(2025, 2, 25), 707, 759, 53),
    17: (dt.date(2025, 5, 21), 760, 790, 31),
    18: (dt.date(2025, 7, 20), 791, 816, 26),
    19: (dt.date(2025, 10, 24), 817, 861, 45),
    20: (dt.date(2026, 4, 24), 862, 921, 60),
}
# package → (Annex I listing date, persons, entities), as found in the 269/2014 data.
ANNEX_I_FINALS = {
    9: (dt.date(2022, 12, 16), 136, 49),
    10: (dt.date(2023, 2, 25), 85, 34),
    11: (dt.date(2023, 6, 23), 69, 33),
    12: (dt.date(2023, 12, 18), 60, 84),
    13: (dt.date(2024, 2, 23), 106, 88),
    14: (dt.date(2024, 6, 24), 70, 47),
    15: (dt.date(2024, 12, 16), 53, 30),
    16: (dt.date(2025, 2, 24), 48, 35),
    17: (dt.date(2025, 5, 20), 17, 58),
    18: (dt.date(2025, 7, 19), 14, 41),
    19: (dt.date(2025, 10, 23), 22, 42),
    20: (dt.date(2026, 4, 23), 37, 80),
}
DRAFT_NAMES = ["eu-11-draft", "eu-12-draft", "eu-19-draft-269"]
FINAL_NAMES = [f"eu-{n}-final" for n in ANNEX_IV_FINALS]
FINAL_269_NAMES = [f"eu-{n}-final-269" for n in ANNEX_I_FINALS]
CONSOLIDATED_NAMES = [f"eu-annex-iv-after-{n}" for n in ANNEX_IV_FINALS]
JOURNAL_NAMES = FINAL_NAMES + FINAL_269_NAMES + CONSOLIDATED_NAMES
ALL_NAMES = DRAFT_NAMES + JOURNAL_NAMES


@cache
def _snapshot(name: str) -> dict[str, Any]:
    data = yaml.safe_load((LISTS / f"{name}.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _entities(name: str) -> dict[str, dict[str, Any]]:
    """id → entity, checking on the way that ids are unique."""
    entities = _snapshot(name)["entities"]
    by_id = {entity["id"]: entity for entity in entities}
    assert len(by_id) == len(entities), f"{name}: duplicate ids"
    return by_id


def _names(name: str) -> list[str]:
    return [entity["name"] for entity in _snapshot(name)["entities"]]


@pytest.fixture(scope="module")
def shared() -> Path:
    path = build_lists.resolve_shared(None)
    missing = [
        name
        for name in (build_lists.CSV_NAME, build_lists.CSV_269_NAME)
        if not (path / name).is_file()
    ]
    if missing:
        pytest.skip(
            f"shared data not found at {path}: no {', '.join(map(str, missing))} (set "
            f"{build_lists.SHARED_ENV} to the folder holding eu-journal/)"
        )
    return Path(path)


@pytest.fixture(scope="module")
def journal(shared: Path) -> dict[str, str]:
    """File name → text of every Official Journal snapshot, rebuilt once for this module."""
    built: dict[str, str] = build_lists.build_from_journal(shared, lambda _: None)
    return built


# --------------------------------------------------------------------------- rebuilds


def test_lists_folder_holds_exactly_the_bundled_snapshots() -> None:
    assert sorted(path.stem for path in LISTS.glob("*.yaml")) == sorted(ALL_NAMES)


def test_drafts_rebuild_to_the_committed_files() -> None:
    built = build_lists.build_drafts()
    assert set(built) == {f"{name}.yaml" for name in DRAFT_NAMES}
    for filename, text in built.items():
        assert (LISTS / filename).read_text(encoding="utf-8") == text, filename


def test_journal_snapshots_rebuild_to_the_committed_files(journal: dict[str, str]) -> None:
    assert set(journal) == {f"{name}.yaml" for name in JOURNAL_NAMES}
    stale = [
        filename
        for filename, text in journal.items()
        if (LISTS / filename).read_text(encoding="utf-8") != text
    ]
    assert not stale, f"run scripts/build_lists.py; stale: {stale}"


def test_rebuild_is_deterministic(shared: Path, journal: dict[str, str]) -> None:
    assert build_lists.build_from_journal(shared, lambda _: None) == journal


def test_entities_rendered_one_by_one_give_the_whole_document() -> None:
    meta = {"title": "t", "kind": "package", "package": 1, "stage": "final"}
    entities = [
        {
            "id": "a",
            "name": "NO",
            "identifiers": [build_lists.Flow(type="INN", value=build_lists.Quoted("0123"))],
        },
        {
            "id": "b",
            "name": "Акме",
            "aliases": ["x: y", "‘z’"],
            "birth_dates": [build_lists.Quoted("1965")],
        },
    ]
    for dumper in {build_lists._Dumper, build_lists._FastDumper}:
        whole = build_lists.to_yaml({"snapshot": meta, "entities": entities}, dumper)
        parts = (
            build_lists.to_yaml({"snapshot": meta}, dumper)
            + "entities:\n"
            + "".join(build_lists.to_yaml([entity], dumper) for entity in entities)
        )
        assert whole == parts
    assert build_lists.dump("# h\n", meta, [build_lists.render(e) for e in entities]) == (
        "# h\n" + build_lists.to_yaml({"snapshot": meta, "entities": entities})
    )


def test_pure_python_and_libyaml_emitters_write_the_same_files(
    shared: Path, journal: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Without libyaml the build falls back to PyYAML's own emitter: the files must not change.
    monkeypatch.setattr(build_lists, "_FastDumper", build_lists._Dumper)
    twelfth, eleventh = (next(p for p in build_lists.PACKAGES if p.number == n) for n in (12, 11))
    rows_269 = build_lists.read_rows(shared / build_lists.CSV_269_NAME)
    built = build_lists.build_final_269(rows_269, twelfth, lambda _: None)
    assert built == journal["eu-12-final-269.yaml"]
    rows = [
        row
        for row in build_lists.read_rows(shared / build_lists.CSV_NAME)
        if row["annex"] == "IV" and int(row["recordId"]) in eleventh.entries
    ]
    entities = build_lists.annex_iv_entities(rows, lambda _: None)
    assert build_lists.build_final(entities, eleventh) == journal["eu-11-final.yaml"]


def test_check_mode_passes_on_the_committed_files(shared: Path) -> None:
    assert build_lists.main(["--check", "--shared", str(shared)]) == 0


def test_check_mode_reports_a_stale_file(shared: Path, tmp_path: Path) -> None:
    for path in LISTS.glob("*.yaml"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    (tmp_path / "eu-12-draft.yaml").write_text("edited by hand\n", encoding="utf-8")
    assert build_lists.main(["--check", "--shared", str(shared)], lists_dir=tmp_path) == 1


def test_check_mode_reports_a_missing_file(shared: Path, tmp_path: Path) -> None:
    for path in LISTS.glob("*.yaml"):
        if path.name != "eu-17-final-269.yaml":
            (tmp_path / path.name).write_bytes(path.read_bytes())
    assert build_lists.main(["--check", "--shared", str(shared)], lists_dir=tmp_path) == 1


def test_missing_shared_folder_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "no-such-folder"
    assert build_lists.main(["--check", "--shared", str(missing)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(missing) in err


def test_shared_folder_without_the_csv_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert build_lists.main(["--check", "--shared", str(tmp_path)]) == 2
    assert "32014R0833.csv not found" in capsys.readouterr().err


def test_shared_folder_precedence(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(build_lists.SHARED_ENV, "/from/env")
    assert build_lists.resolve_shared("/from/option") == Path("/from/option")
    assert build_lists.resolve_shared(None) == Path("/from/env")
    monkeypatch.delenv(build_lists.SHARED_ENV)
    assert build_lists.resolve_shared(None) == ROOT.parent / "shared" / "data"


# --------------------------------------------------------------------------- every file


@pytest.mark.parametrize("name", ALL_NAMES)
def test_every_file_loads_with_the_project_loader(name: str) -> None:
    snapshot = load_snapshot(LISTS / f"{name}.yaml")
    assert len(snapshot.entities) == len(_snapshot(name)["entities"]) > 0
    assert snapshot.meta.annex in (ANNEX_IV, ANNEX_I_269)
    assert snapshot.meta.title and snapshot.meta.sources


@pytest.mark.parametrize("name", ALL_NAMES)
def test_entities_are_well_formed(name: str) -> None:
    for entity in _snapshot(name)["entities"]:
        assert set(entity) <= ENTITY_KEYS, entity["id"]
        assert entity["source"], entity["id"]
        # A key is left out rather than written empty.
        assert all(value not in (None, "", []) for value in entity.values()), entity["id"]
        for identifier in entity.get("identifiers", []):
            assert isinstance(identifier["type"], str) and identifier["type"], entity["id"]
            assert isinstance(identifier["value"], str) and identifier["value"], entity["id"]
        for birth_date in entity.get("birth_dates", []):
            assert isinstance(birth_date, str), entity["id"]


@pytest.mark.parametrize("name", JOURNAL_NAMES)
def test_official_journal_files_credit_the_act_and_the_transcription(name: str) -> None:
    sources = _snapshot(name)["snapshot"]["sources"]
    assert any("Regulation (EU)" in source for source in sources)
    assert any(
        source.startswith("Transcription: OpenSanctions") and source.endswith("(CC BY-NC 4.0)")
        for source in sources
    )
    assert (
        "OpenSanctions, CC BY-NC 4.0"
        in (LISTS / f"{name}.yaml").read_text(encoding="utf-8").partition("\n")[0]
    )


@pytest.mark.parametrize("name", DRAFT_NAMES)
def test_drafts_are_partial_and_cite_the_press(name: str) -> None:
    meta = _snapshot(name)["snapshot"]
    assert (meta["kind"], meta["stage"], meta["coverage"]) == ("package", "draft", "partial")
    for entity in _snapshot(name)["entities"]:
        assert entity["source"] in meta["sources"][0]


# --------------------------------------------------------------------------- Annex IV finals


@pytest.mark.parametrize("package", list(ANNEX_IV_FINALS))
def test_annex_iv_final_counts_and_entries(package: int) -> None:
    listed_on, first, last, count = ANNEX_IV_FINALS[package]
    name = f"eu-{package}-final"
    meta = _snapshot(name)["snapshot"]
    assert (meta["kind"], meta["package"], meta["stage"], meta["coverage"]) == (
        "package",
        package,
        "final",
        "complete",
    )
    assert (meta["date"], meta["annex"]) == (listed_on, ANNEX_IV)
    entities = _entities(name)
    assert len(entities) == count == last - first + 1
    assert list(entities) == [f"eu-833-iv-{number}" for number in range(first, last + 1)]
    assert {entity["listed_on"] for entity in entities.values()} == {listed_on}
    assert {entity["type"] for entity in entities.values()} == {"organization"}


def test_final_sources_cite_the_act_where_known_and_the_entry() -> None:
    assert _entities("eu-11-final")["eu-833-iv-479"]["source"] == (
        "Regulation (EU) 2023/1214, Annex IV entry 479"
    )
    assert _entities("eu-12-final")["eu-833-iv-587"]["source"] == (
        "Regulation (EU) 2023/2878, Annex IV entry 587"
    )
    assert _entities("eu-13-final")["eu-833-iv-588"]["source"] == (
        "Regulation (EU) 2024/745, Annex IV entry 588"
    )
    assert _entities("eu-14-final")["eu-833-iv-666"]["source"] == (
        "Regulation (EU) 2024/1745, Annex IV entry 666"
    )
    # No act number is known here for the 9th: the consolidated annex and the entry.
    assert _entities("eu-9-final")["eu-833-iv-226"]["source"] == (
        "Annex IV of Regulation (EU) No 833/2014 as amended, entry 226 (listed 16.12.2022)"
    )


def test_da_group_22_is_entry_666_of_the_14th_package() -> None:
    entity = _entities("eu-14-final")["eu-833-iv-666"]
    assert entity["name"].casefold().startswith("da group 22")
    assert entity["country"] == "KZ"
    for name in ("eu-11-final", "eu-12-final", "eu-13-final"):
        assert "eu-833-iv-666" not in _entities(name)


def test_identifiers_are_quoted_in_the_file() -> None:
    # A leading zero must survive any YAML reader, not only PyYAML's.
    assert '{type: Tax ID/INN, value: "0261013879"}' in (LISTS / "eu-11-final.yaml").read_text(
        encoding="utf-8"
    )


def test_trust_logistics_are_two_companies_with_their_own_inn() -> None:
    entities = _entities("eu-11-final")
    assert entities["eu-833-iv-495"]["identifiers"] == [
        {"type": "Tax ID/INN", "value": "7721758555"}
    ]
    assert entities["eu-833-iv-496"]["identifiers"] == [
        {"type": "Tax ID/INN", "value": "7733899720"}
    ]


def test_countries_of_the_hard_cases() -> None:
    eleven, twelve = _entities("eu-11-final"), _entities("eu-12-final")
    assert eleven["eu-833-iv-499"]["country"] == "SY"
    assert eleven["eu-833-iv-500"]["country"] == "AE"
    assert [eleven[f"eu-833-iv-{n}"]["country"] for n in (479, 480, 481)] == ["HK"] * 3
    assert twelve["eu-833-iv-585"]["country"] == "UZ"
    assert twelve["eu-833-iv-587"]["country"] == "SG"


def test_packages_11_and_12_derive_every_country(shared: Path) -> None:
    notes: list[str] = []
    build_lists.annex_iv_entities(
        build_lists.read_rows(shared / build_lists.CSV_NAME), notes.append
    )
    lost = [note for note in notes if "no country" in note]
    # Crimea and Sevastopol name no country (entries 25, 271), nor two addresses without one.
    assert [note.split(":")[0] for note in lost] == [
        f"WARNING Annex IV entry {n}" for n in (25, 271, 694, 755)
    ]


# --------------------------------------------------------------------------- consolidated


@pytest.mark.parametrize("package", list(ANNEX_IV_FINALS))
def test_consolidated_annex_iv_after_each_package(package: int) -> None:
    listed_on, _, last, _ = ANNEX_IV_FINALS[package]
    name = f"eu-annex-iv-after-{package}"
    meta = _snapshot(name)["snapshot"]
    assert (meta["kind"], meta["coverage"], meta["date"], meta["annex"]) == (
        "consolidated",
        "complete",
        listed_on,
        ANNEX_IV,
    )
    assert "stage" not in meta
    entities = _entities(name)
    # Entries 1..last: every entry of today's text is dated, and numbered in listing order.
    assert list(entities) == [f"eu-833-iv-{number}" for number in range(1, last + 1)]
    assert all(entity["listed_on"] <= listed_on for entity in entities.values())


def test_consolidated_entities_equal_the_package_finals() -> None:
    after = _entities("eu-annex-iv-after-20")
    for name in FINAL_NAMES:
        for entity_id, entity in _entities(name).items():
            assert after[entity_id] == entity, entity_id


def test_the_12th_package_is_what_after_12_adds_to_after_11() -> None:
    before, after = _entities("eu-annex-iv-after-11"), _entities("eu-annex-iv-after-12")
    assert sorted(set(after) - set(before)) == sorted(
        f"eu-833-iv-{number}" for number in range(559, 588)
    )
    assert set(before) <= set(after)


def test_diff_between_consolidated_snapshots_shows_the_29_additions() -> None:
    report = diff(
        load_snapshot(LISTS / "eu-annex-iv-after-11.yaml"),
        load_snapshot(LISTS / "eu-annex-iv-after-12.yaml"),
    )
    assert report.summary.get(ChangeKind.ADDED, 0) == 29
    assert report.summary.get(ChangeKind.REMOVED, 0) == 0
    assert report.summary.get(ChangeKind.CHANGED, 0) == 0
    added = sorted(
        str(change.new.id)
        for change in report.changes
        if change.kind is ChangeKind.ADDED and change.new
    )
    assert added == sorted(f"eu-833-iv-{number}" for number in range(559, 588))


# --------------------------------------------------------------------------- Annex I (269/2014)


@pytest.mark.parametrize("package", list(ANNEX_I_FINALS))
def test_annex_i_final_counts(package: int) -> None:
    listed_on, persons, organisations = ANNEX_I_FINALS[package]
    name = f"eu-{package}-final-269"
    meta = _snapshot(name)["snapshot"]
    assert (meta["kind"], meta["package"], meta["stage"], meta["coverage"]) == (
        "package",
        package,
        "final",
        "complete",
    )
    assert (meta["date"], meta["annex"]) == (listed_on, ANNEX_I_269)
    entities = list(_entities(name).values())
    kinds = [entity["type"] for entity in entities]
    assert kinds == ["person"] * persons + ["organization"] * organisations
    assert all(entity["id"].startswith("eu-269-persons-") for entity in entities[:persons])
    assert all(entity["id"].startswith("eu-269-entities-") for entity in entities[persons:])
    assert {entity["listed_on"] for entity in entities} == {listed_on}
    # Every entry carries its statement of reasons; persons get no country of their own.
    assert all(entity.get("reason") for entity in entities)
    assert not [entity["id"] for entity in entities[:persons] if "country" in entity]


def test_annex_i_dates_are_those_of_the_build_script() -> None:
    script = {
        package.number: (package.listed_on_269, package.persons_269, package.entities_269)
        for package in build_lists.PACKAGES
    }
    assert script == ANNEX_I_FINALS


def test_rakhmanov_in_the_12th_package_asset_freeze() -> None:
    entity = _entities("eu-12-final-269")["eu-269-persons-1586"]
    assert entity["name"] == "Aleksandr Aleksandrovich RAKHMANOV"
    assert entity["type"] == "person"
    assert "Aliaksandr Aliaksandrovich RAKHMANOV" in entity["aliases"]
    assert "Александр Александрович РАХМАНОВ" in entity["aliases"]
    assert entity["birth_dates"] == ["1976-07-25"]
    assert entity["nationalities"] == ["BY"]
    assert entity["reason"].startswith("Aleksandr Rakhmanov is the Deputy Secretary of State")
    assert entity["source"] == (
        "Annex I of Regulation (EU) No 269/2014 as amended, persons entry 1586 (listed 18.12.2023)"
    )
    assert "country" not in entity


def test_birth_dates_in_the_files_are_iso_or_partial_or_printed() -> None:
    for name in FINAL_269_NAMES:
        for entity in _snapshot(name)["entities"]:
            for birth_date in entity.get("birth_dates", []):
                assert birth_date[:4].isdigit() or not birth_date[:1].isdigit(), birth_date


def test_organisations_of_annex_i_take_their_country_from_the_address() -> None:
    entities = _entities("eu-19-final-269")
    assert entities["eu-269-entities-645"]["country"] == "KG"  # Old Vector, Bishkek
    assert entities["eu-269-entities-648"]["country"] == "CN"  # Tianjin Xishanfusheng
    assert entities["eu-269-entities-650"]["country"] == "KG"  # Grinex
    # Crimea and "Russian-occupied regions" name no country: none is guessed.
    assert "country" not in _entities("eu-12-final-269")["eu-269-entities-250"]


# --------------------------------------------------------------------------- drafts


def test_drafts_name_the_firms_the_press_named() -> None:
    assert _names("eu-11-draft") == [
        "3HC Semiconductors",
        "King-Pai Technology",
        "Sinno Electronics",
        "Sigma Technology",
        "Asia Pacific Links",
        "Tordan Industry",
        "Alpha Trading Investments",
    ]
    assert _names("eu-12-draft") == ["Aspan Arba", "Da Group 22", "Mvizion", "Deflog Technologies"]
    assert _names("eu-19-draft-269") == [
        "CASIC",
        "Tianjin Xishanfusheng International Trading",
        "Old Vector",
        "Grinex",
    ]


def test_19th_draft_has_the_annex_of_the_final_its_firms_are_in() -> None:
    draft = _snapshot("eu-19-draft-269")["snapshot"]
    assert draft["annex"] == _snapshot("eu-19-final-269")["snapshot"]["annex"] == ANNEX_I_269
    assert draft["package"] == 19
    assert "date" not in draft  # the report gives no day
    final = " | ".join(_names("eu-19-final-269")).casefold()
    for listed in ("tianjin xishanfusheng", "old vector", "grinex"):
        assert listed in final
        assert listed not in " | ".join(_names("eu-19-final")).casefold()
    for name in JOURNAL_NAMES:
        assert not [n for n in _names(name) if "casic" in n.casefold()], name


def test_draft_countries_only_where_certain() -> None:
    countries = {e["name"]: e.get("country") for e in _snapshot("eu-19-draft-269")["entities"]}
    assert countries == {
        "CASIC": "CN",
        "Tianjin Xishanfusheng International Trading": "CN",
        "Old Vector": None,
        "Grinex": None,
    }


@pytest.mark.parametrize(("name", "annex"), [(n, ANNEX_IV) for n in DRAFT_NAMES[:2]])
def test_annex_iv_drafts(name: str, annex: str) -> None:
    assert _snapshot(name)["snapshot"]["annex"] == annex


# --------------------------------------------------------------------------- cleanup rules


def _quiet(_: str) -> None:
    pass


# Cyrillic and typographic quotes are the point of these tests.
def test_native_spelling_is_split_into_an_alias() -> None:
    row = {
        "name": "Ivan PETROV (Russian: Иван ПЕТРОВ)",
        "alias": "‘the Nose’ (Russian: ‘Нос’)",
    }
    name, aliases = build_lists.read_name_and_aliases(row, "test", _quiet)
    assert name == "Ivan PETROV"
    assert aliases == ["Иван ПЕТРОВ", "‘the Nose’", "‘Нос’"]


def test_native_spelling_without_parentheses_is_split_too() -> None:
    row = {
        "name": "Vladimir Bronislavovich TATUR Russian: Владимир Брониславович ТАТУР",
        "alias": "Иван КУСОВ Ukrainian: Iван КУСОВ",
    }
    name, aliases = build_lists.read_name_and_aliases(row, "test", _quiet)
    assert name == "Vladimir Bronislavovich TATUR"
    assert aliases == ["Владимир Брониславович ТАТУР", "Иван КУСОВ", "Iван КУСОВ"]


def test_image_placeholders_are_dropped_and_reported() -> None:
    notes: list[str] = []
    row = {"name": "Acme", "alias": "Chinese:; Text of image; 李晓翠; Acme; Acme Ltd"}
    _, aliases = build_lists.read_name_and_aliases(row, "test", notes.append)
    assert aliases == ["李晓翠", "Acme Ltd"]
    assert len(notes) == 2


def test_labels_before_an_alias_are_removed() -> None:
    row = {
        "name": "Acme",
        "alias": (
            "Belarussian: ААТ ‘Мінскі’; RUSSIAN: ООО ‘Акме’; Russian, Общество ‘Акме’; "
            "Stage name: Shaman; Chinese: AEE; Russian Helicopters"
        ),
    }
    _, aliases = build_lists.read_name_and_aliases(row, "test", _quiet)
    assert aliases == [
        "ААТ ‘Мінскі’",
        "ООО ‘Акме’",
        "Общество ‘Акме’",
        "Shaman",
        "AEE",
        "Russian Helicopters",
    ]


def test_aka_and_cut_quotes_and_parentheses() -> None:
    row = {
        "name": "Acme",
        "alias": (
            "Acme One a.k.a.Acme Two; ‘Аэросила; ’’ (НПП Аэросила); ХУЛАПОВА (КАШИРСКАЯ; "
            "ХУЛАПОВА (КАШИРСЬКА)); ПАО ((КМЗ ‘Зенит’)"
        ),
    }
    _, aliases = build_lists.read_name_and_aliases(row, "test", _quiet)
    assert aliases == [
        "Acme One",
        "Acme Two",
        "‘Аэросила; ’’ (НПП Аэросила)",
        "ХУЛАПОВА (КАШИРСКАЯ)",
        "ХУЛАПОВА (КАШИРСЬКА)",
        "ПАО (КМЗ ‘Зенит’)",
    ]


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("7721758555 (Tax ID/INN)", {"type": "Tax ID/INN", "value": "7721758555"}),
        ("2182045 (CR No.)", {"type": "CR No.", "value": "2182045"}),
        ("CR No. 3176428", {"type": "CR No.", "value": "3176428"}),
        ("Cr. No. 3203355", {"type": "CR No.", "value": "3203355"}),
        ("USCC no. 91230109MA1CNM0139", {"type": "USCC", "value": "91230109MA1CNM0139"}),
        ("5099000013", {"type": "ID", "value": "5099000013"}),
    ],
)
def test_identifier_forms(printed: str, expected: dict[str, str]) -> None:
    assert build_lists.parse_identifier(printed, "test", _quiet) == expected


def test_two_labelled_annex_iv_identifiers_in_one_piece() -> None:
    row = {"registrationNumber": "1026604933475 (OGRN), 6660017837 (TIN)"}
    assert build_lists.read_identifiers(row, "test", _quiet) == [
        {"type": "OGRN", "value": "1026604933475"},
        {"type": "TIN", "value": "6660017837"},
    ]


@pytest.mark.parametrize(
    ("column", "printed", "expected"),
    [
        ("taxNumber", "7704676655", [("Tax ID", "7704676655")]),
        ("taxNumber", "771380617804 (Russia)", [("Tax ID (Russia)", "771380617804")]),
        ("passportNumber", "22EKO1347 (France)", [("Passport (France)", "22EKO1347")]),
        ("passportNumber", "6318 558133", [("Passport", "6318 558133")]),
        (
            "passportNumber",
            "7301193828, 0710012691",
            [("Passport", "7301193828"), ("Passport", "0710012691")],
        ),
        (
            "registrationNumber",
            "INN: 5013044999 KPP: 504001001 OGRN: 1025001627012",
            [("INN", "5013044999"), ("KPP", "504001001"), ("OGRN", "1025001627012")],
        ),
        (
            "innCode",
            "7730239877, KPP 773001001, OKPO 20239393",
            [("INN", "7730239877"), ("KPP", "773001001"), ("OKPO", "20239393")],
        ),
        (
            "registrationNumber",
            "(TIN) 9704211491; (OGRN) 1237700341801",
            [("TIN", "9704211491"), ("OGRN", "1237700341801")],
        ),
        ("registrationNumber", "TIN (INN): 6230005886", [("TIN (INN)", "6230005886")]),
        ("registrationNumber", "ИНН 7717653542", [("INN", "7717653542")]),
        ("registrationNumber", "TIN – 7805060220", [("TIN", "7805060220")]),
        (
            "registrationNumber",
            "7724032017 (or State registration number : 1027700450975)",
            [("Registration number", "7724032017"), ("State registration number", "1027700450975")],
        ),
        ("registrationNumber", "311479-3301-ООО", [("Registration number", "311479-3301-ООО")]),
        ("innCode", "7712040285,", [("INN", "7712040285")]),
        ("innCode", "- 7805060220", [("INN", "7805060220")]),
        (
            "idNumber",
            "Ukrainian passport number: 058980",
            [("Ukrainian passport number", "058980")],
        ),
        # Not a known form: kept whole as printed, typed by its column.
        (
            "passportNumber",
            "3914864377, issued on 10.4.2015",
            [("Passport", "3914864377, issued on 10.4.2015")],
        ),
        (
            "passportNumber",
            "35415368 (valid until 25.10.2031)",
            [("Passport", "35415368 (valid until 25.10.2031)")],
        ),
    ],
)
def test_annex_i_identifier_forms(
    column: str, printed: str, expected: list[tuple[str, str]]
) -> None:
    found = build_lists.read_identifiers_269({column: printed}, "test", _quiet)
    assert [(ident["type"], ident["value"]) for ident in found] == expected


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("25.7.1976", ["1976-07-25"]),
        ("1965", ["1965"]),
        ("March 1978", ["1978-03"]),
        ("18.1.1970 or 29.3.1965", ["1970-01-18", "1965-03-29"]),
        ("9.6.1981 or 1982", ["1981-06-09", "1982"]),
        ("March/April 1965", ["March/April 1965"]),
        ("N/D", []),
        ("30.6.1980; Leningrad, USSR (now St. Petersburg, Russian Federation)", ["1980-06-30"]),
        ("", []),
    ],
)
def test_birth_dates(printed: str, expected: list[str]) -> None:
    assert build_lists.read_birth_dates(printed, "test", _quiet) == expected


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("Russian", ["RU"]),
        ("Belarussian", ["BY"]),
        ("Belarus", ["BY"]),
        ("Ukrainian and/or Russian", ["UA", "RU"]),
        ("Russian, Uzbekistani, British", ["RU", "UZ", "GB"]),
        ("Latvia and Israel", ["LV", "IL"]),
        ("Democratic People’s Republic of Korea", ["KP"]),
        ("Bosnia and Herzegovina", ["BA"]),
    ],
)
def test_nationalities(printed: str, expected: list[str]) -> None:
    assert build_lists.read_nationalities(printed, "test", _quiet) == expected


def test_an_address_cut_at_a_semicolon_is_rejoined() -> None:
    cell = (
        "125368, Moscow, Baryshikha Str., 32, Russian Federation; 141402, Samara; "
        "Yelizarova Str., 23, Russian Federation; 603950, Nizhny Novgorod, Sormovskoye Shosse, 1Zh"
    )
    assert build_lists.split_addresses(cell, "test", _quiet) == [
        "125368, Moscow, Baryshikha Str., 32, Russian Federation",
        "141402, Samara; Yelizarova Str., 23, Russian Federation",
        "603950, Nizhny Novgorod, Sormovskoye Shosse, 1Zh",
    ]


def test_address_pieces_that_are_no_address_and_native_addresses() -> None:
    cell = (
        "125373, Moscow, Pokhodnyy Proyezd 3-2, Russia; (Russian: 125373, Москва, Походный "
        "проезд); Listed under Council Decision 2014/145/CFSP on 16.12.2022; Type of entity"
    )
    assert build_lists.split_addresses(cell, "test", _quiet) == [
        "125373, Moscow, Pokhodnyy Proyezd 3-2, Russia",
        "125373, Москва, Походный проезд",
    ]


def test_an_occupied_region_is_not_read_as_the_occupier() -> None:
    assert build_lists.address_country("Russian-occupied regions of Zaporizhzhia") is None
    assert build_lists.address_country("Moscow, Russian Federation") == "RU"


def test_notes_are_counted_by_kind() -> None:
    assert build_lists.note_kind("Annex IV entry 5: undid double CSV quoting: 'x' -> 'y'") == (
        "undid double CSV quoting"
    )
    assert build_lists.note_kind(
        "WARNING Annex I entities entry 9: no country found in its addresses; country omitted"
    ) == ("WARNING no country found in its addresses; country omitted")
