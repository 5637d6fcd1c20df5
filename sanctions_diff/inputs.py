"""Inputs that can be read only once: stdin (``-``), a pipe, process substitution.

The readers look at a file more than once (the format is recognised from its first bytes,
then the file is read from the start), which a pipe cannot offer: ``<(cat a.yaml)`` or
``/dev/stdin`` would be "empty" on the second look. Such an input is copied once, as it
streams, to a temporary file that the readers then open as often as they like; messages
still name the input as the user wrote it. Regular files and bundled lists are read where
they are.
"""

from __future__ import annotations

import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from .bundled import resolve
from .errors import InputError, Problem, UsageError

STDIN = "-"
# How ``-`` is named in messages (``stdin:3:5: ...``).
STDIN_SHOWN = "stdin"


def typed_text(value: str) -> str:
    """Text typed on the command line, as the person meant it. Under an ASCII locale
    (``LC_ALL=C`` without UTF-8 mode) Python keeps the bytes of "Кинг Пай" as lone
    surrogates, which nothing can match or print; UTF-8 bytes are read as UTF-8 (any other
    byte becomes U+FFFD). File names go through ``shown_name``: their bytes open the file."""
    try:
        value.encode("utf-8")
        return value
    except UnicodeEncodeError:
        return os.fsencode(value).decode("utf-8", "replace")


def shown_name(argument: str) -> str:
    """A file name as messages and reports show it: a name whose bytes are not UTF-8 (or
    any name under an ASCII locale) would stop every writer; its odd bytes are shown as
    ``\\xff``, the rest as text."""
    try:
        argument.encode("utf-8")
        return argument
    except UnicodeEncodeError:
        return os.fsencode(argument).decode("utf-8", "backslashreplace")


class Spool:
    """Where copied inputs live for one command; removed when the command ends."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.stdin_taken = False

    def locate(self, argument: str) -> tuple[Path, str]:
        """(file to read, name shown) for an input argument: ``-``, a path or a bundled name."""
        if argument == STDIN:
            if self.stdin_taken:
                raise UsageError("stdin (-) can be read only once — give at most one '-'")
            self.stdin_taken = True
            return self._copy(sys.stdin.buffer, STDIN_SHOWN, ""), STDIN_SHOWN
        path = resolve(argument)
        shown = shown_name(argument)
        if not _is_stream(path):
            return path, shown
        try:
            with path.open("rb") as stream:
                return self._copy(stream, shown, path.suffix), shown
        except OSError as exc:
            raise InputError([Problem(shown, 1, 1, f"cannot read: {exc.strerror}")]) from None

    def _copy(self, stream: BinaryIO, shown: str, suffix: str) -> Path:
        # The suffix is kept: ``.jsonl`` still says JSON Lines.
        descriptor, name = tempfile.mkstemp(dir=self.folder, suffix=suffix)
        try:
            with os.fdopen(descriptor, "wb") as copy:
                shutil.copyfileobj(stream, copy)
        except OSError as exc:
            raise InputError(
                [Problem(shown, 1, 1, f"cannot keep a copy to read: {exc.strerror}")]
            ) from None
        return Path(name)


def _is_stream(path: Path) -> bool:
    """A pipe, a FIFO, a terminal or another device: something read once, as it comes."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False  # missing or unreadable: the reader says so
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


@contextmanager
def spool() -> Iterator[Spool]:
    with tempfile.TemporaryDirectory(prefix="sanctions-diff-") as folder:
        yield Spool(Path(folder))
