"""The error hierarchy. Each error renders once, as ``path:line:col: what is wrong — how to fix it``.

The CLI turns any ``SanctionsDiffError`` into those lines on stderr and exit code 2; nothing
else in the package prints errors.
"""

from __future__ import annotations

from dataclasses import dataclass

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
            shown.append(f"{first}: {hidden} more problems not shown — fix the ones above first")
        return shown


class UsageError(SanctionsDiffError):
    """The command line asks for something that cannot be done (unknown list, bad option)."""
