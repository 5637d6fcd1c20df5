"""Renderers: each turns a ``Report`` into text. Nothing here decides a match.

``render(report, fmt, ...)`` picks the renderer; every renderer returns the whole text, so
the CLI alone decides where it goes (stdout or ``--output``).
"""

from __future__ import annotations

from enum import StrEnum


class Format(StrEnum):
    TABLE = "table"
    JSON = "json"
    JSONL = "jsonl"
    MARKDOWN = "markdown"
