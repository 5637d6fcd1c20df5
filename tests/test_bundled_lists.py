"""The bundled snapshots in lists/: what they hold, and that scripts/build_lists.py rebuilds them.

Tests that read only lists/ always run. Tests that rebuild the finals need the shared data
folder (see scripts/build_lists.py for where it is looked up) and skip without it. The YAML is
read with yaml.safe_load so that these tests do not depend on the project's loader.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from sanctions_diff import schema

ROOT = Path(__file__).resolve().parent.parent
LISTS = ROOT / "lists"
SCRIPT = ROOT / "scripts" / "build_lists.py"
ENTITY_KEYS = set(schema.ENTITY_KEYS)


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
    if not (path / build_lists.CSV_NAME).is_file():
        pytest.skip(
            f"shared data not found at {path} (set {build_lists.SHARED_ENV} to the folder "
            "holding eu-journal/32014R0833.csv)"
        )
    return Path(path)


# --------------------------------------------------------------------------- rebuilds


def test_drafts_rebuild_to_the_committed_files() -> None:
    for filename, text in build_lists.build_drafts().items():
        assert (LISTS / filename).read_text(encoding="utf-8") == text, filename


def test_finals_rebuild_to_the_committed_files(shared: Path) -> None:
    notes: list[str] = []
    built = build_lists.build_finals(shared, notes.append)
    assert set(built) == {"eu-11-final.yaml", "eu-12-final.yaml"}
    for filename, text in built.items():
        assert (LISTS / filename).read_text(encoding="utf-8") == text, filename
    # Every country was derived: no entry lost its country.
    assert not [note for note in notes if "no country" in note]


def test_rebuild_is_deterministic(shared: Path) -> None:
    first = build_lists.build_all(shared, lambda _: None)
    second = build_lists.build_all(shared, lambda _: None)
    assert first == second


def test_check_mode_passes_on_the_committed_files(shared: Path) -> None:
    assert build_lists.main(["--check", "--shared", str(shared)]) == 0


def test_check_mode_reports_a_stale_file(shared: Path, tmp_path: Path) -> None:
    for path in LISTS.glob("*.yaml"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    (tmp_path / "eu-12-draft.yaml").write_text("edited by hand\n", encoding="utf-8")
    assert build_lists.main(["--check", "--shared", str(shared)], lists_dir=tmp_path) == 1


def test_missing_shared_folder_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "no-such-folder"
    assert build_lists.main(["--check", "--shared", str(missing)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(missing) in err


def test_shared_folder_precedence(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(build_lists.SHARED_ENV, "/from/env")
    assert build_lists.resolve_shared("/from/option") == Path("/from/option")
    assert build_lists.resolve_shared(None) == Path("/from/env")
    monkeypatch.delenv(build_lists.SHARED_ENV)
    assert build_lists.resolve_shared(None) == ROOT.parent / "shared" / "data"


# --------------------------------------------------------------------------- contents


def test_eu_11_final_has_entries_475_to_558() -> None:
    entities = _entities("eu-11-final")
    assert len(entities) == 84
    assert list(entities) == [f"eu-833-iv-{number}" for number in range(475, 559)]


def test_eu_12_final_has_entries_559_to_587() -> None:
    entities = _entities("eu-12-final")
    assert len(entities) == 29
    assert list(entities) == [f"eu-833-iv-{number}" for number in range(559, 588)]


@pytest.mark.parametrize("name", ["eu-11-draft", "eu-11-final", "eu-12-draft", "eu-12-final"])
def test_entities_are_well_formed(name: str) -> None:
    for entity in _snapshot(name)["entities"]:
        assert set(entity) <= ENTITY_KEYS, entity["id"]
        assert entity["source"], entity["id"]
        # A key is left out rather than written empty.
        assert all(value not in (None, "", []) for value in entity.values()), entity["id"]
        for identifier in entity.get("identifiers", []):
            assert isinstance(identifier["value"], str), entity["id"]


def test_identifiers_are_quoted_in_the_file() -> None:
    # A leading zero must survive any YAML reader, not only PyYAML's.
    assert '{type: Tax ID/INN, value: "0261013879"}' in (LISTS / "eu-11-final.yaml").read_text(
        encoding="utf-8"
    )


def test_final_sources_cite_the_act_and_the_entry() -> None:
    assert _entities("eu-11-final")["eu-833-iv-479"]["source"] == (
        "Regulation (EU) 2023/1214, Annex IV entry 479"
    )
    assert _entities("eu-12-final")["eu-833-iv-587"]["source"] == (
        "Regulation (EU) 2023/2878, Annex IV entry 587"
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


def test_da_group_22_entry_666_is_not_in_these_packages() -> None:
    for name in ("eu-11-final", "eu-12-final"):
        assert "eu-833-iv-666" not in _entities(name)
        assert "Da Group 22" not in _names(name)


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


@pytest.mark.parametrize(
    ("name", "stage", "coverage"),
    [
        ("eu-11-draft", "draft", "partial"),
        ("eu-12-draft", "draft", "partial"),
        ("eu-11-final", "final", "complete"),
        ("eu-12-final", "final", "complete"),
    ],
)
def test_snapshot_stage_and_coverage(name: str, stage: str, coverage: str) -> None:
    meta = _snapshot(name)["snapshot"]
    assert (meta["stage"], meta["coverage"], meta["kind"]) == (stage, coverage, "package")


# --------------------------------------------------------------------------- cleanup rules


def _quiet(_: str) -> None:
    pass


# Cyrillic and typographic quotes are the point of these two tests, hence the noqa.
def test_native_spelling_is_split_into_an_alias() -> None:
    row = {
        "name": "Ivan PETROV (Russian: Иван ПЕТРОВ)",
        "alias": "‘the Nose’ (Russian: ‘Нос’)",
    }
    name, aliases = build_lists.read_name_and_aliases(row, "test", _quiet)
    assert name == "Ivan PETROV"
    assert aliases == ["Иван ПЕТРОВ", "‘the Nose’", "‘Нос’"]


def test_image_placeholders_are_dropped_and_reported() -> None:
    notes: list[str] = []
    row = {"name": "Acme", "alias": "Chinese:; Text of image; 李晓翠; Acme; Acme Ltd"}
    _, aliases = build_lists.read_name_and_aliases(row, "test", notes.append)
    assert aliases == ["李晓翠", "Acme Ltd"]
    assert len(notes) == 2


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("7721758555 (Tax ID/INN)", {"type": "Tax ID/INN", "value": "7721758555"}),
        ("2182045 (CR No.)", {"type": "CR No.", "value": "2182045"}),
        ("CR No. 3176428", {"type": "CR No.", "value": "3176428"}),
        ("Cr. No. 3203355", {"type": "CR No.", "value": "3203355"}),
        ("5099000013", {"type": "ID", "value": "5099000013"}),
    ],
)
def test_identifier_forms(printed: str, expected: dict[str, str]) -> None:
    assert build_lists.parse_identifier(printed, "test", _quiet) == expected


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
