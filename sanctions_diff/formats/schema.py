"""What a snapshot file may contain: its keys and how scalar values are read.

Shared by the two readers of a snapshot (``loader`` on pyyaml nodes, ``yaml_fast`` on
yaml-rs values), so both accept exactly the same files and build the same values.
"""

from __future__ import annotations

import datetime as dt
import re

TOP_KEYS = ("snapshot", "entities")
SNAPSHOT_KEYS = ("title", "kind", "package", "stage", "date", "coverage", "sources", "annex")
ENTITY_KEYS = (
    "id",
    "name",
    "aliases",
    "type",
    "country",
    "identifiers",
    "addresses",
    "listed_on",
    "source",
    "birth_dates",
    "nationalities",
    "reason",
)
IDENTIFIER_KEYS = ("type", "value")

# Package numbers are small ("package: 20"); a longer run of digits is a mistake (and past
# 4,300 digits Python refuses to convert it; past 64 bits no JSON writer but Python's own
# writes it), in every format.
MAX_PACKAGE_DIGITS = 6

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_date(value: str) -> dt.date | None:
    """A YYYY-MM-DD date, or None (fromisoformat alone would also take '20230623')."""
    if not _ISO_DATE.fullmatch(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None
