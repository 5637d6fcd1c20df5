"""Renderers: each turns a report (diff, history, search, validate) into text. Nothing here
decides a match. ``data`` defines the JSON schema (``schema/report-v1.json`` describes it),
``table`` the terminal view, ``markdown`` the CI and pull-request view, ``github`` GitHub
Actions annotations, ``human`` the wording the human formats share; the CLI alone decides
where the text goes (stdout or ``--output``).
"""

from __future__ import annotations

from enum import StrEnum


class ListsFormat(StrEnum):
    """Formats of ``lists``."""

    TABLE = "table"
    JSON = "json"
    JSONL = "jsonl"
    MARKDOWN = "markdown"


class Format(StrEnum):
    """Formats of history and search: those of lists, and a page for a browser."""

    TABLE = "table"
    JSON = "json"
    JSONL = "jsonl"
    MARKDOWN = "markdown"
    HTML = "html"


class DiffFormat(StrEnum):
    """Formats of diff: those of ``Format`` and GitHub Actions annotations."""

    TABLE = "table"
    JSON = "json"
    JSONL = "jsonl"
    MARKDOWN = "markdown"
    HTML = "html"
    GITHUB = "github"


class ValidateFormat(StrEnum):
    """Formats of validate: one line per finding (``table``, as every command's terminal
    format is called), JSON, GitHub Actions annotations."""

    TABLE = "table"
    JSON = "json"
    GITHUB = "github"
    # The format's name before it was called table like every other command's: still
    # accepted (CI scripts say -f text), not shown in --help.
    TEXT = "text"
