"""Long output on a terminal goes through a pager, as git does: a 20k-entity diff is 67,000
lines that would otherwise scroll past. Only when stdout is a terminal (the CLI decides)
and only when the output is longer than the screen; ``--no-pager`` and an empty ``PAGER``
(or ``cat``) turn it off. The only module that starts another program.
"""

from __future__ import annotations

import itertools
import os
import shlex
import signal
import subprocess
from collections.abc import Iterable, Mapping

# What git runs when PAGER says nothing; and its LESS: quit if one screen (F), keep colours
# (R), leave the screen as it is on exit (X).
DEFAULT_PAGER = "less"
DEFAULT_LESS = "FRX"


def pager_command(environ: Mapping[str, str]) -> list[str] | None:
    """SANCTIONS_DIFF_PAGER, else PAGER, else less, as words; None when paging is off (an
    empty value or ``cat``, as git reads them)."""
    for name in ("SANCTIONS_DIFF_PAGER", "PAGER"):
        if name in environ:
            command = environ[name]
            break
    else:
        command = DEFAULT_PAGER
    try:
        words = shlex.split(command)
    except ValueError:
        return None  # unbalanced quotes: not a command we can run
    return None if not words or words == ["cat"] else words


def through_pager(
    pieces: Iterable[str], *, rows: int, command: list[str], environ: Mapping[str, str]
) -> Iterable[str] | None:
    """Show ``pieces`` in the pager when they are more than ``rows`` lines, and return when
    the pager ends (None). Otherwise — shorter than a screen, or no such pager — return
    what was read, for the caller to write as usual; only as much as a screen is read
    before deciding, so a long report is never held whole for this."""
    head: list[str] = []
    lines = 0
    remaining = iter(pieces)
    for piece in remaining:
        head.append(piece)
        lines += piece.count("\n")
        if lines >= rows:
            break
    else:
        return head
    env = {**environ}
    env.setdefault("LESS", DEFAULT_LESS)
    env.setdefault("LV", "-c")  # lv, another pager git knows: keep colours
    try:
        process = subprocess.Popen(command, stdin=subprocess.PIPE, env=env)
    except OSError:
        return itertools.chain(head, remaining)
    assert process.stdin is not None
    # Ctrl-C belongs to the pager while it runs (less stops a search with it); we wait.
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        try:
            for piece in itertools.chain(head, remaining):
                process.stdin.write(piece.encode("utf-8"))
            process.stdin.close()
        except BrokenPipeError:
            pass  # the pager was quit before the end: nothing more to show
        process.wait()
    finally:
        signal.signal(signal.SIGINT, previous)
        _close_quietly(process)
    return None


def _close_quietly(process: subprocess.Popen[bytes]) -> None:
    try:
        if process.stdin is not None:
            process.stdin.close()
    except OSError:
        pass  # a pipe the pager closed first


def terminal_rows(environ: Mapping[str, str], fd: int) -> int:
    """The screen's height: LINES when set (as the shell exports it), else the terminal's."""
    lines = environ.get("LINES", "").strip()
    if lines.isdigit() and int(lines) > 0:
        return int(lines)
    try:
        return os.get_terminal_size(fd).lines
    except OSError:
        return 24
