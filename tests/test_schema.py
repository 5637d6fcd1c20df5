"""schema/report-v1.json describes what the commands really write: real output of diff,
history, search and validate (JSON and every JSON Lines record) validates against it, and
output that breaks the contract does not."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

ROOT = Path(__file__).resolve().parent.parent
SCHEMA: dict[str, Any] = json.loads((ROOT / "schema" / "report-v1.json").read_text("utf-8"))


def validator(definition: str | None = None) -> Draft202012Validator:
    """The whole schema, or one of its $defs (with the other $defs in reach)."""
    schema = SCHEMA if definition is None else {**SCHEMA, "$ref": f"#/$defs/{definition}"}
    if definition is not None:
        schema = {k: v for k, v in schema.items() if k != "oneOf"}
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def output(*args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "sanctions_diff", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        timeout=300,
        check=False,
    )
    assert result.returncode in (0, 2), result.stderr  # validate exits 2 on errors
    return result.stdout


def errors(instance: object, definition: str | None = None) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message[:300]}"
        for e in validator(definition).iter_errors(instance)
    ]


def test_the_schema_is_valid_draft_2020_12() -> None:
    Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"


PAIRS = [
    ("eu-11-draft", "eu-11-final"),  # dropped, added (old partial), changed
    ("eu-12-draft", "eu-12-final"),
    ("eu-11-final", "eu-11-draft"),  # removed from a partial snapshot
    ("eu-10-final-269", "eu-11-final-269"),  # persons: birth dates, nationalities, reasons
    ("eu-annex-iv-after-11", "eu-annex-iv-after-12"),  # consolidated, with unchanged pairs
]


@pytest.mark.parametrize(("old", "new"), PAIRS)
def test_real_diff_reports_validate(old: str, new: str) -> None:
    report = json.loads(output("diff", old, new, "-f", "json", "--include-unchanged"))
    assert errors(report) == []
    assert errors(report, "diff_report") == []
    kinds = {change["kind"] for change in report["changes"]}
    assert kinds  # every pair has changes: the schema was exercised
    records = [json.loads(line) for line in output("diff", old, new, "-f", "jsonl").splitlines()]
    assert [r["record"] for r in records[:1] + records[-1:]] == ["header", "summary"]
    for record in records:
        assert errors(record, "diff_record") == [], record["record"]


def test_the_draft_to_final_report_exercises_every_conditional_branch() -> None:
    report = json.loads(output("diff", "eu-11-draft", "eu-11-final", "-f", "json"))
    assert {c["kind"] for c in report["changes"]} == {"dropped", "added", "changed"}
    assert any(c["old_partial"] for c in report["changes"])


def test_history_and_search_validate() -> None:
    history = json.loads(output("history", "--dropped", "-f", "json"))
    assert history["entities"] and errors(history) == []
    lines = output("history", "eu-12-draft", "eu-12-final", "eu-14-final", "-f", "jsonl")
    for line in lines.splitlines():
        assert errors(json.loads(line), "history_record") == []
    for query in ("Rakhmanov Aleksandr", "Кинг Пай", "7721758555"):
        hits = json.loads(output("search", query, "-f", "json"))
        assert hits["hits"] and errors(hits) == [], query
        for line in output("search", query, "-f", "jsonl").splitlines():
            assert errors(json.loads(line), "search_record") == []


def test_validate_json_validates(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("snapshot: {title: T}\nentities:\n  - {nam: X}\n", encoding="utf-8")
    report = json.loads(output("validate", str(bad), "lists/eu-12-final-269.yaml", "-f", "json"))
    assert {f["code"] for f in report["findings"]} == {"SD001", "SD101"}
    assert errors(report) == []


def test_the_schema_rejects_broken_reports() -> None:
    good = json.loads(output("diff", "eu-11-draft", "eu-11-final", "-f", "json"))
    assert errors(good) == []
    changed = next(k for k, c in enumerate(good["changes"]) if c["kind"] == "changed")
    dropped = next(k for k, c in enumerate(good["changes"]) if c["kind"] == "dropped")

    def broken(edit: str) -> dict[str, Any]:
        report = copy.deepcopy(good)
        if edit == "missing key":
            del report["changes"][changed]["new"]["country"]
        elif edit == "extra key":
            report["changes"][changed]["match"]["confidence"] = 1
        elif edit == "dropped with a new side":
            report["changes"][dropped]["new"] = report["changes"][changed]["new"]
        elif edit == "changed without fields":
            report["changes"][changed]["fields"] = []
        elif edit == "bad country":
            report["changes"][changed]["new"]["country"] = "Hong Kong"
        elif edit == "score over 100":
            report["changes"][changed]["match"]["score"] = 101
        elif edit == "unknown kind":
            report["changes"][changed]["kind"] = "renamed"
        elif edit == "summary key missing":
            del report["summary"]["unchanged"]
        return report

    for edit in (
        "missing key",
        "extra key",
        "dropped with a new side",
        "changed without fields",
        "bad country",
        "score over 100",
        "unknown kind",
        "summary key missing",
    ):
        assert errors(broken(edit)), edit
