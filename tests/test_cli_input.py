"""Where inputs come from, tried with the real command: stdin as ``-``, process
substitution, a FIFO, /dev/stdin (each read once), a stderr closed early, an ASCII locale,
file names that are not UTF-8, and typos in bundled names (issue 16)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from sanctions_diff.bundled import bundled_names, lists_dir, resolve, suggestions
from sanctions_diff.errors import UsageError

COMMAND = [sys.executable, "-m", "sanctions_diff"]
DRAFT = lists_dir() / "eu-11-draft.yaml"
DROPPED = ["3HC Semiconductors", "King-Pai Technology", "Sigma Technology", "Sinno Electronics"]


def run(
    args: list[str], stdin: bytes | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(COMMAND + args, input=stdin, capture_output=True, check=False, env=env)
    return subprocess.CompletedProcess(
        result.args,
        result.returncode,
        result.stdout.decode("utf-8"),
        result.stderr.decode("utf-8", "backslashreplace"),
    )


def dropped_names(report: str) -> list[str]:
    changes = json.loads(report)["changes"]
    return sorted(c["old"]["name"] for c in changes if c["kind"] == "dropped")


def test_a_dash_reads_stdin_for_either_side() -> None:
    old_from_stdin = run(["diff", "-", "eu-11-final", "-f", "json"], stdin=DRAFT.read_bytes())
    assert old_from_stdin.returncode == 0, old_from_stdin.stderr
    report = json.loads(old_from_stdin.stdout)
    assert report["old"]["origin"] == "stdin"
    assert dropped_names(old_from_stdin.stdout) == DROPPED
    final = (lists_dir() / "eu-11-final.yaml").read_bytes()
    new_from_stdin = run(["diff", "eu-11-draft", "-", "-f", "json"], stdin=final)
    assert json.loads(new_from_stdin.stdout)["new"]["origin"] == "stdin"
    assert dropped_names(new_from_stdin.stdout) == DROPPED


def test_stdin_is_read_once_so_two_dashes_are_refused() -> None:
    result = run(["diff", "-", "-"], stdin=DRAFT.read_bytes())
    assert result.returncode == 2
    assert result.stderr == "stdin (-) can be read only once — give at most one '-'\n"


def test_an_error_in_stdin_names_stdin_with_line_and_column() -> None:
    result = run(["diff", "-", "eu-11-final"], stdin=b"snapshot: [\n")
    assert result.returncode == 2
    assert result.stderr.startswith("stdin:2:1: YAML syntax error")


def test_process_substitution_and_dev_stdin_are_read_once() -> None:
    final = lists_dir() / "eu-11-final.yaml"
    script = " ".join(COMMAND) + f" diff eu-11-draft <(cat {final}) -f json"
    substituted = subprocess.run(["bash", "-c", script], capture_output=True, text=True)
    assert substituted.returncode == 0, substituted.stderr
    assert json.loads(substituted.stdout)["new"]["origin"].startswith("/dev/fd/")
    assert dropped_names(substituted.stdout) == DROPPED
    # /dev/stdin fed by a pipe (a file redirected with < is a regular file, read in place).
    piped = subprocess.run(
        [
            "bash",
            "-c",
            f"cat {DRAFT} | " + " ".join(COMMAND) + " diff /dev/stdin eu-11-final -f json",
        ],
        capture_output=True,
        text=True,
    )
    assert piped.returncode == 0, piped.stderr
    assert dropped_names(piped.stdout) == DROPPED


def test_a_fifo_is_read_once(tmp_path: Path) -> None:
    fifo = tmp_path / "draft.yaml"
    os.mkfifo(fifo)

    def feed() -> None:
        with fifo.open("wb") as writer:  # blocks until the command opens the FIFO
            writer.write(DRAFT.read_bytes())

    feeder = threading.Thread(target=feed)
    feeder.start()
    result = run(["diff", str(fifo), "eu-11-final", "-f", "json"])
    feeder.join(timeout=30)
    assert result.returncode == 0, result.stderr
    assert dropped_names(result.stdout) == DROPPED


def test_validate_and_convert_read_stdin() -> None:
    checked = run(["validate", "-"], stdin=b"snapshot:\n  title: x\nentities: [\n")
    assert checked.returncode == 2
    assert checked.stdout.startswith("stdin:")
    converted = run(["convert", "-", "--to", "jsonl"], stdin=DRAFT.read_bytes())
    assert converted.returncode == 0, converted.stderr
    assert len(converted.stdout.splitlines()) == 1 + 7  # the header and the 7 firms


def test_dash_output_means_stdout(tmp_path: Path) -> None:
    result = subprocess.run(
        [*COMMAND, "diff", "eu-11-draft", "eu-11-final", "-o", "-", "-f", "json"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode == 0
    assert dropped_names(result.stdout) == DROPPED
    assert list(tmp_path.iterdir()) == []  # no file named "-"


def test_an_error_with_stderr_closed_still_exits_2() -> None:
    # stderr's reader is gone (2>&1 | true): the message is lost, the exit code is not.
    script = (
        " ".join(COMMAND) + ' diff no-such-list eu-11-final 2>&1 | true; echo "${PIPESTATUS[0]}"'
    )
    result = subprocess.run(["bash", "-c", script], capture_output=True, text=True)
    assert result.stdout == "2\n"
    closed = subprocess.run(
        ["bash", "-c", " ".join(COMMAND) + " diff no-such-list eu-11-final 2>&-"],
        capture_output=True,
        text=True,
    )
    assert closed.returncode == 2


ASCII_LOCALE = {**os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0"}


def test_a_cyrillic_query_under_an_ascii_locale() -> None:
    result = run(["search", "Кинг Пай", "eu-11-draft", "-f", "json"], env=ASCII_LOCALE)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["query"] == "Кинг Пай"
    assert [h["entity"]["name"] for h in found["hits"]] == ["King-Pai Technology"]
    table = run(["search", "Кинг Пай", "eu-11-draft"], env=ASCII_LOCALE)
    assert table.returncode == 0
    assert "King-Pai Technology" in table.stdout


def test_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    odd = os.path.join(os.fsencode(tmp_path), b"draft\xff.yaml")
    with open(odd, "wb") as file:
        file.write(DRAFT.read_bytes())
    shown = os.fsdecode(odd)
    as_json = run(["diff", shown, "eu-11-final", "-f", "json"])
    assert as_json.returncode == 0, as_json.stderr
    assert json.loads(as_json.stdout)["old"]["origin"].endswith("draft\\xff.yaml")
    assert run(["diff", shown, "eu-11-final"]).returncode == 0
    with open(odd, "wb") as file:
        file.write(b"snapshot: [\n")
    broken = run(["diff", shown, "eu-11-final"])
    assert broken.returncode == 2
    assert broken.stderr.endswith(
        "draft\\xff.yaml:2:1: YAML syntax error: while parsing a flow"
        " node did not find expected node content — fix the YAML here\n"
    )


def test_a_typo_in_a_bundled_name_gets_the_closest_name() -> None:
    result = run(["diff", "eu-11-fnal", "eu-11-final"])
    assert result.returncode == 2
    assert result.stderr == (
        "eu-11-fnal: no such file and no bundled list of that name — did you mean eu-11-final?\n"
    )
    names = bundled_names()
    assert suggestions("eu11final", names) == ["eu-11-final"]
    assert suggestions("eu-14-draft", names) == ["eu-11-draft", "eu-12-draft"]
    # Eleven finals are one digit from eu-21-final: no guess, the pointer to `lists`.
    assert suggestions("eu-21-final", names) == []
    assert suggestions("sevmash", names) == []
    with pytest.raises(UsageError, match="run 'sanctions-diff lists' for the bundled names"):
        resolve("eu-21-final")


def test_bundled_names_in_any_case() -> None:
    assert resolve("EU-11-Final") == resolve("eu-11-final")
    result = run(["diff", "EU-11-DRAFT", "Eu-11-Final", "-f", "json"])
    assert result.returncode == 0
    assert dropped_names(result.stdout) == DROPPED
