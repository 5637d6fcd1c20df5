"""Filters and the Markdown cut, tried with the real command on the bundled lists: --kind,
--country, --type on diff (history and search take --country and --type), the summary
still counting everything, --fail-on still judging every change; Markdown whole unless
asked or written to GitHub's step summary (issue 16)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sanctions_diff.cli import markdown_limit
from sanctions_diff.render.markdown import STEP_SUMMARY_BYTES

COMMAND = [sys.executable, "-m", "sanctions_diff"]
ELEVENTH = ["diff", "eu-11-draft", "eu-11-final"]


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*COMMAND, *args], capture_output=True, text=True, check=False, env=env)


def test_kind_and_country_narrow_what_is_shown_not_the_summary() -> None:
    result = run(*ELEVENTH, "--kind", "dropped", "--country", "China", "-f", "json")
    assert result.returncode == 0
    report = json.loads(result.stdout)
    assert sorted(c["old"]["name"] for c in report["changes"]) == [
        "3HC Semiconductors",
        "King-Pai Technology",
    ]
    assert report["summary"] == {
        "dropped": 4,
        "removed": 0,
        "added": 81,
        "changed": 3,
        "unchanged": 0,
    }
    assert report["selection"] == {
        "kinds": ["dropped"],
        "countries": ["CN"],
        "types": [],
        "shown": 2,
    }
    table = run(*ELEVENTH, "--kind", "dropped", "--country", "cn")
    assert "Showing only dropped, country CN: 2 of 88 changes" in table.stdout
    assert "Sigma Technology" not in table.stdout  # HK


def test_the_same_selection_in_every_format() -> None:
    args = [*ELEVENTH, "--kind", "dropped,added", "--country", "HK"]
    as_json = json.loads(run(*args, "-f", "json").stdout)
    lines = [json.loads(line) for line in run(*args, "-f", "jsonl").stdout.splitlines()]
    changes = [r for r in lines if r["record"] == "change"]
    assert [{k: v for k, v in c.items() if k != "record"} for c in changes] == as_json["changes"]
    markdown = run(*args, "-f", "markdown").stdout
    for change in as_json["changes"]:
        name = (change["old"] or change["new"])["name"]
        assert name in markdown


def test_type_filters_diff_history_and_search() -> None:
    persons = json.loads(
        run("diff", "eu-11-final-269", "eu-12-final-269", "--type", "person", "-f", "json").stdout
    )
    assert persons["changes"] and all(
        (c["old"] or c["new"])["type"] == "person" for c in persons["changes"]
    )
    history = json.loads(run("history", "--dropped", "--country", "CN", "-f", "json").stdout)
    names = {e["entity"]["name"] for e in history["entities"]}
    assert {"King-Pai Technology", "3HC Semiconductors", "CASIC"} <= names
    assert "Sigma Technology" not in names  # HK
    firms_only = json.loads(run("search", "Sevmash", "--type", "organization", "-f", "json").stdout)
    assert firms_only["hits"]
    assert (
        json.loads(run("search", "Sevmash", "--type", "person", "-f", "json").stdout)["hits"] == []
    )


def test_fail_on_judges_every_change_whatever_is_shown() -> None:
    # Only HK entities shown; something was dropped in CN too: --fail-on still sees it all.
    result = run(*ELEVENTH, "--country", "RU", "--fail-on", "dropped", "--stat")
    assert result.returncode == 1


def test_bad_filter_values_are_one_plain_line() -> None:
    unknown = run(*ELEVENTH, "--country", "Atlantis")
    assert unknown.returncode == 2
    assert unknown.stderr.startswith("--country: unknown country 'Atlantis' — use ISO 3166")
    kind = run(*ELEVENTH, "--kind", "gone")
    assert kind.returncode == 2
    assert (
        kind.stderr
        == "--kind: unknown kind 'gone' — use some of: dropped,removed,added,changed,unchanged\n"
    )


BIG = ["diff", "eu-annex-iv-after-9", "eu-annex-iv-after-20", "-f", "markdown"]


def test_markdown_is_whole_unless_asked(tmp_path: Path) -> None:
    whole = run(*BIG)
    assert "Truncated" not in whole.stdout
    written = tmp_path / "report.md"
    run(*BIG, "-o", str(written))
    assert written.read_text(encoding="utf-8") == whole.stdout
    cut = run(*BIG, "--max-bytes", "5000")
    assert len(cut.stdout.encode("utf-8")) <= 5000
    assert "**Truncated:**" in cut.stdout and "the limit of 5,000 bytes" in cut.stdout


def test_markdown_limit_is_githubs_only_for_the_step_summary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert markdown_limit(None, summary) == STEP_SUMMARY_BYTES
    assert markdown_limit(None, tmp_path / "report.md") is None
    assert markdown_limit(None, None) is None
    assert markdown_limit(4096, summary) == 4096
    monkeypatch.delenv("GITHUB_STEP_SUMMARY")
    assert markdown_limit(None, summary) is None


def test_kind_unchanged_shows_the_unchanged_pairs() -> None:
    result = run(
        "diff", "eu-annex-iv-after-19", "eu-annex-iv-after-20", "--kind", "unchanged", "-f", "json"
    )
    report = json.loads(result.stdout)
    assert len(report["changes"]) == report["summary"]["unchanged"] > 0
    assert {c["kind"] for c in report["changes"]} == {"unchanged"}


def test_a_quick_list_is_named_once(tmp_path: Path) -> None:
    old, new = tmp_path / "asked.yaml", tmp_path / "answered.yaml"
    old.write_text("entities:\n- {name: Tordan Industry Limited, country: HK}\n", encoding="utf-8")
    new.write_text("- {name: Tordan Industry, country: HK}\n", encoding="utf-8")
    result = subprocess.run(
        [*COMMAND, "diff", "asked.yaml", "answered.yaml"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.stdout.startswith("old: asked.yaml (1 entity)\nnew: answered.yaml (1 entity)\n")
