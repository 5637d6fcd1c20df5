"""Sorting by content when most items differ early: the one place that does it.

Reports and the matcher order items by everything they say, so that input order never
decides anything. Building "everything" for each of 100,000 items cost more than the sort
(tuples of a dozen fields, sorted sub-lists); almost always the first field alone (a
normalised name) already differs. So: sort by a cheap head, and build the full key only
for the runs of items whose heads are equal.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

T = TypeVar("T")


def sorted_by_content(
    items: Iterable[T], head: Callable[[T], Any], rest: Callable[[T], Any]
) -> list[T]:
    """``items`` sorted by ``(head(x), rest(x))``; ``rest`` is called only where heads tie."""
    keyed = sorted(((head(item), item) for item in items), key=lambda pair: pair[0])
    result: list[T] = []
    start = 0
    while start < len(keyed):
        end = start + 1
        while end < len(keyed) and keyed[end][0] == keyed[start][0]:
            end += 1
        if end - start == 1:
            result.append(keyed[start][1])
        else:
            result += sorted((item for _, item in keyed[start:end]), key=rest)
        start = end
    return result
