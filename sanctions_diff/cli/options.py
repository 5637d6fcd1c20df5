"""The options and arguments several commands share, declared once so that every
``--help`` reads alike (man-page metavars: ``-o FILE``, ``--threshold SCORE``), with their
shell completion and the parsing of what typer leaves as text (``--fail-on KINDS``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from sanctions_diff.analysis.diff import ChangeKind
from sanctions_diff.bundled import bundled_names
from sanctions_diff.errors import UsageError
from sanctions_diff.render import Format


class Command(typer.core.TyperCommand):
    """A command whose arguments read as in man pages: ``diff [OPTIONS] OLD NEW`` with an
    ``OLD`` entry under Arguments, not typer's ``{old} {new}`` and ``old <str>``. An
    argument declared with a ``metavar`` is shown by it alone."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument" and param.metavar:
                pieces.append(param.metavar)
            else:
                pieces.extend(param.get_usage_pieces(ctx))
        return pieces

    def format_options(self, ctx: Any, formatter: Any) -> None:
        arguments, options = [], []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if param.param_type_name == "argument":
                arguments.append((param.metavar or record[0], record[1]))
            else:
                options.append(record)
        for title, records in (("Arguments", arguments), ("Options", options)):
            if records:
                with formatter.section(title):
                    formatter.write_dl(records)


# What a snapshot argument may be (every format ``loader.load_snapshot`` reads).
SNAPSHOT_ARGUMENT = (
    "a YAML or JSON Lines snapshot, an official list (EU FSF XML/CSV, UN XML,"
    " OpenSanctions FtM), a bundled list name, or - for stdin"
)


# Options several commands share, declared once so that they read alike in every --help.
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write to FILE instead of stdout (- is stdout), replacing it whole once complete.",
    ),
]


CountryOption = Annotated[
    list[str] | None,
    typer.Option(
        "--country",
        metavar="CODES",
        help="Only entities of these countries (country or nationality, either side): codes"
        " or English names, comma-separated or repeated.",
    ),
]


TypeOption = Annotated[
    list[str] | None,
    typer.Option(
        "--type",
        metavar="TYPES",
        help="Only entities of these types: organization, person, vessel, aircraft.",
    ),
]


MaxBytesOption = Annotated[
    int | None,
    typer.Option(
        "--max-bytes",
        min=1,
        metavar="N",
        help="Markdown: cut at a table row to at most N bytes, with a note of what is left"
        " out (default: whole; GitHub's 1 MiB when -o is $GITHUB_STEP_SUMMARY).",
    ),
]


def threshold_option(what: str) -> object:
    return typer.Option(
        min=0, max=100, metavar="SCORE", help=f"Lowest name score (0-100) that {what}."
    )


def complete_list_name(incomplete: str) -> list[str]:
    """Shell completion of a snapshot argument: the bundled names that start with what is
    typed; none (so the shell completes file names) when it is a path."""
    typed = incomplete.casefold()
    return [name for name in bundled_names() if name.startswith(typed)]


def complete_kinds(incomplete: str) -> list[str]:
    """Shell completion of a comma-separated list of change kinds (the last item)."""
    done, _, last = incomplete.rpartition(",")
    prefix = f"{done}," if done else ""
    words = [FAIL_ON_ANY, *(k.value for k in ChangeKind)]
    return [prefix + word for word in words if word.startswith(last.lower())]


# The kinds --fail-on takes, for its help and its error message.
FAIL_ON_ANY = "any"


CHANGE_KINDS = ",".join(k.value for k in ChangeKind)


def parse_kinds(text: str | None) -> set[ChangeKind]:
    """The kinds --fail-on names; ``any`` is every kind of change (not ``unchanged``)."""
    if not text:
        return set()
    kinds = set()
    for part in text.split(","):
        word = part.strip().lower()
        if word == FAIL_ON_ANY:
            kinds |= set(ChangeKind) - {ChangeKind.UNCHANGED}
            continue
        try:
            kinds.add(ChangeKind(word))
        except ValueError:
            raise UsageError(
                f"--fail-on: unknown kind '{word}' — use {FAIL_ON_ANY}, or some of: {CHANGE_KINDS}"
            ) from None
    return kinds


# --format of history and search.
FormatOption = Annotated[
    Format | None,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help="table, json, jsonl, markdown or html (a page for a browser). Default: from the -o"
        " suffix (.json .jsonl .md .html),"
        " else table.",
    ),
]
