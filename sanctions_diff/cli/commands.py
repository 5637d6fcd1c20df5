"""The commands: each parses its options, calls the library (``sanctions_diff.api`` and
the renderers) and hands the text to ``output``. Nothing here decides a match."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

import sanctions_diff
from sanctions_diff import api
from sanctions_diff.analysis.diff import ChangeKind, Report, Selection, parse_selection, select
from sanctions_diff.analysis.history import History, Track, select_tracks
from sanctions_diff.analysis.mistakes import likely_mistakes
from sanctions_diff.analysis.search import DEFAULT_LIMIT, SearchResult
from sanctions_diff.bundled import bundled_names, resolve
from sanctions_diff.console import progress_bar
from sanctions_diff.errors import InputError, UsageError
from sanctions_diff.formats.writer import in_id_order, write_jsonl, write_yaml
from sanctions_diff.inputs import STDIN, Spool, spool, typed_text
from sanctions_diff.matcher import DEFAULT_THRESHOLD, SEARCH_THRESHOLD, search_names
from sanctions_diff.model import Snapshot
from sanctions_diff.progress import Progress
from sanctions_diff.render import DiffFormat, Format, ListsFormat, ValidateFormat
from sanctions_diff.render.data import (
    dumps,
    iter_json,
    iter_jsonl,
    render_history_json,
    render_history_jsonl,
    render_search_json,
    render_search_jsonl,
    snapshot_dict,
)
from sanctions_diff.render.github import render_diff_github, render_validation_github
from sanctions_diff.render.human import summary_line
from sanctions_diff.render.markdown import (
    escape,
    render_history_markdown,
    render_markdown,
    render_search_markdown,
)
from sanctions_diff.render.table import print_history, print_search, print_table
from sanctions_diff.validate import (
    SNAPSHOT_SUFFIXES,
    Severity,
    render_table,
    snapshot_files,
    summary_text,
    validate,
    validation_dict,
)

from .options import (
    CHANGE_KINDS,
    FAIL_ON_ANY,
    SNAPSHOT_ARGUMENT,
    Command,
    CountryOption,
    FormatOption,
    MaxBytesOption,
    OutputOption,
    TypeOption,
    complete_kinds,
    complete_list_name,
    parse_kinds,
    threshold_option,
)
from .output import (
    ExitCode,
    emit_as,
    is_terminal,
    markdown_limit,
    output_format,
    say,
    write_out,
)

app = typer.Typer(
    name="sanctions-diff",
    help="Tell exactly what changed between two versions of a sanctions list.",
    add_completion=True,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


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
            help="table, json, jsonl, markdown, html (a page for a browser) or github"
            " (annotations at the entities' lines). Default: from the -o suffix (.json .jsonl"
            " .md .html), else table.",
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
    with progress_bar(sys.stderr, enabled=is_terminal(sys.stderr)) as progress:
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
        DiffFormat.HTML: lambda: diff_page(report, include_unchanged),
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


# The HTML renderer is imported when a page is asked for: jinja2 would cost every other
# run 30 ms of imports (a third of the start-up) for nothing.


def diff_page(report: Report, include_unchanged: bool) -> str:
    from sanctions_diff.render.html import render_diff_html

    return render_diff_html(report, include_unchanged)


def history_page(history: History, tracks: list[Track], selection: Selection | None) -> str:
    from sanctions_diff.render.html import render_history_html

    return render_history_html(history, tracks, selection)


def search_page(result: SearchResult) -> str:
    from sanctions_diff.render.html import render_search_html

    return render_search_html(result)


def annotation_path(argument: str) -> str | None:
    """The file GitHub should attach annotations to: the snapshot's file relative to the
    current directory (the repository root in a workflow), or None when it lies outside
    (an installed bundled list, a base version extracted to a temporary folder)."""
    try:
        return resolve(argument).resolve().relative_to(Path.cwd().resolve()).as_posix()
    except (ValueError, OSError, UsageError):
        return None


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
    with progress_bar(sys.stderr, enabled=is_terminal(sys.stderr)) as progress:
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
        Format.HTML: lambda: history_page(history, chosen, shown),
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
        Format.HTML: lambda: search_page(result),
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
        ListsFormat,
        typer.Option("--format", "-f", metavar="FORMAT", help="table, json, jsonl or markdown."),
    ] = ListsFormat.TABLE,
) -> None:
    """Show the bundled lists, usable by name in place of a file.

    \b
    Examples:
      sanctions-diff lists
      sanctions-diff lists -f json
    """
    names = bundled_names()
    # Loaded together: one pass over the files, not one temporary folder and load per name.
    rows = [{"name": n, **snapshot_dict(s)} for n, s in zip(names, load_all(names), strict=True)]
    for row in rows:
        del row["origin"]
    if fmt is ListsFormat.JSON:
        return write_out(dumps({"lists": rows}, indent=2) + "\n", None)
    if fmt is ListsFormat.JSONL:
        return write_out("".join(dumps(row, indent=None) + "\n" for row in rows), None)
    columns = ("name", "kind", "package", "stage", "date", "coverage", "entities", "title")
    cells = [["" if row[k] is None else str(row[k]) for k in columns] for row in rows]
    if fmt is ListsFormat.MARKDOWN:
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
