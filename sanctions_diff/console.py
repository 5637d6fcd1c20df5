"""The one place that creates rich consoles, so colour and width rules live in one spot.

Colour: on a terminal, unless NO_COLOR is set and not empty (https://no-color.org); off a
terminal (a pipe, a file), only when FORCE_COLOR is set and not empty
(https://force-color.org) and NO_COLOR is not. Width: the terminal's (or COLUMNS, as rich
reads it) on a terminal; elsewhere COLUMNS when it is a positive integer, else FILE_WIDTH.
Off a terminal the output depends on nothing but the inputs and those two variables, so the
same environment gives the same bytes on every machine.
"""

from __future__ import annotations

import io
import os
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import TextIO

from rich.console import Console as Console  # re-exported for type hints elsewhere
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

# Width used when not writing to a terminal: wide enough for the tables, fixed so that
# the same inputs give the same bytes everywhere.
FILE_WIDTH = 160

# The height rich is told off a terminal. Nothing drawn here depends on it (no paging), but
# left unset rich works it out, and for TERM=dumb takes 80x25 for the whole size, width
# included: fixed, the width is COLUMNS's or FILE_WIDTH whatever TERM says.
FILE_HEIGHT = 25


def _set(environ: Mapping[str, str], name: str) -> bool:
    """Set and not empty: what both NO_COLOR and FORCE_COLOR mean by "set"."""
    return environ.get(name, "") != ""


def file_width(environ: Mapping[str, str]) -> int:
    """COLUMNS when it is a positive integer (a user fitting a pipe to a window), else
    FILE_WIDTH."""
    columns = environ.get("COLUMNS", "").strip()
    return int(columns) if columns.isdigit() and int(columns) > 0 else FILE_WIDTH


def forced_colour(environ: Mapping[str, str]) -> bool:
    """Colour off a terminal: FORCE_COLOR asks for it, NO_COLOR still wins."""
    return _set(environ, "FORCE_COLOR") and not _set(environ, "NO_COLOR")


def make_console(
    file: TextIO, *, terminal: bool, environ: Mapping[str, str] | None = None
) -> Console:
    """A console for data (the tables): ``terminal`` when ``file`` is the user's terminal.
    ``environ`` (default ``os.environ``) is read for NO_COLOR, FORCE_COLOR and COLUMNS."""
    env = os.environ if environ is None else environ
    if terminal:
        # Known to be a terminal: an empty FORCE_COLOR (rich reads "set" as "not a
        # terminal" then) or TTY_COMPATIBLE=0 must not turn colour off; NO_COLOR does.
        return Console(
            file=file,
            highlight=False,
            soft_wrap=False,
            force_terminal=True,
            no_color=_set(env, "NO_COLOR"),
            _environ=env,
        )
    if forced_colour(env):
        # The 16 standard colours whatever TERM says, so that the bytes depend on nothing
        # but the inputs and these variables; every style here is one of them.
        return Console(
            file=file,
            highlight=False,
            color_system="standard",
            force_terminal=True,
            force_interactive=False,
            width=file_width(env),
            height=FILE_HEIGHT,
            _environ=env,
        )
    return Console(
        file=file,
        highlight=False,
        color_system=None,
        force_terminal=False,
        width=file_width(env),
        height=FILE_HEIGHT,
        _environ=env,
    )


def draw(
    paint: Callable[[Console], None],
    stream: TextIO,
    *,
    terminal: bool,
    environ: Mapping[str, str] | None = None,
) -> str | None:
    """Run ``paint`` on the terminal (returns None) or into text for a file or pipe."""
    if terminal:
        paint(make_console(stream, terminal=True, environ=environ))
        return None
    buffer = io.StringIO()
    paint(make_console(buffer, terminal=False, environ=environ))
    return buffer.getvalue()


# A progress bar appears only for runs that last longer than this (seconds): quick runs
# stay quiet, long ones show they are alive.
PROGRESS_DELAY = 1.5


@contextmanager
def progress_bar(stream: TextIO, *, enabled: bool) -> Iterator[Callable[[str, int, int], None]]:
    """A ``report(task, done, total)`` callback drawing a bar on ``stream`` (stderr) once a
    run has taken PROGRESS_DELAY seconds; a no-op when not ``enabled`` (not a terminal)."""
    if not enabled:
        yield lambda task, done, total: None
        return
    started = time.monotonic()
    owner = os.getpid()
    bars: dict[str, TaskID] = {}
    display = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(file=stream, force_terminal=True),  # enabled only on a terminal
        transient=True,
        # Redrawn on each report, never by a thread of its own: the matcher forks to use a
        # second CPU, and a process that forks must not have other threads running.
        auto_refresh=False,
    )

    def report(task: str, done: int, total: int) -> None:
        if os.getpid() != owner:
            return  # a forked child doing part of the work (see parallel) never draws
        if not display.live.is_started:
            if time.monotonic() - started < PROGRESS_DELAY:
                return
            display.start()
        if task not in bars:
            bars[task] = display.add_task(task, total=total)
        display.update(bars[task], completed=done, total=total, refresh=True)

    try:
        yield report
    finally:
        if display.live.is_started:
            display.stop()
