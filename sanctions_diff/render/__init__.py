"""Renderers: each turns a report (diff, history, search) into text. Nothing here decides
a match. ``data`` defines the JSON schema, ``table`` the terminal view, ``markdown`` the
CI and pull-request view, ``human`` the wording both human formats share; the CLI alone
decides where the text goes (stdout or ``--output``).
"""

from __future__ import annotations

from enum import StrEnum


class Format(StrEnum):
    TABLE = "table"
    JSON = "json"
    JSONL = "jsonl"
    MARKDOWN = "markdown"
