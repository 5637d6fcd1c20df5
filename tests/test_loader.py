"""sanctions_diff.formats.loader: the bundled lists load, and every problem is reported at its place.

Problem cases are run with libyaml's C parser and with pyyaml's pure-Python one (the
fallback where libyaml is missing): both must point at the same line and column.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from sanctions_diff.bundled import resolve
from sanctions_diff.errors import InputError, Problem
from sanctions_diff.formats import loader
from sanctions_diff.formats.loader import load_snapshot, parse_snapshot
from sanctions_diff.model import Coverage, EntityType, Identifier, SnapshotKind, Stage

LISTS = Path(__file__).resolve().parent.parent / "lists"

# Lines 1-3 of most documents below; entities start on line 4.
HEAD = "snapshot:\n  title: T\nentities:\n"

# loader._Loader is CSafeLoader when libyaml is present; both must behave the same.
_LOADERS: list[type[yaml.SafeLoader]] = [yaml.SafeLoader]
if hasattr(yaml, "CSafeLoader"):
    _LOADERS.insert(0, yaml.CSafeLoader)  # type: ignore[arg-type]


@pytest.fixture(params=_LOADERS, ids=lambda cls: cls.__name__)
def yaml_loader(request: pytest.FixtureRequest) -> Iterator[type[yaml.SafeLoader]]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(loader, "_Loader", request.param)
        yield request.param


def problems_of(text: str) -> list[Problem]:
    with pytest.raises(InputError) as info:
        parse_snapshot(text, "f.yaml")
    return info.value.problems


def load_problems(path: Path, origin: str | None = None) -> list[Problem]:
    with pytest.raises(InputError) as info:
        load_snapshot(path, origin)
    return info.value.problems


# -- the bundled lists -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "count", "stage", "coverage"),
    [
        ("eu-11-draft", 7, Stage.DRAFT, Coverage.PARTIAL),
        ("eu-11-final", 84, Stage.FINAL, Coverage.COMPLETE),
        ("eu-12-draft", 4, Stage.DRAFT, Coverage.PARTIAL),
        ("eu-12-final", 29, Stage.FINAL, Coverage.COMPLETE),
    ],
)
def test_bundled_list_loads(name: str, count: int, stage: Stage, coverage: Coverage) -> None:
    snapshot = load_snapshot(LISTS / f"{name}.yaml")
    assert len(snapshot.entities) == count
    assert snapshot.meta.kind is SnapshotKind.PACKAGE
    assert snapshot.meta.package == int(name.split("-")[1])
    assert snapshot.meta.stage is stage
    assert snapshot.meta.coverage is coverage
    assert snapshot.meta.title.startswith(f"EU {name.split('-')[1]}th package")
    assert snapshot.meta.sources
    assert snapshot.origin == str(LISTS / f"{name}.yaml")
    assert all(e.line > 0 for e in snapshot.entities)
    assert all(e.listed_on is None or type(e.listed_on) is dt.date for e in snapshot.entities)


def test_bundled_facts_survive() -> None:
    snapshot = load_snapshot(LISTS / "eu-11-final.yaml", origin="eu-11-final")
    assert snapshot.origin == "eu-11-final"
    assert snapshot.meta.date == dt.date(2023, 6, 23)
    by_id = {e.id: e for e in snapshot.entities}
    trust = by_id["eu-833-iv-495"]
    assert trust.name == "Trust Logistics"
    assert trust.identifiers == (Identifier("Tax ID/INN", "7721758555"),)
    assert "Trust Logistics LLC" in trust.aliases
    assert trust.country == "RU"
    assert trust.type is EntityType.ORGANIZATION
    text = resolve("eu-11-final").read_text(encoding="utf-8").splitlines()
    assert trust.line == text.index("- id: eu-833-iv-495") + 1
    assert by_id["eu-833-iv-496"].identifiers[0].value == "7733899720"
    assert by_id["eu-833-iv-499"].country == "SY"
    assert by_id["eu-833-iv-499"].addresses == ("Damascus, Syrian Arab Republic",)
    assert by_id["eu-833-iv-500"].country == "AE"
    assert type(trust.listed_on) is dt.date
    assert {e.listed_on for e in snapshot.entities} == {dt.date(2023, 6, 23)}


# -- every problem at its line and column ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "col", "fragment"),
    [
        # YAML syntax
        pytest.param(
            HEAD + "- name: [x\n  country: RU\n", 5, 10, "YAML syntax error", id="unclosed-bracket"
        ),
        pytest.param(
            "snapshot:\n  title: T\n entities: []\n", 3, 2, "YAML syntax error", id="bad-indent"
        ),
        pytest.param(
            HEAD + "- name: A\n   country: RU\n", 5, 11, "YAML syntax error", id="deeper-indent"
        ),
        pytest.param("snapshot:\n\ttitle: T\n", 2, 1, "YAML syntax error", id="tab-indent"),
        pytest.param("a: 1\n---\nb: 2\n", 2, 1, "YAML syntax error", id="two-documents"),
        pytest.param(HEAD + "- name: *nope\n", 4, 9, "YAML syntax error", id="undefined-alias"),
        # structure
        pytest.param(
            HEAD + "- id: a\n  name: A\n  name: B\n",
            6,
            3,
            "duplicate key 'name' in an entity (first on line 5)",
            id="dup-key-entity",
        ),
        pytest.param(
            "snapshot:\n  title: T\n  title: U\nentities: []\n",
            3,
            3,
            "duplicate key 'title' in snapshot (first on line 2)",
            id="dup-key-snapshot",
        ),
        pytest.param(
            HEAD + "- name: A\n  alias: B\n",
            5,
            3,
            "unknown key 'alias' in an entity — did you mean 'aliases'?",
            id="unknown-key",
        ),
        pytest.param(
            HEAD + "- [a, b]\n",
            4,
            3,
            "an entity must be a mapping (key: value), not a list",
            id="list-for-entity",
        ),
        # a bare list is a quick list of entities (tests/test_quick_snapshots.py); its
        # items must be entities
        pytest.param(
            "- a\n",
            1,
            3,
            "an entity must be a mapping (key: value), not the value 'a'",
            id="list-of-text-for-file",
        ),
        pytest.param(
            "just some text\n",
            1,
            1,
            "the file must be a mapping (key: value), not the value 'just some text'",
            id="text-for-file",
        ),
        pytest.param(
            "snapshot: []\nentities: []\n",
            1,
            11,
            "snapshot must be a mapping",
            id="list-for-snapshot",
        ),
        pytest.param(
            "snapshot:\n  title: T\nentities: {}\n",
            3,
            11,
            "entities must be a list, not a mapping",
            id="mapping-for-entities",
        ),
        pytest.param("snapshot:\n  title: T\n", 1, 1, "missing 'entities:' list", id="no-entities"),
        pytest.param(
            "snapshot:\n  title: ''\nentities: []\n", 2, 10, "title is empty", id="empty-title"
        ),
        pytest.param(
            "snapshot:\n  title:\nentities: []\n", 2, 9, "title is empty", id="null-title"
        ),
        pytest.param(
            "snapshot:\n  title: T\n  kind: package\nentities: []\n",
            2,
            3,
            "needs 'package: N' and 'stage: draft|final'",
            id="package-without-number",
        ),
        pytest.param(
            "snapshot:\n  title: T\n  kind: package\n  package: 11\nentities: []\n",
            2,
            3,
            "needs 'package: N' and 'stage: draft|final'",
            id="package-without-stage",
        ),
        pytest.param(
            "snapshot:\n  title: T\n  package: eleven\nentities: []\n",
            3,
            12,
            "package 'eleven' is not a package number",
            id="package-not-number",
        ),
        pytest.param(
            "snapshot:\n  title: T\n  stage: adopted\nentities: []\n",
            3,
            10,
            "stage 'adopted' is not one of: draft, final",
            id="bad-stage",
        ),
        # entity fields
        pytest.param(HEAD + "- id: a\n", 4, 3, "entity has no name", id="missing-name"),
        pytest.param(HEAD + "- name:\n", 4, 8, "entity name is empty", id="empty-name"),
        pytest.param(HEAD + "- name: ''\n", 4, 9, "entity name is empty", id="empty-quoted-name"),
        pytest.param(
            HEAD + "- name: 1520\n",
            4,
            9,
            'name is read as a number, not text — quote it: "1520"',
            id="number-name",
        ),
        pytest.param(
            HEAD + "- name: yes\n", 4, 9, "name is read as a yes/no value", id="bool-name"
        ),
        pytest.param(
            HEAD + "- name: {a: 1}\n",
            4,
            9,
            "name must be a single value, not a mapping",
            id="mapping-name",
        ),
        pytest.param(
            HEAD + "- name: A\n  country: QQ\n", 5, 12, "unknown country 'QQ'", id="unknown-country"
        ),
        pytest.param(
            HEAD + "- name: A\n  type: company\n",
            5,
            9,
            "type 'company' is not one of: organization, person, vessel, aircraft",
            id="bad-type",
        ),
        pytest.param(
            HEAD + "- name: A\n  listed_on: 2023-13-01\n",
            5,
            14,
            "listed_on '2023-13-01' is not a date — write YYYY-MM-DD",
            id="month-13",
        ),
        pytest.param(
            HEAD + "- name: A\n  listed_on: 23.6.2023\n",
            5,
            14,
            "listed_on '23.6.2023' is not a date",
            id="journal-date",
        ),
        pytest.param(
            HEAD + "- name: A\n  listed_on: 2023-6-23\n",
            5,
            14,
            "listed_on '2023-6-23' is not a date",
            id="short-date",
        ),
        pytest.param(
            HEAD + "- name: A\n  listed_on: 20230623\n",
            5,
            14,
            "listed_on '20230623' is not a date",
            id="compact-date",
        ),
        pytest.param(
            HEAD + "- name: A\n  identifiers:\n  - {type: INN}\n",
            6,
            5,
            "needs both 'type' and 'value'",
            id="identifier-no-value",
        ),
        pytest.param(
            HEAD + "- id: a\n  name: A\n- id: a\n  name: B\n",
            6,
            3,
            "duplicate id 'a' (first on line 4)",
            id="duplicate-id",
        ),
        pytest.param(
            HEAD + "- id: 12\n  name: A\n- id: '12'\n  name: B\n",
            6,
            3,
            "duplicate id '12' (first on line 4)",
            id="duplicate-id-quoted",
        ),
        # unsafe YAML
        pytest.param(
            HEAD + "- name: !!python/object:os.system A\n",
            4,
            9,
            "tag tag:yaml.org,2002:python/object:os.system is not allowed",
            id="python-tag",
        ),
        pytest.param(
            HEAD + "- !!python/object/apply:os.system [echo hi]\n",
            4,
            3,
            "python/object/apply:os.system is not allowed",
            id="python-apply-tag",
        ),
        pytest.param(
            HEAD + "- name: !custom A\n", 4, 9, "tag !custom is not allowed", id="local-tag"
        ),
        # an alias is the node its anchor names, so the problem points at the anchored node
        pytest.param(
            HEAD + "- &x\n  name: A\n- *x\n",
            4,
            3,
            "anchors and aliases (&name / *name) are not allowed",
            id="aliased-entity",
        ),
        pytest.param(
            HEAD + "- name: &n A\n  aliases: [*n]\n",
            4,
            9,
            "anchors and aliases",
            id="aliased-scalar",
        ),
        # empty documents
        pytest.param("", 1, 1, "empty file", id="empty-file"),
        pytest.param("# nothing here\n\n", 1, 1, "empty file", id="comments-only"),
    ],
)
def test_problem_position(
    yaml_loader: type[yaml.SafeLoader], text: str, line: int, col: int, fragment: str
) -> None:
    [problem] = problems_of(text)
    assert (problem.path, problem.line, problem.column) == ("f.yaml", line, col)
    assert fragment in problem.message
    assert str(problem) == f"f.yaml:{line}:{col}: {problem.message}"
    assert "\n" not in problem.message


def test_control_character_is_located(yaml_loader: type[yaml.SafeLoader]) -> None:
    # A NUL (or other control character) pasted into a value: pyyaml raises a ReaderError,
    # which carries a character offset rather than a mark.
    [problem] = problems_of("snapshot:\n  title: T\x00\nentities: []\n")
    assert (problem.line, problem.column) == (2, 11)
    assert "\n" not in problem.message


def test_all_problems_reported_sorted(yaml_loader: type[yaml.SafeLoader]) -> None:
    text = (
        "snapshot:\n"  # 1
        "  title: T\n"  # 2
        "  kind: package\n"  # 3
        "  package: 11\n"  # 4
        "  stage: final\n"  # 5
        "  stage: draft\n"  # 6  duplicate key
        "entities:\n"  # 7
        "- name: 1520\n"  # 8  number as name
        "  country: QQ\n"  # 9  unknown country
        "  listed_on: 23.6.2023\n"  # 10 bad date
        "- name: B\n"  # 11
        "  alias: x\n"  # 12 unknown key
        "- id: z\n"  # 13
        "  name: C\n"  # 14
        "- id: z\n"  # 15 duplicate id
        "  name: D\n"  # 16
    )
    found = problems_of(text)
    assert [(p.line, p.column) for p in found] == [
        (6, 3),
        (8, 9),
        (9, 12),
        (10, 14),
        (12, 3),
        (15, 3),
    ]
    assert found == sorted(found, key=lambda p: (p.line, p.column))


def test_billion_laughs_is_refused_quickly(yaml_loader: type[yaml.SafeLoader]) -> None:
    # Nine levels of ten aliases each: 10**9 strings if expanded.
    parts = [
        HEAD,
        '- name: A\n  aliases: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n',
    ]
    for level in range(1, 10):
        refs = ", ".join([f"*a{level - 1}"] * 10)
        parts.append(f"- name: N{level}\n  aliases: &a{level} [{refs}]\n")
    # Refused without expanding anything: one problem per anchored node (the same node
    # reached again through each alias is reported once).
    found = problems_of("".join(parts))
    assert len(found) == 9
    assert all("anchors and aliases" in p.message for p in found)


def test_billion_laughs_under_unknown_key_is_refused(yaml_loader: type[yaml.SafeLoader]) -> None:
    lines = ["lol0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"]
    for level in range(1, 10):
        lines.append(f"lol{level}: &a{level} [{', '.join([f'*a{level - 1}'] * 10)}]\n")
    found = problems_of("".join(lines) + HEAD)
    assert [(p.line, p.column) for p in found[:2]] == [(1, 1), (2, 1)]
    assert "unknown key 'lol0' in the file" in found[0].message


# -- what YAML's implicit typing must not do ---------------------------------------------------


def test_scalars_are_read_as_written() -> None:
    snapshot = parse_snapshot(
        HEAD + "- id: 0123\n"
        "  name: Norsk AS\n"
        "  country: NO\n"
        "  identifiers:\n"
        "  - {type: Org.nr, value: 0012}\n"
        "  - {type: INN, value: 7721758555}\n"
        "  listed_on: 2023-06-23\n"
        "- id: 1e3\n"
        "  name: B\n"
        "  listed_on: '2023-06-23'\n"
        "- id: 0x1F\n"
        "  name: C\n"
        "- id: 1_000\n"
        "  name: D\n"
        "- id: 2023-01-01\n"
        "  name: E\n"
        "- id: 1.0\n"
        "  name: F\n"
        "- id: 1.00\n"
        "  name: G\n",
        "f.yaml",
    )
    first = snapshot.entities[0]
    assert first.id == "0123"
    assert first.country == "NO"
    assert first.identifiers == (Identifier("Org.nr", "0012"), Identifier("INN", "7721758555"))
    assert first.listed_on == dt.date(2023, 6, 23)
    assert [e.id for e in snapshot.entities] == [
        "0123",
        "1e3",
        "0x1F",
        "1_000",
        "2023-01-01",
        "1.0",
        "1.00",
    ]
    assert snapshot.entities[1].listed_on == dt.date(2023, 6, 23)
    assert [e.line for e in snapshot.entities] == [4, 11, 14, 16, 18, 20, 22]


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("RU", "RU"),
        ("ru", "RU"),
        ("Russian Federation", "RU"),
        ("'Republic of Türkiye'", "TR"),
        ("AN", "AN"),
        ("YU", "YU"),
        ("SU", "SU"),
        ("XK", "XK"),
        ("NO", "NO"),
        ("HKG", "HK"),
    ],
)
def test_country_forms_accepted(written: str, code: str) -> None:
    snapshot = parse_snapshot(HEAD + f"- name: A\n  country: {written}\n", "f.yaml")
    assert snapshot.entities[0].country == code


@pytest.mark.parametrize("entities", ["entities: []\n", "entities:\n"])
def test_no_entities_is_valid(entities: str) -> None:
    snapshot = parse_snapshot("snapshot:\n  title: Empty\n" + entities, "f.yaml")
    assert snapshot.entities == ()
    assert snapshot.meta.title == "Empty"
    assert snapshot.meta.kind is SnapshotKind.CONSOLIDATED
    assert snapshot.meta.coverage is Coverage.COMPLETE


def test_single_strings_become_lists() -> None:
    snapshot = parse_snapshot(
        "snapshot:\n  title: T\n  sources: OJ L 159I\nentities:\n"
        "- name: A\n  aliases: B\n  addresses: Damascus, Syrian Arab Republic\n",
        "f.yaml",
    )
    assert snapshot.meta.sources == ("OJ L 159I",)
    assert snapshot.entities[0].aliases == ("B",)
    assert snapshot.entities[0].addresses == ("Damascus, Syrian Arab Republic",)


# -- files ---------------------------------------------------------------------------------


DOC = HEAD + '- name: |\n    Alpha\n    Beta\n  aliases:\n  - "one\n    two"\n  country: RU\n'


@pytest.mark.parametrize(
    "data",
    [
        DOC.encode(),
        b"\xef\xbb\xbf" + DOC.encode(),
        DOC.replace("\n", "\r\n").encode(),
        b"\xef\xbb\xbf" + DOC.replace("\n", "\r\n").encode(),
    ],
    ids=["plain", "bom", "crlf", "bom+crlf"],
)
def test_bom_and_crlf_load(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "s.yaml"
    path.write_bytes(data)
    [entity] = load_snapshot(path).entities
    assert entity.name == "Alpha\nBeta"
    assert entity.aliases == ("one two",)
    assert entity.country == "RU"
    assert entity.line == 4


@pytest.mark.parametrize(
    "data",
    [
        (HEAD + "- name: A\n  country: QQ\n").encode(),
        b"\xef\xbb\xbf" + (HEAD + "- name: A\n  country: QQ\n").encode(),
        (HEAD + "- name: A\n  country: QQ\n").replace("\n", "\r\n").encode(),
    ],
    ids=["plain", "bom", "crlf"],
)
def test_bom_and_crlf_keep_positions(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "s.yaml"
    path.write_bytes(data)
    [problem] = load_problems(path, "s.yaml")
    assert str(problem).startswith("s.yaml:5:12: unknown country 'QQ'")


@pytest.mark.parametrize(
    ("data", "line", "col"),
    [
        (b"snapshot:\n  title: T\nentities:\n- name: A\xff\n", 4, 10),
        (b"\xffsnapshot:\n", 1, 1),
        (b"snapshot:\n  title: T\n\xffentities: []\n", 3, 1),
        (b"\xef\xbb\xbfab\xff\n", 1, 3),
        # With a BOM the decoder's offset excludes the BOM's three bytes.
        (b"\xef\xbb\xbfsnapshot:\n  title: T\n\xffentities: []\n", 3, 1),
        (b"\xef\xbb\xbfsnapshot:\n\xff", 2, 1),
        ("snapshot:\n  title: T\n".encode("utf-16"), 1, 1),
    ],
    ids=["in-name", "first-byte", "line-start", "bom-line-1", "bom-line-3", "bom-line-2", "utf-16"],
)
def test_invalid_utf8_is_located(tmp_path: Path, data: bytes, line: int, col: int) -> None:
    path = tmp_path / "s.yaml"
    path.write_bytes(data)
    [problem] = load_problems(path, "s.yaml")
    assert str(problem) == f"s.yaml:{line}:{col}: not UTF-8 text — save the file as UTF-8"


def test_directory_is_refused(tmp_path: Path) -> None:
    [problem] = load_problems(tmp_path)
    assert str(problem) == f"{tmp_path}:1:1: is a directory — give a snapshot file"


@pytest.mark.parametrize("origin", [None, "eu-13-final"])
def test_missing_file_is_refused(tmp_path: Path, origin: str | None) -> None:
    path = tmp_path / "nope.yaml"
    [problem] = load_problems(path, origin)
    assert problem.path == (origin or str(path))
    assert (problem.line, problem.column) == (1, 1)
    assert "no such file" in problem.message


def test_origin_names_the_file_in_problems(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(HEAD + "- name: A\n  listed_on: 2023-13-01\n", encoding="utf-8")
    [problem] = load_problems(path, "my-list")
    assert str(problem).startswith("my-list:5:14: listed_on '2023-13-01'")


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("  - name: A\n    aliases: [B, '']\n", 5),
        ("  - name: A\n    aliases:\n      - B\n      -\n", 7),
    ],
)
def test_an_empty_alias_is_reported_not_dropped(text: str, line: int) -> None:
    with pytest.raises(InputError) as error:
        parse_snapshot("snapshot:\n  title: T\nentities:\n" + text, "f.yaml")
    assert [p.message for p in error.value.problems] == ["empty item in aliases — remove it"]
    assert error.value.problems[0].line == line
