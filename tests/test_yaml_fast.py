"""The fast path (yaml-rs) must give exactly what the reference reader (pyyaml nodes) gives,
or step aside: it may never accept a file differently."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sanctions_diff.bundled import bundled_names, resolve
from sanctions_diff.errors import InputError
from sanctions_diff.formats import yaml_fast
from sanctions_diff.formats.loader import parse_nodes, parse_snapshot, typed_by_yaml11
from sanctions_diff.formats.schema import ReportGiven
from sanctions_diff.formats.yaml_fast import entity_items, entity_lines, parse_fast

HEAD = "snapshot:\n  title: T\nentities:\n"


@pytest.mark.parametrize("name", bundled_names())
def test_fast_path_equals_reference_on_bundled_lists(name: str) -> None:
    text = resolve(name).read_text(encoding="utf-8")
    fast = parse_fast(text, name, typed_by_yaml11)
    assert fast is not None, "a bundled list should take the fast path"
    assert fast == parse_nodes(text, name)


GOOD = [
    HEAD + "  - name: Tordan Industry Limited\n    country: NO\n",
    HEAD
    + "  # a comment\n\n  - id: eu-1\n    name: A\n    aliases: [B, C]\n  - name: D\n    listed_on: 2023-06-23\n",
    HEAD + "- name: Unindented sequence\n  identifiers:\n    - {type: INN, value: '7721758555'}\n",
    "snapshot:\n  title: T\n  kind: package\n  package: 11\n  stage: draft\n  coverage: partial\nentities: []\n",
    HEAD
    + "  - name: A\n    reason: 'Exports to the UK &US, and *not* elsewhere'\n    birth_dates: [1976-07-25, '1965']\n",
    HEAD + "  - name: Research & Production Company Prima\n    source: 'Annex IV entry 551'\n",
    # quick lists: no header, or no title, or a bare list of entities
    "entities:\n  - name: Tordan Industry Limited\n    country: HK\n",
    "snapshot:\n  coverage: partial\nentities:\n  - name: Tordan Industry Limited\n",
    "- name: Tordan Industry Limited\n  country: HK\n- name: Asia Pacific Links Ltd.\n",
]


@pytest.mark.parametrize("text", GOOD)
def test_fast_path_takes_well_formed_files_and_agrees(text: str) -> None:
    fast = parse_fast(text, "f.yaml", typed_by_yaml11)
    assert fast is not None
    assert fast == parse_nodes(text, "f.yaml")


# Each of these must leave the decision to the reference reader.
STEP_ASIDE = {
    "id with a leading zero": HEAD + "  - id: 0123\n    name: A\n",
    "YAML 1.1 boolean as a name": HEAD + "  - name: yes\n",
    "quoted yes is fine but indistinguishable": HEAD + "  - name: 'yes'\n",
    "number as a name": HEAD + "  - name: 1520\n",
    "anchor and alias": HEAD + "  - &a {name: A}\n  - *a\n",
    "anchor behind an explicit key": HEAD + "  - ? &k name\n    : A\n  - ? *k\n    : B\n",
    "custom tag": HEAD + "  - name: !custom A\n",
    "duplicate key": HEAD + "  - name: A\n    name: B\n",
    "unknown key": HEAD + "  - name: A\n    alias: [B]\n",
    "unknown country": HEAD + "  - name: A\n    country: QQ\n",
    "bad date": HEAD + "  - name: A\n    listed_on: 23.6.2023\n",
    "duplicate id": HEAD + "  - {id: x, name: A}\n  - {id: x, name: B}\n",
    "flow-style entities": "snapshot: {title: T}\nentities: [{name: A}, {name: B}]\n",
    "syntax error": HEAD + "  - name: [A\n",
    "sexagesimal": HEAD + "  - name: 12:30\n",
    "package number in flow style": "snapshot: {title: T, kind: package, package: 11, stage: draft}\nentities: []\n",
    "package number in hex": "snapshot:\n  title: T\n  kind: package\n  package: 0x0B\n  stage: final\nentities: []\n",
    "package number of seven digits": "snapshot:\n  title: T\n  kind: package\n  package: 1234567\n  stage: final\nentities: []\n",
    "package number with leading zeros past six digits": "snapshot:\n  title: T\n  kind: package\n  package: 0000011\n  stage: final\nentities: []\n",
    "identifiers empty text": HEAD + "  - name: A\n    identifiers: ''\n",
    "NUL in a name": HEAD + "  - name: Tordan Industry\x00 Limited\n",
    "NEL in a quoted name": HEAD + '  - name: "Foo\x85Bar"\n',
    "line separator": HEAD + "  - name: 'Foo\u2028Bar'\n  - name: B\n",
    "item on the next line": HEAD + "  -\n    name: A\n",
    "two documents": HEAD + "  - name: A\n---\n" + HEAD,
    "bare list, item on the next line": "-\n  name: A\n- name: B\n",
    "bare list in flow style": "[{name: A}, {name: B}]\n",
    "bare list of names": "- Tordan Industry Limited\n",
    "a report": '{"schema_version": "1", "old": {}, "new": {}, "changes": []}\n'.replace(
        "{}", "{\n}"
    ),
}


@pytest.mark.parametrize("text", STEP_ASIDE.values(), ids=STEP_ASIDE.keys())
def test_fast_path_steps_aside(text: str) -> None:
    try:
        assert parse_fast(text, "f.yaml", typed_by_yaml11) is None
    except ReportGiven as given:
        # The one error the fast path raises is the reference reader's own.
        with pytest.raises(ReportGiven) as reference:
            parse_nodes(text, "f.yaml")
        assert given.problems == reference.value.problems


def test_whatever_path_is_taken_the_result_is_the_reference() -> None:
    for text in [*GOOD, *STEP_ASIDE.values()]:
        try:
            expected: object = parse_nodes(text, "f.yaml")
        except InputError as exc:
            expected = exc.lines()
        try:
            got: object = parse_snapshot(text, "f.yaml")
        except InputError as exc:
            got = exc.lines()
        assert got == expected


def test_entity_lines_finds_each_item_start() -> None:
    text = HEAD + "  - name: A\n    aliases:\n      - B\n  # comment\n  - name: C\nother: 1\n"
    assert entity_lines(text) == [4, 8]


ITEM_LAYOUTS = [
    HEAD + "  - name: A\n    aliases:\n      - B\n  # comment\n  - name: C\n",
    HEAD + "- name: A\n  aliases:\n  - B\n- name: C\nother: 1\n",
    HEAD + "- name: A\n\n# comment at column 0\n- name: C\n  reason: >-\n    - not an item\n",
    "entities:\n- {name: A}\n- {name: B}\nsnapshot:\n  title: T\n",
]


@pytest.mark.parametrize(
    "text", ITEM_LAYOUTS + [resolve(n).read_text(encoding="utf-8") for n in bundled_names()[:3]]
)
def test_entity_items_are_where_pyyaml_puts_the_items(text: str) -> None:
    import yaml

    root = yaml.compose(text)
    entities = next(value for key, value in root.value if key.value == "entities")
    expected = [item.start_mark.line + 1 for item in entities.value]
    items, end = entity_items(text)
    assert [line for line, _ in items] == expected
    starts = [0] + [k + 1 for k, ch in enumerate(text) if ch == "\n"]
    assert [offset for _, offset in items] == [starts[line - 1] for line in expected]
    # The block ends at the next top-level key, or at the end of the text.
    after = next(k for k, key in enumerate(root.value) if key[0].value == "entities") + 1
    expected_end = (
        starts[root.value[after][0].start_mark.line] if after < len(root.value) else len(text)
    )
    assert end == expected_end


BARE_LAYOUTS = [
    "- name: A\n  aliases:\n  - B\n# comment at column 0\n- name: C\n",
    "# a quick list\n\n  - name: A\n    aliases: [B]\n  - name: C\n",
    "-   name: A\n- {name: B}\n- name: C\n  reason: >-\n    - not an item\n",
]


@pytest.mark.parametrize("text", BARE_LAYOUTS)
def test_entity_items_of_a_bare_list_are_where_pyyaml_puts_them(text: str) -> None:
    import yaml

    root = yaml.compose(text)
    expected = [item.start_mark.line + 1 for item in root.value]
    items, end = entity_items(text)
    assert [line for line, _ in items] == expected
    starts = [0] + [k + 1 for k, ch in enumerate(text) if ch == "\n"]
    assert [offset for _, offset in items] == [starts[line - 1] for line in expected]
    assert end == len(text)


@pytest.mark.parametrize(
    "value",
    [
        "yes",
        "No",
        "~",
        "null",
        "12",
        "0x1F",
        "1_000",
        "12:30",
        "2001-12-14 21:59:43.10 -5",
        "2001-12-14",
        "Tordan Industry",
        "Yes we can",
        "1.5",
        ".inf",
        "Off",
        "on",
        "190:20:30",
        "+12",
        "1e3",
        "3HC Semiconductors",
        "NO",
        "y",
        "2001-12-14t21:59:43.10-05:00",
    ],
)
def test_yaml11_typing_check_agrees_with_pyyaml(value: str) -> None:
    import yaml

    node = yaml.compose("a: " + value).value[0][1]
    assert typed_by_yaml11(value) == (node.tag != "tag:yaml.org,2002:str")


@pytest.mark.parametrize(
    "text",
    [
        HEAD + "- name: A\n-\n  name: B\n",  # an item starting on the next line
        HEAD + "- name: A\n- # a comment where the value should be\n",
        HEAD + "- name: A\n-name: B\n",  # not "- "
        HEAD + "other: 1\n- name: A\n",  # no item inside the block
    ],
)
def test_entity_items_are_none_unless_every_item_is_plainly_one_per_line(text: str) -> None:
    assert entity_items(text)[0] == []


# Every character the two parsers read differently, as a character class: the reference the
# byte-level search in yaml_fast must agree with.
DISPUTED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\r\u2028\u2029\ufeff\ufffe\uffff]")
# Their neighbours in UTF-8 (same lead bytes: « » – “ ” ‘ ’ … № ï ￼), Cyrillic, and them.
NEAR = "«»–—“”‘’…№ï\u00a0\u00bf\u00c0\u2027\u202a\u2030\ufefe\ufffd\ufffc\u0100ООО Ромашка\t\n"
ODD = {chr(c) for c in range(0x20)} | set("\x7f\x80\x85\x9f\xa0\u2028\u2029\ufeff\ufffe\uffff")
TEXT = st.text(alphabet=st.sampled_from(sorted(set(NEAR) | ODD)), max_size=30)


@given(st.lists(TEXT, max_size=4).map("".join))
def test_disputed_characters_are_found_as_the_character_class_finds_them(text: str) -> None:
    assert yaml_fast._has_disputed_characters(text) == (DISPUTED.search(text) is not None)


def test_each_disputed_character_is_found_among_real_names() -> None:
    name = "ООО «Джиэфкей Логистикс» – Tordan Industry Limited № 7\n"
    assert not yaml_fast._has_disputed_characters(name * 50)
    for code in [*range(0x20), *range(0x7F, 0xA0), 0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF]:
        if chr(code) in "\t\n":
            continue
        assert yaml_fast._has_disputed_characters(name * 20 + chr(code) + name), hex(code)
