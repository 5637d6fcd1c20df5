"""Doubt is reported, not guessed: a near-miss the evidence did not allow to pair appears as
removed + added, each with its ``possible_match``, in every format (JSON valid against the
schema, JSON Lines, table, Markdown, GitHub annotations). The names are real: UN list
(RANA / RAGHAD SADDAM HUSSEIN AL-TIKRITI, sisters), OFAC (BICENTENARIO II / I, vessels)
and the 11th-package Annex IV (Tordan Industry)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from sanctions_diff.analysis.diff import ChangeKind, diff
from sanctions_diff.formats.loader import load_snapshot

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "schema" / "report-v1.json").read_text("utf-8"))

OLD = """snapshot:
  title: excerpt, old
entities:
  - name: RANA SADDAM HUSSEIN AL-TIKRITI
    type: person
    nationalities: [IQ]
  - name: BICENTENARIO II
    type: vessel
  - name: Tordan Industry
    country: HK
"""
NEW = """snapshot:
  title: excerpt, new
entities:
  - name: RAGHAD SADDAM HUSSEIN AL-TIKRITI
    type: person
    nationalities: [IQ]
  - name: BICENTENARIO I
    type: vessel
  - name: Tordan Industry Limited
    country: HK
"""


@pytest.fixture()
def files(tmp_path: Path) -> tuple[Path, Path]:
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(OLD, encoding="utf-8")
    new.write_text(NEW, encoding="utf-8")
    return old, new


def run(*args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "sanctions_diff", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
        env={"NO_COLOR": "1", "PATH": ""},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_report_holds_each_doubt_on_both_sides(files: tuple[Path, Path]) -> None:
    report = diff(load_snapshot(files[0]), load_snapshot(files[1]))
    assert dict(report.summary) == {
        ChangeKind.DROPPED: 0,
        ChangeKind.REMOVED: 2,
        ChangeKind.ADDED: 2,
        ChangeKind.CHANGED: 1,
        ChangeKind.UNCHANGED: 0,
    }
    doubts = {
        (c.entity.name, c.possible.entity.name, c.possible.reason)
        for c in report.changes
        if c.possible is not None
    }
    assert doubts == {
        ("BICENTENARIO II", "BICENTENARIO I", "numbers differ (old 2, new 1)"),
        ("BICENTENARIO I", "BICENTENARIO II", "numbers differ (old 2, new 1)"),
        (
            "RANA SADDAM HUSSEIN AL-TIKRITI",
            "RAGHAD SADDAM HUSSEIN AL-TIKRITI",
            "“raghad” has no counterpart in “RANA SADDAM HUSSEIN AL-TIKRITI”",
        ),
        (
            "RAGHAD SADDAM HUSSEIN AL-TIKRITI",
            "RANA SADDAM HUSSEIN AL-TIKRITI",
            "“raghad” has no counterpart in “RANA SADDAM HUSSEIN AL-TIKRITI”",
        ),
    }
    # A pair has no doubt attached.
    assert all(c.possible is None for c in report.changes if c.match is not None)


def test_json_gives_the_other_sides_id_name_score_and_reason(files: tuple[Path, Path]) -> None:
    report = json.loads(run("diff", str(files[0]), str(files[1]), "-f", "json"))
    assert list(Draft202012Validator(SCHEMA).iter_errors(report)) == []
    removed = {c["old"]["name"]: c["possible_match"] for c in report["changes"] if c["old"]}
    assert removed["BICENTENARIO II"] == {
        "id": None,
        "name": "BICENTENARIO I",
        "score": 80.0,
        "names": ["BICENTENARIO II", "BICENTENARIO I"],
        "reason": "numbers differ (old 2, new 1)",
    }
    assert removed["Tordan Industry"] is None  # paired
    for line in run("diff", str(files[0]), str(files[1]), "-f", "jsonl").splitlines():
        record = json.loads(line)
        if record["record"] == "change":
            assert "possible_match" in record


def test_a_pair_with_a_possible_match_breaks_the_schema() -> None:
    change = {
        "kind": "changed",
        "old": None,
        "new": None,
        "match": None,
        "fields": [],
        "old_partial": False,
        "new_partial": False,
        "possible_match": {
            "id": None,
            "name": "X",
            "score": 90.0,
            "names": ["X", "Y"],
            "reason": "r",
        },
    }
    schema = {**SCHEMA, "$ref": "#/$defs/change_fields"}
    schema = {k: v for k, v in schema.items() if k != "oneOf"}
    assert list(Draft202012Validator(schema).iter_errors(change))


@pytest.mark.parametrize("form", ["table", "markdown", "github"])
def test_every_human_format_says_possibly_the_same_as(files: tuple[Path, Path], form: str) -> None:
    text = run("diff", str(files[0]), str(files[1]), "-f", form)
    assert "possibly the same as “BICENTENARIO I” (score 80)" in " ".join(text.split())
    assert "not paired: numbers differ (old 2, new 1)" in " ".join(text.split())
