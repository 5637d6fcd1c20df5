"""Where reports go: stdout or ``--output``, whole or through a pager, in the format asked
for or named by the file's suffix; and the exit codes, which are an API (a crash never
looks like "differences"). The only place that writes to stdout, stderr or the user's
files."""

from __future__ import annotations

import contextlib
import io
import os
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import IntEnum, StrEnum
from pathlib import Path
from typing import TypeVar

from sanctions_diff.console import Console, draw, make_console
from sanctions_diff.errors import UsageError
from sanctions_diff.inputs import STDIN
from sanctions_diff.pager import pager_command, terminal_rows, through_pager
from sanctions_diff.render.markdown import (
    STEP_SUMMARY_BYTES,
)


class ExitCode(IntEnum):
    OK = 0
    FAIL_ON = 1  # only when --fail-on matched at least one change
    ERROR = 2  # bad input, bad usage, or an unexpected failure
    # The reader of stdout went away (``| head``): what the shell reports for a process
    # that SIGPIPE ended (128 + 13), as for cat or grep; never 1, which means --fail-on.
    CLOSED_PIPE = 141
    INTERRUPTED = 130  # Ctrl-C: 128 + SIGINT, as the shell reports it


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


def is_terminal(stream: object) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def is_stdout(output: Path | None) -> bool:
    """No --output, or ``-o -``: the report goes to stdout."""
    return output is None or str(output) == STDIN


def on_terminal(output: Path | None) -> bool:
    """Whether a human format is shown on a terminal (colour, live width) or written as text."""
    return is_stdout(output) and is_terminal(sys.stdout)


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
        if PAGING.on and is_terminal(sys.stdout):
            rest = _page(pieces)
            if rest is None:
                return
            pieces = rest
        try:
            sys.stdout.flush()
            _write_pieces(pieces, lambda chunk: sys.stdout.buffer.write(chunk.encode("utf-8")))
            sys.stdout.buffer.flush()
        except BrokenPipeError:
            leave_quietly()  # here: typer would turn it into exit code 1
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
            # mkstemp makes the file private (0600); the report gets the mode a plain
            # write would give it: the previous report's, else what the umask allows.
            os.chmod(descriptor, _mode_for(output))
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


def _mode_for(output: Path) -> int:
    try:
        return stat.S_IMODE(output.stat().st_mode)
    except OSError:  # no previous report
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


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


def emit(text: str | Iterable[str] | None, output: Path | None) -> None:
    if text is not None:
        write_out(text, output)


F = TypeVar("F", bound=StrEnum)


# What an --output suffix says about the format, as ``convert`` reads .jsonl; -f wins.
SUFFIX_FORMATS = {
    ".json": "json",
    ".jsonl": "jsonl",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
}


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


def leave_quietly() -> None:
    """Stdout was closed by its reader: nothing more to say, and nothing for Python to
    complain about when it flushes stdout on the way out."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    sys.exit(ExitCode.CLOSED_PIPE)
