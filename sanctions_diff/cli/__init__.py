"""The command line, a thin layer over the library (``sanctions_diff.api``):

- ``main``: the entry point — arguments in, an exit code out, failures as one line;
- ``commands``: the typer app, one function per command;
- ``options``: options and arguments shared by several commands, and their completion;
- ``output``: where reports go (stdout, ``--output``, the pager) and the exit codes.

The only package that touches stdout, stderr, files written by the user and exit codes.
"""

from __future__ import annotations

from sanctions_diff import api

from .commands import app, load_all
from .main import main, run
from .output import ExitCode, markdown_limit, write_out

__all__ = ["ExitCode", "api", "app", "load_all", "main", "markdown_limit", "run", "write_out"]
