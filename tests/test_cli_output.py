"""Where reports go, tried with the real command: a reader that closes the pipe early, a
full disk on stdout or on --output, and an interrupted --output that must leave the
previous report whole (issue 16)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from sanctions_diff.cli import ExitCode, write_out

COMMAND = [sys.executable, "-m", "sanctions_diff"]
# 1.4 MB of JSON: far more than a pipe holds (64 KiB), so the writer meets the closed end.
BIG = ["diff", "eu-annex-iv-after-9", "eu-annex-iv-after-20", "-f", "json", "--include-unchanged"]


def test_a_reader_that_stops_early_ends_the_command_quietly() -> None:
    script = " ".join(COMMAND + BIG) + ' | head -c 10 > /dev/null; echo "${PIPESTATUS[0]}" >&2'
    result = subprocess.run(["bash", "-c", script], capture_output=True, text=True, check=False)
    # 141 as for any Unix tool that SIGPIPE ends; never 1, which means --fail-on.
    assert result.stderr == f"{ExitCode.CLOSED_PIPE.value}\n"
    assert ExitCode.CLOSED_PIPE == 141


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
def test_a_full_disk_is_one_clear_error_on_stdout_and_on_output() -> None:
    args = ["diff", "eu-11-draft", "eu-11-final", "-f", "json"]
    with open("/dev/full", "w") as full:
        to_stdout = subprocess.run(
            COMMAND + args, stdout=full, stderr=subprocess.PIPE, text=True, check=False
        )
    assert to_stdout.returncode == 2
    assert to_stdout.stderr == "stdout: cannot write the report: No space left on device\n"
    to_file = subprocess.run(
        [*COMMAND, *args, "-o", "/dev/full"], capture_output=True, text=True, check=False
    )
    assert to_file.returncode == 2
    assert to_file.stderr == "/dev/full: cannot write the report: No space left on device\n"
    assert to_file.stdout == ""


def test_an_interrupted_write_leaves_the_previous_report_whole(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    report.write_text('{"previous": true}\n', encoding="utf-8")

    def pieces() -> Iterator[str]:
        yield '{"half": '
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_out(pieces(), report)
    assert report.read_text(encoding="utf-8") == '{"previous": true}\n'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]  # nothing left over


def test_ctrl_c_on_the_real_command_never_leaves_a_truncated_report(tmp_path: Path) -> None:
    # Interrupted at several moments (reading, matching, writing, done): the file is always
    # a whole report, the previous one or the new one, and no partial file stays behind.
    report = tmp_path / "report.json"
    previous = '{"previous": true}\n'
    for delay in (0.3, 0.6, 0.9, 1.2, 1.5, 2.5):
        report.write_text(previous, encoding="utf-8")
        process = subprocess.Popen(
            [*COMMAND, *BIG, "-o", str(report)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        time.sleep(delay)
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=120)
        assert b"Traceback" not in err, delay
        # 0: done before the signal; 130: interrupted. A SIGINT that lands while the
        # interpreter itself is still starting (a busy CI machine) ends the process by the
        # signal, before any code of ours runs: -2, which a shell reports as 130 too.
        assert process.returncode in (0, ExitCode.INTERRUPTED, -signal.SIGINT), delay
        text = report.read_text(encoding="utf-8")
        assert text == previous or json.loads(text)["schema_version"] == "1", delay
        assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"], delay


def test_output_to_a_device_or_pipe_is_written_in_place(tmp_path: Path) -> None:
    # -o /dev/stdout cannot be renamed into: it is written directly.
    result = subprocess.run(
        [*COMMAND, "diff", "eu-11-draft", "eu-11-final", "-f", "json", "-o", "/dev/stdout"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ},
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["summary"]["dropped"] == 4


@pytest.mark.parametrize(
    ("args", "name", "starts"),
    [
        (["diff", "eu-11-draft", "eu-11-final"], "report.json", '{\n  "schema_version": "1"'),
        (["diff", "eu-11-draft", "eu-11-final"], "report.JSONL", '{"record": "header"'),
        (["diff", "eu-11-draft", "eu-11-final"], "report.md", "# sanctions-diff report"),
        (["diff", "eu-11-draft", "eu-11-final"], "report.txt", "old: eu-11-draft"),
        (["diff", "eu-11-draft", "eu-11-final", "-f", "markdown"], "r.json", "# sanctions-diff"),
        (["search", "Tordan"], "hits.jsonl", '{"record": "header"'),
        (["history"], "history.md", "# sanctions-diff history"),
        (["diff", "eu-11-draft", "eu-11-final"], "report.html", "<!DOCTYPE html>"),
        (["history"], "timeline.HTM", "<!DOCTYPE html>"),
        (["search", "Sevmash"], "hits.html", "<!DOCTYPE html>"),
        (["validate", "lists/eu-12-final.yaml"], "lint.json", '{\n  "schema_version": "1"'),
    ],
)
def test_the_output_suffix_names_the_format_unless_format_is_given(
    tmp_path: Path, args: list[str], name: str, starts: str
) -> None:
    # -o report.json used to write a table; the suffix now decides, as for convert.
    out = tmp_path / name
    root = Path(__file__).resolve().parent.parent
    result = subprocess.run(
        [*COMMAND, *args, "-o", str(out)], capture_output=True, text=True, check=False, cwd=root
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert out.read_text(encoding="utf-8").startswith(starts)


def test_a_report_gets_the_mode_a_plain_write_would_give(tmp_path: Path) -> None:
    # Written beside the target by mkstemp (0600) and renamed: the report must not stay
    # private — the umask decides, or the previous report's mode when there was one.
    report = tmp_path / "report.json"
    args = [*COMMAND, "diff", "eu-11-draft", "eu-11-final", "-o", str(report)]
    subprocess.run(args, check=True, preexec_fn=lambda: os.umask(0o022))
    assert report.stat().st_mode & 0o777 == 0o644
    report.chmod(0o640)
    subprocess.run(args, check=True)
    assert report.stat().st_mode & 0o777 == 0o640
