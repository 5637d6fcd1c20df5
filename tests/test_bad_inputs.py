"""Hostile input, end to end: the corpus in tests/bad_inputs/ through the real CLI.

Each case runs ``python -m sanctions_diff diff FILE eu-12-draft -f json`` in a real process
and checks the contract of the README ("Exit codes", "How it is read"): exit code 2 (or 0 for
the files that must load), one ``path:line:col: message`` line per problem on stderr, no
traceback, no "internal error", nothing on stdout. What each file must produce is one row
of ``tests/bad_inputs/expected.tsv`` (its header explains the columns), so adding a case is
adding a file and a line.

Inputs too big to commit (a 100 MB file, 10 MB lines) are generated into ``tmp_path``;
the memory of every hostile case is measured as the peak RSS of the CLI process.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

BAD = Path(__file__).resolve().parent / "bad_inputs"
TABLE = BAD / "expected.tsv"
OTHER = "eu-12-draft"  # a bundled list with 4 entities: the other side of every diff

# After 100 problems the CLI prints one count line instead of the rest (README).
MORE_PROBLEMS = re.compile(r"^(?P<path>.+): \d+ more problems? not shown — ")

# Generous bounds: they catch "grows with the expansion" (alias bombs) and "10x the file
# twice over", not ordinary overhead. The interpreter with every import is ~80 MB.
SMALL_INPUT_PEAK_BYTES = 500 * 1024 * 1024
BIG_INPUT_PEAK_BYTES = 2 * 1024 * 1024 * 1024


@dataclass(frozen=True)
class Expected:
    line: str
    col: str
    fragment: str


@dataclass(frozen=True)
class Case:
    file: str
    exit: int
    lines: int
    problems: tuple[Expected, ...]


def read_table() -> list[Case]:
    rows = [
        line.split("\t")
        for line in TABLE.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert rows[0] == ["file", "exit", "lines", "line", "col", "fragment"], rows[0]
    cases: list[Case] = []
    for row in rows[1:]:
        assert len(row) == 6, row
        file, exit_code, lines, line, col, fragment = row
        if exit_code:
            assert not cases or cases[-1].file != file, f"{file}: rows of one file go together"
            cases.append(Case(file, int(exit_code), int(lines), ()))
        else:
            assert cases and cases[-1].file == file, f"{file}: continuation row without a first row"
        last = cases[-1]
        cases[-1] = Case(
            last.file, last.exit, last.lines, (*last.problems, Expected(line, col, fragment))
        )
    return cases


CASES = read_table()


def run_cli(
    *args: str, cwd: Path = BAD, timeout: float = 300
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "sanctions_diff", *args],
        capture_output=True,
        cwd=cwd,
        timeout=timeout,
        check=False,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "200"},
    )


def assert_clean_failure(result: subprocess.CompletedProcess[bytes], path: str) -> list[str]:
    """Exit 2, nothing on stdout, every stderr line ``path:line:col: message`` and nothing
    a terminal would act on; the lines."""
    stderr = result.stderr.decode("utf-8", errors="replace")
    assert "Traceback" not in stderr, stderr
    assert "internal error" not in stderr, stderr
    assert result.stdout == b"", result.stdout[:500]
    assert result.returncode == 2, (result.returncode, stderr)
    # Values quoted in messages must be inert: no terminal escapes, no line breaks of their own.
    controls = sorted({f"U+{ord(c):04X}" for c in stderr if ord(c) < 32 and c != "\n"})
    assert controls == [], f"control characters on stderr: {controls}: {stderr[:300]!r}"
    lines = stderr.splitlines()
    assert lines, "an error must say what is wrong"
    for line in lines:
        more = MORE_PROBLEMS.match(line)
        if more:
            assert more.group("path") == path, line
            continue
        assert line.startswith(f"{path}:"), line
        assert re.match(r"\d+:\d+: \S", line[len(path) + 1 :]), (
            f"not path:line:col: message: {line}"
        )
    return lines


# -- the table itself --------------------------------------------------------------------------


def test_every_corpus_file_has_expectations_and_the_corpus_is_small() -> None:
    on_disk = {p.name for p in BAD.iterdir() if p.name != TABLE.name}
    listed = {c.file for c in CASES}
    assert on_disk - listed == set(), "files without a row in expected.tsv"
    missing = {f for f in listed - on_disk if not f.startswith("does-not-exist")}
    assert missing == set(), "rows for files that are not in tests/bad_inputs/"
    assert len(CASES) >= 40
    size = sum(p.stat().st_size for p in BAD.rglob("*") if p.is_file())
    assert size < 1024 * 1024, f"the corpus is {size} bytes: generate big inputs in the tests"


# -- every case through the CLI ----------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=[c.file for c in CASES])
def test_bad_input(case: Case) -> None:
    result = run_cli("diff", case.file, OTHER, "-f", "json")
    if case.exit == 0:
        stderr = result.stderr.decode("utf-8", errors="replace")
        assert result.returncode == 0, stderr
        assert stderr == ""
        report = json.loads(result.stdout.decode("utf-8"))
        (expected,) = case.problems
        if expected.fragment.startswith("entities="):
            count = int(expected.fragment.removeprefix("entities="))
            assert report["old"]["entities"] == count
            # Nothing lost: each entity of the file is in exactly one change.
            old_side = report["summary"]["removed"] + report["summary"]["dropped"]
            paired = report["summary"]["changed"] + report["summary"]["unchanged"]
            assert old_side + paired == count
        return
    lines = assert_clean_failure(result, case.file)
    assert result.returncode == case.exit
    assert len(lines) == case.lines, lines
    for expected, line in zip(case.problems, lines, strict=False):
        match = re.match(rf"{re.escape(case.file)}:(\d+):(\d+): (.*)", line)
        assert match, line
        if expected.line != "*":
            assert match.group(1) == expected.line, line
        if expected.col != "*":
            assert match.group(2) == expected.col, line
        if expected.fragment != "*":
            assert expected.fragment in match.group(3), line


def test_identical_names_and_colliding_ids_lose_nothing() -> None:
    """Entities that look alike are all kept and each ends up in exactly one change."""
    for name, count in [
        ("identical_names.yaml", 3),
        ("ids_differ_only_in_case.yaml", 2),
        ("names_equal_after_normalisation.yaml", 3),
    ]:
        same = run_cli("diff", name, name, "-f", "json", "--include-unchanged")
        assert same.returncode == 0, same.stderr
        report = json.loads(same.stdout)
        assert report["summary"] == {
            "dropped": 0,
            "removed": 0,
            "added": 0,
            "changed": 0,
            "unchanged": count,
        }, name
        gone = run_cli("diff", name, "zero_entities.yaml", "-f", "json")
        assert json.loads(gone.stdout)["summary"]["removed"] == count, name
        came = run_cli("diff", "zero_entities.yaml", name, "-f", "json")
        assert json.loads(came.stdout)["summary"]["added"] == count, name


def test_both_sides_bad_are_reported_together() -> None:
    result = run_cli("diff", "bad_country.yaml", "jsonl_bad_json_line.jsonl")
    assert result.returncode == 2 and result.stdout == b""
    lines = result.stderr.decode().splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "bad_country.yaml",
        "jsonl_bad_json_line.jsonl",
    ]


# -- memory: bombs, nesting, big files ---------------------------------------------------------

# Runs one command as its only child and reports the child's exit code, output and peak RSS.
# An address-space cap keeps a regression from taking the machine down: it then fails as a
# MemoryError (exit 2, "internal error"), which the assertions catch.
_MEASURE = textwrap.dedent(
    """
    import json, resource, subprocess, sys
    cap = int(sys.argv[1])
    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    done = subprocess.run(sys.argv[2:], capture_output=True, preexec_fn=limit)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    print(json.dumps({
        "rc": done.returncode,
        "peak": peak,
        "stdout": done.stdout[:2000].decode("utf-8", "replace"),
        "stdout_bytes": len(done.stdout),
        "stderr": done.stderr.decode("utf-8", "replace"),
    }))
    """
)


@dataclass(frozen=True)
class Measured:
    returncode: int
    peak: int
    stdout: bytes
    stdout_bytes: int
    stderr: bytes


def measure(*args: str, cwd: Path = BAD, cap: int = 8 * 1024**3, timeout: float = 600) -> Measured:
    """The CLI run with ``args``, its exit code, output and peak resident memory (bytes)."""
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(cap), sys.executable, "-m", "sanctions_diff", *args],
        capture_output=True,
        cwd=cwd,
        timeout=timeout,
        check=True,
        env={**os.environ, "NO_COLOR": "1"},
    )
    data = json.loads(done.stdout)
    return Measured(
        data["rc"],
        data["peak"],
        data["stdout"].encode(),
        data["stdout_bytes"],
        data["stderr"].encode(),
    )


def as_completed(measured: Measured) -> subprocess.CompletedProcess[bytes]:
    return subprocess.CompletedProcess([], measured.returncode, measured.stdout, measured.stderr)


@pytest.mark.parametrize(
    "name",
    [
        "billion_laughs.yaml",
        "billion_laughs_unknown_key.yaml",
        "billion_laughs_explicit_keys.yaml",
        "deep_flow_nesting.yaml",
        "deep_mapping_top.yaml",
        "jsonl_deep_nesting.jsonl",
    ],
)
def test_bombs_are_refused_with_bounded_memory(name: str) -> None:
    result = measure("diff", name, OTHER)
    assert_clean_failure(as_completed(result), name)
    assert result.peak < SMALL_INPUT_PEAK_BYTES, f"peak RSS {result.peak >> 20} MB"


def _write_long_line_snapshots(tmp_path: Path) -> dict[str, tuple[int, int, str]]:
    """Files with one 10 MB line and an error at its end; name → (line, col, fragment)."""
    n = 10 * 1024 * 1024
    head = "snapshot:\n  title: Long lines\nentities:\n- name: Acme\n"
    cases: dict[str, tuple[int, int, str]] = {}
    prefix = "  reason: " + "word " * (n // 5)
    (tmp_path / "long_plain.yaml").write_text(head + prefix + ": here\n", encoding="utf-8")
    cases["long_plain.yaml"] = (5, len(prefix) + 1, "YAML syntax error")
    flow = "  aliases: [" + "Acme Ltd, " * (n // 10) + "Acme"
    (tmp_path / "long_flow.yaml").write_text(head + flow + "\n  country: QQ\n", encoding="utf-8")
    cases["long_flow.yaml"] = (6, 10, "YAML syntax error")
    line = '{"name": "Acme", "reason": "' + "word " * (n // 5) + '", "country" "RU"}'
    text = '{"snapshot": {"title": "Long lines"}}\n' + line + "\n"
    (tmp_path / "long_line.jsonl").write_text(text, encoding="utf-8")
    cases["long_line.jsonl"] = (2, line.index('"country"') + len('"country"') + 2, "not valid JSON")
    return cases


def test_extremely_long_lines_are_located(tmp_path: Path) -> None:
    for name, (line, col, fragment) in _write_long_line_snapshots(tmp_path).items():
        result = measure("diff", name, OTHER, cwd=tmp_path)
        lines = assert_clean_failure(as_completed(result), name)
        assert lines[0].startswith(f"{name}:{line}:{col}: "), (lines[0][:200], line, col)
        assert fragment in lines[0]
        assert result.peak < SMALL_INPUT_PEAK_BYTES, f"{name}: peak RSS {result.peak >> 20} MB"


def test_a_one_megabyte_name_loads(tmp_path: Path) -> None:
    name = "Acme Trading " * (1024 * 1024 // 13)
    path = tmp_path / "long_name.yaml"
    path.write_text(
        f"snapshot:\n  title: Long name\nentities:\n- name: {name}\n  country: RU\n",
        encoding="utf-8",
    )
    result = measure(
        "diff", "long_name.yaml", OTHER, "-f", "json", "-o", "report.json", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout_bytes == 0 and result.stderr == b""
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["old"]["entities"] == 1
    assert report["summary"]["removed"] + report["summary"]["changed"] == 1
    assert result.peak < SMALL_INPUT_PEAK_BYTES, f"peak RSS {result.peak >> 20} MB"


# -- 100 MB ----------------------------------------------------------------------------------

HUNDRED_MB = 100 * 1024 * 1024


def _write_big_few_entities(path: Path, error_at_end: bool) -> int:
    """~100 MB in 100 entities with a 1 MB statement of reasons each; the file's line count."""
    with path.open("w", encoding="utf-8") as out:
        out.write("snapshot:\n  title: Big\nentities:\n")
        lines = 3
        for k in range(100):
            reason = f"word{k} " * (HUNDRED_MB // 100 // 6)
            out.write(f'- id: e{k}\n  name: Company {k}\n  reason: "{reason}"\n')
            lines += 3
        if error_at_end:
            out.write("- name: Last\n  alias: oops\n")
            lines += 2
    return lines


def _write_big_many_entities(path: Path, error_at_end: bool) -> int:
    """~100 MB of realistic entities (about 370,000); the file's line count."""
    size = lines = 0
    with path.open("w", encoding="utf-8") as out:
        out.write("snapshot:\n  title: Big\nentities:\n")
        lines = 3
        k = 0
        while size < HUNDRED_MB:
            entity = (
                f"- id: big-{k}\n  name: Company Number {k} Trading Limited\n"
                f"  aliases: [Компания {k}, Firm {k} LLC]\n  country: RU\n  identifiers:\n"
                f'    - {{type: INN, value: "{7700000000 + k}"}}\n'
                f'  addresses: ["Office {k}, Street {k % 977}, Moscow, Russian Federation"]\n'
                "  listed_on: 2023-06-23\n"
            )
            out.write(entity)
            size += len(entity.encode("utf-8"))
            lines += 8
            k += 1
        if error_at_end:
            out.write("- name: Last\n  alias: oops\n")
            lines += 2
    return lines


def _check_big(tmp_path: Path, lines: int, error_at_end: bool) -> None:
    assert (tmp_path / "big.yaml").stat().st_size >= HUNDRED_MB
    result = measure(
        "diff", "big.yaml", OTHER, "-f", "jsonl", "-o", "report.jsonl", cwd=tmp_path, timeout=1800
    )
    peak = f"peak RSS {result.peak >> 20} MB"
    if error_at_end:
        found = assert_clean_failure(as_completed(result), "big.yaml")
        assert found == [
            f"big.yaml:{lines}:3: unknown key 'alias' in an entity — did you mean 'aliases'?"
        ]
    elif result.returncode == 2:
        # Refusing a big file is allowed, with a clear size message at 1:1.
        (line,) = assert_clean_failure(as_completed(result), "big.yaml")
        assert line.startswith("big.yaml:1:1: ") and "bytes" in line, line
    else:
        assert result.returncode == 0, result.stderr
        assert result.stdout_bytes == 0 and result.stderr == b""
        assert (tmp_path / "report.jsonl").stat().st_size > 0
    assert result.peak < BIG_INPUT_PEAK_BYTES, peak


@pytest.mark.parametrize("error_at_end", [False, True], ids=["valid", "error-at-end"])
def test_100_mb_of_long_entities(tmp_path: Path, error_at_end: bool) -> None:
    lines = _write_big_few_entities(tmp_path / "big.yaml", error_at_end)
    _check_big(tmp_path, lines, error_at_end)


@pytest.mark.parametrize("error_at_end", [False, True], ids=["valid", "error-at-end"])
def test_100_mb_of_realistic_entities(tmp_path: Path, error_at_end: bool) -> None:
    lines = _write_big_many_entities(tmp_path / "big.yaml", error_at_end)
    _check_big(tmp_path, lines, error_at_end)


@pytest.mark.parametrize("suffix", [".yaml", ".jsonl"])
def test_files_over_the_size_limit(tmp_path: Path, suffix: str) -> None:
    """600 MB of NUL bytes (a sparse file: no disk used). YAML is refused before reading
    (README: over 512 MB); JSON Lines is read line by line, so memory must not follow the
    size of the file, even when it is all one line."""
    name = f"huge{suffix}"
    with (tmp_path / name).open("wb") as out:
        out.truncate(600 * 1024 * 1024)
    result = measure("diff", name, OTHER, cwd=tmp_path)
    (line,) = assert_clean_failure(as_completed(result), name)
    assert line.startswith(f"{name}:1:1: "), line
    if suffix == ".yaml":
        assert "bytes, over the" in line
    assert result.peak < SMALL_INPUT_PEAK_BYTES, f"peak RSS {result.peak >> 20} MB"
