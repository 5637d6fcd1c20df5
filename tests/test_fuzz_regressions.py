"""Inputs that the bad-input corpus, the property tests or the fuzz targets (tests/fuzz/) found
to break a contract, kept as plain tests so that they are checked on every run.

Each test asserts the correct behaviour: a problem ``path:line:col`` (InputError), never an
exception of another kind; nothing lost; output independent of input order and of which side
is old.
"""

from __future__ import annotations

import io
import json

import pytest

from sanctions_diff.analysis.diff import diff
from sanctions_diff.errors import InputError, Problem
from sanctions_diff.formats.jsonl import read_jsonl
from sanctions_diff.formats.loader import parse_snapshot
from sanctions_diff.render.data import render_json

HEADER = '{"snapshot": {"title": "T"}}\n'


def parse_jsonl(text: str, path: str) -> object:
    """JSON Lines read as from a file (lines keep their "\\n")."""
    return read_jsonl(io.BytesIO(text.encode("utf-8")), path)


def problems(parse: object, text: str, path: str) -> list[Problem]:
    with pytest.raises(InputError) as error:
        parse(text, path)  # type: ignore[operator]
    return error.value.problems


# -- crashes: an exception other than InputError escaped the loader ----------------------------


def test_yaml_package_number_over_4300_digits() -> None:
    # int() refuses more than 4300 digits (CVE-2020-10735 limit): ValueError, "internal error".
    text = "snapshot:\n  title: T\n  package: " + "9" * 5000 + "\nentities: []\n"
    found = problems(parse_snapshot, text, "f.yaml")
    assert [(p.line, p.column) for p in found] == [(3, 12)]
    assert "package" in found[0].message


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (HEADER + '{"name": "Acme", "listed_on": ' + "9" * 5000 + "}\n", 2),
        ('{"snapshot": {"title": "T", "package": ' + "9" * 5000 + "}}\n", 1),
        (HEADER + '{"name": "Acme", "aliases": [' + "1" * 4301 + "]}\n", 2),
    ],
    ids=["entity-field", "header-package", "in-a-list"],
)
def test_jsonl_integer_over_4300_digits(text: str, line: int) -> None:
    # json.loads raises ValueError (not JSONDecodeError) for such a number.
    found = problems(parse_jsonl, text, "f.jsonl")
    assert [p.line for p in found] == [line]


def test_jsonl_deep_nesting() -> None:
    # json.loads recurses per level: RecursionError near 1,000 levels, "internal error".
    text = HEADER + "[" * 100_000 + "]" * 100_000 + "\n" + '{"name": "Acme"}\n'
    found = problems(parse_jsonl, text, "f.jsonl")
    assert [p.line for p in found] == [2]


# -- wrong answers ---------------------------------------------------------------------------


def test_jsonl_duplicate_key_is_refused_not_last_wins() -> None:
    # json.loads keeps the last of two equal keys: "Acme" vanished without a word, where the
    # YAML reader reports duplicate keys.
    found = problems(parse_jsonl, HEADER + '{"name": "Acme", "name": "Beta"}\n', "f.jsonl")
    assert [p.line for p in found] == [2]
    assert "duplicate key 'name'" in found[0].message


def test_jsonl_error_at_the_end_of_a_line_has_its_column() -> None:
    # The line is decoded with its "\n", so an error at its end was reported at column 1.
    found = problems(parse_jsonl, HEADER + '{"name": "Acme",\n', "f.jsonl")
    assert [(p.line, p.column) for p in found] == [(2, 17)]


def test_order_of_look_alikes_does_not_follow_the_input_order() -> None:
    # Two entities with the same name, no id and no country were sorted by line: shuffling
    # the input reordered the JSON report.
    one = "- name: Acme\n  aliases: [One]\n"
    two = "- name: Acme\n  aliases: [Two]\n"
    head = "snapshot:\n  title: T\nentities:\n"
    empty = parse_snapshot(head.replace("entities:\n", "entities: []\n"), "b.yaml")
    first = render_json(diff(parse_snapshot(head + one + two, "a.yaml"), empty), True)
    second = render_json(diff(parse_snapshot(head + two + one, "a.yaml"), empty), True)
    assert first == second
    assert [c["old"]["aliases"] for c in json.loads(first)["changes"]] == [["One"], ["Two"]]


MIRROR_A = """snapshot: {title: EU list}
entities:
- name: Trust
- name: Trust
- name: Trust
  country: RU
- id: eu-833-iv-1
  name: Trust
  country: RU
"""
MIRROR_B = """snapshot: {title: EU list}
entities:
- name: Trust
  identifiers: [{type: INN, value: "000000"}]
- name: Trust
- name: Trust
  country: RU
- name: Trust
"""


def test_diff_pairs_are_the_same_in_both_directions() -> None:
    # Found by test_properties.py::test_diff_mirrors_the_reverse_diff. Forward, A's "Trust, RU"
    # (no id) pairs with B's "Trust, RU" and A's "Trust, RU, eu-833-iv-1" with B's "Trust,
    # INN"; backward, B's "Trust, RU" pairs with A's eu-833-iv-1 instead: a tie broken
    # differently depending on which side is old.
    a, b = parse_snapshot(MIRROR_A, "a.yaml"), parse_snapshot(MIRROR_B, "b.yaml")
    forward = {(c.old.line, c.new.line) for c in diff(a, b).changes if c.old and c.new}
    backward = {(c.new.line, c.old.line) for c in diff(b, a).changes if c.old and c.new}
    assert forward == backward


@pytest.mark.parametrize("name", ["(", "()", "(—)"])
def test_a_name_of_brackets_pairs_with_itself(name: str) -> None:
    # Found by the fuzz target self_match (python -m tests.fuzz): an entity whose name is only
    # brackets was never paired, not even with the same entity in the other file (reported
    # removed + added). normalize.variants() drops every spelling that folds to nothing.
    text = f'snapshot:\n  title: T\nentities:\n- name: "{name}"\n'
    a, b = parse_snapshot(text, "a.yaml"), parse_snapshot(text, "b.yaml")
    assert [c.kind.value for c in diff(a, b).changes] == ["unchanged"]


def test_jsonl_first_line_null() -> None:
    # Found by the fuzz target loader_bytes: json "null" is read like a syntax error, but no
    # problem is recorded, so an InputError without problems escaped ("internal error").
    found = problems(parse_jsonl, 'null\n{"name": "Acme"}\n', "f.jsonl")
    assert [(p.line, p.column) for p in found] == [(1, 1)]


def test_jsonl_null_entity_line_is_reported_not_skipped() -> None:
    # The same cause: a "null" line among the entities was silently skipped.
    found = problems(parse_jsonl, HEADER + '{"name": "Acme"}\nnull\n', "f.jsonl")
    assert [(p.line, p.column) for p in found] == [(3, 1)]


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ('".\\n\\n!"\n', (1, 1)),
        (
            'snapshot:\n  title: T\nentities:\n- name: A\n  country: "QQ\\nx.yaml:1:1: forged"\n',
            (5, 12),
        ),
        ('snapshot:\n  title: T\nentities:\n- name: A\n  country: "\\e[2K\\rQQ"\n', (5, 12)),
    ],
    ids=["file-is-multiline-text", "newline-in-country", "escape-in-country"],
)
def test_values_quoted_in_problems_are_inert(text: str, where: tuple[int, int]) -> None:
    # Found by the fuzz target loader_bytes: a value quoted in a message kept its line breaks
    # (one problem printed as several lines, one of them a forged "path:line:col:") and its
    # terminal escapes (written raw to stderr).
    found = problems(parse_snapshot, text, "f.yaml")
    assert [(p.line, p.column) for p in found] == [where]
    assert all(ord(c) >= 32 for c in found[0].message), repr(found[0].message)


def test_line_separator_in_a_key_is_inert() -> None:
    # Found by test_properties (no exception escapes the CLI): a JSON key holding U+2028,
    # quoted in "unknown key ...", split the message into two lines for str.splitlines and
    # for many viewers.
    found = problems(parse_jsonl, '{"snapshot": {"\u2028title": "EU list"}}\n', "f.jsonl")
    assert [(p.line, p.column) for p in found] == [(1, 1)]
    assert len(found[0].message.splitlines()) == 1, repr(found[0].message)
    assert "unknown key '\\u2028title' in snapshot" in found[0].message
