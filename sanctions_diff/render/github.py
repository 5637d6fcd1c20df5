"""GitHub Actions workflow commands (``::warning file=...,line=...::message``): annotations
for a diff (removed, dropped and changed entities at their YAML lines) and for validate
findings.

GitHub's rules, which this module keeps:

- escaping: in the message, ``%`` → ``%25``, CR → ``%0D``, LF → ``%0A``; in properties
  (file, title) also ``:`` → ``%3A`` and ``,`` → ``%2C``, else a name with a comma would
  end the property list;
- limits: a step shows at most 10 error, 10 warning and 10 notice annotations (and a job
  50); more are dropped without a word. So at most ``ANNOTATIONS_PER_LEVEL`` of each are
  emitted, then one notice says how many more there are and how to see them all, and the
  rest follow as plain log lines;
- long messages are cut by GitHub; each message here is kept under ``MAX_MESSAGE_CHARS``.
"""

from __future__ import annotations

import shlex
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from sanctions_diff.analysis.diff import Change, ChangeKind, Report
from sanctions_diff.validate import Finding, Severity, Validation

from .human import entity_label, possible_text, safe, summary_line

# GitHub shows this many annotations of each level per step and silently drops the rest.
ANNOTATIONS_PER_LEVEL = 10

# Annotation messages longer than this are cut here, with an ellipsis, rather than by GitHub
# at a place nobody chose; names run to 150 characters, so two names (a removed entity and
# its possible match), the reason and context still fit.
MAX_MESSAGE_CHARS = 600


class Level(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    NOTICE = "notice"


@dataclass(frozen=True, slots=True)
class Annotation:
    """One workflow command. ``file`` None: not attached to a file (shown on the run)."""

    level: Level
    message: str
    title: str | None = None
    file: str | None = None
    line: int | None = None
    column: int | None = None


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _short(text: str) -> str:
    flat = safe(" ".join(text.split()))
    return flat if len(flat) <= MAX_MESSAGE_CHARS else flat[: MAX_MESSAGE_CHARS - 1] + "…"


def command(annotation: Annotation) -> str:
    """The workflow command line for one annotation."""
    properties = [
        (key, value)
        for key, value in (
            ("file", annotation.file),
            ("line", annotation.line),
            ("col", annotation.column),
            ("title", annotation.title),
        )
        if value is not None and value != 0
    ]
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties)
    head = f"::{annotation.level.value}" + (f" {props}" if props else "")
    return f"{head}::{escape_data(_short(annotation.message))}"


def render_annotations(
    annotations: Sequence[tuple[Annotation, str]], rerun: str, final: str | None = None
) -> str:
    """Each (annotation, the same as a plain log line): at most ANNOTATIONS_PER_LEVEL per
    level as workflow commands, then one last notice (``final``, and how many more there
    are, if any; it takes a notice slot), then the rest as their plain lines."""
    budget = {level: ANNOTATIONS_PER_LEVEL for level in Level}
    budget[Level.NOTICE] -= 1  # for the last notice
    lines: list[str] = []
    hidden: list[tuple[Annotation, str]] = []
    for annotation, plain in annotations:
        if budget[annotation.level] > 0:
            budget[annotation.level] -= 1
            lines.append(command(annotation))
        else:
            hidden.append((annotation, plain))
    last = [final] if final else []
    if hidden:
        counts = Counter(a.level for a, _ in hidden)
        kinds = ", ".join(
            f"{counts[level]} {level.value}{'s' if counts[level] > 1 else ''}"
            for level in Level
            if counts[level]
        )
        last.append(
            f"{len(hidden)} more ({kinds}) not shown as annotations: they follow in this "
            f"step's log, and {rerun} reports them all"
        )
    if last:
        lines.append(command(Annotation(Level.NOTICE, "; ".join(last), title="sanctions-diff")))
    lines += [safe(" ".join(plain.split())) for _, plain in hidden]
    return "".join(line + "\n" for line in lines)


# -- validate --------------------------------------------------------------------------------

_LEVEL = {Severity.ERROR: Level.ERROR, Severity.WARNING: Level.WARNING}


def finding_annotation(finding: Finding) -> Annotation:
    return Annotation(
        _LEVEL[finding.severity],
        finding.message,
        title=finding.code,
        file=finding.path,
        line=finding.line,
        column=finding.column,
    )


def render_validation_github(result: Validation, arguments: Sequence[str]) -> str:
    """Each finding as an annotation on its file, line and column (each level has its own
    cap, so ten errors show however many warnings come first)."""
    rerun = "`" + shlex.join(["sanctions-diff", "validate", *arguments]) + "`"
    return render_annotations([(finding_annotation(f), str(f)) for f in result.findings], rerun)


# -- diff ------------------------------------------------------------------------------------


def _quoted(change: Change, side: str) -> str:
    entity = change.old if side == "old" else change.new
    return f"“{entity_label(entity)}”" if entity is not None else ""


def change_annotation(
    change: Change, report: Report, old_file: str | None, new_file: str | None
) -> Annotation | None:
    """Removed and dropped entities as warnings at their line in the old file; changed ones
    as notices at their line in the new file. Added and unchanged: none (an added entity is
    the new file's own content; a PR shows it already)."""
    old, new = report.old.origin, report.new.origin
    if change.kind in (ChangeKind.REMOVED, ChangeKind.DROPPED) and change.old is not None:
        place = "" if old_file or not change.old.line else f" ({old}, line {change.old.line})"
        if change.kind is ChangeKind.DROPPED:
            what = f"in the draft {old}, left out of the final {new}"
        else:
            what = f"in {old}, not in {new}"
            if change.new_partial:
                what += f" ({new} is partial: absence from it proves nothing)"
        if change.possible is not None:
            what += f"; {possible_text(change)}"
        return Annotation(
            Level.WARNING,
            f"{change.kind.value.capitalize()}: {_quoted(change, 'old')}{place} — {what}",
            title=f"sanctions-diff: {change.kind.value}",
            file=old_file,
            line=change.old.line if old_file else None,
        )
    if change.kind is ChangeKind.CHANGED and change.new is not None and change.old is not None:
        fields = ", ".join(f.field for f in change.fields)
        names = (
            _quoted(change, "new")
            if change.old.name == change.new.name
            else f"{_quoted(change, 'old')} → {_quoted(change, 'new')}"
        )
        undecided = (
            " — UNDECIDED: as good a match as another entity"
            if change.match and change.match.ambiguous_with
            else ""
        )
        place = "" if new_file or not change.new.line else f" ({new}, line {change.new.line})"
        return Annotation(
            Level.NOTICE,
            f"Changed: {names}{place}: {fields}{undecided}",
            title="sanctions-diff: changed",
            file=new_file,
            line=change.new.line if new_file else None,
        )
    return None


def render_diff_github(
    report: Report, old_file: str | None, new_file: str | None, arguments: Sequence[str]
) -> str:
    """Annotations for the changes a reviewer must see, then one summary notice.

    ``old_file``/``new_file``: the paths GitHub should attach annotations to (relative to
    the repository), or None to attach them to the run only."""
    annotations = [
        (a, f"{a.file}:{a.line}: {a.message}" if a.file and a.line else a.message)
        for a in (change_annotation(c, report, old_file, new_file) for c in report.changes)
        if a is not None
    ]
    final = f"{report.old.origin} → {report.new.origin}: {summary_line(report)}"
    rerun = "`" + shlex.join(["sanctions-diff", "diff", *arguments]) + "`"
    return render_annotations(annotations, rerun, final)
