"""Likely mistakes in what was asked: two snapshots given in the wrong order, or of two
different annexes. Each is a warning, never a refusal: the diff is still what it is, but a
person who swapped the arguments reads "dropped" and "added" backwards, and one comparing
Annex IV with Annex I reads every entity as removed and added (and can never see a
"dropped" candidate). What the snapshots say about themselves is all this looks at.
"""

from __future__ import annotations

from sanctions_diff.model import Snapshot, Stage


def likely_mistakes(old: Snapshot, new: Snapshot) -> list[str]:
    """One line for each thing that looks like a mistake in comparing ``old`` → ``new``
    (named by their origins, as the user gave them)."""
    a, b = old.meta, new.meta
    found = []
    if a.annex and b.annex and a.annex != b.annex:
        found.append(
            f"{old.origin} covers {a.annex} and {new.origin} {b.annex}: different lists, so"
            " most entities read as removed or added, and none as dropped — compare two"
            " snapshots of one annex"
        )
    if (
        a.package is not None
        and a.package == b.package
        and a.stage is Stage.FINAL
        and b.stage is Stage.DRAFT
    ):
        found.append(
            f"arguments swapped? {old.origin} is the final and {new.origin} the draft of"
            f" package {a.package} — give the draft first to see what was dropped"
        )
    elif a.date is not None and b.date is not None and a.date > b.date:
        found.append(
            f"arguments swapped? {old.origin} is dated {a.date}, after {new.origin}"
            f" ({b.date}) — give the older snapshot first"
        )
    elif (
        (a.date is None or b.date is None)
        and a.package is not None
        and b.package is not None
        and a.package > b.package
    ):
        found.append(
            f"arguments swapped? {old.origin} is of package {a.package}, after"
            f" {new.origin} (package {b.package}) — give the older snapshot first"
        )
    return found
