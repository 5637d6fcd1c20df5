"""Renderers: names are data, never markup, in every human format."""

from __future__ import annotations

import io
import json
import re

import pytest

from sanctions_diff.analysis.diff import diff
from sanctions_diff.console import make_console
from sanctions_diff.model import Entity, Snapshot, SnapshotMeta
from sanctions_diff.render.data import render_json
from sanctions_diff.render.markdown import render_markdown
from sanctions_diff.render.table import print_table

TRICKY = "[bold red]Sigma[/] | *Tech* _Co_ <b>Ltd</b> «ООО»"


def report() -> object:
    old = Snapshot(SnapshotMeta(title="old"), (), origin="old.yaml")
    new = Snapshot(
        SnapshotMeta(title="new"), (Entity(name=TRICKY, country="HK"),), origin="new.yaml"
    )
    return diff(old, new)


def test_table_prints_names_verbatim() -> None:
    buffer = io.StringIO()
    print_table(report(), make_console(buffer, terminal=False), include_unchanged=False)  # type: ignore[arg-type]
    assert TRICKY in buffer.getvalue()


def test_markdown_escapes_every_formatting_character() -> None:
    text = render_markdown(report(), include_unchanged=False)  # type: ignore[arg-type]
    row = next(line for line in text.splitlines() if "Sigma" in line)
    assert r"\[bold red\]Sigma\[/\] \| \*Tech\* \_Co\_ \<b\>Ltd\</b\> «ООО»" in row
    assert "| Name | Country |" in text  # no id, type or birth year: columns left out
    assert len(re.findall(r"(?<!\\)\|", row)) == 3  # two cells: the name's pipe added none


def test_json_keeps_unicode_and_parses() -> None:
    text = render_json(report(), include_unchanged=False)  # type: ignore[arg-type]
    assert "«ООО»" in text  # not \u-escaped
    assert json.loads(text)["changes"][0]["new"]["name"] == TRICKY


PAIRS = [
    ("eu-11-draft", "eu-11-final"),
    ("eu-12-draft", "eu-12-final"),
    ("eu-annex-iv-after-13", "eu-annex-iv-after-14"),
    ("eu-11-final", "eu-11-final"),  # nothing changed
]


def test_json_document_is_the_standard_librarys_indented_json() -> None:
    """The document is written by orjson, one change at a time: byte for byte what
    ``json.dumps(report_dict, indent=2)`` of the whole report gives, with and without
    unchanged pairs, with and without changes at all."""
    from sanctions_diff.bundled import resolve
    from sanctions_diff.formats.loader import load_snapshot
    from sanctions_diff.render.data import report_dict

    def load_bundled(name: str) -> Snapshot:
        return load_snapshot(resolve(name), name)

    empty = Snapshot(SnapshotMeta(title="empty"), (), origin="empty.yaml")
    reports = [diff(load_bundled(a), load_bundled(b)) for a, b in PAIRS]
    reports.append(diff(empty, empty))
    reports.append(report())  # type: ignore[arg-type]
    for rep in reports:
        for unchanged in (False, True):
            expected = json.dumps(report_dict(rep, unchanged), ensure_ascii=False, indent=2)
            assert render_json(rep, unchanged) == expected + "\n"


def _bundled_report(a: str, b: str) -> object:
    from sanctions_diff.bundled import resolve
    from sanctions_diff.formats.loader import load_snapshot

    return diff(load_snapshot(resolve(a), a), load_snapshot(resolve(b), b))


def _table_text(rep: object, width: int | None = None) -> str:
    buffer = io.StringIO()
    console = make_console(buffer, terminal=False)
    if width is not None:
        console.width = width
    print_table(rep, console, include_unchanged=True)  # type: ignore[arg-type]
    return buffer.getvalue()


def test_large_tables_are_drawn_as_rich_draws_them(monkeypatch: pytest.MonkeyPatch) -> None:
    """Groups over LARGE_TABLE_ROWS are drawn without rich's layout engine: the same
    characters as rich's table wherever the table fits (here every group, Cyrillic, quotes
    and wrapped cells included)."""
    from sanctions_diff.render import table

    # Wide enough for every group to fit: possible matches make long Details lines.
    for a, b in [*PAIRS, ("eu-13-final-269", "eu-14-final-269")]:
        rep = _bundled_report(a, b)
        by_rich = _table_text(rep, width=400)
        monkeypatch.setattr(table, "LARGE_TABLE_ROWS", 0)
        drawn = _table_text(rep, width=400)
        monkeypatch.undo()
        assert drawn == by_rich, (a, b)


def test_large_tables_fit_the_width_and_keep_every_word(monkeypatch: pytest.MonkeyPatch) -> None:
    from sanctions_diff.render import table

    monkeypatch.setattr(table, "LARGE_TABLE_ROWS", 0)
    rep = _bundled_report("eu-12-draft", "eu-12-final")
    for width in (60, 100):
        text = _table_text(rep, width)
        rows = [line for line in text.splitlines() if line.startswith(("│", "┃", "┏", "└"))]
        assert rows and all(table._width(line) <= width for line in rows)
        cells = " ".join(part.strip() for line in rows for part in line.strip("│").split("│"))
        # Every word of every name is in the table, wrapped but whole, or folded in pieces.
        squeezed = cells.replace(" ", "")
        for change in rep.changes:  # type: ignore[attr-defined]
            for word in change.entity.name.split():
                assert word in cells or word in squeezed


def test_large_tables_end_and_fit_at_any_width_with_wide_characters() -> None:
    """Wide (CJK) characters in narrowed columns: every character is kept, each line fits
    wherever the four columns can (2 cells each, plus borders: 21), and drawing ends at
    any width (a column of one cell once made the wrapping loop forever)."""
    from sanctions_diff.render import table

    titles = ("Name", "Id", "Country", "Changes")
    rows = [
        (["Romashka"], ["中文"], ["RU"], ["name: a -> b"]),
        (["Лютик 工業"], ["x"], [], ["aliases: +中华人民共和国 Hong Kong Limited"]),
    ]
    for width in range(5, 80):
        lines = list(table._large_table(titles, rows, width))
        if width >= 4 * table.MIN_COLUMN_CELLS + 13:
            assert max(table._width(line) for line in lines) <= width, width
        drawn = "".join(lines).replace(" ", "").replace("│", "").replace("┃", "")
        for cell in (line for row in rows for c in row for line in c):
            assert all(ch in drawn for ch in cell.replace(" ", "")), (width, cell)


def test_json_values_orjson_refuses_are_written_by_json() -> None:
    from sanctions_diff.render.data import dumps

    data = {"package": 2**70, "name": "Tordan"}
    assert dumps(data, indent=2) == json.dumps(data, ensure_ascii=False, indent=2)
