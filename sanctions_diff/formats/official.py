"""What the official-format readers (EU FSF, UN, OpenSanctions) share: how their dates are
written in a snapshot, and how a structure they do not know is reported.

Dates. Listing dates are ``datetime.date``; the files write them as XML Schema dates, which
may carry a time and a time-zone offset (the UN list writes ``2015-07-01-04:00``): the day
as written is kept, the offset only says where the clock was.

Birth dates are text in a snapshot, and the files say more than a date: "approximately",
"between two years", a month in words. They are written in the ISO 8601-2 (EDTF, level 1)
notation, so they stay plain strings that sort by year and compare exactly:

====================================  ==============
the file says                         the snapshot
====================================  ==============
1 Feb 1965, February 1965, 1965       ``1965-02-01``, ``1965-02``, ``1965``
approximately 1965 (UN, EU ``circa``) ``1965~``
between 1960 and 1965                 ``1960/1965``
approximately between 1960 and 1965   ``1960~/1965~``
====================================  ==============

A birth date that is none of these (a date in another calendar, "30-35 years old") is kept
as printed.

Unknown structures. Each reader knows every element, attribute, column or property of its
format, kept or not (the README's "Official formats" tables say which and why). Anything
else is counted by name in ``Unread`` and becomes one notice line per file on the snapshot
(shown as a warning), never dropped without a word.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable

from .schema import parse_date

APPROXIMATE = "~"  # ISO 8601-2 / EDTF: "approximately"
RANGE = "/"  # ISO 8601-2 / EDTF: an interval, here "born between"

# The first day of an XML Schema date or dateTime: 2015-07-01, 2015-07-01Z,
# 2015-07-01-04:00, 2024-12-11T21:24:35.826+01:00.
_XSD_DATE = re.compile(
    r"([0-9]{4}-[0-9]{2}-[0-9]{2})(?:T[0-9:.]+)?(?:Z|[+-][0-9]{2}:[0-9]{2})?", re.ASCII
)
_YEAR = re.compile(r"[0-9]{4}", re.ASCII)
_ISO_PARTIAL = re.compile(r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?", re.ASCII)

# English month names as the lists abbreviate them ("Nov.", "Sept.", "August").
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"([A-Za-z]+)\.?"
_MONTH_YEAR = re.compile(rf"{_MONTH}\s+([0-9]{{4}})")
_MONTH_ALONE = re.compile(_MONTH)
_BETWEEN_MONTHS = re.compile(rf"between\s+{_MONTH}\s+and\s+{_MONTH}\s+([0-9]{{4}})", re.IGNORECASE)


def xsd_date(text: str | None) -> dt.date | None:
    """The day of an XML Schema date or dateTime (any time and offset ignored); None when
    ``text`` is not one."""
    found = _XSD_DATE.fullmatch(text.strip()) if text else None
    return parse_date(found.group(1)) if found else None


def is_year(text: str) -> bool:
    return _YEAR.fullmatch(text) is not None


def is_iso_partial(text: str) -> bool:
    """A year, year-month or full ISO date (a valid one)."""
    if _ISO_PARTIAL.fullmatch(text) is None:
        return False
    return len(text) < 10 or parse_date(text) is not None


def approximately(date: str) -> str:
    """``date`` marked as approximate ("1965~")."""
    return date if date.endswith(APPROXIMATE) else date + APPROXIMATE


def between(low: str, high: str, approximate: bool = False) -> str:
    """A birth date between two years (or dates): "1960/1965", "1960~/1965~"; one year
    when both ends are the same."""
    if approximate:
        low, high = approximately(low), approximately(high)
    return low if low == high else f"{low}{RANGE}{high}"


def month_number(word: str) -> int | None:
    """1-12 for an English month name or abbreviation ("Nov", "Sept", "August")."""
    return _MONTHS.get(word.lower())


def month_year(text: str) -> str | None:
    """ "Nov. 1973" → "1973-11"; "Between Aug. and Sep. 1977" → "1977-08/1977-09"; None for
    anything else."""
    text = text.strip()
    found = _MONTH_YEAR.fullmatch(text)
    if found is not None:
        month = month_number(found.group(1))
        return f"{found.group(2)}-{month:02d}" if month else None
    found = _BETWEEN_MONTHS.fullmatch(text)
    if found is not None:
        first, last = month_number(found.group(1)), month_number(found.group(2))
        year = found.group(3)
        if first and last:
            return between(f"{year}-{first:02d}", f"{year}-{last:02d}")
    return None


def month_alone(text: str) -> int | None:
    """The month of a note that is only a month name ("Sep.")."""
    found = _MONTH_ALONE.fullmatch(text.strip())
    return month_number(found.group(1)) if found else None


class Unread:
    """Structures a reader met and does not know, counted by name."""

    def __init__(self, what: str, one: str | None = None) -> None:
        self.what = what  # "elements", "properties"...
        self.one = one or _singular(what)  # "element", "property"
        self.counts: Counter[str] = Counter()

    def add(self, name: str, count: int = 1) -> None:
        self.counts[name] += count

    def add_all(self, names: Iterable[str]) -> None:
        self.counts.update(names)

    def notices(self, origin: str) -> tuple[str, ...]:
        """One line for the file (the ten most frequent names), or none."""
        if not self.counts:
            return ()
        total = sum(self.counts.values())
        ranked = sorted(self.counts.items(), key=lambda item: (-item[1], item[0]))
        named = ", ".join(f"{name} ({count})" for name, count in ranked[:10])
        more = f" and {len(ranked) - 10} more" if len(ranked) > 10 else ""
        kinds = "kind" if len(ranked) == 1 else "kinds"
        return (
            f"{origin}: {total} {self.one if total == 1 else self.what} not read, of {len(ranked)} {kinds} "
            f"this reader does not know: {named}{more} — the data in them is not in the "
            "snapshot; please report the file's version",
        )


def _singular(plural: str) -> str:
    """ "element" for "elements", "property" for "properties"."""
    return plural[:-3] + "y" if plural.endswith("ies") else plural.removesuffix("s")
