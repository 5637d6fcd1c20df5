"""Quick snapshots (no ``snapshot:`` header, no title, or a bare list of entities), reports
given where a snapshot is wanted, and validate's ``select``/``ignore`` (issue 16).

The entities are real entries of the bundled lists (Annex IV of Regulation 833/2014 after
the 20th package), typed as a user would: no ids, no sources.
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from sanctions_diff import validate as validate_module
from sanctions_diff.analysis.diff import ChangeKind, Report, diff
from sanctions_diff.bundled import lists_dir, resolve
from sanctions_diff.errors import InputError, UsageError
from sanctions_diff.formats import loader
from sanctions_diff.formats.jsonl import parse_jsonl
from sanctions_diff.formats.loader import (
    load_snapshot,
    parse_chunked,
    parse_nodes,
    parse_snapshot,
    typed_by_yaml11,
)
from sanctions_diff.formats.schema import ReportGiven
from sanctions_diff.formats.yaml_fast import parse_fast
from sanctions_diff.model import Coverage, Snapshot, SnapshotKind, SnapshotMeta
from sanctions_diff.render import ValidateFormat
from sanctions_diff.validate import (
    CODES,
    Severity,
    selected_codes,
    summary_text,
    validate,
)

# Six entries of Annex IV as a user copies them: the Volna/Vostok pair the Official
# Journal prints with one alias ("Wave"), and Baikal Electronics and AO Kronshtadt with
# one INN, are the real look-alikes validate reports on the bundled lists.
QUICK = """\
# Firms a supplier asked about, copied from Annex IV of Regulation 833/2014.
entities:
  - name: Scientific-Production Enterprise Volna
    country: RU
    aliases: [AO NPP Volna, "Joint Stock Company “Research and Production Enterprise “Wave”"]
    identifiers:
      - {type: Tax ID/INN, value: "7726534774"}
  - name: Scientific-Production Enterprise Vostok JSC
    country: RU
    aliases: [AO NPP Vostok, "Joint Stock Company “Research and Production Enterprise “Wave”"]
  - name: Baikal Electronics
    country: RU
    identifiers:
      - {type: Tax ID/INN, value: "7808035536"}
  - name: AO Kronshtadt
    country: RU
    identifiers:
      - {type: Tax ID/INN, value: "7808035536"}
  - name: Tordan Industry Limited
    country: HK
  - name: Asia Pacific Links Ltd.
    country: HK
"""

# The same entities as a bare list (the shape jq and yq write), items at column 0.
BARE = (
    "\n".join(
        line[2:] if line.startswith("  ") else line
        for line in QUICK.splitlines()
        if line != "entities:"
    )
    + "\n"
)


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sanctions_diff", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "200"},
        cwd=cwd,
        timeout=300,
        check=False,
    )


def without_lines(snapshot: Snapshot) -> list[object]:
    return [dataclasses.replace(e, line=0) for e in snapshot.entities]


# -- loading without a header ----------------------------------------------------------------


def test_a_file_with_only_entities_loads_as_a_complete_consolidated_list() -> None:
    snapshot = parse_snapshot(QUICK, "asked.yaml")
    assert snapshot.meta == SnapshotMeta(
        title="asked.yaml",
        kind=SnapshotKind.CONSOLIDATED,
        coverage=Coverage.COMPLETE,
        has_header=False,
    )
    assert [e.name for e in snapshot.entities] == [
        "Scientific-Production Enterprise Volna",
        "Scientific-Production Enterprise Vostok JSC",
        "Baikal Electronics",
        "AO Kronshtadt",
        "Tordan Industry Limited",
        "Asia Pacific Links Ltd.",
    ]
    assert [e.line for e in snapshot.entities] == [3, 8, 11, 15, 19, 21]
    assert snapshot.entities[0].aliases[1] == (
        "Joint Stock Company “Research and Production Enterprise “Wave”"
    )


def test_a_bare_list_is_the_same_snapshot_one_line_up() -> None:
    quick = parse_snapshot(QUICK, "asked.yaml")
    bare = parse_snapshot(BARE, "asked.yaml")
    assert bare.meta == quick.meta
    assert without_lines(bare) == without_lines(quick)
    assert [e.line for e in bare.entities] == [e.line - 1 for e in quick.entities]


def test_the_title_is_the_file_name_as_given(tmp_path: Path) -> None:
    path = tmp_path / "asked.yaml"
    path.write_text(QUICK, encoding="utf-8")
    assert load_snapshot(path, origin="asked.yaml").meta.title == "asked.yaml"
    assert load_snapshot(path, origin="../lists/asked.yaml").meta.title == "../lists/asked.yaml"
    assert load_snapshot(path).meta.title == str(path)


def test_a_header_without_title_keeps_what_it_says() -> None:
    text = "snapshot:\n  date: 2023-06-23\n  coverage: partial\n" + QUICK
    meta = parse_snapshot(text, "asked.yaml").meta
    assert meta == SnapshotMeta(
        title="asked.yaml",
        date=meta.date,
        coverage=Coverage.PARTIAL,
        has_header=True,
    )
    assert str(meta.date) == "2023-06-23"


# Each must be read alike by the fast path (yaml-rs) and the reference reader (pyyaml
# nodes), as tests/test_yaml_fast.py requires of every file.
AGREEING = {
    "only entities": QUICK,
    "bare list at column 0": BARE,
    "bare list indented": "\n".join("  " + line for line in BARE.splitlines()) + "\n",
    "bare list after comments and blank lines": "# a\n\n# b\n" + BARE,
    "entities at column 0": QUICK.replace("\n  ", "\n"),
    "header without title": "snapshot:\n  coverage: partial\n" + QUICK,
    "entities before the header": QUICK + "snapshot:\n  date: 2023-06-23\n",
    "empty entities": "entities: []\n",
    "empty bare list": "[]\n",
}


@pytest.mark.parametrize("text", AGREEING.values(), ids=AGREEING.keys())
def test_fast_path_and_reference_agree_on_quick_files(text: str) -> None:
    # "yes": a file name YAML 1.1 would read as a boolean is still the title, as written.
    reference = parse_nodes(text, "yes")
    fast = parse_fast(text, "yes", typed_by_yaml11)
    assert fast is not None  # each is well formed: the fast path vouches for it
    assert fast == reference
    assert parse_snapshot(text, "yes") == reference


@pytest.mark.parametrize("text", [QUICK, BARE], ids=["only entities", "bare list"])
def test_a_large_quick_file_read_in_runs_is_the_same(text: str) -> None:
    # Runs of two entities: the header (none, or none at all) is read as in one pass.
    chunked = parse_chunked(text, "asked.yaml", chunk_items=2)
    assert chunked == parse_nodes(text, "asked.yaml")


def test_a_bare_list_with_something_after_it_is_refused_whole() -> None:
    text = BARE + "snapshot:\n  title: T\n"
    # Not read in runs (the runs would leave the key out), and refused by the reader.
    assert parse_chunked(text, "asked.yaml", chunk_items=2) is None
    with pytest.raises(InputError) as error:
        parse_snapshot(text, "asked.yaml")
    assert [p.message.split(":")[0] for p in error.value.problems] == ["YAML syntax error"]


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        ("snapshot:\n  title: ''\nentities: []\n", 2, 10, "title is empty"),
        ("- Tordan Industry Limited\n", 1, 3, "an entity must be a mapping (key: value)"),
        ("entities:\n", None, None, None),  # loads: no entities
        ("snapshot:\n  title: T\n", 1, 1, "missing 'entities:' list"),
        ("", 1, 1, "empty file — a snapshot needs at least 'entities:'"),
    ],
)
def test_what_a_quick_file_still_needs(
    text: str, line: int | None, column: int | None, message: str | None
) -> None:
    if message is None:
        assert parse_snapshot(text, "q.yaml").entities == ()
        return
    with pytest.raises(InputError) as error:
        parse_snapshot(text, "q.yaml")
    [problem] = error.value.problems
    assert (problem.line, problem.column) == (line, column)
    assert message in problem.message


def bundled_entities_only(name: str) -> str:
    """A bundled list's text from its ``entities:`` line on: the header cut away."""
    text = resolve(name).read_text(encoding="utf-8")
    return text[text.index("\nentities:\n") + 1 :]


def test_headerless_copies_of_real_lists_pair_as_the_originals() -> None:
    # The 11th package's draft (press report) and final without their headers: what the
    # header said (package, stage, partial) changes the names of changes, never the pairing.
    headed = diff(load_snapshot(resolve("eu-11-draft")), load_snapshot(resolve("eu-11-final")))
    old = parse_snapshot(bundled_entities_only("eu-11-draft"), "draft.yaml")
    new = parse_snapshot(bundled_entities_only("eu-11-final"), "final.yaml")
    quick = diff(old, new)

    def outline(report: Report, rename: dict[ChangeKind, ChangeKind]) -> list[tuple[str, ...]]:
        return sorted(
            (
                rename.get(c.kind, c.kind).value,
                c.old.id or "" if c.old else "",
                c.new.id or "" if c.new else "",
            )
            for c in report.changes
        )

    # Without stages there is no "dropped" (a draft's candidate left out): it is "removed".
    assert outline(quick, {}) == outline(headed, {ChangeKind.DROPPED: ChangeKind.REMOVED})
    assert quick.summary[ChangeKind.REMOVED] == headed.summary[ChangeKind.DROPPED] > 0
    # Complete coverage: an entity missing from the new list is removed, not "maybe".
    assert not any(c.new_partial or c.old_partial for c in quick.changes)
    assert any(c.old_partial for c in headed.changes)


# -- JSON Lines without the header line ------------------------------------------------------


def jsonl_of(snapshot: Snapshot) -> str:
    lines = []
    for entity in snapshot.entities:
        record: dict[str, object] = {"name": entity.name}
        if entity.country:
            record["country"] = entity.country
        if entity.aliases:
            record["aliases"] = list(entity.aliases)
        if entity.identifiers:
            record["identifiers"] = [{"type": i.type, "value": i.value} for i in entity.identifiers]
        lines.append(json.dumps(record, ensure_ascii=False))
    return "\n".join(lines) + "\n"


def test_json_lines_without_header_line(tmp_path: Path) -> None:
    quick = parse_snapshot(QUICK, "asked")
    text = jsonl_of(quick)
    from_jsonl = parse_jsonl(text, "asked")
    assert from_jsonl.meta == quick.meta
    assert without_lines(from_jsonl) == without_lines(quick)
    assert [e.line for e in from_jsonl.entities] == [1, 2, 3, 4, 5, 6]
    # Detected by content too, whatever the file is called.
    path = tmp_path / "asked.txt"
    path.write_text(text, encoding="utf-8")
    assert load_snapshot(path, origin="asked") == from_jsonl


def test_json_lines_header_without_title_and_problems_on_the_first_line() -> None:
    meta = parse_jsonl('{"snapshot": {"coverage": "partial"}}\n{"name": "A"}\n', "q.jsonl").meta
    assert (meta.title, meta.coverage, meta.has_header) == ("q.jsonl", Coverage.PARTIAL, True)
    with pytest.raises(InputError) as error:
        parse_jsonl('{"name": "Tordan Industry Limited", "country": "QQ"}\n', "q.jsonl")
    assert [(p.line, p.column) for p in error.value.problems] == [(1, 1)]
    assert "unknown country 'QQ'" in error.value.problems[0].message


# -- reports given where a snapshot is wanted ------------------------------------------------


def report_outputs(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    """Each report the real commands write, with what loading it must say."""
    made: dict[str, tuple[Path, str]] = {}
    diff_says = (
        "this is a sanctions-diff diff report (eu-12-draft → eu-12-final), not a snapshot — "
        "give the two snapshots it compares"
    )
    history_says = (
        "this is a sanctions-diff history report, not a snapshot — give the snapshots it follows"
    )
    search_says = (
        "this is a sanctions-diff search report, not a snapshot — search the snapshots themselves"
    )
    commands = {
        "diff.json": (["diff", "eu-12-draft", "eu-12-final", "-f", "json"], diff_says),
        "diff.jsonl": (["diff", "eu-12-draft", "eu-12-final", "-f", "jsonl"], diff_says),
        "history.json": (["history", "eu-12-draft", "eu-12-final", "-f", "json"], history_says),
        "history.jsonl": (["history", "eu-12-draft", "eu-12-final", "-f", "jsonl"], history_says),
        "search.json": (["search", "Mvizion", "eu-12-final", "-f", "json"], search_says),
        "search.jsonl": (["search", "Mvizion", "eu-12-final", "-f", "jsonl"], search_says),
        "validate.json": (
            ["validate", str(lists_dir() / "eu-12-draft.yaml"), "-f", "json"],
            "this is a sanctions-diff validate report, not a snapshot — give the files it checked",
        ),
    }
    for name, (args, says) in commands.items():
        result = run(*args)
        assert result.returncode == 0, result.stderr
        path = tmp_path / name
        path.write_text(result.stdout, encoding="utf-8")
        made[name] = (path, says)
    return made


def test_every_report_fed_back_is_one_line_exit_2(tmp_path: Path) -> None:
    for name, (path, says) in report_outputs(tmp_path).items():
        result = run("diff", name, "eu-12-final", cwd=tmp_path)
        assert (result.returncode, result.stdout) == (2, ""), (name, result.stderr)
        assert result.stderr.splitlines() == [f"{name}:1:1: {says}"], name
        # Named by content, not by suffix.
        renamed = tmp_path / f"{name}.txt"
        renamed.write_bytes(path.read_bytes())
        with pytest.raises(ReportGiven) as error:
            load_snapshot(renamed, origin="r")
        assert [str(p) for p in error.value.problems] == [f"r:1:1: {says}"], name


def test_a_report_written_as_yaml_or_cut_from_its_json_lines_is_told(tmp_path: Path) -> None:
    reports = report_outputs(tmp_path)
    diff_json, diff_says = reports["diff.json"]
    as_yaml = yaml.safe_dump(json.loads(diff_json.read_text(encoding="utf-8")), allow_unicode=True)
    assert not as_yaml.startswith("schema_version")  # keys sorted: the marker is not first
    for reader in (parse_snapshot, parse_nodes):
        with pytest.raises(ReportGiven) as error:
            reader(as_yaml, "r.yaml")
        assert [str(p) for p in error.value.problems] == [f"r.yaml:1:1: {diff_says}"]
    # The last lines of a JSON Lines report (grep, tail): still a report, of its command.
    for name, what in (("diff.jsonl", "diff"), ("history.jsonl", "history")):
        tail = reports[name][0].read_text(encoding="utf-8").splitlines()[-2:]
        with pytest.raises(ReportGiven) as error:
            parse_jsonl("\n".join(tail) + "\n", "tail.jsonl")
        assert f"this is a sanctions-diff {what} report" in error.value.problems[0].message


def test_a_large_history_report_in_yaml_stops_at_its_header(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # A history report's top-level "entities:" block looks like a snapshot's to the reader
    # of large files: its header is a report, and nothing of its items is reported.
    history, says = report_outputs(tmp_path)["history.json"]
    text = yaml.safe_dump(
        json.loads(history.read_text(encoding="utf-8")), allow_unicode=True, sort_keys=False
    )
    assert "\nentities:\n- " in text
    monkeypatch.setattr(loader, "CHUNKED_ABOVE", 0)
    with pytest.raises(ReportGiven) as error:
        parse_snapshot(text, "h.yaml")
    assert [str(p) for p in error.value.problems] == [f"h.yaml:1:1: {says}"]


def test_the_bundled_lists_are_never_taken_for_reports() -> None:
    for path in sorted(lists_dir().glob("*.yaml")):
        load_snapshot(path)  # raises on a false alarm


# -- validate on a quick file ----------------------------------------------------------------


def quick_file(tmp_path: Path, header: str = "") -> Path:
    path = tmp_path / "asked.yaml"
    path.write_text(header + QUICK, encoding="utf-8")
    return path


def test_validate_asks_no_source_of_a_quick_list(tmp_path: Path) -> None:
    path = quick_file(tmp_path)
    result = run("validate", path.name, cwd=tmp_path)
    assert result.returncode == 0
    assert [line.split(" ", 2)[:2] for line in result.stdout.splitlines()] == [
        ["asked.yaml:8:11:", "SD101"],  # Vostok: the alias "Wave" printed for Volna too
        ["asked.yaml:15:11:", "SD101"],  # AO Kronshtadt: Baikal Electronics's INN
    ]
    assert result.stderr == "1 file checked: 0 errors, 2 warnings\n"
    # The same entities under a header: the header claims a complete list, sources asked.
    headed = quick_file(tmp_path, "snapshot:\n  title: Firms asked about\n")
    findings = validate([(headed, "asked.yaml")]).findings
    assert [f.code for f in findings].count("SD104") == 6


def test_select_and_ignore_decide_what_counts(tmp_path: Path) -> None:
    path = quick_file(tmp_path, "snapshot:\n  title: Firms asked about\n")
    files = [(path, "asked.yaml")]
    everything = validate(files)
    assert everything.count(Severity.WARNING) == 8  # 2 SD101, 6 SD104
    only_duplicates = validate(files, select=["SD101"])
    assert [f.code for f in only_duplicates.findings] == ["SD101", "SD101"]
    # What --strict fails on: nothing left once SD101 and SD104 are ignored.
    neither = validate(files, ignore=["SD101", "SD104"])
    assert (neither.count(Severity.WARNING), neither.count(Severity.ERROR)) == (0, 0)
    assert (
        summary_text(neither) == "1 file checked: 0 errors, 0 warnings (SD101, SD104 not checked)"
    )
    assert summary_text(only_duplicates) == (
        "1 file checked: 0 errors, 2 warnings (only SD001, SD101 checked)"
    )
    # Load errors are reported whatever is selected.
    broken = tmp_path / "broken.yaml"
    broken.write_text(QUICK.replace("country: HK", "country: QQ"), encoding="utf-8")
    kept = validate([(broken, "broken.yaml")], select=["SD104"], ignore=["SD1"])
    assert {f.code for f in kept.findings} == {"SD001"} and kept.count(Severity.ERROR) == 2


def test_a_check_not_selected_is_not_run(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def refuse(*_: object) -> list[object]:
        raise AssertionError("SD101 was not selected")

    monkeypatch.setattr(validate_module, "_duplicates", refuse)
    path = quick_file(tmp_path, "snapshot:\n  title: Firms asked about\n")
    assert {f.code for f in validate([(path, "a")], select=["SD104"]).findings} == {"SD104"}


EVERY = set(CODES)


@pytest.mark.parametrize(
    ("select", "ignore", "kept"),
    [
        ([], [], EVERY),
        (["ALL"], [], EVERY),
        (["SD1"], [], EVERY),  # SD001 is always kept
        (["SD104"], [], {"SD001", "SD104"}),
        (["sd101, SD103"], [], {"SD001", "SD101", "SD103"}),  # any case, comma-separated
        ([], ["SD104"], EVERY - {"SD104"}),
        (["ALL"], ["SD10"], {"SD001"}),
        (["SD1"], ["SD104"], EVERY - {"SD104"}),
        (["SD104"], ["SD1"], {"SD001", "SD104"}),  # the more specific wins
        (["SD10"], ["SD10"], {"SD001"}),  # a tie: ignored
        ([], ["ALL"], {"SD001"}),
        ([], ["SD"], {"SD001"}),  # a prefix wider than SD001 leaves it reported
    ],
)
def test_selection_as_ruff_does_it(select: list[str], ignore: list[str], kept: set[str]) -> None:
    assert selected_codes(select, ignore) == kept


@pytest.mark.parametrize(
    ("select", "ignore", "message"),
    [
        (
            ["SD109"],
            [],
            "--select SD109: unknown code — the codes are SD001, SD101, SD102, SD103, SD104, "
            "SD105, SD106, SD107 (a prefix such as SD1, or ALL, names several)",
        ),
        ([], ["E501"], "--ignore E501: unknown code — the codes are SD001, "),
        (
            [],
            ["SD0"],
            "--ignore SD0: SD001 (a file that cannot be loaded) is always reported, as "
            "nothing else in such a file was checked — fix the file instead",
        ),
    ],
)
def test_bad_selectors_are_one_plain_line(
    select: list[str], ignore: list[str], message: str
) -> None:
    with pytest.raises(UsageError) as error:
        validate([], select=select, ignore=ignore)
    assert str(error.value).startswith(message)
    assert "\n" not in str(error.value)


# -- validate's output wording ---------------------------------------------------------------


def test_validate_format_is_called_table() -> None:
    # "text" stays a choice for scripts written before the rename; help shows table.
    assert [f.value for f in ValidateFormat] == ["table", "json", "github", "text"]
    command = [sys.executable, "-m", "sanctions_diff", "validate", "eu-11-draft"]
    outputs = [
        subprocess.run([*command, *extra], capture_output=True, text=True, check=False)
        for extra in ([], ["-f", "table"], ["-f", "text"])
    ]
    assert len({(o.returncode, o.stdout, o.stderr) for o in outputs}) == 1
    assert outputs[0].returncode == 0
    help_text = subprocess.run([*command[:-1], "-h"], capture_output=True, text=True).stdout
    assert "table (path:line:col: CODE message), json or github" in " ".join(help_text.split())
    assert "text" not in help_text.split("Options:")[1].split("--strict")[0]


def test_counts_are_singular_when_one(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(
        "entities:\n"
        "  - {id: x-3, name: Tordan Industry Limited}\n"
        "  - {id: x-1, name: Asia Pacific Links Ltd.}\n"
        "  - {id: x-2, name: Mvizion LLC}\n"
        "  - {id: x-0, name: Aspan Arba}\n",
        encoding="utf-8",
    )
    result = validate([(path, "t.yaml")])
    assert [f.message.split(" — ")[0] for f in result.findings] == [
        "id 'x-1' comes after 'x-3' (line 2) (and 1 more id of this series)"
    ]
    assert summary_text(result) == "1 file checked: 0 errors, 1 warning"
