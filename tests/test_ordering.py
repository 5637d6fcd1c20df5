"""``ordering.sorted_by_content``: the order of sorting by (head, rest), with ``rest`` asked
only of the items whose heads tie."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sanctions_diff.ordering import sorted_by_content

# (head, rest, label): few distinct heads and rests, so that ties and runs of ties (at the
# start, at the end, side by side) are common; the label tells equal items apart.
ITEMS = st.lists(st.tuples(st.sampled_from("abcd"), st.integers(0, 3), st.integers()), max_size=40)


@given(ITEMS)
def test_same_order_as_sorting_by_head_then_rest(items: list[tuple[str, int, int]]) -> None:
    asked: list[tuple[str, int, int]] = []

    def rest(item: tuple[str, int, int]) -> int:
        asked.append(item)
        return item[1]

    result = sorted_by_content(iter(items), lambda item: item[0], rest)
    # Python's sort is stable: items equal in head and rest keep their input order.
    assert result == sorted(items, key=lambda item: (item[0], item[1]))
    heads = [item[0] for item in items]
    assert sorted(map(id, asked)) == sorted(id(i) for i in items if heads.count(i[0]) > 1)


def test_distinct_heads_never_ask_for_the_rest() -> None:
    names = ["Tordan Industry", "Asia Pacific Links", "Alpha Trading Investments"]

    def rest(name: str) -> str:
        raise AssertionError(f"rest asked of {name}")

    assert sorted_by_content(names, str.lower, rest) == sorted(names, key=str.lower)
