"""The entry point: arguments in (global flags anywhere), an exit code out, every failure
a one-line message on stderr (usage errors worded plainly), never a traceback unless
``--debug``."""

from __future__ import annotations

import contextlib
import re
import sys
import traceback
from typing import NoReturn

import typer

from sanctions_diff import collector
from sanctions_diff.errors import SanctionsDiffError

from .commands import app
from .output import PAGING, ExitCode, leave_quietly, say


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
        leave_quietly()
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
