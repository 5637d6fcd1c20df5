"""The Python API (``from sanctions_diff import load, diff, history, search``) on the bundled
data: the answers the CLI gives, the CLI's own objects, errors raised and never printed, a
lazy ``import sanctions_diff``, and types that ``mypy --strict`` users can rely on."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import sanctions_diff
from sanctions_diff import (
    ChangeKind,
    Entity,
    InputError,
    Method,
    Report,
    SanctionsDiffError,
    Snapshot,
    SnapshotMeta,
    UsageError,
    diff,
    history,
    load,
    load_all,
    load_bundled,
    search,
    to_dict,
)
from sanctions_diff import api as api_module
from sanctions_diff.analysis.diff import diff as analysis_diff
from sanctions_diff.bundled import bundled_names, resolve
from sanctions_diff.formats.loader import load_snapshot
from sanctions_diff.model import SnapshotKind

PACKAGE = Path(sanctions_diff.__file__).parent
DROPPED_IN_11 = {
    "Sinno Electronics",
    "3HC Semiconductors",
    "Sigma Technology",
    "King-Pai Technology",
}


def run_cli(*args: str) -> subprocess.CompletedProcess[bytes]:
    result = subprocess.run(
        [sys.executable, "-m", "sanctions_diff", *args],
        capture_output=True,
        env={**os.environ, "NO_COLOR": "1"},
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result


# -- diff ---------------------------------------------------------------------------------------


def test_diff_by_bundled_names_finds_the_four_dropped_firms() -> None:
    report = diff("eu-11-draft", "eu-11-final")
    dropped = {c.old.name for c in report.changes if c.kind is ChangeKind.DROPPED and c.old}
    assert dropped == DROPPED_IN_11
    assert dict(report.summary) == {
        ChangeKind.DROPPED: 4,
        ChangeKind.REMOVED: 0,
        ChangeKind.ADDED: 81,
        ChangeKind.CHANGED: 3,
        ChangeKind.UNCHANGED: 0,
    }
    assert (report.old.origin, report.new.origin) == ("eu-11-draft", "eu-11-final")


def test_diff_of_names_equals_diff_of_loaded_snapshots_and_the_pipelines_own() -> None:
    by_name = diff("eu-11-draft", "eu-11-final")
    old, new = load("eu-11-draft"), load("eu-11-final")
    assert diff(old, new) == by_name
    assert diff(old, "eu-11-final") == by_name  # a snapshot and a name mixed
    direct = analysis_diff(
        load_snapshot(resolve("eu-11-draft"), "eu-11-draft"),
        load_snapshot(resolve("eu-11-final"), "eu-11-final"),
    )
    assert direct == by_name


def test_to_dict_is_what_the_cli_writes_as_json() -> None:
    """The API's values are the ones the CLI renders: the same document, key for key."""
    report = diff("eu-12-draft", "eu-12-final")
    cli = json.loads(run_cli("diff", "eu-12-draft", "eu-12-final", "-f", "json").stdout)
    assert to_dict(report) == cli
    with_unchanged = to_dict(report, include_unchanged=True)
    cli = run_cli("diff", "eu-12-draft", "eu-12-final", "-f", "json", "--include-unchanged")
    assert with_unchanged == json.loads(cli.stdout)

    files = ["eu-12-draft", "eu-12-final", "eu-14-final"]
    cli = json.loads(run_cli("history", *files, "-f", "json").stdout)
    assert to_dict(history(files)) == cli

    files = ["eu-11-draft", "eu-11-final"]
    cli = json.loads(run_cli("search", "King Pai", *files, "-f", "json").stdout)
    assert to_dict(search("King Pai", files)) == cli


def test_snapshots_built_in_code_and_the_threshold() -> None:
    """A notebook can diff snapshots it builds itself; "Sigma Technologies" ~ "Sigma
    Technology" scores 94.1, so the default threshold (90) pairs them and 95 does not."""
    old = Snapshot(SnapshotMeta("old"), (Entity("Sigma Technologies", country="HK"),), "old")
    new = Snapshot(SnapshotMeta("new"), (Entity("Sigma Technology", country="HK"),), "new")
    assert [c.kind for c in diff(old, new).changes] == [ChangeKind.CHANGED]
    strict = diff(old, new, threshold=95)
    assert [c.kind for c in strict.changes] == [ChangeKind.REMOVED, ChangeKind.ADDED]
    assert strict.threshold == 95.0
    assert search("King Pai", "eu-11-draft", threshold=96).hits == ()  # it scores 95


def test_a_path_object_is_always_a_file_never_a_bundled_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError) as error:
        load(Path("eu-11-final"))
    (problem,) = error.value.problems
    assert str(problem).startswith("eu-11-final:1:1: no such file")
    bundled = resolve("eu-11-final")
    assert load(bundled).entities == load("eu-11-final").entities
    assert load(bundled).origin == str(bundled)


# -- history and search -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def default_history() -> sanctions_diff.History:
    return history()


def test_history_of_the_bundled_packages_has_da_group_22_listed_later(
    default_history: sanctions_diff.History,
) -> None:
    (track,) = [t for t in default_history.tracks if t.events[0].name_as_written == "Da Group 22"]
    assert [(e.snapshot, e.event.value) for e in track.events] == [
        ("eu-12-draft", "proposed"),
        ("eu-12-final", "dropped"),
        ("eu-14-final", "listed later"),
    ]
    assert track.latest.id == "eu-833-iv-666"


def test_history_default_is_every_bundled_package_in_series_order(
    default_history: sanctions_diff.History,
) -> None:
    origins = [s.origin for s in default_history.snapshots]
    packages = [n for n in bundled_names() if not n.startswith("eu-annex-iv-after-")]
    assert sorted(origins) == sorted(packages)
    assert (
        origins.index("eu-11-draft") < origins.index("eu-11-final") < origins.index("eu-12-draft")
    )
    assert origins[0] == "eu-9-final" and origins[-1].startswith("eu-20-final")


def test_history_takes_one_source_or_several() -> None:
    one = history("eu-11-draft")
    assert [s.origin for s in one.snapshots] == ["eu-11-draft"]  # not "e", "u", ...
    pair = history([load("eu-11-draft"), "eu-11-final"])
    dropped = {t.latest.name for t in pair.tracks if t.was_dropped}
    assert dropped == DROPPED_IN_11


def test_search_finds_king_pai_in_cyrillic() -> None:
    result = search("Кинг Пай")
    top = result.hits[0]
    assert (top.snapshot, top.entity.name, top.method) == (
        "eu-11-draft",
        "King-Pai Technology",
        Method.PARTIAL,
    )
    assert result.query == "Кинг Пай" and result.threshold == sanctions_diff.SEARCH_THRESHOLD


def test_search_looks_in_every_bundled_list_by_default() -> None:
    """JSC PO Sevmash is in the consolidated Annex IV lists only, not in any package."""
    snapshots = {h.snapshot for h in search("Sevmash", limit=None).hits}
    assert "eu-annex-iv-after-20" in snapshots
    assert not {s for s in snapshots if not s.startswith("eu-annex-iv-after-")}


def test_search_limit_and_sources() -> None:
    everything = search("Technology", limit=None)
    assert everything.total == len(everything.hits) > 2
    two = search("Technology", limit=2)
    assert two.hits == everything.hits[:2] and two.total == everything.total
    only = search("King Pai", "eu-11-draft")  # one name, not its characters
    assert [h.snapshot for h in only.hits] == ["eu-11-draft"]


def test_load_bundled_packages_then_consolidated() -> None:
    every = load_bundled()
    assert sorted(s.origin for s in every) == sorted(bundled_names())
    kinds = [s.meta.kind for s in every]
    first_consolidated = kinds.index(SnapshotKind.CONSOLIDATED)
    assert set(kinds[first_consolidated:]) == {SnapshotKind.CONSOLIDATED}
    packages = load_bundled(packages_only=True)
    assert [s.origin for s in packages] == [s.origin for s in every[:first_consolidated]]
    dates = [s.meta.date for s in every[first_consolidated:]]
    assert dates == sorted(d for d in dates if d is not None)


def test_load_all_keeps_order_and_snapshots_as_given() -> None:
    draft = load("eu-11-draft")
    found = load_all(["eu-11-final", draft, "eu-12-draft"])
    assert [s.origin for s in found] == ["eu-11-final", "eu-11-draft", "eu-12-draft"]
    assert found[1] is draft


# -- errors: raised, never printed --------------------------------------------------------------

BAD = "snapshot:\n  title: Bad\nentities:\n  - name: A\n    alias: B\n"


def test_errors_are_raised_and_nothing_is_printed(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(BAD, encoding="utf-8")
    worse = tmp_path / "worse.yaml"
    worse.write_text(BAD.replace("name: A", "name: A\n    country: QQ"), encoding="utf-8")

    with pytest.raises(InputError) as one:
        load(bad)
    assert [(p.line, p.column) for p in one.value.problems] == [(5, 5)]
    assert "did you mean 'aliases'?" in one.value.problems[0].message

    # Both files' problems in one error, as the CLI reports them.
    with pytest.raises(InputError) as both:
        diff(bad, worse)
    assert {Path(p.path).name for p in both.value.problems} == {"bad.yaml", "worse.yaml"}

    with pytest.raises(UsageError, match="no bundled list"):
        load("eu-11-fnal")
    with pytest.raises(UsageError, match="give a name to search for"):
        search("   ")
    with pytest.raises(UsageError, match="from 0 to 100"):
        diff("eu-11-draft", "eu-11-final", threshold=101)
    with pytest.raises(UsageError, match="from 0 to 100"):
        history(threshold=float("nan"))
    with pytest.raises(UsageError, match="limit 0"):
        search("King Pai", limit=0)
    assert issubclass(InputError, SanctionsDiffError) and issubclass(UsageError, SanctionsDiffError)

    assert capfd.readouterr() == ("", "")


def test_wrong_types_are_type_errors() -> None:
    with pytest.raises(TypeError, match="not int"):
        diff(1, 2)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="not bytes"):
        search(b"King")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="not str"):
        to_dict("report")  # type: ignore[arg-type]


def test_notices_stay_on_the_snapshot_unprinted(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "targets.jsonl"
    line = {
        "id": "a",
        "schema": "Company",
        "properties": {"name": ["A"], "favouriteColour": ["red"]},
    }
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    snapshot = load(path)
    (notice,) = snapshot.notices
    assert "favouriteColour (1)" in notice
    assert capfd.readouterr() == ("", "")


# -- the package: lazy, consistent, typed -------------------------------------------------------


def test_import_sanctions_diff_stays_light() -> None:
    """``import sanctions_diff`` (every command, ``--version``) must not pay for the matcher;
    the first use of an API name imports it."""
    code = (
        "import sys, sanctions_diff\n"
        "heavy = ('sanctions_diff.api', 'sanctions_diff.analysis', 'rapidfuzz')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
        "print('load' in dir(sanctions_diff))\n"
        "from sanctions_diff import diff\n"
        "print(diff.__module__, 'rapidfuzz' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.splitlines() == ["[]", "True", "sanctions_diff.api True"]


def test_public_names_agree_everywhere() -> None:
    """``__all__`` of the package and of ``api``, and the names type checkers see (the
    TYPE_CHECKING imports), are one list: a name added to one only is caught here."""
    assert sanctions_diff.__all__ == api_module.__all__
    tree = ast.parse((PACKAGE / "__init__.py").read_text(encoding="utf-8"))
    (guard,) = [
        n for n in tree.body if isinstance(n, ast.If) and ast.unparse(n.test) == "TYPE_CHECKING"
    ]
    imported = [a.name for n in guard.body if isinstance(n, ast.ImportFrom) for a in n.names]
    assert sorted(imported) == sorted(sanctions_diff.__all__)
    for name in sanctions_diff.__all__:
        assert getattr(sanctions_diff, name) is getattr(api_module, name)
    with pytest.raises(AttributeError, match="has no attribute 'lod'"):
        sanctions_diff.lod  # type: ignore[attr-defined]  # noqa: B018


def test_star_import_gives_the_api() -> None:
    scope: dict[str, object] = {}
    exec("from sanctions_diff import *", scope)
    assert scope["diff"] is diff and scope["Snapshot"] is Snapshot and scope["Report"] is Report


TYPED_OK = """\
from pathlib import Path

from sanctions_diff import ChangeKind, History, Report, SearchResult, Snapshot, diff, history, load, search

snapshot: Snapshot = load("eu-11-draft")
report: Report = diff(snapshot, Path("final.yaml"), threshold=95)
dropped: int = report.summary[ChangeKind.DROPPED]
names: list[str] = [c.entity.name for c in report.changes]
timeline: History = history(["eu-11-draft", "eu-11-final"])
result: SearchResult = search("King Pai", limit=None)
score: float = result.hits[0].score
"""

TYPED_WRONG = """\
from sanctions_diff import diff, search
import sanctions_diff

diff(1, 2)
search("King Pai", threshold="high")
count: str = diff("a", "b").summary
sanctions_diff.lod
"""


def test_mypy_strict_users_get_the_real_types(tmp_path: Path) -> None:
    """mypy finds the installed package only through its py.typed marker, and then checks
    calls against the real signatures (a module ``__getattr__`` would let anything pass)."""
    (tmp_path / "ok.py").write_text(TYPED_OK, encoding="utf-8")
    (tmp_path / "wrong.py").write_text(TYPED_WRONG, encoding="utf-8")

    def mypy(script: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "mypy",
                "--strict",
                "--cache-dir",
                str(tmp_path / "cache"),
                script,
            ],
            cwd=tmp_path,  # not the checkout: the package is found as installed
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    ok = mypy("ok.py")
    assert ok.returncode == 0, ok.stdout
    wrong = mypy("wrong.py")
    assert wrong.returncode == 1, wrong.stdout
    errors = [
        line.split(": error: ")[0] for line in wrong.stdout.splitlines() if ": error: " in line
    ]
    assert errors == [f"wrong.py:{n}" for n in (4, 4, 5, 6, 7)], wrong.stdout


def test_py_typed_ships_in_the_package() -> None:
    # The wheel ships every file of sanctions_diff/ (pyproject: packages = ["sanctions_diff"]);
    # building one needs hatchling from the network, so the test checks what it takes.
    assert (PACKAGE / "py.typed").is_file()
    pyproject = (PACKAGE.parent / "pyproject.toml").read_text(encoding="utf-8")
    assert 'packages = ["sanctions_diff"]' in pyproject


README = PACKAGE.parent / "README.md"


def readme_example() -> tuple[str, str] | None:
    """The Python block of the README's "Python API" section and the output shown after it."""
    text = README.read_text(encoding="utf-8")
    if "\n## Python API\n" not in text:
        return None
    section = text.split("\n## Python API\n", 1)[1].split("\n## ", 1)[0]
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    shown = section.split("```text\n", 1)[1].split("```", 1)[0]
    return code, shown


def test_the_readme_example_prints_what_the_readme_shows(tmp_path: Path) -> None:
    example = readme_example()
    if example is None:
        pytest.skip("the README has no Python API section yet")
    code, shown = example
    (tmp_path / "example.py").write_text(code, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "example.py"],
        cwd=tmp_path,
        capture_output=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        timeout=120,
        check=False,
    )
    assert (result.stdout, result.stderr) == (shown, "")
