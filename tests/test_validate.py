"""`sanctions-diff validate`: every code on a fixture written here, legitimate look-alikes
left alone, real runs on the bundled lists, exit codes and formats (a real process each)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from shared_data import SHARED

from sanctions_diff.bundled import lists_dir
from sanctions_diff.formats.loader import load_snapshot
from sanctions_diff.model import Entity, Snapshot, SnapshotMeta
from sanctions_diff.validate import (
    CODES,
    Severity,
    check_snapshot,
    natural_key,
    validate_file,
)


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sanctions_diff", "validate", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "NO_COLOR": "1"},
        cwd=cwd,
        timeout=300,
        check=False,
    )


# Each block is one case; the comment says what must (or must not) be found.
LINT_FIXTURE = """\
snapshot:
  title: Lint fixture
  coverage: complete
entities:
  # Same printed name, told apart by conflicting INNs (the 11th package's #495/#496): fine.
  - id: x-1
    name: Trust Logistics
    identifiers:
      - {type: INN, value: "7721758555"}
    source: entry 1
  - id: x-2
    name: Trust Logistics LLC
    identifiers:
      - {type: INN, value: "7733899720"}
    source: entry 2
  # Same name, told apart by country (Damascus and Dubai): fine.
  - id: x-3
    name: I Jet Global DMCC
    country: SY
    source: entry 3
  - id: x-4
    name: I Jet Global DMCC
    country: AE
    source: entry 4
  # Same name after normalisation (Ltd. = Limited), nothing telling them apart: SD101.
  - id: x-5
    name: Tordan Industry Limited
    country: HK
    source: entry 5
  - id: x-6
    name: Tordan Industry Ltd.
    country: HK
    source: entry 6
  # Different names, one INN (as Annex IV entries 61 and 99 print it): SD101.
  - id: x-7
    name: Baikal Electronics
    identifiers:
      - {type: Tax ID/INN, value: "7808035536"}
    source: entry 7
  - id: x-8
    name: AO Kronshtadt
    identifiers:
      - {type: INN, value: "7808035536"}
    source: entry 8
  # One KPP: a tax office's code, shared by unrelated firms: fine.
  - id: x-9
    name: Krymtelecom
    identifiers:
      - {type: KPP, value: "910201001"}
    source: entry 9
  - id: x-10
    name: Miranda Media
    identifiers:
      - {type: KPP, value: "910201001"}
    source: entry 10
  # Only the bracketed "(Hong Kong)" alike: fine.
  - id: x-11
    name: Endezo Technology (Hong Kong) Limited
    country: HK
    source: entry 11
  - id: x-12
    name: Sure Technology (Hong Kong) Co. Ltd.
    country: HK
    source: entry 12
  # Namesakes born in different years: fine.
  - id: x-13
    name: Aleksandr RAKHMANOV
    type: person
    birth_dates: ["1976-07-25"]
    source: entry 13
  - id: x-14
    name: Aleksandr RAKHMANOV
    type: person
    birth_dates: ["1980"]
    source: entry 14
  # SD102: an alias with no letter or digit.
  - id: x-15
    name: Sigma Technology
    aliases: ["—"]
    source: entry 15
  # SD103 twice; the Cyrillic spelling is information, not a repeat.
  - id: x-16
    name: LLC ALABUGA EXIM
    aliases:
      - LLC Alabuga Exim
      - Alabuga
      - ООО Алабуга Эксим
      - ALABUGA
    source: entry 16
  # SD104: no source in a complete snapshot.
  - id: x-17
    name: Sinno Electronics
  # SD105: 19 before 18. A new series (p-) starts its own order.
  - id: x-19
    name: King-Pai Technology
    source: entry 19
  - id: x-18
    name: 3HC Semiconductors
    source: entry 18
  - id: p-1
    name: Vasily PETROV
    type: person
    source: entry p1
  # SD106: x-20 and X_20.
  - id: x-20
    name: Deflog Technologies
    source: entry 20
  - id: X_20
    name: Mvizion
    source: entry 20b
"""

EXPECTED = [
    "{p}:31:11: SD101 “Tordan Industry Ltd.” looks like a duplicate of “Tordan Industry Limited” (line 26): names match (exact: “Tordan Industry Ltd.” ~ “Tordan Industry Limited”) — merge them, or add an identifier or country that tells them apart",
    "{p}:41:11: SD101 “AO Kronshtadt” looks like a duplicate of “Baikal Electronics” (line 35): shares INN 7808035536 — merge them, or correct the identifier",
    "{p}:79:15: SD102 alias “—” has no letter or digit — remove it",
    "{p}:85:9: SD103 alias “LLC Alabuga Exim” repeats the name “LLC ALABUGA EXIM” (apart from case or spacing) — remove it",
    "{p}:88:9: SD103 alias “ALABUGA” repeats alias “Alabuga” (apart from case or spacing) — remove it",
    "{p}:91:5: SD104 “Sinno Electronics” has no source — add 'source:' (the act and entry it comes from)",
    "{p}:97:9: SD105 id 'x-18' comes after 'x-19' (line 94) — sort the entities by id (natural order: 9 before 10)",
    "{p}:108:9: SD106 id 'X_20' differs from 'x-20' (line 105) only in case, spaces or punctuation — spell them alike, or make them distinct",
]

BAD_SNAPSHOT = """\
snapshot:
  title: broken
entities:
  - name: Tordan Industry
    alias: [Tordan Industry Ltd.]
    country: QQ
"""


@pytest.fixture
def lint_file(tmp_path: Path) -> Path:
    path = tmp_path / "lint.yaml"
    path.write_text(LINT_FIXTURE, encoding="utf-8")
    return path


def test_every_code_on_the_fixture_exactly(lint_file: Path) -> None:
    result = run(str(lint_file))
    assert result.stdout.splitlines() == [line.format(p=lint_file) for line in EXPECTED]
    assert result.stderr == "1 file checked: 2 errors, 6 warnings\n"
    assert result.returncode == 2


def test_positions_point_at_the_value(lint_file: Path) -> None:
    lines = LINT_FIXTURE.splitlines()
    _, findings = validate_file(lint_file, str(lint_file))
    for finding in findings:
        text = lines[finding.line - 1]
        quoted = re.findall(r"[“'](.+?)[”']", finding.message)
        if finding.code == "SD104":
            assert text[finding.column - 1 :].startswith("id: x-17")
        else:
            # The first quoted value of the message is written where the finding points.
            assert text[finding.column - 1 :].lstrip("\"'[").startswith(quoted[0]), finding


def test_severities_are_documented_in_the_module_table() -> None:
    import sanctions_diff.validate as module

    doc = module.__doc__ or ""
    for code, severity in CODES.items():
        assert re.search(rf"\| {code} \| {severity.value}\s*\|", doc), code


def test_load_problems_are_sd001_errors_with_the_loaders_positions(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(BAD_SNAPSHOT, encoding="utf-8")
    result = run(str(bad))
    assert result.returncode == 2
    assert result.stdout.splitlines() == [
        f"{bad}:5:5: SD001 unknown key 'alias' in an entity — did you mean 'aliases'?",
        f"{bad}:6:14: SD001 unknown country 'QQ' — use an ISO 3166 alpha-2 code (e.g. RU, HK, XK) or an English name",
    ]
    missing = run(str(tmp_path / "missing.yaml"))
    assert missing.returncode == 2 and "SD001 no such file" in missing.stdout


def test_warnings_alone_exit_0_unless_strict(tmp_path: Path) -> None:
    only_warnings = tmp_path / "w.yaml"
    only_warnings.write_text(
        "snapshot: {title: T}\nentities:\n  - {id: a-10, name: Alpha, source: s}\n"
        "  - {id: a-9, name: Beta, source: s}\n",
        encoding="utf-8",
    )
    lenient = run(str(only_warnings))
    assert lenient.returncode == 0
    assert lenient.stdout == (
        f"{only_warnings}:4:6: SD105 id 'a-9' comes after 'a-10' (line 3) — "
        "sort the entities by id (natural order: 9 before 10)\n"
    )
    assert run(str(only_warnings), "--strict").returncode == 2
    clean = tmp_path / "clean.yaml"
    clean.write_text(
        "snapshot: {title: T}\nentities:\n  - {id: a-9, name: Alpha, source: s}\n"
        "  - {id: a-10, name: Beta, source: s}\n",
        encoding="utf-8",
    )
    quiet = run(str(clean), "--strict")
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (
        0,
        "",
        "1 file checked: 0 errors, 0 warnings\n",
    )


def test_directories_are_searched_recursively_skipping_hidden_ones(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    (tree / "sub").mkdir(parents=True)
    (tree / ".git").mkdir()
    (tree / "a.yml").write_text(LINT_FIXTURE, encoding="utf-8")
    (tree / ".git" / "hidden.yaml").write_text(BAD_SNAPSHOT, encoding="utf-8")
    (tree / "notes.txt").write_text("not a snapshot", encoding="utf-8")
    (tree / "sub" / "b.jsonl").write_text(
        '{"snapshot": {"title": "J", "coverage": "partial"}}\n'
        '{"id": "a-10", "name": "Kominvex DOO Beograd", "aliases": ["Kominvex doo Beograd"]}\n'
        '{"id": "a-9", "name": "Abingo Distributor Ltd."}\n',
        encoding="utf-8",
    )
    result = run("tree", "-f", "json", cwd=tmp_path)
    report = json.loads(result.stdout)
    assert report["files"] == ["tree/a.yml", "tree/sub/b.jsonl"]
    assert report["summary"] == {"errors": 2, "warnings": 8}
    jsonl = [f for f in report["findings"] if f["path"] == "tree/sub/b.jsonl"]
    assert [(f["line"], f["column"], f["code"], f["severity"]) for f in jsonl] == [
        (2, 60, "SD103", "warning"),
        (3, 8, "SD105", "warning"),
    ]
    assert result.returncode == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    nothing = run(str(empty))
    assert nothing.returncode == 2 and "no snapshot files" in nothing.stderr


def test_the_bundled_lists_have_no_errors_and_keep_their_real_distinctions() -> None:
    result = run(str(lists_dir()), "-f", "json")
    assert result.returncode == 0, result.stdout[-2000:]
    report = json.loads(result.stdout)
    assert report["summary"]["errors"] == 0
    assert len(report["files"]) == len(list(lists_dir().glob("*.yaml")))
    codes = {f["code"] for f in report["findings"]}
    assert codes <= {"SD101", "SD103"}  # no errors, lists sorted, every entry sourced
    messages = [f["message"] for f in report["findings"]]
    # Distinct firms the data tells apart stay apart.
    for name in ("I Jet Global", "Trust Logistics", "Promelektronika", "OOO OMP", "Hong Kong)"):
        assert not any(name in m for m in messages), name
    # Real look-alikes in the Official Journal text are reported, on the later entry.
    final_11 = [f for f in report["findings"] if f["path"].endswith("eu-annex-iv-after-20.yaml")]
    assert any(
        f["message"].startswith("“Scientific-Production Enterprise Vostok JSC” looks like")
        and "“Scientific-Production Enterprise Volna” (line 2672)" in f["message"]
        for f in final_11
    )
    assert any(
        f["message"].startswith("“AO Kronshtadt”") and "Tax ID/INN 7808035536" in f["message"]
        for f in final_11
    )


WORDS = ("alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india")
WORDS += ("juliett", "kilo", "lima")


def test_github_format_escapes_and_caps(tmp_path: Path) -> None:
    # 11 entities without a source (warnings; the first has one), 11 aliases without a
    # letter (errors).
    lines = ["snapshot: {title: T}", "entities:", "  - {id: e-0, name: Firm zulu, source: s}"]
    lines += [f"  - {{id: e-{k + 1}, name: Firm {w}}}" for k, w in enumerate(WORDS[:11])]
    lines += [f"  - {{name: Other {w}, aliases: ['%,:'], source: s}}" for w in WORDS[:11]]
    path = tmp_path / "a,b:c.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run(path.name, "--format", "github", cwd=tmp_path)
    assert result.returncode == 2
    out = result.stdout.splitlines()
    errors = [line for line in out if line.startswith("::error ")]
    warnings = [line for line in out if line.startswith("::warning ")]
    notices = [line for line in out if line.startswith("::notice")]
    assert (len(errors), len(warnings), len(notices)) == (10, 10, 1)
    column = lines[14].index("aliases:") + 1
    assert errors[0] == (
        f"::error file=a%2Cb%3Ac.yaml,line=15,col={column},title=SD102::"
        "alias “%25,:” has no letter or digit — remove it"
    )
    assert warnings[0].startswith("::warning file=a%2Cb%3Ac.yaml,line=4,col=")
    assert notices[0] == (
        "::notice title=sanctions-diff::2 more (1 error, 1 warning) not shown as "
        "annotations: they follow in this step's log, and `sanctions-diff validate "
        "a,b:c.yaml` reports them all"
    )
    # The rest follow as plain lines: every finding is somewhere in the log.
    rest = out[out.index(notices[0]) + 1 :]
    assert rest == [
        "a,b:c.yaml:14:5: SD104 “Firm kilo” has no source — add 'source:' (the act and entry it comes from)",
        f"a,b:c.yaml:25:{lines[24].index('aliases:') + 1}: SD102 alias “%,:” has no letter or digit — remove it",
    ]


def test_natural_key_orders_numbers_as_numbers() -> None:
    ids = ["eu-833-iv-10", "eu-833-iv-9", "eu-833-iv-100", "EU-833-IV-11"]
    assert sorted(ids, key=natural_key) == [
        "eu-833-iv-9",
        "eu-833-iv-10",
        "EU-833-IV-11",
        "eu-833-iv-100",
    ]


def test_check_snapshot_is_a_pure_function_of_the_snapshot() -> None:
    snapshot = Snapshot(
        SnapshotMeta(title="T"),
        (Entity("Tordan Industry", line=3), Entity("TORDAN INDUSTRY LTD", line=7)),
        origin="mem",
    )
    findings = check_snapshot(snapshot)
    assert [(f.code, f.line, f.severity) for f in findings] == [
        ("SD104", 3, Severity.WARNING),
        ("SD101", 7, Severity.WARNING),
        ("SD104", 7, Severity.WARNING),
    ]


def test_the_threshold_option_reaches_the_duplicate_check(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(
        "snapshot: {title: T, coverage: partial}\nentities:\n"
        "  - {name: Infratest Thermal Vision Technologies}\n"
        "  - {name: Infratest Termal Vizion Technologies}\n",
        encoding="utf-8",
    )
    assert "SD101" in run(str(path), "--threshold", "70").stdout
    assert run(str(path), "--threshold", "100").stdout == ""


def test_a_real_list_loads_the_same_through_validate() -> None:
    path = lists_dir() / "eu-11-final.yaml"
    snapshot, findings = validate_file(path, "eu-11-final.yaml")
    assert snapshot == load_snapshot(path, origin="eu-11-final.yaml")
    assert findings == []


def test_sd105_is_reported_once_per_series_with_a_count(tmp_path: Path) -> None:
    # One sort fixes every id of a series: one finding says where the first is, and how
    # many more there are (a file of 143 reversed ids is one line, not 143).
    lines = ["snapshot: {title: T}", "entities:"]
    lines += [
        f"  - {{id: x-{n}, name: Firm {w}, source: s}}"
        for n, w in zip(range(5, 0, -1), WORDS, strict=False)
    ]
    lines += ["  - {id: p-2, name: Other, source: s}", "  - {id: p-1, name: Another, source: s}"]
    path = tmp_path / "t.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = run(path.name, cwd=tmp_path).stdout.splitlines()
    assert [line for line in out if "SD105" in line] == [
        "t.yaml:4:6: SD105 id 'x-4' comes after 'x-5' (line 3) (and 3 more ids of this series) — "
        "sort the entities by id (natural order: 9 before 10)",
        "t.yaml:9:6: SD105 id 'p-1' comes after 'p-2' (line 8) — "
        "sort the entities by id (natural order: 9 before 10)",
    ]


UN_OUT_OF_ORDER = """\
<?xml version="1.0" encoding="UTF-8"?>
<CONSOLIDATED_LIST dateGenerated="2026-02-27T00:00:09.554Z">
  <INDIVIDUALS>
    <INDIVIDUAL><FIRST_NAME>ERIC</FIRST_NAME><SECOND_NAME>BADEGE</SECOND_NAME><REFERENCE_NUMBER>CDi.010</REFERENCE_NUMBER><LISTED_ON>2012-12-31</LISTED_ON></INDIVIDUAL>
    <INDIVIDUAL><FIRST_NAME>TARIQ</FIRST_NAME><SECOND_NAME>AZIZ</SECOND_NAME><REFERENCE_NUMBER>CDi.009</REFERENCE_NUMBER><LISTED_ON>2003-06-27</LISTED_ON></INDIVIDUAL>
  </INDIVIDUALS>
  <ENTITIES/>
</CONSOLIDATED_LIST>
"""


def test_an_official_file_keeps_its_publishers_order_and_convert_sorts_by_id(
    tmp_path: Path,
) -> None:
    # The UN list orders its records its own way: validate does not ask to sort what the
    # user cannot edit, and convert writes ids in natural order, so its output is clean.
    official = tmp_path / "un.xml"
    official.write_text(UN_OUT_OF_ORDER, encoding="utf-8")
    assert "SD105" not in run(official.name, cwd=tmp_path).stdout
    converted = tmp_path / "un.yaml"
    result = subprocess.run(
        [sys.executable, "-m", "sanctions_diff", "convert", str(official), "-o", str(converted)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert [e.id for e in load_snapshot(converted).entities] == ["CDi.009", "CDi.010"]
    assert "SD105" not in run(converted.name, cwd=tmp_path).stdout
    # The same entities in the publisher's order, as a hand-written snapshot, are reported.
    reordered = converted.read_text(encoding="utf-8")
    head, first, second = reordered.split("\n- ")
    swapped = tmp_path / "swapped.yaml"
    swapped.write_text(
        f"{head}\n- {second.rstrip()}\n- {first.rstrip()}\n",
        encoding="utf-8",
    )
    assert "SD105 id 'CDi.009' comes after 'CDi.010'" in run(swapped.name, cwd=tmp_path).stdout


def test_sd107_an_official_file_with_structures_its_reader_does_not_know(tmp_path: Path) -> None:
    official = tmp_path / "un.xml"
    official.write_text(
        UN_OUT_OF_ORDER.replace("<LISTED_ON>2012", "<PHOTO/><PHOTO/><LISTED_ON>2012"),
        encoding="utf-8",
    )
    result = run(official.name, cwd=tmp_path)
    assert result.returncode == 0  # a warning: the rest of the file was read
    assert result.stdout.splitlines()[0] == (
        "un.xml:1:1: SD107 2 elements not read, of 1 kind this reader does not know: "
        "<INDIVIDUAL/PHOTO> (2) — the data in them is not in the snapshot; please report "
        "the file's version"
    )


PEPS = SHARED / "official-excerpts" / "ftm-sa_wiki_peps-khongdudinhdoikhongne.jsonl"


def test_a_real_ftm_export_and_its_conversion_ask_for_no_sorting(tmp_path: Path) -> None:
    # Issue 15: 143 SD105 lines, one per entity, on a real OpenSanctions export.
    if not PEPS.is_file():
        pytest.skip(
            f"the real FtM excerpt is not at {PEPS} (set SANCTIONS_DIFF_SHARED to the data folder)"
        )
    assert "SD105" not in run(str(PEPS), "--format", "json").stdout
    converted = tmp_path / "peps.yaml"
    result = subprocess.run(
        [sys.executable, "-m", "sanctions_diff", "convert", str(PEPS), "-o", str(converted)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    findings = json.loads(run(str(converted), "--format", "json").stdout)["findings"]
    assert findings and not [f for f in findings if f["code"] == "SD105"]
