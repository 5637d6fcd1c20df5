"""The command line as people type it, tried with the real command: -h, readable help with
examples, plain error wording, --debug anywhere, --stat, --quiet and --fail-on any
(issue 16)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sanctions_diff.bundled import bundled_names
from sanctions_diff.errors import MAX_SHOWN_PROBLEMS, InputError, Problem
from sanctions_diff.render.github import ANNOTATIONS_PER_LEVEL

COMMAND = [sys.executable, "-m", "sanctions_diff"]
COMMANDS = ["diff", "history", "search", "validate", "convert", "lists"]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*COMMAND, *args], capture_output=True, text=True, check=False)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_h_examples_and_readable_metavars(command: str) -> None:
    short, long = run(command, "-h"), run(command, "--help")
    assert short.returncode == 0 and short.stdout == long.stdout
    text = short.stdout
    assert "Examples:\n" in text
    examples = text.split("Examples:\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert len(examples) >= 2
    assert all(f"sanctions-diff {command}" in line for line in examples)
    # typer's own notation for types and required arguments is not what people read.
    for noise in ("<str>", "<list[str]>", "<float range>", "<int range>", "<path>", "{"):
        assert noise not in text, noise


def test_usage_line_and_options_read_as_in_man_pages() -> None:
    text = run("diff", "-h").stdout
    assert text.startswith("Usage: sanctions-diff diff [OPTIONS] OLD NEW\n")
    for option in (
        "-o, --output FILE",
        "--threshold SCORE",
        "--fail-on KINDS",
        "-f, --format FORMAT",
    ):
        assert option in text
    # --fail-on names the kinds it takes.
    assert "'any', or some of dropped,removed,added,changed,unchanged" in " ".join(text.split())
    assert run("search", "-h").stdout.startswith(
        "Usage: sanctions-diff search [OPTIONS] QUERY [SNAPSHOT]...\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--threshold", "150"], "Invalid value for '--threshold': give 100 or less"),
        (["--threshold", "high"], "Invalid value for '--threshold': give a number"),
        (
            ["-f", "xml"],
            "Invalid value for '--format' / '-f': 'xml' is not one of 'table', 'json',"
            " 'jsonl', 'markdown', 'html', 'github'.",
        ),
    ],
)
def test_bad_option_values_are_worded_plainly(args: list[str], message: str) -> None:
    result = run("diff", "eu-11-draft", "eu-11-final", *args)
    assert result.returncode == 2
    assert result.stderr.endswith(f"Error: {message}\n")
    assert "Value error" not in result.stderr and "Input should" not in result.stderr


def test_limit_wording() -> None:
    result = run("search", "Sevmash", "--limit", "0")
    assert result.returncode == 2
    assert result.stderr.endswith("Error: Invalid value for '--limit': give 1 or more\n")


def test_debug_is_taken_before_or_after_the_command() -> None:
    for args in (
        ["--debug", "diff", "nope", "eu-11-final"],
        ["diff", "nope", "eu-11-final", "--debug"],
    ):
        result = run(*args)
        assert result.returncode == 2
        assert result.stderr.startswith("nope: no such file and no bundled list of that name")
    # After --, it is a file name like any other.
    after_dashes = run("diff", "--", "--debug", "eu-11-final")
    assert after_dashes.stderr.startswith("--debug: no such file")


def test_stat_is_the_one_line_summary() -> None:
    result = run("diff", "eu-11-draft", "eu-11-final", "--stat")
    assert result.returncode == 0
    assert result.stdout == "4 dropped, 0 removed, 81 added, 3 changed, 0 unchanged\n"
    refused = run("diff", "eu-11-draft", "eu-11-final", "--stat", "-f", "json")
    assert refused.returncode == 2
    assert refused.stderr == (
        "--stat prints the one-line summary only — leave out -f and --include-unchanged\n"
    )


def test_quiet_says_nothing_and_exits_1_on_any_change_like_git_diff_quiet() -> None:
    changed = run("diff", "eu-11-draft", "eu-11-final", "--quiet")
    assert (changed.returncode, changed.stdout, changed.stderr) == (1, "", "")
    same = run("diff", "eu-11-final", "eu-11-final", "-q")
    assert (same.returncode, same.stdout) == (0, "")
    # With --fail-on, only those kinds count: nothing was removed in the 11th package.
    not_removed = run("diff", "eu-11-draft", "eu-11-final", "-q", "--fail-on", "removed")
    assert (not_removed.returncode, not_removed.stdout) == (0, "")


def test_fail_on_any() -> None:
    assert run("diff", "eu-11-draft", "eu-11-final", "--fail-on", "any", "--stat").returncode == 1
    # Unchanged pairs are not a change: the same list twice passes.
    assert run("diff", "eu-11-final", "eu-11-final", "--fail-on", "any", "--stat").returncode == 0
    unknown = run("diff", "eu-11-draft", "eu-11-final", "--fail-on", "everything")
    assert unknown.returncode == 2
    assert unknown.stderr == (
        "--fail-on: unknown kind 'everything' — use any, or some of:"
        " dropped,removed,added,changed,unchanged\n"
    )


def test_search_looks_in_every_bundled_list_by_default() -> None:
    # JSC PO Sevmash was listed before the 9th package: it is in the consolidated Annex IV
    # lists only, which a search of the package snapshots alone missed ("0 hits").
    result = run("search", "Sevmash", "-f", "json")
    assert result.returncode == 0
    hits = json.loads(result.stdout)["hits"]
    assert {h["entity"]["name"] for h in hits} == {"JSC PO Sevmash"}
    assert "eu-annex-iv-after-20" in {h["snapshot"] for h in hits}


@pytest.mark.parametrize("query", ["", "   "])
def test_an_empty_query_is_refused(query: str) -> None:
    result = run("search", query)
    assert result.returncode == 2
    assert result.stderr == "the query is empty — give a name to search for\n"


@pytest.mark.parametrize(
    ("old", "new", "warning"),
    [
        (
            "eu-11-final",
            "eu-11-draft",
            "warning: arguments swapped? eu-11-final is the final and eu-11-draft the draft of"
            " package 11 — give the draft first to see what was dropped",
        ),
        (
            "eu-annex-iv-after-14",
            "eu-annex-iv-after-12",
            "warning: arguments swapped? eu-annex-iv-after-14 is dated 2024-06-25, after"
            " eu-annex-iv-after-12 (2023-12-18) — give the older snapshot first",
        ),
        (
            "eu-11-final",
            "eu-11-final-269",
            "warning: eu-11-final covers Annex IV of Regulation 833/2014 and eu-11-final-269"
            " Annex I of Regulation 269/2014: different lists, so most entities read as removed"
            " or added, and none as dropped — compare two snapshots of one annex",
        ),
    ],
)
def test_likely_mistakes_are_one_warning_each_and_the_diff_goes_on(
    old: str, new: str, warning: str
) -> None:
    result = run("diff", old, new, "--stat")
    assert result.returncode == 0
    assert result.stderr == warning + "\n"
    assert result.stdout.endswith(" unchanged\n")  # the report is still written


def test_no_warning_in_the_right_order() -> None:
    for old, new in (
        ("eu-11-draft", "eu-11-final"),
        ("eu-annex-iv-after-12", "eu-annex-iv-after-14"),
    ):
        assert run("diff", old, new, "--stat").stderr == ""


def complete(words: str, position: int) -> list[str]:
    """What bash completion offers at word ``position`` of ``words`` (typer's protocol)."""
    env = {
        **os.environ,
        "_SANCTIONS_DIFF_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(position),
    }
    result = subprocess.run(COMMAND, capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_shell_completion_of_bundled_names_kinds_and_formats() -> None:
    assert complete("sanctions-diff diff eu-11-d", 2) == ["eu-11-draft"]
    assert complete("sanctions-diff diff eu-20", 2) == ["eu-20-final", "eu-20-final-269"]
    assert complete("sanctions-diff search x eu-12-f", 3) == ["eu-12-final", "eu-12-final-269"]
    assert complete("sanctions-diff diff a b --fail-on removed,dr", 5) == ["removed,dropped"]
    assert complete("sanctions-diff diff a b --fail-on a", 5) == ["any", "added"]
    assert complete("sanctions-diff diff a b -f j", 5) == ["json", "jsonl"]
    # A path: nothing offered here, so bash (complete -o default) completes file names.
    assert complete("sanctions-diff diff ./li", 2) == []


TWO_FIRMS = (  # real Annex IV firms, written by hand without sources
    "snapshot:\n  title: two firms\nentities:\n"
    "- {id: a-1, name: Asia Pacific Links Ltd., country: HK}\n"
    "- {id: a-2, name: Tordan Industry Limited, country: HK}\n"
)


def test_validate_select_and_ignore_like_ruff(tmp_path: Path) -> None:
    path = tmp_path / "two.yaml"
    path.write_text(TWO_FIRMS, encoding="utf-8")
    every = run("validate", str(path), "--strict")
    assert every.returncode == 2
    assert [line.split()[1] for line in every.stdout.splitlines()] == ["SD104", "SD104"]
    ignored = run("validate", str(path), "--strict", "--ignore", "sd104")
    assert (ignored.returncode, ignored.stdout) == (0, "")
    assert ignored.stderr == "1 file checked: 0 errors, 0 warnings (SD104 not checked)\n"
    # The more specific selector wins: SD1 selects SD104, and the narrower --ignore SD104 drops it.
    narrowed = run("validate", str(path), "--select", "SD1", "--ignore", "SD104,SD101")
    assert (narrowed.returncode, narrowed.stdout) == (0, "")
    unknown = run("validate", str(path), "--select", "SD9")
    assert unknown.returncode == 2
    assert unknown.stderr.startswith("--select SD9: unknown code — the codes are SD001, SD101,")


def test_the_github_rerun_hint_keeps_the_selection(tmp_path: Path) -> None:
    # More SD104 warnings than GitHub shows: the note names the command that lists them
    # all, with the same selection.
    entities = "".join(
        f"- {{id: a-{k}, name: Firm number {k} Limited, country: HK}}\n"
        for k in range(ANNOTATIONS_PER_LEVEL + 2)
    )
    path = tmp_path / "many.yaml"
    path.write_text("snapshot:\n  title: many firms\nentities:\n" + entities, encoding="utf-8")
    result = run("validate", str(path), "-f", "github", "--select", "SD104")
    assert result.stdout.count("::warning ") == ANNOTATIONS_PER_LEVEL
    assert f"sanctions-diff validate --select=SD104 {path}" in result.stdout


@pytest.mark.parametrize(("extra", "tail"), [(1, "1 more problem"), (2, "2 more problems")])
def test_the_count_of_problems_not_shown_is_grammatical(extra: int, tail: str) -> None:
    problems = [
        Problem("bad.yaml", line, 1, "unknown country 'QQ'")
        for line in range(1, MAX_SHOWN_PROBLEMS + extra + 1)
    ]
    lines = InputError(problems).lines()
    assert len(lines) == MAX_SHOWN_PROBLEMS + 1
    assert lines[-1] == f"bad.yaml: {tail} not shown — fix the ones above first"


def test_search_says_where_it_looked_and_shows_one_row_per_entry() -> None:
    wide = {**os.environ, "COLUMNS": "200"}  # one table row per line
    table = subprocess.run(
        [*COMMAND, "search", "Sevmash"], capture_output=True, text=True, env=wide
    ).stdout
    # JSC PO Sevmash is the same entry in the twelve consolidated Annex IV lists: one row.
    rows = [line for line in table.splitlines() if "JSC PO Sevmash" in line]
    assert len(rows) == 1 and "eu-annex-iv-after-9 … eu-annex-iv-after-20 (12)" in rows[0]
    names = bundled_names()
    assert table.endswith(
        f"12 hits for “Sevmash” at threshold 85 in {len(names)} snapshots"
        f" ({names[0]} … {names[-1]})\n"
    )
    as_json = json.loads(run("search", "Sevmash", "-f", "json").stdout)
    assert sorted(as_json["searched"]) == sorted(names)
    assert len(as_json["hits"]) == 12  # JSON keeps one hit per snapshot
    nothing = run("search", "Nothingatall", "eu-11-final")
    assert (
        nothing.stdout == "0 hits for “Nothingatall” at threshold 85 in 1 snapshot (eu-11-final)\n"
    )
