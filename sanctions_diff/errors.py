"""The error hierarchy. Each error renders once, as ``path:line:col: what is wrong — how to fix it``.

The CLI turns any ``SanctionsDiffError`` into those lines on stderr and exit code 2; nothing
else in the package prints errors.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from xml.parsers import expat

# Control characters (line breaks, ESC that starts terminal escape sequences), the Unicode
# line and paragraph separators (line breaks to str.splitlines and to many viewers) and
# bidirectional overrides in user data would forge lines or act on the reader's terminal.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def inert(text: str) -> str:
    """User data made inert for a terminal, a log or a Markdown page: controls shown as
    \\xNN or \\uNNNN."""
    return _UNSAFE.sub(
        lambda m: (
            f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}"
        ),
        text,
    )


# A file broken throughout (a wrong format, a bad generator) would otherwise print
# thousands of lines; the first hundred say enough to start fixing.
MAX_SHOWN_PROBLEMS = 100


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem at one place in one file. ``line`` and ``column`` are 1-based."""

    path: str
    line: int
    column: int
    message: str

    def __post_init__(self) -> None:
        # Messages quote values from the file: one problem must stay one line.
        object.__setattr__(self, "message", inert(self.message))
        object.__setattr__(self, "path", inert(self.path))

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


class SanctionsDiffError(Exception):
    """Base of every error the tool reports to the user (exit code 2)."""

    def lines(self) -> list[str]:
        return [str(self)]


class InputError(SanctionsDiffError):
    """A file could not be loaded. Carries every problem found, not only the first."""

    def __init__(self, problems: list[Problem]) -> None:
        # One node can be reached by several checks: each problem is reported once.
        unique = set(problems)
        self.problems = sorted(unique, key=lambda p: (p.path, p.line, p.column, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))

    def lines(self) -> list[str]:
        shown = [str(p) for p in self.problems[:MAX_SHOWN_PROBLEMS]]
        hidden = len(self.problems) - len(shown)
        if hidden > 0:
            first = self.problems[0].path
            more = "1 more problem" if hidden == 1 else f"{hidden} more problems"
            shown.append(f"{first}: {more} not shown — fix the ones above first")
        return shown


class UsageError(SanctionsDiffError):
    """The command line asks for something that cannot be done (unknown list, bad option)."""


@contextmanager
def reading(origin: str, what: str) -> Iterator[None]:
    """Turn the operating system's errors on opening or reading an input into one problem
    each (the one place the official-format readers say it)."""
    try:
        yield
    except FileNotFoundError:
        raise InputError([Problem(origin, 1, 1, "no such file — check the path")]) from None
    except IsADirectoryError:
        raise InputError([Problem(origin, 1, 1, f"is a directory — give the {what}")]) from None
    except OSError as exc:
        raise InputError([Problem(origin, 1, 1, f"cannot read file: {exc.strerror}")]) from None


@contextmanager
def reading_xml(origin: str) -> Iterator[None]:
    """``reading`` for an XML file, and expat's "not well-formed" as one problem at the line
    and column expat reports (the one place the XML readers say it)."""
    try:
        with reading(origin, "XML file"):
            yield
    except expat.ExpatError as exc:
        message = expat.errors.messages.get(exc.code, "syntax error") if exc.code else str(exc)
        raise InputError(
            [
                Problem(
                    origin,
                    exc.lineno,
                    exc.offset + 1,
                    f"not well-formed XML: {message} — fix the XML here",
                )
            ]
        ) from None
