"""The command line end to end, as users and CI jobs call it: a real process each time."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from sanctions_diff import __version__, cli
from sanctions_diff.bundled import bundled_names, resolve
from sanctions_diff.cli import app


def run(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "sanctions_diff", *args],
        capture_output=True,
        env={**os.environ, **(env or {})},
        cwd=cwd,
        timeout=120,
        check=False,
    )


def test_json_report_schema_and_content() -> None:
    result = run("diff", "eu-11-draft", "eu-11-final", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert result.stderr == b""
    report = json.loads(result.stdout.decode("utf-8"))
    assert report["schema_version"] == "1"
    assert report["old"]["entities"] == 7 and report["new"]["entities"] == 84
    assert report["old"]["coverage"] == "partial"
    assert report["summary"] == {
        "dropped": 4,
        "removed": 0,
        "added": 81,
        "changed": 3,
        "unchanged": 0,
    }
    assert len(report["changes"]) == 88  # unchanged pairs only with --include-unchanged
    dropped = [c for c in report["changes"] if c["kind"] == "dropped"]
    assert {c["old"]["name"] for c in dropped} == {
        "3HC Semiconductors",
        "King-Pai Technology",
        "Sigma Technology",
        "Sinno Electronics",
    }
    assert all(c["new"] is None and c["match"] is None for c in dropped)
    changed = [c for c in report["changes"] if c["kind"] == "changed"]
    for change in changed:
        assert set(change["old"]) >= {"id", "name", "type", "country"}
        assert change["match"]["method"] in {"id", "identifier", "exact", "fuzzy"}
        assert 0 <= change["match"]["score"] <= 100
        assert len(change["match"]["names"]) == 2
    tordan = next(c for c in changed if c["old"]["name"] == "Tordan Industry")
    assert tordan["new"]["id"] == "eu-833-iv-480"
    assert {"field": "name", "old": "Tordan Industry", "new": "Tordan Industry Limited"} in tordan[
        "fields"
    ]


def test_include_unchanged() -> None:
    result = run("diff", "eu-12-final", "eu-12-final", "-f", "json", "--include-unchanged")
    report = json.loads(result.stdout)
    assert report["summary"]["unchanged"] == 29
    assert [c["kind"] for c in report["changes"]] == ["unchanged"] * 29
    without = json.loads(run("diff", "eu-12-final", "eu-12-final", "-f", "json").stdout)
    assert without["changes"] == []


def test_jsonl_has_header_changes_and_summary() -> None:
    result = run("diff", "eu-12-draft", "eu-12-final", "--format", "jsonl")
    lines = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert lines[0]["record"] == "header" and lines[0]["schema_version"] == "1"
    assert lines[-1] == {
        "record": "summary",
        "summary": {"dropped": 2, "removed": 0, "added": 27, "changed": 2, "unchanged": 0},
    }
    assert len(lines) == 2 + 31
    assert all(line["record"] == "change" for line in lines[1:-1])


def test_markdown_and_table_name_the_dropped_firms() -> None:
    markdown = run("diff", "eu-12-draft", "eu-12-final", "-f", "markdown").stdout.decode()
    assert "## Dropped" in markdown and "| Aspan Arba |" in markdown
    table = run("diff", "eu-12-draft", "eu-12-final", env={"NO_COLOR": "1"}).stdout.decode()
    assert "Dropped" in table and "Da Group 22" in table
    assert "\x1b[" not in table  # no colour when not on a terminal
    assert "Summary: 2 dropped, 0 removed, 27 added, 2 changed, 0 unchanged" in table


def test_output_is_byte_identical_across_runs_and_hash_seeds() -> None:
    for fmt in ("json", "jsonl", "markdown", "table"):
        outputs = {
            run(
                "diff", "eu-11-draft", "eu-11-final", "-f", fmt, env={"PYTHONHASHSEED": seed}
            ).stdout
            for seed in ("0", "1", "12345")
        }
        assert len(outputs) == 1, fmt


def test_fail_on_sets_exit_code_1_and_output_file(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    result = run(
        "diff",
        "eu-11-draft",
        "eu-11-final",
        "-f",
        "json",
        "-o",
        str(out),
        "--fail-on",
        "removed,dropped",
    )
    assert result.returncode == 1
    assert result.stdout == b""  # the report went to the file
    assert json.loads(out.read_text("utf-8"))["summary"]["dropped"] == 4
    assert (
        run("diff", "eu-11-draft", "eu-11-final", "-f", "json", "--fail-on", "removed").returncode
        == 0
    )
    bad = run("diff", "eu-11-draft", "eu-11-final", "--fail-on", "vanished")
    assert bad.returncode == 2 and b"vanished" in bad.stderr


BAD_SNAPSHOT = """\
snapshot:
  title: broken
entities:
  - name: Tordan Industry
    alias: [Tordan Industry Ltd.]
    country: QQ
"""


def test_bad_input_exit_2_one_line_per_problem_nothing_on_stdout(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(BAD_SNAPSHOT, encoding="utf-8")
    result = run("diff", str(bad), "eu-11-final", "-f", "json")
    assert result.returncode == 2
    assert result.stdout == b""
    lines = result.stderr.decode().splitlines()
    assert lines == [
        f"{bad}:5:5: unknown key 'alias' in an entity — did you mean 'aliases'?",
        f"{bad}:6:14: unknown country 'QQ' — use an ISO 3166 alpha-2 code (e.g. RU, HK, XK) or an English name",
    ]
    assert b"Traceback" not in result.stderr


def test_missing_file_and_unknown_list(tmp_path: Path) -> None:
    missing = run("diff", str(tmp_path / "nope.yaml"), "eu-11-final")
    assert missing.returncode == 2 and b"no such file" in missing.stderr
    unknown = run("diff", "eu-99-final", "eu-11-final")
    assert unknown.returncode == 2
    assert unknown.stderr.decode() == (
        "eu-99-final: no such file and no bundled list of that name — did you mean eu-9-final?\n"
    )
    directory = run("diff", str(tmp_path), "eu-11-final")
    assert directory.returncode == 2 and b"directory" in directory.stderr
    assert b"Traceback" not in missing.stderr + unknown.stderr + directory.stderr


def test_usage_error_is_exit_2() -> None:
    assert run("diff", "eu-11-draft").returncode == 2
    assert run("diff", "a", "b", "--format", "xml").returncode == 2
    assert run("diff", "eu-11-draft", "eu-11-final", "--threshold", "101").returncode == 2


def test_threshold_option_changes_pairing() -> None:
    strict = json.loads(
        run("diff", "eu-11-draft", "eu-11-final", "-f", "json", "--threshold", "100").stdout
    )
    assert strict["threshold"] == 100.0
    assert strict["summary"]["changed"] == 3  # the three pairs are exact after normalisation


def test_lists_version_and_module_entry_point() -> None:
    listing = run("lists").stdout.decode()
    for name in ("eu-11-draft", "eu-11-final", "eu-12-draft", "eu-12-final"):
        assert name in listing
    assert "partial" in listing and "84" in listing
    as_json = json.loads(run("lists", "-f", "json").stdout)
    counts = {row["name"]: row["entities"] for row in as_json["lists"]}
    assert {
        "eu-11-draft": 7,
        "eu-11-final": 84,
        "eu-12-draft": 4,
        "eu-12-final": 29,
    }.items() <= counts.items()
    assert set(counts) == set(bundled_names())
    lines = run("lists", "-f", "jsonl").stdout.decode().splitlines()
    assert [json.loads(line)["name"] for line in lines] == bundled_names()
    markdown = run("lists", "-f", "markdown").stdout.decode()
    assert (
        markdown.startswith("| name | kind |")
        and "| eu-11-draft | package | 11 | draft |" in markdown
    )
    assert run("--version").stdout.decode().strip() == f"sanctions-diff {__version__}"


def test_bundled_names_work_outside_the_checkout(tmp_path: Path) -> None:
    result = run("diff", "eu-12-draft", "eu-12-final", "-f", "json", cwd=tmp_path)
    assert result.returncode == 0
    assert json.loads(result.stdout)["summary"]["dropped"] == 2


def test_every_command_has_help_text() -> None:
    import typer.main

    group = typer.main.get_command(app)
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        assert command.help, f"command {name} lacks help"
        for param in command.params:
            if param.param_type_name == "option":
                assert param.help, f"{name} {param.name} lacks help"


@pytest.mark.parametrize("fmt", ["json", "jsonl", "markdown", "table"])
def test_unexpected_error_is_exit_2_without_traceback(tmp_path: Path, fmt: str) -> None:
    # An output path in a missing folder cannot be written: a clear error, not a crash.
    result = run(
        "diff",
        "eu-12-draft",
        "eu-12-final",
        "-f",
        fmt,
        "-o",
        str(tmp_path / "no" / "such" / "file"),
    )
    assert result.returncode == 2
    assert b"cannot write" in result.stderr and b"Traceback" not in result.stderr


def test_both_bad_files_are_reported_together(tmp_path: Path) -> None:
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    first.write_text(BAD_SNAPSHOT, encoding="utf-8")
    second.write_text(
        "snapshot: {title: T}\nentities:\n  - name: X\n    country: ZZ\n", encoding="utf-8"
    )
    result = run("diff", str(first), str(second))
    assert result.returncode == 2
    lines = result.stderr.decode().splitlines()
    assert any(line.startswith(f"{first}:5:5:") for line in lines)
    assert any(line.startswith(f"{second}:4:14:") for line in lines)


def test_removed_from_a_partial_new_side_is_flagged() -> None:
    report = json.loads(run("diff", "eu-11-final", "eu-11-draft", "-f", "json").stdout)
    removed = [c for c in report["changes"] if c["kind"] == "removed"]
    assert len(removed) == 81 and all(c["new_partial"] for c in removed)
    table = run("diff", "eu-11-final", "eu-11-draft").stdout.decode()
    assert "eu-11-draft is partial: absence from it proves nothing" in table


def test_reordered_entities_give_byte_identical_json(tmp_path: Path) -> None:
    text = resolve("eu-12-final").read_text(encoding="utf-8")
    head, body = text.split("entities:\n", 1)
    blocks = [b for b in re.split(r"(?m)^(?=- id: )", body) if b.strip()]
    shuffled = tmp_path / "shuffled.yaml"
    shuffled.write_text(head + "entities:\n" + "".join(reversed(blocks)), encoding="utf-8")
    plain = run("diff", "eu-12-draft", "eu-12-final", "-f", "json").stdout
    reordered = run("diff", "eu-12-draft", str(shuffled), "-f", "json").stdout
    assert plain.replace(b'"eu-12-final"', b'"X"') == reordered.replace(
        json.dumps(str(shuffled)).encode(), b'"X"'
    )


def test_terminal_control_sequences_in_names_are_shown_inert(tmp_path: Path) -> None:
    evil = tmp_path / "evil.yaml"
    evil.write_text(
        'snapshot: {title: "T\\e]0;pwned\\a"}\nentities:\n  - name: "Evil\\e[2J\\e[31m Corp"\n',
        encoding="utf-8",
    )
    for fmt in ("table", "markdown"):
        out = run("diff", str(evil), "eu-12-draft", "-f", fmt).stdout
        assert b"\x1b" not in out and b"\x07" not in out, fmt
        assert b"Evil\\x1b[2J" in out.replace(b"\\\\", b"\\").replace(b"\\[", b"[")


def test_debug_shows_a_traceback_for_unexpected_errors(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(cli.api, "diff", broken)
    with pytest.raises(SystemExit) as plain:
        cli.main(["diff", "eu-12-draft", "eu-12-final"])
    err = capsys.readouterr().err
    assert plain.value.code == 2
    assert "internal error: RuntimeError: simulated bug" in err and "Traceback" not in err
    with pytest.raises(SystemExit) as debug:
        cli.main(["--debug", "diff", "eu-12-draft", "eu-12-final"])
    assert debug.value.code == 2
    assert "Traceback" in capsys.readouterr().err


def run_on_terminal(*args: str, env: dict[str, str]) -> bytes:
    """Run the CLI with stdout on a pseudo-terminal, as a user at a shell would."""
    import pty

    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "sanctions_diff", *args],
        stdout=follower,
        stderr=subprocess.DEVNULL,
        env={**env, "TERM": "xterm-256color", "COLUMNS": "200"},
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=60)
    os.close(leader)
    return b"".join(chunks)


def test_colour_on_a_terminal_and_none_with_no_color() -> None:
    base = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    colour = re.compile(rb"\x1b\[(?:[0-9;]*;)?(?:3[0-8]|9[0-7])[;m]")  # foreground colours
    coloured = run_on_terminal("diff", "eu-12-draft", "eu-12-final", env=base)
    assert colour.search(coloured) and b"Da Group 22" in coloured
    plain = run_on_terminal("diff", "eu-12-draft", "eu-12-final", env={**base, "NO_COLOR": "1"})
    assert not colour.search(plain) and b"Da Group 22" in plain


def test_progress_bar_only_on_a_terminal_and_only_for_long_runs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from sanctions_diff import console

    calls: list[tuple[str, int, int]] = []
    stream = io.StringIO()
    with console.progress_bar(stream, enabled=False) as report:
        report("matching names", 1, 2)
    assert stream.getvalue() == ""
    monkeypatch.setattr(console, "PROGRESS_DELAY", 0.0)
    with console.progress_bar(stream, enabled=True) as report:
        for done in range(3):
            report("matching names", done, 3)
            calls.append(("matching names", done, 3))
    assert "matching names" in stream.getvalue()
    monkeypatch.setattr(console, "PROGRESS_DELAY", 3600.0)
    quiet = io.StringIO()
    with console.progress_bar(quiet, enabled=True) as report:
        report("matching names", 1, 3)
    assert quiet.getvalue() == ""
    # A forked child doing part of the work (another process id) never draws.
    monkeypatch.setattr(console, "PROGRESS_DELAY", 0.0)
    child = io.StringIO()
    with console.progress_bar(child, enabled=True) as report, monkeypatch.context() as patch:
        patch.setattr(os, "getpid", lambda: -1)
        report("matching names", 1, 3)
    assert child.getvalue() == ""


def test_diff_reads_official_formats_directly() -> None:
    fixtures = Path(__file__).parent / "fixtures" / "formats"
    result = run("diff", str(fixtures / "eu-fsf.xml"), str(fixtures / "eu-fsf.csv"), "-f", "json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["summary"]["unchanged"] == report["old"]["entities"] == 4
    ftm = run(
        "diff",
        str(fixtures / "opensanctions.ftm.jsonl"),
        str(fixtures / "opensanctions.ftm.jsonl"),
        "-f",
        "json",
    )
    assert json.loads(ftm.stdout)["summary"]["unchanged"] >= 3


UN_XML = Path(__file__).resolve().parents[2] / "shared" / "data" / "un" / "UN_consolidated.xml"


@pytest.mark.parametrize("suffix", [".yaml", ".jsonl"])
def test_convert_then_diff_against_the_source_is_empty(tmp_path: Path, suffix: str) -> None:
    source = Path(__file__).parent / "fixtures" / "formats" / "eu-fsf.xml"
    out = tmp_path / f"snapshot{suffix}"
    assert run("convert", str(source), "-o", str(out)).returncode == 0
    assert out.read_text(encoding="utf-8").startswith("{" if suffix == ".jsonl" else "#")
    report = json.loads(run("diff", str(source), str(out), "-f", "json").stdout)
    assert report["summary"] == {
        "dropped": 0,
        "removed": 0,
        "added": 0,
        "changed": 0,
        "unchanged": 4,
    }


def test_the_un_list_round_trips(tmp_path: Path) -> None:
    if not UN_XML.is_file():
        pytest.skip(f"the shared UN list is not at {UN_XML} (only in the developers' workplace)")
    out = tmp_path / "un.yaml"
    assert run("convert", str(UN_XML), "-o", str(out)).returncode == 0
    report = json.loads(run("diff", str(UN_XML), str(out), "-f", "json").stdout)
    assert report["summary"]["unchanged"] == 1003
    assert sum(report["summary"].values()) == 1003
