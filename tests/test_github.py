"""CI output of diff: GitHub annotations (escaped, capped), Markdown that fits a step
summary, --output with --fail-on, and the composite action's script on a real git history."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from sanctions_diff.analysis.diff import diff
from sanctions_diff.bundled import lists_dir
from sanctions_diff.formats.loader import load_snapshot
from sanctions_diff.render.github import (
    ANNOTATIONS_PER_LEVEL,
    Annotation,
    Level,
    command,
    escape_data,
    escape_property,
)
from sanctions_diff.render.markdown import STEP_SUMMARY_BYTES, render_markdown

ROOT = Path(__file__).resolve().parent.parent


def run(
    *args: str, cwd: Path = ROOT, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sanctions_diff", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        env={**os.environ, **(env or {})},
        timeout=300,
        check=False,
    )


@pytest.mark.parametrize(
    ("text", "data", "prop"),
    [
        ("plain", "plain", "plain"),
        ("100%", "100%25", "100%25"),
        ("a\r\nb", "a%0D%0Ab", "a%0D%0Ab"),
        ("x: y, z", "x: y, z", "x%3A y%2C z"),
        ("%0A", "%250A", "%250A"),  # an escape sequence in the data stays text
    ],
)
def test_escaping_follows_githubs_rules(text: str, data: str, prop: str) -> None:
    assert escape_data(text) == data
    assert escape_property(text) == prop


def test_a_command_line_cannot_be_broken_by_its_data() -> None:
    line = command(
        Annotation(
            Level.WARNING,
            "two\nlines ::error::fake\x1b[31m",
            title="a, b: c",
            file="d,e.yaml",
            line=3,
        )
    )
    assert line == (
        "::warning file=d%2Ce.yaml,line=3,title=a%2C b%3A c::two lines ::error::fake\\x1b[31m"
    )
    assert "\n" not in line


def test_diff_annotations_point_at_the_entities_lines() -> None:
    result = run("diff", "eu-11-draft", "eu-11-final", "--format", "github")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    dropped = [line for line in lines if line.startswith("::warning ")]
    assert dropped[0] == (
        "::warning file=lists/eu-11-draft.yaml,line=13,title=sanctions-diff%3A dropped::"
        "Dropped: “3HC Semiconductors (eu-11-draft-1), CN” — in the draft eu-11-draft, "
        "left out of the final eu-11-final"
    )
    assert len(dropped) == 4
    changed = [line for line in lines if line.startswith("::notice file=")]
    assert len(changed) == 3
    assert any(
        line.startswith("::notice file=lists/eu-11-final.yaml,line=82,")
        and "“Tordan Industry (eu-11-draft-6), HK” → “Tordan Industry Limited "
        "(eu-833-iv-480), HK”: name, aliases, identifiers, addresses, listed_on"
        in line
        for line in changed
    )
    assert lines[-1] == (
        "::notice title=sanctions-diff::eu-11-draft → eu-11-final: "
        "4 dropped, 0 removed, 81 added, 3 changed, 0 unchanged"
    )
    # Each line number is the entity's start in the file, as the loader read it.
    for line in dropped + changed:
        match = re.search(r"file=([^,]+),line=(\d+)", line)
        assert match is not None
        path, number = ROOT / match.group(1), int(match.group(2))
        entities = load_snapshot(path).entities
        assert number in {e.line for e in entities}
        entity = next(e for e in entities if e.line == number)
        assert entity.name in line
        assert path.read_text("utf-8").splitlines()[number - 1].lstrip().startswith("- ")


def test_files_outside_the_current_directory_are_not_attached(tmp_path: Path) -> None:
    result = run("diff", "eu-12-draft", "eu-12-final", "-f", "github", cwd=tmp_path)
    assert result.returncode == 0
    first = result.stdout.splitlines()[0]
    assert first == (
        "::warning title=sanctions-diff%3A dropped::Dropped: “Aspan Arba (eu-12-draft-1), KZ” "
        "(eu-12-draft, line 13) — in the draft eu-12-draft, left out of the final eu-12-final"
    )


def test_warnings_are_capped_with_a_pointer_to_the_rest() -> None:
    result = run("diff", "eu-annex-iv-after-20", "eu-annex-iv-after-9", "-f", "github")
    lines = result.stdout.splitlines()
    commands = [line for line in lines if line.startswith("::")]
    assert [c.split(" ")[0] for c in commands] == ["::warning"] * ANNOTATIONS_PER_LEVEL + [
        "::notice"
    ]
    assert commands[-1] == (
        "::notice title=sanctions-diff::eu-annex-iv-after-20 → eu-annex-iv-after-9: "
        "0 dropped, 536 removed, 0 added, 0 changed, 385 unchanged; 526 more (526 warnings) "
        "not shown as annotations: they follow in this step's log, and `sanctions-diff diff "
        "eu-annex-iv-after-20 eu-annex-iv-after-9` reports them all"
    )
    rest = lines[len(commands) :]
    assert len(rest) == 526
    assert all(re.match(r"lists/eu-annex-iv-after-20\.yaml:\d+: Removed: “", r) for r in rest)


def _snapshot(entities: list[str], title: str = "T") -> str:
    return f"snapshot: {{title: {title}}}\nentities:\n" + "".join(entities)


def test_notices_leave_a_slot_for_the_summary_and_escape_names(tmp_path: Path) -> None:
    names = [f"Firm {w}" for w in "abcdefghijkl"] + ["100% Trade, Ltd"]
    old = [
        f"  - {{id: 'f-{k}', name: '{n}', listed_on: 2023-01-01}}\n" for k, n in enumerate(names)
    ]
    new = [
        f"  - {{id: 'f-{k}', name: '{n}', listed_on: 2024-01-01}}\n" for k, n in enumerate(names)
    ]
    (tmp_path / "old.yaml").write_text(_snapshot(old), encoding="utf-8")
    (tmp_path / "new.yaml").write_text(_snapshot(new), encoding="utf-8")
    result = run("diff", "old.yaml", "new.yaml", "-f", "github", cwd=tmp_path)
    lines = result.stdout.splitlines()
    notices = [line for line in lines if line.startswith("::notice")]
    assert len(notices) == ANNOTATIONS_PER_LEVEL
    assert notices[0] == (
        "::notice file=new.yaml,line=15,title=sanctions-diff%3A changed::"
        "Changed: “100%25 Trade, Ltd (f-12)”: listed_on"
    )
    assert notices[-1].endswith(
        "0 unchanged; 4 more (4 notices) not shown as annotations: they follow in this "
        "step's log, and `sanctions-diff diff old.yaml new.yaml` reports them all"
    )
    assert len(lines) == ANNOTATIONS_PER_LEVEL + 4


def test_markdown_is_cut_at_a_row_with_a_note() -> None:
    report = diff(
        load_snapshot(lists_dir() / "eu-11-draft.yaml", origin="eu-11-draft"),
        load_snapshot(lists_dir() / "eu-11-final.yaml", origin="eu-11-final"),
    )
    full = render_markdown(report, include_unchanged=False)
    cut = render_markdown(report, include_unchanged=False, max_bytes=3000)
    assert len(full.encode()) > 3000 >= len(cut.encode())
    body, note = cut.rsplit("\n\n> ", 1)
    assert full.startswith(body + "\n")  # a prefix of the full report, whole lines only
    tables = body.split("\n## ", 1)[1].splitlines()
    shown = sum(line.startswith("| ") and not line.startswith("| Name |") for line in tables)
    assert note == (
        f"**Truncated:** {88 - shown} of 88 changes are left out to fit the limit of 3,000 "
        "bytes; `sanctions-diff diff eu-11-draft eu-11-final -f json` (or `-f table`) gives "
        "the full report.\n"
    )


def test_markdown_of_a_huge_diff_fits_the_step_summary(tmp_path: Path) -> None:
    count = 15000
    new = [
        f"  - {{id: 'n-{k}', name: 'Entity {k} with a name long enough to fill a row of the table'}}\n"
        for k in range(count)
    ]
    (tmp_path / "old.yaml").write_text(_snapshot([]).replace("entities:\n", "entities: []\n"))
    (tmp_path / "new.yaml").write_text(_snapshot(new), encoding="utf-8")
    # Written to a file, the report is whole (issue 16: a 20k diff lost 1,197 changes).
    out = tmp_path / "report.md"
    result = run("diff", "old.yaml", "new.yaml", "-f", "markdown", "-o", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    whole = out.read_text("utf-8")
    assert len(whole.encode()) > STEP_SUMMARY_BYTES
    assert whole.count("| Entity ") == count and "Truncated" not in whole
    # Cut for a step summary when asked: at a row, with a note saying what is left out.
    report = diff(
        load_snapshot(tmp_path / "old.yaml", origin="old.yaml"),
        load_snapshot(tmp_path / "new.yaml", origin="new.yaml"),
    )
    data = render_markdown(report, include_unchanged=False, max_bytes=STEP_SUMMARY_BYTES)
    assert whole.startswith(data.rsplit("\n\n> ", 1)[0] + "\n")
    assert STEP_SUMMARY_BYTES - 300 < len(data.encode()) <= STEP_SUMMARY_BYTES
    note = data.rsplit("\n> ", 1)[1]
    left = int(note.split(" of ")[0].removeprefix("**Truncated:** ").replace(",", ""))
    rows = data.count("| Entity ")
    assert left + rows == count and note.startswith("**Truncated:** ")
    assert "changes are left out to fit GitHub's 1 MiB limit for a step summary" in note


@pytest.mark.parametrize(("fmt", "marker"), [("markdown", "## Dropped"), ("github", "::warning")])
def test_output_file_and_fail_on_together(tmp_path: Path, fmt: str, marker: str) -> None:
    out = tmp_path / "report"
    result = run(
        "diff", "eu-11-draft", "eu-11-final", "-f", fmt, "-o", str(out), "--fail-on", "dropped"
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert marker in out.read_text("utf-8")
    passing = run(
        "diff", "eu-11-draft", "eu-11-final", "-f", fmt, "-o", str(out), "--fail-on", "removed"
    )
    assert passing.returncode == 0


def _action_script() -> str:
    action = yaml.safe_load((ROOT / "action.yml").read_text("utf-8"))
    steps = action["runs"]["steps"]
    assert action["runs"]["using"] == "composite"
    assert "$GITHUB_ACTION_PATH" in steps[0]["run"]
    return str(steps[1]["run"])


@pytest.mark.skipif(
    shutil.which("git") is None or shutil.which("bash") is None, reason="needs git and bash"
)
def test_the_actions_script_on_a_real_history(tmp_path: Path) -> None:
    tool = Path(sys.executable).parent / "sanctions-diff"
    if not tool.exists():
        pytest.skip("the sanctions-diff script is not installed next to this interpreter")
    repo = tmp_path / "repo"
    (repo / "lists").mkdir(parents=True)
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)

    git("init", "-q")
    shutil.copy(lists_dir() / "eu-12-draft.yaml", repo / "lists" / "package.yaml")
    (repo / "README").write_text("one\n")
    git("add", ".")
    git("commit", "-q", "-m", "base")
    shutil.copy(lists_dir() / "eu-12-final.yaml", repo / "lists" / "package.yaml")
    shutil.copy(lists_dir() / "eu-11-draft.yaml", repo / "lists" / "new.yaml")
    (repo / "README").write_text("two\n")
    git("add", ".")
    git("commit", "-q", "-m", "head")
    summary = tmp_path / "summary.md"
    (tmp_path / "runner").mkdir()
    result = subprocess.run(
        ["bash", "-c", _action_script()],
        cwd=repo,
        env={
            **env,
            "PATH": f"{tool.parent}{os.pathsep}{env['PATH']}",
            "LISTS": "lists/**/*.yaml lists/*.yaml",
            "FAIL_ON": "dropped",
            "BASE_REF": "",
            "GITHUB_BASE_REF": "",
            "RUNNER_TEMP": str(tmp_path / "runner"),
            "GITHUB_STEP_SUMMARY": str(summary),
        },
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 1, result.stdout + result.stderr  # --fail-on dropped
    out = result.stdout
    assert "lists/new.yaml: new since HEAD^, nothing to diff against" in out
    assert "README" not in out
    dropped = [line for line in out.splitlines() if line.startswith("::warning title=")]
    assert len(dropped) == 2 and "Aspan Arba" in dropped[0]
    assert "::notice file=lists/package.yaml,line=" in out  # changed: at the head version
    report = summary.read_text("utf-8")
    assert report.startswith("# sanctions-diff report")
    assert "| 2 | 0 | 27 | 2 | 0 |" in report
