"""JSON Lines snapshots: same entities as YAML, detected by name or content, errors located."""

from __future__ import annotations

import dataclasses
import json
import math
from pathlib import Path

import pytest

from sanctions_diff.analysis.diff import ChangeKind, diff
from sanctions_diff.bundled import resolve
from sanctions_diff.errors import InputError
from sanctions_diff.formats.jsonl import parse_jsonl
from sanctions_diff.formats.loader import load_snapshot
from sanctions_diff.render.data import entity_dict, snapshot_dict


def as_jsonl(name: str) -> str:
    snapshot = load_snapshot(resolve(name), origin=name)
    meta = {
        k: v
        for k, v in snapshot_dict(snapshot).items()
        if k not in ("origin", "entities") and v not in (None, [])
    }
    lines = [json.dumps({"snapshot": meta}, ensure_ascii=False)]
    for entity in snapshot.entities:
        lines.append(
            json.dumps(
                {k: v for k, v in entity_dict(entity).items() if v not in (None, [])},
                ensure_ascii=False,
            )
        )
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("name", ["eu-11-final", "eu-12-final-269", "eu-19-draft-269"])
def test_jsonl_gives_the_same_snapshot_as_yaml(name: str, tmp_path: Path) -> None:
    path = tmp_path / f"{name}.jsonl"
    path.write_text(as_jsonl(name), encoding="utf-8")
    from_yaml = load_snapshot(resolve(name), origin=name)
    from_jsonl = load_snapshot(path, origin=name)
    assert from_jsonl.meta == from_yaml.meta
    strip = [dataclasses.replace(e, line=0) for e in from_yaml.entities]
    assert [dataclasses.replace(e, line=0) for e in from_jsonl.entities] == strip
    assert [e.line for e in from_jsonl.entities] == list(range(2, len(strip) + 2))
    report = diff(from_yaml, from_jsonl)
    assert report.summary[ChangeKind.UNCHANGED] == len(strip)


def test_jsonl_is_detected_by_content(tmp_path: Path) -> None:
    path = tmp_path / "snapshot.data"
    path.write_text(as_jsonl("eu-12-draft"), encoding="utf-8")
    assert [e.name for e in load_snapshot(path).entities] == [
        "Aspan Arba",
        "Da Group 22",
        "Mvizion",
        "Deflog Technologies",
    ]


def test_jsonl_problems_have_lines_and_columns() -> None:
    text = '{"snapshot": {"title": "T"}}\n{"name": "A", "country": "QQ"}\n\n{"name": 5}\n{bad\n{"id": "x", "name": "B"}\n{"id": "x", "name": "C"}\n'
    with pytest.raises(InputError) as error:
        parse_jsonl(text, "f.jsonl")
    assert [(p.line, p.column) for p in error.value.problems] == [(2, 1), (4, 1), (5, 2), (7, 1)]
    assert "unknown country 'QQ'" in error.value.problems[0].message
    assert "duplicate id 'x' (first on line 6)" in error.value.problems[3].message


def test_jsonl_header_must_be_a_snapshot() -> None:
    with pytest.raises(InputError) as error:
        parse_jsonl('{"snapshot": {"kind": "package"}}\n', "f.jsonl")
    assert error.value.problems[0].line == 1
    with pytest.raises(InputError):
        parse_jsonl("", "f.jsonl")


def test_reading_a_file_reports_its_progress(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The CLI's bar is told the megabytes read, every PROGRESS_LINES lines, up to all."""
    from sanctions_diff.formats import jsonl

    monkeypatch.setattr(jsonl, "PROGRESS_LINES", 100)
    path = tmp_path / "after-20.jsonl"
    path.write_text(as_jsonl("eu-annex-iv-after-20"), encoding="utf-8")
    calls: list[tuple[str, int, int]] = []
    snapshot = load_snapshot(path, "after-20.jsonl", lambda *call: calls.append(call))
    assert len(snapshot.entities) == 921
    megabytes = math.ceil(path.stat().st_size / 1e6)
    # 922 lines (the header and 921 entities): every 100 lines, and at the end.
    assert len(calls) == 922 // 100 + 1
    assert {(task, total) for task, _, total in calls} == {
        ("reading after-20.jsonl (MB)", megabytes)
    }
    done = [read for _, read, _ in calls]
    assert done == sorted(done) and done[-1] == megabytes


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"name": "A", "identifiers": ""}', "identifiers must be a list"),
        ('{"name": "A", "identifiers": {}}', "identifiers must be a list"),
        ('{"name": "A", "identifiers": false}', "identifiers must be a list"),
    ],
)
def test_jsonl_identifiers_that_are_not_a_list_are_refused(line: str, message: str) -> None:
    with pytest.raises(InputError) as error:
        parse_jsonl('{"snapshot": {"title": "T"}}\n' + line + "\n", "f.jsonl")
    assert [(p.line, p.column) for p in error.value.problems] == [(2, 1)]
    assert message in error.value.problems[0].message


@pytest.mark.parametrize("package", ["99999999999999999999", "1234567"])
def test_jsonl_package_numbers_are_as_small_as_in_yaml(package: str) -> None:
    """A package number of more than six digits is a mistake in every format (and one past
    64 bits could not be written back as JSON by orjson)."""
    header = '{"snapshot": {"title": "T", "kind": "package", "package": %s, "stage": "final"}}\n'
    with pytest.raises(InputError) as error:
        parse_jsonl(header % package, "f.jsonl")
    assert "is not a package number" in error.value.problems[0].message
    assert parse_jsonl(header % "123456", "f.jsonl").meta.package == 123456
