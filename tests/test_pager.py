"""Long output on a terminal goes through a pager, as git does; tried with the real command
on a pseudo-terminal (issue 16)."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from sanctions_diff.pager import DEFAULT_PAGER, pager_command

COMMAND = [sys.executable, "-m", "sanctions_diff"]
LONG = ["diff", "eu-11-draft", "eu-11-final"]  # about 120 lines as a table
SCREEN_ROWS = "20"


def on_terminal(args: list[str], env: dict[str, str]) -> tuple[int, str]:
    """Run with stdout on a pseudo-terminal; (exit code, what reached the terminal)."""
    main, secondary = pty.openpty()
    process = subprocess.Popen(
        COMMAND + args, stdout=secondary, stderr=subprocess.PIPE, env=env, stdin=subprocess.DEVNULL
    )
    os.close(secondary)
    seen = bytearray()

    def read() -> None:  # continuously, so that a long output never fills the terminal
        while True:
            try:
                chunk = os.read(main, 65536)
            except OSError:  # the other side closed
                return
            if not chunk:
                return
            seen.extend(chunk)

    reader = threading.Thread(target=read)
    reader.start()
    code = process.wait(timeout=60)
    reader.join(timeout=10)
    os.close(main)
    return code, seen.decode("utf-8", "replace")


def environment(tmp_path: Path, pager: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PAGER", "SANCTIONS_DIFF_PAGER")}
    env.update(LINES=SCREEN_ROWS, COLUMNS="200")
    if pager is not None:
        env["PAGER"] = pager
    return env


def test_long_output_on_a_terminal_goes_through_the_pager(tmp_path: Path) -> None:
    paged = tmp_path / "paged.txt"
    env = environment(tmp_path, None)
    env["PAGER"] = f"sh -c 'echo LESS=$LESS > {paged}; cat >> {paged}'"
    code, screen = on_terminal(LONG, env)
    assert code == 0
    shown = paged.read_text(encoding="utf-8")
    assert shown.startswith("LESS=FRX\n")  # quit if one screen, keep colours, keep the screen
    assert "King-Pai Technology" in shown and "\x1b[" in shown  # the coloured table
    assert "King-Pai Technology" not in screen


def test_short_output_is_not_paged(tmp_path: Path) -> None:
    paged = tmp_path / "paged.txt"
    env = environment(tmp_path, f"sh -c 'cat > {paged}'")
    code, screen = on_terminal([*LONG, "--stat"], env)
    assert code == 0
    assert not paged.exists()
    assert "4 dropped, 0 removed, 81 added, 3 changed, 0 unchanged" in screen


@pytest.mark.parametrize(
    ("args", "pager"),
    [
        ([*LONG, "--no-pager"], "sh -c 'cat > {paged}'"),
        (["--no-pager", *LONG], "sh -c 'cat > {paged}'"),
        (LONG, "cat"),
        (LONG, ""),
    ],
)
def test_no_pager_when_asked(tmp_path: Path, args: list[str], pager: str) -> None:
    paged = tmp_path / "paged.txt"
    code, screen = on_terminal(args, environment(tmp_path, pager.format(paged=paged)))
    assert code == 0
    assert not paged.exists()
    assert "King-Pai Technology" in screen


def test_a_missing_pager_falls_back_to_the_terminal(tmp_path: Path) -> None:
    code, screen = on_terminal(LONG, environment(tmp_path, str(tmp_path / "no-such-pager")))
    assert code == 0
    assert "King-Pai Technology" in screen


def test_never_paged_into_a_pipe(tmp_path: Path) -> None:
    paged = tmp_path / "paged.txt"
    env = environment(tmp_path, f"sh -c 'cat > {paged}'")
    result = subprocess.run(COMMAND + LONG, capture_output=True, text=True, env=env)
    assert result.returncode == 0 and "King-Pai Technology" in result.stdout
    assert not paged.exists()


def test_pager_command_is_read_as_git_reads_it() -> None:
    assert pager_command({}) == [DEFAULT_PAGER]
    assert pager_command({"PAGER": "less -S"}) == ["less", "-S"]
    assert pager_command({"PAGER": "more", "SANCTIONS_DIFF_PAGER": "most"}) == ["most"]
    assert pager_command({"PAGER": ""}) is None
    assert pager_command({"PAGER": "cat"}) is None
    assert pager_command({"PAGER": "less 'unbalanced"}) is None
