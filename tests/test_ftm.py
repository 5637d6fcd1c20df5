"""OpenSanctions FollowTheMoney entities in: which lines are listed subjects, what each
becomes, errors with their line (hand-built fixture in the real structure)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sanctions_diff.errors import InputError
from sanctions_diff.formats.ftm import read_ftm
from sanctions_diff.model import Entity, EntityType, Identifier, Snapshot, SnapshotKind

FIXTURES = Path(__file__).parent / "fixtures" / "formats"
FTM_JSONL = FIXTURES / "opensanctions.ftm.jsonl"


def by_id(snapshot: Snapshot) -> dict[str | None, Entity]:
    return {entity.id: entity for entity in snapshot.entities}


def problem_lines(error: pytest.ExceptionInfo[InputError]) -> list[str]:
    return error.value.lines()


# -- OpenSanctions FollowTheMoney --------------------------------------------------------------


def test_ftm_reads_listed_subjects_only() -> None:
    snapshot = read_ftm(FTM_JSONL, "os.jsonl")
    # 8 lines: 4 subjects; 2 Sanction, an Identification and an Address are not subjects.
    assert [(e.id, e.type) for e in snapshot.entities] == [
        ("NK-fixture-aksyonov", EntityType.PERSON),
        ("NK-fixture-rakhmanov", EntityType.PERSON),
        ("NK-fixture-zaliv", EntityType.ORGANIZATION),
        ("NK-fixture-angara", EntityType.VESSEL),
    ]
    entities = by_id(snapshot)
    rakhmanov = entities["NK-fixture-rakhmanov"]
    assert rakhmanov.nationalities == ("BY",)  # "by" in FtM
    assert rakhmanov.country is None
    assert rakhmanov.identifiers == (Identifier("ID number", "3250776C045PB3"),)
    assert rakhmanov.birth_dates == ("1976-07-25",)
    assert rakhmanov.listed_on == dt.date(2023, 12, 18)  # from its Sanction, after it
    assert rakhmanov.reason is not None and rakhmanov.reason.startswith("Aleksandr Rakhmanov")
    assert rakhmanov.line == 3

    aksyonov = entities["NK-fixture-aksyonov"]
    assert aksyonov.listed_on == dt.date(2014, 3, 17)  # from its Sanction, before it
    assert aksyonov.aliases[1] == "Сергей Валерьевич АКСЁНОВ"
    assert aksyonov.source == "OpenSanctions eu_fsf"

    zaliv = entities["NK-fixture-zaliv"]
    assert zaliv.country == "UA"
    assert zaliv.aliases == ("Судостроительный завод ‘Залив’", "Zaliv Shipyard")
    assert zaliv.identifiers == (
        Identifier("Registration number", "1149102028602"),
        Identifier("Tax ID", "9111001119"),
        Identifier("IMO", "1745868"),
    )
    assert zaliv.addresses == ("4 Tankistov street, 298310 Kerch, Crimea",)
    assert zaliv.listed_on is None

    assert entities["NK-fixture-angara"].identifiers == (Identifier("IMO", "9179842"),)
    assert snapshot.meta.date == dt.date(2026, 7, 20)
    assert snapshot.meta.kind is SnapshotKind.CONSOLIDATED


def test_ftm_names_skipped_schemas_and_targets(tmp_path: Path) -> None:
    path = tmp_path / "ftm.jsonl"
    path.write_text(
        "\n".join(
            [
                '{"id": "a", "schema": "Company", "properties": {"name": ["Alpha LLC", "ООО Альфа"], "alias": ["Alpha"], "weakAlias": ["AL"], "previousName": ["Beta LLC"], "jurisdiction": ["kz"], "innCode": ["123"], "ogrnCode": [1]}}',
                '{"id": "b", "schema": "Person", "target": false, "properties": {"name": ["Relative"]}}',
                '{"id": "c", "schema": "Ownership", "properties": {"owner": ["b"], "asset": ["a"]}}',
                "",
                '{"id": "d", "schema": "Airplane", "properties": {"name": ["RA-96017"], "country": ["xx"]}}',
            ]
        ),
        encoding="utf-8",
    )
    snapshot = read_ftm(path, "ftm")
    alpha, plane = snapshot.entities
    assert alpha.aliases == ("ООО Альфа", "Alpha", "AL", "Beta LLC")
    assert alpha.country == "KZ"
    assert alpha.identifiers == (Identifier("INN", "123"),)  # a number is not a string: ignored
    assert (plane.type, plane.country, plane.line) == (EntityType.AIRCRAFT, None, 5)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"id": "x", "schema": "Person", "properties": {"name": ["A"]}', "2:62: not valid JSON"),
        ("[1, 2]", "2:1: not a FollowTheMoney entity"),
        ('{"id": "x", "schema": "Person"}', "2:1: not a FollowTheMoney entity"),
        (
            '{"id": "x", "schema": "Person", "properties": {"alias": []}}',
            "2:1: entity 'x' has no name",
        ),
    ],
)
def test_ftm_errors_have_their_line(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "ftm.jsonl"
    good = '{"id": "ok", "schema": "Company", "properties": {"name": ["OK"]}}'
    path.write_text(f"{good}\n{line}\n{good.replace('ok', 'ok2')}\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        read_ftm(path, "ftm.jsonl")
    (problem,) = problem_lines(error)
    assert problem.startswith(f"ftm.jsonl:{message}")
