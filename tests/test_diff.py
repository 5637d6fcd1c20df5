"""The diff on the real bundled lists: what the issue promises users, entity by entity."""

from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import Path

import pytest

from sanctions_diff.analysis.diff import ChangeKind, Report, diff
from sanctions_diff.bundled import bundled_names, resolve
from sanctions_diff.formats.loader import load_snapshot
from sanctions_diff.model import Snapshot


def bundled(name: str) -> Snapshot:
    return load_snapshot(resolve(name), origin=name)


def names_of(report: Report, kind: ChangeKind) -> set[str]:
    return {c.entity.name for c in report.changes if c.kind is kind}


def assert_conserved(report: Report) -> None:
    """Every entity of both inputs is in exactly one change."""
    olds = Counter(id(c.old) for c in report.changes if c.old is not None)
    news = Counter(id(c.new) for c in report.changes if c.new is not None)
    assert sorted(olds) == sorted(id(e) for e in report.old.entities)
    assert sorted(news) == sorted(id(e) for e in report.new.entities)
    assert max(olds.values(), default=1) == 1 and max(news.values(), default=1) == 1
    assert sum(report.summary.values()) == len(report.changes)


def test_11th_draft_to_final() -> None:
    report = diff(bundled("eu-11-draft"), bundled("eu-11-final"))
    assert_conserved(report)
    assert names_of(report, ChangeKind.DROPPED) == {
        "Sinno Electronics",
        "3HC Semiconductors",
        "Sigma Technology",
        "King-Pai Technology",
    }
    paired = {c.old.name: c.new.id for c in report.changes if c.old and c.new}
    assert paired == {
        "Asia Pacific Links": "eu-833-iv-479",
        "Tordan Industry": "eu-833-iv-480",
        "Alpha Trading Investments": "eu-833-iv-481",
    }
    assert report.summary[ChangeKind.ADDED] == 81
    assert report.summary[ChangeKind.REMOVED] == 0
    added = [c for c in report.changes if c.kind is ChangeKind.ADDED]
    assert all(c.old_partial for c in added), "the draft is partial: additions are not proof"


def test_12th_draft_to_final() -> None:
    report = diff(bundled("eu-12-draft"), bundled("eu-12-final"))
    assert_conserved(report)
    assert names_of(report, ChangeKind.DROPPED) == {"Aspan Arba", "Da Group 22"}
    paired = {c.old.name: c.new.id for c in report.changes if c.old and c.new}
    assert paired == {"Mvizion": "eu-833-iv-585", "Deflog Technologies": "eu-833-iv-587"}


def test_changed_pair_lists_its_field_changes() -> None:
    report = diff(bundled("eu-11-draft"), bundled("eu-11-final"))
    (tordan,) = [c for c in report.changes if c.old and c.old.name == "Tordan Industry"]
    assert tordan.kind is ChangeKind.CHANGED
    fields = {f.field: f for f in tordan.fields}
    assert (fields["name"].old, fields["name"].new) == (
        "Tordan Industry",
        "Tordan Industry Limited",
    )
    assert fields["identifiers"].added == ("CR No.: 2687207",)
    assert fields["aliases"].added == ("Tordan Industry Ltd.",)
    assert "country" not in fields  # HK on both sides


@pytest.mark.parametrize("name", bundled_names())
def test_a_list_against_itself_is_all_unchanged(name: str) -> None:
    snapshot = bundled(name)
    report = diff(snapshot, snapshot)
    assert_conserved(report)
    assert report.summary[ChangeKind.UNCHANGED] == len(snapshot.entities)
    assert all(c.kind is ChangeKind.UNCHANGED for c in report.changes)


def test_without_ids_the_hard_cases_still_pair_with_themselves() -> None:
    """Trust Logistics #495/#496 by INN, the two I Jet Global DMCC by country."""
    final = bundled("eu-11-final")
    anonymous = dataclasses.replace(
        final, entities=tuple(dataclasses.replace(e, id=None) for e in reversed(final.entities))
    )
    report = diff(final, anonymous)
    assert_conserved(report)
    assert report.summary[ChangeKind.UNCHANGED] == 84
    for change in report.changes:
        assert change.old == dataclasses.replace(change.new, id=change.old.id, line=change.old.line)
        assert change.match.ambiguous_with == ()


def test_swapping_sides_swaps_added_and_removed() -> None:
    a, b = bundled("eu-11-final"), bundled("eu-12-final")
    forward, backward = diff(a, b), diff(b, a)
    assert_conserved(forward)
    assert names_of(forward, ChangeKind.ADDED) == names_of(backward, ChangeKind.REMOVED)
    assert names_of(forward, ChangeKind.REMOVED) == names_of(backward, ChangeKind.ADDED)
    assert forward.summary[ChangeKind.REMOVED] == 84
    assert forward.summary[ChangeKind.ADDED] == 29


def test_dropped_only_between_draft_and_final_of_one_package() -> None:
    # 11th draft against the 12th final: a different package, so "removed", not "dropped".
    report = diff(bundled("eu-11-draft"), bundled("eu-12-final"))
    assert report.summary[ChangeKind.DROPPED] == 0
    assert report.summary[ChangeKind.REMOVED] == 7


def test_bundled_lists_resolve_from_the_package() -> None:
    path = resolve("eu-11-final")
    assert path.name == "eu-11-final.yaml"
    assert Path(path).is_file()


def test_swapping_sides_swaps_added_and_removed_with_pairs() -> None:
    before, after = bundled("eu-annex-iv-after-11"), bundled("eu-annex-iv-after-12")
    forward, backward = diff(before, after), diff(after, before)
    assert_conserved(forward)
    assert_conserved(backward)
    assert forward.summary[ChangeKind.ADDED] == backward.summary[ChangeKind.REMOVED] == 29
    assert forward.summary[ChangeKind.UNCHANGED] == backward.summary[ChangeKind.UNCHANGED] == 558
    assert names_of(forward, ChangeKind.ADDED) == names_of(backward, ChangeKind.REMOVED)
    pairs_forward = {(c.old.id, c.new.id) for c in forward.changes if c.old and c.new}
    pairs_backward = {(c.new.id, c.old.id) for c in backward.changes if c.old and c.new}
    assert pairs_forward == pairs_backward
