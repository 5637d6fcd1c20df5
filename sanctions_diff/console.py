"""The one place that creates rich consoles, so colour and width rules live in one spot.

Colour only on a terminal; NO_COLOR (https://no-color.org) is honoured by rich itself.
Output to a file or pipe gets a fixed width so that it is byte-identical across machines.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import TextIO

from rich.console import Console as Console  # re-exported for type hints elsewhere

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
