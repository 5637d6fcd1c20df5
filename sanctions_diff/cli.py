"""The command line: parse options, call the pipeline, write the result, set the exit code.

This is the only module that touches stdout, stderr, files written by the user and exit
codes. Exit codes are an API (see ``ExitCode``): a crash never looks like "differences".
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import IntEnum, StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import typer

import sanctions_diff

from . import api, collector
from .analysis.diff import ChangeKind, parse_selection, select
from .analysis.history import select_tracks
from .analysis.mistakes import likely_mistakes
from .analysis.search import DEFAULT_LIMIT
from .bundled import bundled_names, resolve
from .console import Console, draw, make_console, progress_bar
from .errors import InputError, SanctionsDiffError, UsageError
from .formats.writer import in_id_order, write_jsonl, write_yaml
from .inputs import STDIN, Spool, spool, typed_text
from .matcher import DEFAULT_THRESHOLD, SEARCH_THRESHOLD, search_names
from .model import Snapshot
from .pager import pager_command, terminal_rows, through_pager
from .progress import Progress
from .render import DiffFormat, Format, ValidateFormat
from .render.data import (
    dumps,
    iter_json,
    iter_jsonl,
    render_history_json,
    render_history_jsonl,
    render_search_json,
    render_search_jsonl,
    snapshot_dict,
)
from .render.github import render_diff_github, render_validation_github
from .render.human import summary_line
from .render.markdown import (
    STEP_SUMMARY_BYTES,
    escape,
    render_history_markdown,
    render_markdown,
    render_search_markdown,
)
from .render.table import print_history, print_search, print_table
from .validate import (
    SNAPSHOT_SUFFIXES,
    Severity,
    render_table,
    snapshot_files,
    summary_text,
    validate,
    validation_dict,
)


class ExitCode(IntEnum):
    OK = 0
    FAIL_ON = 1  # only when --fail-on matched at least one change
    ERROR = 2  # bad input, bad usage, or an unexpected failure
    # The reader of stdout went away (``| head``): what the shell reports for a process
    # that SIGPIPE ended (128 + 13), as for cat or grep; never 1, which means --fail-on.
    CLOSED_PIPE = 141
    INTERRUPTED = 130  # Ctrl-C: 128 + SIGINT, as the shell reports it


app = typer.Typer(
    name="sanctions-diff",
    help="Tell exactly what changed between two versions of a sanctions list.",
    add_completion=True,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


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


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"sanctions-diff {sanctions_diff.__version__}\n")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
    debug: Annotated[
        bool,
        typer.Option("--debug", help="Show a traceback on unexpected errors (any position)."),
    ] = False,
    no_pager: Annotated[
        bool,
        typer.Option(
            "--no-pager",
            help="Never page long output on a terminal (any position; else PAGER, or less).",
        ),
    ] = False,
) -> None:
    """Tell exactly what changed between two versions of a sanctions list."""


def say(line: str) -> None:
    """A line for the person on stderr. A stderr that is closed (``2>&1 | head -0``) or
    full loses the message but changes nothing else: the exit code still tells."""
    if sys.stderr is None:  # started with stderr closed (2>&-)
        return
    try:
        sys.stderr.write(line + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


def warn_notices(snapshot: Snapshot) -> Snapshot:
    """What the reader could not read, one warning line each on stderr (see model.Snapshot)."""
    for notice in snapshot.notices:
        say(f"warning: {notice}")
    return snapshot


def load(argument: str) -> Snapshot:
    """A snapshot from a path, a bundled list name or ``-`` (stdin), as the user wrote it."""
    return load_all([argument])[0]


def load_all(arguments: list[str], progress: Progress | None = None) -> list[Snapshot]:
    """Every snapshot named (``-`` is stdin, at most once; a pipe is read once); the
    problems of all bad files are reported together."""
    with spool() as inputs:
        results = api.load_files([inputs.locate(a) for a in arguments], progress)
    problems = [p for r in results if isinstance(r, InputError) for p in r.problems]
    if problems:
        raise InputError(problems)
    return [warn_notices(r) for r in results if isinstance(r, Snapshot)]


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


def _is_terminal(stream: object) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def is_stdout(output: Path | None) -> bool:
    """No --output, or ``-o -``: the report goes to stdout."""
    return output is None or str(output) == STDIN


def on_terminal(output: Path | None) -> bool:
    """Whether a human format is shown on a terminal (colour, live width) or written as text."""
    return is_stdout(output) and _is_terminal(sys.stdout)


# Pieces of a streamed report are gathered to about this size before each write.
WRITE_BUFFER_CHARS = 1 << 20


def write_out(text: str | Iterable[str], output: Path | None) -> None:
    """Data to --output, or to stdout as UTF-8 whatever the locale says. A report given in
    pieces is written as they come, so that it never exists whole in memory.

    A file is written beside its target and renamed into place when complete, so an
    interrupted run (Ctrl-C, a full disk) leaves the previous report whole; a device or a
    pipe (``-o /dev/stdout``, a FIFO) is written directly. A write that fails (a full
    disk) is the same one-line error for a file and for stdout."""
    pieces: Iterable[str] = [text] if isinstance(text, str) else text
    if output is None or is_stdout(output):
        if PAGING.on and _is_terminal(sys.stdout):
            rest = _page(pieces)
            if rest is None:
                return
            pieces = rest
        try:
            sys.stdout.flush()
            _write_pieces(pieces, lambda chunk: sys.stdout.buffer.write(chunk.encode("utf-8")))
            sys.stdout.buffer.flush()
        except BrokenPipeError:
            _leave_quietly()  # here: typer would turn it into exit code 1
        except OSError as exc:
            raise UsageError(f"stdout: cannot write the report: {exc.strerror}") from None
        return
    try:
        if output.exists() and not output.is_file():
            with output.open("w", encoding="utf-8") as out:
                _write_pieces(pieces, out.write)
            return
        descriptor, temporary = tempfile.mkstemp(
            prefix=f".{output.name}.", suffix=".partial", dir=output.parent
        )
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8") as out:
                _write_pieces(pieces, out.write)
            os.replace(temporary, output)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise UsageError(f"{output}: cannot write the report: {exc.strerror}") from None


@dataclass
class Paging:
    """Whether long output on a terminal may go through a pager (``--no-pager`` says no)."""

    on: bool = True


PAGING = Paging()


def _page(pieces: Iterable[str]) -> Iterable[str] | None:
    """Through the pager when the output is longer than the screen (None once shown);
    else the pieces, to write as usual."""
    command = pager_command(os.environ)
    if command is None:
        return pieces
    rows = terminal_rows(os.environ, sys.stdout.fileno())
    return through_pager(pieces, rows=rows, command=command, environ=os.environ)


def _write_pieces(pieces: Iterable[str], write: Callable[[str], object]) -> None:
    """Small pieces (a JSON encoder yields single tokens) gathered into large writes."""
    buffered: list[str] = []
    size = 0
    for piece in pieces:
        buffered.append(piece)
        size += len(piece)
        if size >= WRITE_BUFFER_CHARS:
            write("".join(buffered))
            buffered, size = [], 0
    write("".join(buffered))


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


def markdown_limit(max_bytes: int | None, output: Path | None) -> int | None:
    """The size Markdown is cut to: as asked, else GitHub's limit when writing the step
    summary itself (it shows nothing of a longer one), else none: a report written to a
    file or read in a terminal is whole."""
    if max_bytes is not None:
        return max_bytes
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if output is not None and summary and not is_stdout(output):
        with contextlib.suppress(OSError):
            if output.resolve() == Path(summary).resolve():
                return STEP_SUMMARY_BYTES
    return None


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


@app.command("diff", cls=Command)
def diff_command(
    old: Annotated[
        str,
        typer.Argument(
            metavar="OLD",
            autocompletion=complete_list_name,
            help=f"Old snapshot: {SNAPSHOT_ARGUMENT}.",
        ),
    ],
    new: Annotated[
        str,
        typer.Argument(
            metavar="NEW",
            autocompletion=complete_list_name,
            help=f"New snapshot: {SNAPSHOT_ARGUMENT}.",
        ),
    ],
    fmt: Annotated[
        DiffFormat | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="table, json, jsonl, markdown or github (annotations at the entities' lines)."
            " Default: from the -o suffix (.json .jsonl .md), else table.",
        ),
    ] = None,
    output: OutputOption = None,
    include_unchanged: Annotated[
        bool, typer.Option("--include-unchanged", help="List unchanged pairs too.")
    ] = False,
    threshold: Annotated[float, threshold_option("pairs two entities")] = DEFAULT_THRESHOLD,
    fail_on: Annotated[
        str | None,
        typer.Option(
            "--fail-on",
            metavar="KINDS",
            autocompletion=complete_kinds,
            help=f"Exit 1 if a change of these kinds is found: '{FAIL_ON_ANY}', or some of"
            f" {CHANGE_KINDS} (comma-separated).",
        ),
    ] = None,
    kind: Annotated[
        list[str] | None,
        typer.Option(
            "--kind",
            metavar="KINDS",
            autocompletion=complete_kinds,
            help=f"Only changes of these kinds: some of {CHANGE_KINDS} (the summary still"
            " counts all).",
        ),
    ] = None,
    country: CountryOption = None,
    entity_type: TypeOption = None,
    max_bytes: MaxBytesOption = None,
    stat: Annotated[
        bool,
        typer.Option("--stat", help="Only the one-line summary (as git diff --shortstat)."),
    ] = False,
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet",
            "-q",
            help=f"Nothing on stdout, only the exit code: as --fail-on (default:"
            f" '{FAIL_ON_ANY}', like git diff --quiet).",
        ),
    ] = False,
) -> None:
    """Compare OLD and NEW: what was added, removed, dropped and changed.

    \b
    Examples:
      sanctions-diff diff eu-11-draft eu-11-final
      sanctions-diff diff old.yaml new.yaml -o report.json
      git show HEAD~1:lists/eu.yaml | sanctions-diff diff - lists/eu.yaml --fail-on removed,dropped
    """
    kinds = parse_kinds(fail_on if fail_on or not quiet else FAIL_ON_ANY)
    selection = parse_selection(kind or (), country or (), entity_type or ())
    if stat and (fmt not in (None, DiffFormat.TABLE) or include_unchanged):
        raise UsageError(
            "--stat prints the one-line summary only — leave out -f and --include-unchanged"
        )
    with progress_bar(sys.stderr, enabled=_is_terminal(sys.stderr)) as progress:
        before, after = load_all([old, new], progress)
        for mistake in likely_mistakes(before, after):
            say(f"warning: {mistake}")
        whole = api.diff(before, after, threshold=threshold, progress=progress)
    # --fail-on looks at every change, whatever the output shows.
    failed = any(whole.summary.get(kind, 0) for kind in kinds)
    report = whole if selection.selects_all else select(whole, selection)
    # --kind unchanged asks to see the unchanged pairs, which are otherwise only counted.
    include_unchanged = include_unchanged or ChangeKind.UNCHANGED in selection.kinds
    limit = markdown_limit(max_bytes, output)
    renderers = {
        DiffFormat.JSON: lambda: iter_json(report, include_unchanged),
        DiffFormat.JSONL: lambda: iter_jsonl(report, include_unchanged),
        DiffFormat.MARKDOWN: lambda: render_markdown(report, include_unchanged, limit),
        DiffFormat.GITHUB: lambda: render_diff_github(
            report, annotation_path(old), annotation_path(new), [old, new]
        ),
    }
    if stat:
        write_out(summary_line(report) + "\n", output)
    elif not quiet:
        emit_as(
            output_format(fmt, output, DiffFormat, DiffFormat.TABLE),
            output,
            renderers,
            lambda c: print_table(report, c, include_unchanged),
        )
    if failed:
        raise typer.Exit(ExitCode.FAIL_ON)


def annotation_path(argument: str) -> str | None:
    """The file GitHub should attach annotations to: the snapshot's file relative to the
    current directory (the repository root in a workflow), or None when it lies outside
    (an installed bundled list, a base version extracted to a temporary folder)."""
    try:
        return resolve(argument).resolve().relative_to(Path.cwd().resolve()).as_posix()
    except (ValueError, OSError, UsageError):
        return None


def emit(text: str | Iterable[str] | None, output: Path | None) -> None:
    if text is not None:
        write_out(text, output)


F = TypeVar("F", bound=StrEnum)

# --format of history and search.
FormatOption = Annotated[
    Format | None,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help="table, json, jsonl or markdown. Default: from the -o suffix (.json .jsonl .md),"
        " else table.",
    ),
]

# What an --output suffix says about the format, as ``convert`` reads .jsonl; -f wins.
SUFFIX_FORMATS = {".json": "json", ".jsonl": "jsonl", ".md": "markdown", ".markdown": "markdown"}


def output_format(fmt: F | None, output: Path | None, formats: type[F], default: F) -> F:
    """The format asked for; else the one the --output suffix names, if the command has it;
    else ``default``: ``-o report.json`` writes JSON, not a table."""
    if fmt is not None:
        return fmt
    named = SUFFIX_FORMATS.get(output.suffix.lower()) if output is not None else None
    return formats(named) if named in set(formats) else default


def emit_as(
    fmt: F,
    output: Path | None,
    renderers: Mapping[F, Callable[[], str | Iterable[str]]],
    paint: Callable[[Console], None],
) -> None:
    """Write a report in ``fmt``: a text renderer, or ``paint`` for the table."""
    if fmt in renderers:
        return emit(renderers[fmt](), output)
    if on_terminal(output):
        # Drawn for this terminal (colour, its width), then written, paged when long.
        screen = io.StringIO()
        paint(make_console(screen, terminal=True))
        return emit(screen.getvalue(), output)
    emit(draw(paint, sys.stdout, terminal=False), output)


@app.command("history", cls=Command)
def history_command(
    files: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[SNAPSHOT]...",
            autocompletion=complete_list_name,
            help="Snapshots in order (files, bundled names, or - for stdin)."
            " Default: every bundled package snapshot.",
        ),
    ] = None,
    dropped: Annotated[
        bool,
        typer.Option("--dropped", help="Only entities ever dropped, with what became of them."),
    ] = False,
    entity: Annotated[
        str | None,
        typer.Option(
            "--entity", metavar="NAME", help="Only entities with a name like this (fuzzy)."
        ),
    ] = None,
    country: CountryOption = None,
    entity_type: TypeOption = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
    max_bytes: MaxBytesOption = None,
    threshold: Annotated[float, threshold_option("links two entities")] = DEFAULT_THRESHOLD,
) -> None:
    """The history of each entity across packages: proposed, dropped, listed, listed later.

    \b
    Examples:
      sanctions-diff history --dropped
      sanctions-diff history --entity "Da Group 22"
      sanctions-diff history eu-11-draft eu-11-final eu-12-draft eu-12-final -o history.md
    """
    series = load_all(files) if files else api.load_bundled(packages_only=True)
    with progress_bar(sys.stderr, enabled=_is_terminal(sys.stderr)) as progress:
        history = api.history(series, threshold=threshold, progress=progress)
    tracks = [t for t in history.tracks if not dropped or t.was_dropped]
    if entity:
        wanted = typed_text(entity)
        tracks = [
            t for t in tracks if t.representative and search_names(wanted, t.representative.names())
        ]
    selection = parse_selection((), country or (), entity_type or ())
    shown = None if selection.selects_all else selection
    chosen = tracks if shown is None else select_tracks(tracks, shown)
    limit = markdown_limit(max_bytes, output)
    renderers = {
        Format.JSON: lambda: render_history_json(history, chosen, shown),
        Format.JSONL: lambda: render_history_jsonl(history, chosen, shown),
        Format.MARKDOWN: lambda: render_history_markdown(history, chosen, limit, shown),
    }
    emit_as(
        output_format(fmt, output, Format, Format.TABLE),
        output,
        renderers,
        lambda c: print_history(history, chosen, c, shown),
    )


@app.command("search", cls=Command)
def search_command(
    name: Annotated[
        str,
        typer.Argument(
            metavar="QUERY", help="The name (or identifier) to look for, in any script."
        ),
    ],
    files: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[SNAPSHOT]...",
            autocompletion=complete_list_name,
            help="Snapshots to search (files, bundled names, or - for stdin)."
            " Default: every bundled list.",
        ),
    ] = None,
    threshold: Annotated[float, threshold_option("shows a hit")] = SEARCH_THRESHOLD,
    limit: Annotated[
        int, typer.Option(min=1, metavar="N", help="Show at most N hits.")
    ] = DEFAULT_LIMIT,
    country: CountryOption = None,
    entity_type: TypeOption = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
    max_bytes: MaxBytesOption = None,
) -> None:
    """Find a name across snapshots, fuzzily and across scripts.

    \b
    Examples:
      sanctions-diff search "King Pai"
      sanctions-diff search "Кинг Пай" eu-11-draft eu-11-final
      sanctions-diff search 773116543703 -f json
    """
    snapshots = load_all(files) if files else api.load_bundled()
    selection = parse_selection((), country or (), entity_type or ())
    result = api.search(
        typed_text(name),
        snapshots,
        threshold=threshold,
        limit=limit,
        selection=None if selection.selects_all else selection,
    )
    cut = markdown_limit(max_bytes, output)
    renderers = {
        Format.JSON: lambda: render_search_json(result),
        Format.JSONL: lambda: render_search_jsonl(result),
        Format.MARKDOWN: lambda: render_search_markdown(result, cut),
    }
    emit_as(
        output_format(fmt, output, Format, Format.TABLE),
        output,
        renderers,
        lambda c: print_search(result, c),
    )


def snapshot_arguments(arguments: list[str], inputs: Spool) -> list[tuple[Path, str]]:
    """(file, path shown) for each argument: a file, every snapshot file under a directory,
    a bundled list's file, or a copy of stdin or a pipe; each file once. A missing file is
    kept: loading reports it."""
    found: dict[Path, tuple[Path, str]] = {}
    for argument in arguments:
        path = Path(argument)
        if argument != STDIN and path.is_dir():
            files = snapshot_files(path)
            if not files:
                suffixes = ", ".join(f"*{s}" for s in SNAPSHOT_SUFFIXES)
                raise UsageError(f"{argument}: no snapshot files ({suffixes}) in this directory")
            for file in files:
                found.setdefault(file.resolve(), (file, file.as_posix()))
            continue
        file, shown = inputs.locate(argument)
        if file != path and inputs.folder not in file.parents:  # a bundled list: its file
            shown = annotation_path(argument) or str(file)
        found.setdefault(file.resolve(), (file, shown))
    return list(found.values())


@app.command("validate", cls=Command)
def validate_command(
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="PATH...",
            autocompletion=complete_list_name,
            help="Snapshot files, directories (searched for *.yaml, *.yml, *.jsonl), bundled"
            " list names, or - for stdin.",
        ),
    ],
    fmt: Annotated[
        ValidateFormat | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="table (path:line:col: CODE message), json or github (annotations)."
            " Default: from the -o suffix (.json), else table.",
        ),
    ] = None,
    output: OutputOption = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 2 on warnings too, not only on errors.")
    ] = False,
    select: Annotated[
        list[str] | None,
        typer.Option(
            "--select",
            metavar="CODES",
            help="Only these checks: codes or prefixes (SD104, SD1, ALL), comma-separated or"
            " repeated.",
        ),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option(
            "--ignore",
            metavar="CODES",
            help="Not these checks (SD101, SD10); the more specific of --select and --ignore"
            " wins. SD001 (a file that cannot be loaded) is always reported.",
        ),
    ] = None,
    threshold: Annotated[
        float, threshold_option("makes two entities look like duplicates (SD101)")
    ] = DEFAULT_THRESHOLD,
) -> None:
    """Lint snapshots: each problem as path:line:col: CODE message; exit 2 on errors.

    \b
    Examples:
      sanctions-diff validate lists/
      sanctions-diff validate my-list.yaml --strict
      sanctions-diff validate my-list.yaml --ignore SD104
    """
    chosen = [*(f"--select={s}" for s in select or ()), *(f"--ignore={i}" for i in ignore or ())]
    with spool() as inputs:
        result = validate(
            snapshot_arguments(paths, inputs), threshold, select=select or (), ignore=ignore or ()
        )
    renderers = {
        ValidateFormat.TABLE: lambda: render_table(result),
        ValidateFormat.JSON: lambda: dumps(validation_dict(result), indent=2) + "\n",
        ValidateFormat.GITHUB: lambda: render_validation_github(result, [*chosen, *paths]),
    }
    if fmt is ValidateFormat.TEXT:
        fmt = ValidateFormat.TABLE
    write_out(renderers[output_format(fmt, output, ValidateFormat, ValidateFormat.TABLE)](), output)
    say(summary_text(result))
    if result.count(Severity.ERROR) or (strict and result.count(Severity.WARNING)):
        raise typer.Exit(ExitCode.ERROR)


class Target(StrEnum):
    YAML = "yaml"
    JSONL = "jsonl"


@app.command("convert", cls=Command)
def convert_command(
    source: Annotated[
        str,
        typer.Argument(
            metavar="SOURCE",
            autocompletion=complete_list_name,
            help="An official list (EU FSF XML or CSV, UN XML, OpenSanctions FtM JSON Lines)"
            " or any snapshot, detected by content; - for stdin.",
        ),
    ],
    output: OutputOption = None,
    to: Annotated[
        Target | None,
        typer.Option(
            "--to",
            metavar="FORMAT",
            help="yaml or jsonl. Default: from the -o suffix (.jsonl), else yaml.",
        ),
    ] = None,
) -> None:
    """Turn an official sanctions file into a snapshot (YAML or JSON Lines).

    \b
    Examples:
      sanctions-diff convert 20240626-FULL-1_1.xml -o eu-consolidated.yaml
      sanctions-diff convert consolidated.xml -o un.jsonl
      curl -s https://scsanctions.un.org/resources/xml/en/consolidated.xml | sanctions-diff convert -
    """
    snapshot = in_id_order(load(source))
    target = to or (
        Target.JSONL if output is not None and output.suffix.lower() == ".jsonl" else Target.YAML
    )
    write_out(write_jsonl(snapshot) if target is Target.JSONL else write_yaml(snapshot), output)


@app.command("lists", cls=Command)
def lists_command(
    fmt: Annotated[
        Format,
        typer.Option("--format", "-f", metavar="FORMAT", help="table, json, jsonl or markdown."),
    ] = Format.TABLE,
) -> None:
    """Show the bundled lists, usable by name in place of a file.

    \b
    Examples:
      sanctions-diff lists
      sanctions-diff lists -f json
    """
    rows = [{"name": name, **snapshot_dict(load(name))} for name in bundled_names()]
    for row in rows:
        del row["origin"]
    if fmt is Format.JSON:
        return write_out(dumps({"lists": rows}, indent=2) + "\n", None)
    if fmt is Format.JSONL:
        return write_out("".join(dumps(row, indent=None) + "\n" for row in rows), None)
    columns = ("name", "kind", "package", "stage", "date", "coverage", "entities", "title")
    cells = [["" if row[k] is None else str(row[k]) for k in columns] for row in rows]
    if fmt is Format.MARKDOWN:
        lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
        lines += ["| " + " | ".join(escape(c) for c in row) + " |" for row in cells]
        return write_out("\n".join(lines) + "\n", None)
    write_out(_align(["\t".join(columns)] + ["\t".join(row) for row in cells]), None)


def _align(lines: list[str]) -> str:
    """Tab-separated rows as aligned columns (plain text: pipes and terminals alike)."""
    rows = [line.split("\t") for line in lines]
    widths = [max(len(row[k]) for row in rows) for k in range(len(rows[0]))]
    return "".join(
        "  ".join(cell.ljust(widths[k]) for k, cell in enumerate(row)).rstrip() + "\n"
        for row in rows
    )


def run() -> None:
    """The ``sanctions-diff`` command (and ``python -m sanctions_diff``): ``main``, in a
    process that then ends, so what is still held is left to the exit (see
    ``collector.leaving``). Programs calling ``main`` themselves keep their collector whole."""
    try:
        main()
    finally:
        collector.leaving()


def main(argv: list[str] | None = None) -> None:
    """Entry point: runs the app and maps every outcome to an exit code.

    Usage errors (typer/click) are worded plainly and exit 2; a command's ``typer.Exit``
    gives its code; everything else that escapes a command is turned into a one-line
    message and exit code 2 here.
    """
    args, flags = _take_flags(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in flags
    PAGING.on = "--no-pager" not in flags
    for stream in (sys.stdout, sys.stderr):
        # A terminal that cannot show a name (an ASCII locale) gets \uXXXX, not a crash.
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    try:
        # A command builds its data, reports and exits: the cyclic collector (which would
        # scan everything loaded, again and again) is off for all of it (see collector).
        with collector.paused():
            code = app(args=args, prog_name="sanctions-diff", standalone_mode=False)
    except typer.TyperException as exc:  # click's usage errors (and --help's NoArgsIsHelp)
        _show_usage_error(exc)
    except SanctionsDiffError as exc:
        for line in exc.lines():
            say(line)
        sys.exit(ExitCode.ERROR)
    except BrokenPipeError:
        _leave_quietly()
    except (KeyboardInterrupt, typer.Abort):
        code = ExitCode.INTERRUPTED
    except Exception as exc:
        if debug:
            traceback.print_exc()
        else:
            say(
                f"sanctions-diff: internal error: {type(exc).__name__}: {exc}"
                " — run again with --debug for a traceback, and please report it"
            )
        sys.exit(ExitCode.ERROR)
    if code == ExitCode.INTERRUPTED:  # typer turns Ctrl-C in a command into exit code 130
        say("sanctions-diff: interrupted")
    sys.exit(code if isinstance(code, int) else ExitCode.OK)


# Flags of the whole program that people also type after the command (git --no-pager diff,
# and diff … --no-pager): taken anywhere before ``--``.
GLOBAL_FLAGS = ("--debug", "--no-pager")


def _take_flags(args: list[str]) -> tuple[list[str], set[str]]:
    """The arguments without GLOBAL_FLAGS (before ``--``), and which of them were given."""
    end = args.index("--") if "--" in args else len(args)
    given = {a for a in args[:end] if a in GLOBAL_FLAGS}
    return [a for a in args[:end] if a not in GLOBAL_FLAGS] + args[end:], given


# pydantic's wording of bad option values (typer checks values with it), said plainly.
_PLAIN_WORDING = (
    (re.compile(r"^Value error, "), ""),
    (re.compile(r"^Input should be a valid number.*"), "give a number"),
    (re.compile(r"^Input should be a valid integer.*"), "give a whole number"),
    (re.compile(r"^Input should be greater than or equal to (\S+)$"), r"give \1 or more"),
    (re.compile(r"^Input should be less than or equal to (\S+)$"), r"give \1 or less"),
)


def _show_usage_error(exc: typer.TyperException) -> NoReturn:
    message = getattr(exc, "message", None)
    if isinstance(message, str):
        for pattern, plain in _PLAIN_WORDING:
            message = pattern.sub(plain, message)
        exc.message = message
    show = getattr(exc, "show", None)
    if show is not None and sys.stderr is not None:
        with contextlib.suppress(OSError):  # stderr closed: the exit code still says it
            show(file=sys.stderr)
    sys.exit(getattr(exc, "exit_code", ExitCode.ERROR))


def _leave_quietly() -> None:
    """Stdout was closed by its reader: nothing more to say, and nothing for Python to
    complain about when it flushes stdout on the way out."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    sys.exit(ExitCode.CLOSED_PIPE)
