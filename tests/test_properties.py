"""Invariants of diff on generated snapshots (hypothesis).

Snapshots are generated from realistic parts (Latin, Cyrillic and other scripts, legal forms,
aliases, identifiers, countries, types, with or without ids; tests/fuzz/strategies.py) and
written as YAML with ``yaml.safe_dump``. Properties:

- conservation: every entity of both inputs is in exactly one change;
- ``diff(A, A)`` has only unchanged pairs; ``diff(A, B)`` mirrors ``diff(B, A)``;
- output is byte-identical across runs, input order shuffles and PYTHONHASHSEED values;
- JSON output parses and validates against schema/report-v1.json; JSON Lines has one line per
  change plus a header and a summary;
- nothing escapes the CLI for any input, random YAML-ish text and bytes included.

Most properties run in-process (parse + diff, or ``cli.main`` with capsys); only the hash-seed
check starts processes.
"""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

# tests/fuzz/ is found as "fuzz" because pytest puts tests/ on sys.path (rootdir-less test
# modules, the default "prepend" import mode); `python -m tests.fuzz` uses the same module.
from fuzz import strategies
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sanctions_diff import cli
from sanctions_diff.analysis.diff import ChangeKind, Report, diff, is_draft_to_final
from sanctions_diff.analysis.mistakes import likely_mistakes
from sanctions_diff.formats.loader import load_snapshot, parse_snapshot
from sanctions_diff.model import Entity, Snapshot
from sanctions_diff.render.data import entity_dict, render_json, render_jsonl

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_PATH = ROOT / "schema" / "report-v1.json"

PROPERTY = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def load(data: dict[str, Any], path: str) -> Snapshot:
    return parse_snapshot(strategies.to_yaml(data), path)


def key(entity: Entity | None) -> str:
    """An entity's content (everything the JSON shows), for comparing across runs."""
    assert entity is not None
    return json.dumps(entity_dict(entity), sort_keys=True, ensure_ascii=False)


def pairs(report: Report) -> Counter[tuple[str, str]]:
    return Counter((key(c.old), key(c.new)) for c in report.changes if c.old and c.new)


def only_old(report: Report) -> Counter[str]:
    return Counter(key(c.old) for c in report.changes if c.old and not c.new)


def only_new(report: Report) -> Counter[str]:
    return Counter(key(c.new) for c in report.changes if c.new and not c.old)


# -- conservation and symmetry -----------------------------------------------------------------


@given(strategies.snapshot_pairs())
@PROPERTY
def test_every_entity_is_in_exactly_one_change(pair: tuple[dict[str, Any], dict[str, Any]]) -> None:
    old, new = load(pair[0], "old.yaml"), load(pair[1], "new.yaml")
    assert len(old.entities) == len(pair[0]["entities"])  # the loader keeps every entity
    assert len(new.entities) == len(pair[1]["entities"])
    report = diff(old, new)
    for side, entities in (("old", old.entities), ("new", new.entities)):
        seen = Counter(id(getattr(c, side)) for c in report.changes if getattr(c, side))
        assert sorted(seen.values()) == [1] * len(entities), side
        assert set(seen) == {id(e) for e in entities}, side
    for change in report.changes:
        if change.old and change.new:
            assert change.kind in (ChangeKind.CHANGED, ChangeKind.UNCHANGED)
            assert (change.kind is ChangeKind.UNCHANGED) == (change.fields == ())
        elif change.old:
            gone = ChangeKind.DROPPED if is_draft_to_final(old, new) else ChangeKind.REMOVED
            assert change.kind is gone
        else:
            assert change.kind is ChangeKind.ADDED
    assert sum(report.summary.values()) == len(report.changes)
    assert Counter(c.kind for c in report.changes) == Counter(
        {k: n for k, n in report.summary.items() if n}
    )


@given(strategies.snapshots())
@PROPERTY
def test_a_snapshot_against_itself_is_all_unchanged(data: dict[str, Any]) -> None:
    first, second = load(data, "a.yaml"), load(data, "b.yaml")
    report = diff(first, second)
    assert [c.kind for c in report.changes] == [ChangeKind.UNCHANGED] * len(first.entities)
    # Each entity is paired with its own copy, not with a look-alike.
    assert all(c.old and c.new and c.old.line == c.new.line for c in report.changes)


# Found by this test (and kept in tests/test_fuzz_regressions.py): a tie between look-alikes
# broken differently depending on which side is old.
MIRROR_EXAMPLE = (
    {
        "snapshot": {"title": "EU list"},
        "entities": [
            {"name": "Trust"},
            {"name": "Trust"},
            {"name": "Trust", "country": "RU"},
            {"id": "eu-833-iv-1", "name": "Trust", "country": "RU"},
        ],
    },
    {
        "snapshot": {"title": "EU list"},
        "entities": [
            {"name": "Trust", "identifiers": [{"type": "INN", "value": "000000"}]},
            {"name": "Trust"},
            {"name": "Trust", "country": "RU"},
            {"name": "Trust"},
        ],
    },
)


@given(strategies.snapshot_pairs())
@example(MIRROR_EXAMPLE)
@PROPERTY
def test_diff_mirrors_the_reverse_diff(pair: tuple[dict[str, Any], dict[str, Any]]) -> None:
    a, b = load(pair[0], "a.yaml"), load(pair[1], "b.yaml")
    forward, backward = diff(a, b), diff(b, a)
    assert only_old(forward) == only_new(backward)
    assert only_new(forward) == only_old(backward)
    assert pairs(forward) == Counter({(n, o): k for (o, n), k in pairs(backward).items()})
    forward_scores = sorted(
        (key(c.old), key(c.new), c.match.score)
        for c in forward.changes
        if c.match and c.old and c.new
    )
    backward_scores = sorted(
        (key(c.new), key(c.old), c.match.score)
        for c in backward.changes
        if c.match and c.old and c.new
    )
    assert forward_scores == backward_scores


# -- determinism -----------------------------------------------------------------------------


# Found by this test (and kept in tests/test_fuzz_regressions.py): look-alikes sorted by line.
ORDER_EXAMPLE = (
    {
        "snapshot": {"title": "EU list"},
        "entities": [{"name": "Acme", "aliases": ["One"]}, {"name": "Acme", "aliases": ["Two"]}],
    },
    {"snapshot": {"title": "EU list"}, "entities": []},
)


@given(strategies.snapshot_pairs(), st.randoms(use_true_random=False))
@example(ORDER_EXAMPLE, random.Random(0))
@PROPERTY
def test_output_does_not_depend_on_runs_or_input_order(
    pair: tuple[dict[str, Any], dict[str, Any]], rnd: random.Random
) -> None:
    old, new = pair
    reference = render_json(diff(load(old, "a.yaml"), load(new, "b.yaml")), True)
    again = render_json(diff(load(old, "a.yaml"), load(new, "b.yaml")), True)
    assert again == reference
    old_order = list(range(len(old["entities"])))
    new_order = list(range(len(new["entities"])))
    orders = [(old_order[::-1], new_order[::-1])]
    rnd.shuffle(old_order)
    rnd.shuffle(new_order)
    orders.append((old_order, new_order))
    for old_order, new_order in orders:
        shuffled = render_json(
            diff(
                load(strategies.shuffled(old, old_order), "a.yaml"),
                load(strategies.shuffled(new, new_order), "b.yaml"),
            ),
            True,
        )
        assert shuffled == reference, (old_order, new_order)


@given(strategies.snapshot_pairs(max_entities=8))
@settings(PROPERTY, max_examples=3)
def test_output_is_identical_across_hash_seeds(pair: tuple[dict[str, Any], dict[str, Any]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "a.yaml").write_text(strategies.to_yaml(pair[0]), encoding="utf-8")
        (Path(tmp) / "b.yaml").write_text(strategies.to_yaml(pair[1]), encoding="utf-8")
        outputs = set()
        for seed in ("0", "4242"):
            for fmt in ("json", "table"):
                result = subprocess.run(
                    [sys.executable, "-m", "sanctions_diff", "diff", "a.yaml", "b.yaml", "-f", fmt],
                    capture_output=True,
                    cwd=tmp,
                    env={**os.environ, "PYTHONHASHSEED": seed, "NO_COLOR": "1"},
                    timeout=120,
                    check=False,
                )
                assert result.returncode == 0, result.stderr
                outputs.add((fmt, result.stdout))
        assert len(outputs) == 2, "the same inputs gave different output under another hash seed"


# -- the CLI's output ------------------------------------------------------------------------


def run_main(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """``cli.main`` in-process: exit code, stdout, stderr."""
    code: int | str | None = 0
    try:
        cli.main(list(args))
    except SystemExit as done:
        code = done.code
    out, err = capsys.readouterr()
    assert isinstance(code, int) or code is None, code
    return code or 0, out, err


def _validator(definition: str | None = None) -> Any:
    if not SCHEMA_PATH.exists():
        return None
    from jsonschema import Draft202012Validator

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    if definition is not None:
        schema = {k: v for k, v in schema.items() if k != "oneOf"}
        schema["$ref"] = f"#/$defs/{definition}"
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


REPORT_VALIDATOR = _validator()
RECORD_VALIDATOR = _validator("diff_record")


def test_the_report_schema_is_there() -> None:
    if REPORT_VALIDATOR is None:
        pytest.skip(f"{SCHEMA_PATH} is absent: JSON output is checked to parse, not validated")


@given(strategies.snapshot_pairs(), st.booleans())
@PROPERTY
def test_json_and_jsonl_output(
    capsys: pytest.CaptureFixture[str],
    pair: tuple[dict[str, Any], dict[str, Any]],
    include_unchanged: bool,
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        a, b = Path(tmp) / "a.yaml", Path(tmp) / "b.jsonl"
        a.write_text(strategies.to_yaml(pair[0]), encoding="utf-8")
        b.write_text(strategies.to_jsonl(pair[1]), encoding="utf-8")
        extra = ["--include-unchanged"] if include_unchanged else []
        code, out, err = run_main(capsys, "diff", str(a), str(b), "-f", "json", *extra)
        # Stderr holds nothing but the warnings of likely mistakes (swapped dates, two annexes).
        mistakes = likely_mistakes(load_snapshot(a, str(a)), load_snapshot(b, str(b)))
        warnings = "".join(f"warning: {m}\n" for m in mistakes)
        assert (code, err) == (0, warnings)
        report = json.loads(out)
        if REPORT_VALIDATOR is not None:
            problems = [e.message for e in REPORT_VALIDATOR.iter_errors(report)]
            assert problems == []
        assert report["old"]["entities"] == len(pair[0]["entities"])
        assert report["new"]["entities"] == len(pair[1]["entities"])
        summary = report["summary"]
        shown = sum(n for k, n in summary.items() if include_unchanged or k != "unchanged")
        assert len(report["changes"]) == shown
        paired = summary["changed"] + summary["unchanged"]
        assert summary["removed"] + summary["dropped"] + paired == report["old"]["entities"]
        assert summary["added"] + paired == report["new"]["entities"]

        code, out, err = run_main(capsys, "diff", str(a), str(b), "-f", "jsonl", *extra)
        assert (code, err) == (0, warnings)
        assert out.endswith("\n")
        records = [json.loads(line) for line in out.splitlines()]
        assert len(records) == len(report["changes"]) + 2
        assert [r["record"] for r in records] == ["header"] + ["change"] * shown + ["summary"]
        assert records[-1]["summary"] == summary
        assert [{k: v for k, v in r.items() if k != "record"} for r in records[1:-1]] == report[
            "changes"
        ]
        if RECORD_VALIDATOR is not None:
            for record in records:
                assert [e.message for e in RECORD_VALIDATOR.iter_errors(record)] == []


def test_jsonl_line_count_matches_render_functions() -> None:
    # The same property on the render functions directly, for the empty case.
    empty = load({"snapshot": {"title": "T"}, "entities": []}, "e.yaml")
    report = diff(empty, empty)
    assert render_jsonl(report, True).count("\n") == 2
    assert json.loads(render_json(report, True))["changes"] == []


# -- nothing escapes the CLI -----------------------------------------------------------------

_PROBLEM_LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): \S")
_MORE = re.compile(r"^.+: \d+ more problems? not shown — ")


def _check_cli_outcome(code: int, out: str, err: str, paths: tuple[str, ...]) -> None:
    assert code in (0, 1, 2), code
    assert "Traceback" not in err, err
    assert "internal error" not in err, err
    if code == 0:
        json.loads(out)
        return
    assert out == "", "nothing on stdout when failing"
    lines = err.splitlines()
    assert lines
    for line in lines:
        if _MORE.match(line):
            continue
        match = _PROBLEM_LINE.match(line)
        assert match and match.group("path") in paths, line


@given(
    st.one_of(strategies.hostile_bytes, strategies.hostile_text.map(str.encode)),
    st.sampled_from([".yaml", ".jsonl"]),
)
@settings(PROPERTY, max_examples=100)
def test_no_exception_escapes_the_cli(
    capsys: pytest.CaptureFixture[str], data: bytes, suffix: str
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"input{suffix}"
        path.write_bytes(data)
        code, out, err = run_main(capsys, "diff", str(path), "eu-12-draft", "-f", "json")
        _check_cli_outcome(code, out, err, (str(path),))


@given(strategies.mutated_snapshot_text(), strategies.snapshots(max_entities=4))
@settings(PROPERTY, max_examples=60)
def test_no_exception_escapes_the_cli_on_mutated_snapshots(
    capsys: pytest.CaptureFixture[str], text: str, other: dict[str, Any]
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        a, b = Path(tmp) / "a.yaml", Path(tmp) / "b.yaml"
        a.write_text(text, encoding="utf-8", errors="surrogatepass")
        b.write_text(strategies.to_yaml(other), encoding="utf-8")
        for args in (
            ("diff", str(a), str(b), "-f", "json"),
            ("diff", str(b), str(a), "-f", "json", "--fail-on", "added,removed"),
        ):
            code, out, err = run_main(capsys, *args)
            if code == 1:
                json.loads(out)  # --fail-on matched: the report was still written
                code = 0
            _check_cli_outcome(code, out, err, (str(a), str(b)))
