"""The cyclic garbage collector is paused while loading and diffing, and left as found."""

from __future__ import annotations

import gc

import pytest

from sanctions_diff import collector
from sanctions_diff.analysis.diff import diff
from sanctions_diff.bundled import resolve
from sanctions_diff.formats.loader import load_snapshot


def test_paused_nests_and_restores() -> None:
    assert gc.isenabled()
    with collector.paused():
        assert not gc.isenabled()
        with collector.paused():
            assert not gc.isenabled()
        assert not gc.isenabled(), "an inner block must not re-enable it"
    assert gc.isenabled()


def test_paused_restores_after_an_error() -> None:
    with pytest.raises(ValueError), collector.paused():
        raise ValueError("boom")
    assert gc.isenabled()


def test_load_and_diff_leave_the_collector_on() -> None:
    old = load_snapshot(resolve("eu-11-draft"))
    new = load_snapshot(resolve("eu-11-final"))
    assert gc.isenabled()
    report = diff(old, new)
    assert gc.isenabled()
    assert len(report.changes) > 0


def test_a_caller_that_turned_it_off_keeps_it_off() -> None:
    gc.disable()
    try:
        load_snapshot(resolve("eu-11-final"))
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_command_leaves_what_it_holds_out_of_the_last_collection(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """After the command, what is still alive (caches) is frozen, so the collection Python
    runs at shutdown skips it; ``main`` called by another program freezes nothing (its
    pending garbage would never be collected)."""
    from sanctions_diff import cli

    gc.unfreeze()
    try:
        with pytest.raises(SystemExit) as exit_info:
            cli.main(["lists", "--format", "json"])
        assert exit_info.value.code == 0
        assert gc.get_freeze_count() == 0
        monkeypatch.setattr("sys.argv", ["sanctions-diff", "lists", "--format", "json"])
        with pytest.raises(SystemExit) as exit_info:
            cli.run()
        assert exit_info.value.code == 0
        assert gc.get_freeze_count() > 0
        assert gc.isenabled()
    finally:
        gc.unfreeze()
