"""The one place that creates rich consoles, so colour and width rules live in one spot.

Colour only on a terminal; NO_COLOR (https://no-color.org) is honoured by rich itself.
Output to a file or pipe gets a fixed width so that it is byte-identical across machines.
"""

from __future__ import annotations

import io
import os
import time
from collections.abc import Callable, Iterator
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


def make_console(file: TextIO, *, terminal: bool) -> Console:
    if terminal:
        return Console(file=file, highlight=False, soft_wrap=False)
    return Console(
        file=file, highlight=False, color_system=None, force_terminal=False, width=FILE_WIDTH
    )


def error_console(file: TextIO) -> Console:
    """Messages on stderr: no markup parsing (messages quote user data), no highlighting."""
    return Console(file=file, highlight=False, markup=False, emoji=False, soft_wrap=True)


def draw(paint: Callable[[Console], None], stream: TextIO, *, terminal: bool) -> str | None:
    """Run ``paint`` on the terminal (returns None) or into text for a file or pipe."""
    if terminal:
        paint(make_console(stream, terminal=True))
        return None
    buffer = io.StringIO()
    paint(make_console(buffer, terminal=False))
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
