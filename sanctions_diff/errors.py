"""The error hierarchy. Each error renders once, as ``path:line:col: what is wrong — how to fix it``.

The CLI turns any ``SanctionsDiffError`` into those lines on stderr and exit code 2; nothing
else in the package prints errors.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem at one place in one file. ``line`` and ``column`` are 1-based."""

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


class SanctionsDiffError(Exception):
    """Base of every error the tool reports to the user (exit code 2)."""

    def lines(self) -> list[str]:
        return [str(self)]


class InputError(SanctionsDiffError):
    """A file could not be loaded. Carries every problem found, not only the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.path, p.line, p.column, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]


class UsageError(SanctionsDiffError):
    """The command line asks for something that cannot be done (unknown list, bad option)."""
