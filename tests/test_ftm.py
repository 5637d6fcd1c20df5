"""OpenSanctions FollowTheMoney entities in: which lines are listed subjects, what each
becomes, errors with their line, notices for what is not read.

Hand-built fixtures in the real structure (``opensanctions.ftm.jsonl``, and
``opensanctions.targets.nested.json`` with fictitious entities) run everywhere; the real
excerpts in the shared data folder (<repo>/../shared/data/official-excerpts/, or
$SANCTIONS_DIFF_SHARED/official-excerpts/) are read when present, and never copied here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import random
from pathlib import Path

import pytest
from shared_data import SHARED

from sanctions_diff.analysis.diff import ChangeKind, diff
from sanctions_diff.errors import InputError
from sanctions_diff.formats.ftm import read_ftm
from sanctions_diff.model import Entity, EntityType, Identifier, Snapshot, SnapshotKind

FIXTURES = Path(__file__).parent / "fixtures" / "formats"
FTM_JSONL = FIXTURES / "opensanctions.ftm.jsonl"
FTM_NESTED = FIXTURES / "opensanctions.targets.nested.json"

EXCERPTS = SHARED / "official-excerpts"
YENTE = "ftm-eu_fsf-yente-t1.jsonl"  # OpenSanctions eu_fsf export, 2024-06 (yente's fixture)
NESTED = "ftm-nested-targets-khongdudinhdoikhongne.json"  # a targets.nested.json
PEPS = "ftm-sa_wiki_peps-khongdudinhdoikhongne.jsonl"  # a third party's FtM dataset


def by_id(snapshot: Snapshot) -> dict[str | None, Entity]:
    return {entity.id: entity for entity in snapshot.entities}


def problem_lines(error: pytest.ExceptionInfo[InputError]) -> list[str]:
    return error.value.lines()


def read_lines(tmp_path: Path, lines: list[str], origin: str = "ftm") -> Snapshot:
    path = tmp_path / "ftm.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    return read_ftm(path, origin)


# -- OpenSanctions FollowTheMoney --------------------------------------------------------------


def test_ftm_reads_listed_subjects_only() -> None:
    snapshot = read_ftm(FTM_JSONL, "os.jsonl")
    # 9 lines: 4 subjects; 2 Sanction, an Identification and 2 Address are not subjects.
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
    # FtM values are unordered: the caption is the name, the other names are sorted.
    assert aksyonov.name == "Sergey Valeryevich AKSYONOV"
    assert aksyonov.aliases == (
        "Sergei Valerievich AKSENOV",
        "Serhiy Valeriyovych AKSYONOV",
        "Сергiй Валерiйович АКСЬОНОВ",
        "Сергей Валерьевич АКСЁНОВ",
    )
    assert aksyonov.source == "OpenSanctions eu_fsf"

    zaliv = entities["NK-fixture-zaliv"]
    assert zaliv.country == "UA"
    assert zaliv.aliases == ("Zaliv Shipyard", "Судостроительный завод ‘Залив’")
    assert zaliv.identifiers == (
        Identifier("Registration number", "1149102028602"),
        Identifier("Tax ID", "9111001119"),
        Identifier("IMO", "1745868"),
    )
    # ``address`` and the two Address entities of ``addressEntity`` (one before the company,
    # one after): ``full`` when there is one (the same text as ``address``: kept once),
    # else the parts with the country's name.
    assert zaliv.addresses == (
        "4 Tankistov street, 298310 Kerch, Crimea",
        "4 Tankistov street, 298310, Kerch, Crimea, Ukraine",
    )
    # No Sanction and no createdAt: the day OpenSanctions first saw it.
    assert zaliv.listed_on == dt.date(2021, 1, 24)

    assert entities["NK-fixture-angara"].identifiers == (Identifier("IMO", "9179842"),)
    assert snapshot.meta.date == dt.date(2026, 7, 20)
    assert snapshot.meta.kind is SnapshotKind.CONSOLIDATED
    assert snapshot.notices == ()  # every key and property in it is known


def test_ftm_names_skipped_schemas_and_targets(tmp_path: Path) -> None:
    snapshot = read_lines(
        tmp_path,
        [
            '{"id": "a", "schema": "Company", "properties": {"name": ["Alpha LLC", "ООО Альфа"], "alias": ["Alpha"], "weakAlias": ["AL"], "previousName": ["Beta LLC"], "jurisdiction": ["kz"], "innCode": ["123"], "ogrnCode": [1]}}',
            '{"id": "b", "schema": "Person", "target": false, "properties": {"name": ["Relative"]}}',
            '{"id": "c", "schema": "Ownership", "properties": {"owner": ["b"], "asset": ["a"]}}',
            "",
            '{"id": "d", "schema": "Airplane", "properties": {"name": ["RA-96017"], "country": ["xx"]}}',
        ],
    )
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


def test_ftm_name_without_caption_does_not_depend_on_value_order(tmp_path: Path) -> None:
    names = ["Татьяна ЖУРАВЛЕВА", "Tatyana ZHURAVLEVA", "Tatiana ZJURAVLEVA", "Тетяна ЖУРАВЛЕВА"]
    entities = []
    for order in (names, names[::-1]):
        path = tmp_path / "ftm.jsonl"
        line = {"id": "p", "schema": "Person", "properties": {"name": order, "alias": ["TZ"]}}
        path.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
        entities.append(read_ftm(path, "ftm").entities[0])
    first, second = entities
    assert first == second
    # The first Latin-script name in sorted order; the others sorted, then the aliases.
    assert first.name == "Tatiana ZJURAVLEVA"
    assert first.aliases == ("Tatyana ZHURAVLEVA", "Татьяна ЖУРАВЛЕВА", "Тетяна ЖУРАВЛЕВА", "TZ")


def test_ftm_listing_date_sanction_then_created_at_then_first_seen(tmp_path: Path) -> None:
    seen = '"first_seen": "2023-04-20T18:00:25"'
    snapshot = read_lines(
        tmp_path,
        [
            '{"id": "s", "schema": "Sanction", "properties": {"entity": ["a"], "listingDate": ["2014-03-17"], "startDate": ["2014-03-18"]}}',
            f'{{"id": "a", "schema": "Company", {seen}, "properties": {{"name": ["A"], "createdAt": ["2022-06-03"]}}}}',
            f'{{"id": "b", "schema": "Company", {seen}, "properties": {{"name": ["B"], "createdAt": ["2022-06-03", "2021-01-02T10:00:00"]}}}}',
            f'{{"id": "c", "schema": "Company", {seen}, "properties": {{"name": ["C"]}}}}',
            '{"id": "d", "schema": "Company", "properties": {"name": ["D"]}}',
        ],
    )
    listed = {e.id: e.listed_on for e in snapshot.entities}
    assert listed == {
        "a": dt.date(2014, 3, 17),  # its Sanction, before its createdAt
        "b": dt.date(2021, 1, 2),  # the earliest createdAt
        "c": dt.date(2023, 4, 20),  # the day of first_seen
        "d": None,
    }


def test_ftm_what_is_not_read_is_one_notice(tmp_path: Path) -> None:
    snapshot = read_lines(
        tmp_path,
        [
            '{"id": "a", "schema": "Company", "origin": "x", "properties": {"name": ["A"], "favouriteColour": ["red"], "ogrnCode": [1], "addressEntity": ["addr-1", "addr-2"]}}',
            '{"id": "b", "schema": "Person", "properties": {"name": ["B"], "favouriteColour": ["blue"]}}',
            '{"id": "addr-2", "schema": "Address", "properties": {"city": ["Minsk"], "country": ["by"]}}',
            # Skipped whole: neither its unknown property nor its key is counted.
            '{"id": "c", "schema": "Person", "target": false, "odd": 1, "properties": {"name": ["C"], "shoeSize": ["44"]}}',
        ],
        "ftm.jsonl",
    )
    unread, missing = snapshot.notices
    assert unread.startswith(
        "ftm.jsonl: 4 properties not read, of 3 kinds this reader does not know: "
        "favouriteColour (2), ogrnCode (not text) (1), top-level origin (1) — "
    )
    assert missing == (
        "ftm.jsonl: 1 addressEntity id names no Address entity in the file (addr-1) — "
        "those addresses are not in the snapshot"
    )
    assert snapshot.entities[0].addresses == ("Minsk, Belarus",)


def test_ftm_nested_entities_are_read_as_lines_of_their_own() -> None:
    snapshot = read_ftm(FTM_NESTED, "targets.nested.json")
    assert snapshot.notices == ()
    # Petrov, a nested director with "target": false, is not a subject; GAMMA, a target
    # nested in an Ownership, is (on the line that holds it); Testov, nested in line 1 and a
    # line of its own, is read once, from its line (only there has he an alias).
    assert [(e.id, e.type, e.line) for e in snapshot.entities] == [
        ("NK-fixture-nested-alpha", EntityType.ORGANIZATION, 1),
        ("NK-fixture-nested-testov", EntityType.PERSON, 2),
        ("NK-fixture-nested-beta", EntityType.ORGANIZATION, 3),
        ("NK-fixture-nested-gamma", EntityType.VESSEL, 3),
    ]
    alpha, testov, beta, gamma = snapshot.entities
    assert alpha.addresses == ("1 Pier street, 183038 Murmansk, Russia",)  # nested Address
    assert alpha.listed_on == dt.date(2023, 6, 23)  # nested Sanction
    assert alpha.reason == "Alpha Shipping LLC operates vessels that carry Russian crude oil."
    assert alpha.aliases == ("ООО «Альфа Шиппинг»",)
    assert testov.aliases == ("Иван Тестов", "Ivan TESTOV")
    assert beta.listed_on == dt.date(2023, 6, 24)  # first_seen
    # A nested Sanction without ``entity`` belongs to the entity it is nested in.
    assert gamma.listed_on == dt.date(2024, 12, 16)
    assert gamma.identifiers == (Identifier("IMO", "9100001"),)


# -- the real excerpts (../shared) --------------------------------------------------------------


@pytest.fixture
def excerpt() -> Path:
    if not EXCERPTS.is_dir():
        pytest.skip(
            f"the real excerpts are not at {EXCERPTS} (set SANCTIONS_DIFF_SHARED to the data folder)"
        )
    return EXCERPTS


def _shuffled(path: Path, target: Path, seed: int) -> None:
    """A copy of ``path`` as another export could write it: lines and the values of every
    property (nested entities too) in another order, and a later ``last_seen``."""
    rng = random.Random(seed)

    def shuffle(entity: dict[str, object]) -> dict[str, object]:
        properties = entity["properties"]
        assert isinstance(properties, dict)
        for values in properties.values():
            rng.shuffle(values)
            values[:] = [shuffle(v) if isinstance(v, dict) else v for v in values]
        items = list(properties.items())
        rng.shuffle(items)
        return {**entity, "properties": dict(items), "last_seen": "2024-07-01T10:00:00"}

    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    rng.shuffle(lines)
    target.write_text(
        "".join(json.dumps(shuffle(e), ensure_ascii=False) + "\n" for e in lines), encoding="utf-8"
    )


def _without_lines(snapshot: Snapshot) -> dict[str | None, Entity]:
    return {e.id: dataclasses.replace(e, line=0) for e in snapshot.entities}


def test_real_yente_names_are_the_captions(excerpt: Path) -> None:
    snapshot = read_ftm(excerpt / YENTE, "yente")
    # 7 lines: 6 targets, one Address.
    assert [e.name for e in snapshot.entities] == [
        "RAB „Inter Tobacco“",
        "Vitaly Yurievich KUZMENKO",
        "Tatiana Vladimirovna ZJURAVLEVA",  # its first ``name`` value is the Cyrillic form
        "Svjatlana Paulauna PACHODAVA",
        "Viktor Vladimirovitj Sojko",
        "IRGC",
    ]
    entities = by_id(snapshot)
    zjuravleva = entities["NK-2KeUB68qUJtykm3BuAcazG"]
    assert zjuravleva.aliases == (
        "Tatyana Vladimirovna ZHURAVLEVA",
        "Tetiana Volodymyrivna ZJURAVLEVA",
        "Татьяна Владимировна ЖУРАВЛЕВА",
        "Тетяна Володимирівна ЖУРАВЛЕВА",
    )
    inter_tobacco = entities["NK-2GdmHtZTeNXjNVrBGEXZNj"]
    assert len(inter_tobacco.aliases) == 11 and "RAB „Inter Tobacco“" not in inter_tobacco.aliases
    assert inter_tobacco.listed_on == dt.date(2022, 6, 3)  # createdAt: no Sanction line
    assert inter_tobacco.country == "BY"
    assert inter_tobacco.identifiers == (Identifier("Registration number", "808000714"),)
    assert inter_tobacco.reason == "Belarus (Minsk Free Economic Zone)"
    assert entities["NK-2PacmNpiLUmoz4XD2mSt7A"].listed_on == dt.date(2012, 3, 24)
    assert snapshot.meta.date == dt.date(2024, 6, 1)


def test_real_yente_address_references_outside_the_excerpt_are_a_notice(excerpt: Path) -> None:
    """The excerpt's one Address ("Majengo area, Mombasa, KENYA") is not the one either
    ``addressEntity`` names (their Addresses were left out of the excerpt): both references
    are reported, nothing else is (every key and property of the file is known)."""
    snapshot = read_ftm(excerpt / YENTE, "yente")
    assert snapshot.notices == (
        "yente: 2 addressEntity ids name no Address entity in the file "
        "(addr-125caec37c3486d3a71de8ae943eec47f420b38a, "
        "addr-9bdb8d404e2618cfce08d3b3d400c1433c634849) — those addresses are not in the snapshot",
    )
    assert all(e.addresses == () for e in snapshot.entities)
    assert "Majengo area, Mombasa, KENYA" not in [e.name for e in snapshot.entities]


def test_real_yente_joins_an_address_entity(excerpt: Path, tmp_path: Path) -> None:
    """The real Address line, named by IRGC's ``addressEntity`` (the one change made to
    the real lines, the Address placed after the organisation)."""
    lines = (excerpt / YENTE).read_text(encoding="utf-8").splitlines()
    address = next(line for line in lines if '"schema":"Address"' in line)
    irgc = next(line for line in lines if '"caption":"IRGC"' in line)
    edited = irgc.replace(
        "addr-9bdb8d404e2618cfce08d3b3d400c1433c634849", "NK-2MQE6AmhAk4tqhENJAMUG9"
    )
    path = tmp_path / "yente.jsonl"
    path.write_text(f"{edited}\n{address}\n", encoding="utf-8")
    snapshot = read_ftm(path, "yente")
    (entity,) = snapshot.entities
    assert entity.addresses == ("Majengo area, Mombasa, KENYA",)  # its ``full``
    assert snapshot.notices == ()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_real_yente_another_order_is_the_same_snapshot(
    excerpt: Path, tmp_path: Path, seed: int
) -> None:
    old = read_ftm(excerpt / YENTE, "old")
    _shuffled(excerpt / YENTE, tmp_path / "new.jsonl", seed)
    new = read_ftm(tmp_path / "new.jsonl", "new")
    assert _without_lines(new) == _without_lines(old)
    report = diff(old, new)
    assert [c.kind for c in report.changes] == [ChangeKind.UNCHANGED] * 6
    assert new.meta.date == dt.date(2024, 7, 1)


def test_real_nested_targets_yield_the_targets_only(excerpt: Path, tmp_path: Path) -> None:
    snapshot = read_ftm(excerpt / NESTED, "nested")
    assert snapshot.notices == ()
    # The five lines' targets; their nested Family, Occupancy and relatives (Person,
    # "target": false) are not subjects.
    assert [(e.id, e.name, e.type, e.line) for e in snapshot.entities] == [
        ("Q296771", "Saad Hariri", EntityType.PERSON, 1),
        ("Q307152", "Abd al-Aziz", EntityType.PERSON, 2),
        ("Q307185", "Abd al-Aziz", EntityType.PERSON, 3),
        ("Q317948", "Abd al-Rahman", EntityType.PERSON, 4),
        ("Q61589", "Saleh Al-Fawzan", EntityType.PERSON, 5),
    ]
    hariri = snapshot.entities[0]
    assert hariri.aliases == ("Hariri", "Sa'd al-Din")
    assert hariri.nationalities == ("FR", "LB", "SA")
    assert hariri.birth_dates == ("1970-04-18",)
    assert hariri.listed_on == dt.date(2024, 3, 10)  # first_seen: neither Sanction nor createdAt
    # Nothing of a nested entity leaks into a value: no relative's name, no object as text.
    relatives = {"Nidal Boustany", "Bahaa Hariri", "Fahd Hariri"}
    for entity in snapshot.entities:
        texts = [*entity.names(), *entity.addresses, entity.reason or "", entity.source or ""]
        assert not relatives & set(texts)
        assert not [t for t in texts if "{" in t or "schema" in t]
    _shuffled(excerpt / NESTED, tmp_path / "nested.json", 1)
    assert _without_lines(read_ftm(tmp_path / "nested.json", "n")) == _without_lines(snapshot)


def test_real_peps_targets_and_what_is_not_ftm(excerpt: Path) -> None:
    """A third party's dataset in the FtM structure: 423 target persons among 1565 lines
    (Family, Occupancy, Position and relatives skipped). Its targets carry 94 kinds of
    property that no FtM schema has ("deathPlace", "awards", "Person:alias"...), and one line
    has 6 properties beside ``properties`` instead of in it: 100 kinds in all, in one notice
    (the ten most frequent named). The FtM properties it uses are known, kept or not."""
    snapshot = read_ftm(excerpt / PEPS, "peps")
    assert len(snapshot.entities) == 423
    assert {e.type for e in snapshot.entities} == {EntityType.PERSON}
    (notice,) = snapshot.notices
    assert notice.startswith(
        "peps: 313 properties not read, of 100 kinds this reader does not know: "
        "deathPlace (44), awards (27), children (25), languages (11), positions (11), "
        "residence (9), languagesSpoken (8), burialPlace (7), deathCountry (7), spouse (7) "
        "and 90 more — "
    )
    fahd = by_id(snapshot)["Q183187"]  # the line with properties beside ``properties``
    assert fahd.name == "Fahd bin Abdulaziz Al Saud"
    assert len(fahd.aliases) > 30
