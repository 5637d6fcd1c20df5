"""The history of each entity across an ordered series of snapshots.

How: entities are linked snapshot by snapshot with the same matcher as ``diff``. Each
*track* (one real-world entity) carries every name, alias and identifier seen so far, so a
firm that the press called "Da Group 22" in the 12th draft links to "Da Group 22" of the 14th
final even with a Cyrillic alias in between. An entity that matches no track starts one.

Events, per snapshot in the series:

- in a draft: ``proposed``, or ``re-proposed`` when it was dropped before;
- in the final of a package: ``listed``, or ``listed later`` when it was dropped before;
- absent from the final of a package whose draft (same annex) had it: ``dropped``;
- in a consolidated snapshot: ``present``; absent from a consolidated snapshot after being
  in the previous one of the same annex: ``removed``.

A partial draft never yields ``dropped`` for what it lacks (absence proves nothing); a
``dropped`` needs the entity *in* the draft and *not* in the complete final.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

from sanctions_diff.analysis.diff import Selection
from sanctions_diff.matcher import DEFAULT_THRESHOLD, Method, PreparedCache, match
from sanctions_diff.model import Entity, Snapshot, SnapshotKind, Stage
from sanctions_diff.normalize import fold
from sanctions_diff.progress import Progress


class Event(StrEnum):
    PROPOSED = "proposed"
    RE_PROPOSED = "re-proposed"
    DROPPED = "dropped"
    LISTED = "listed"
    LISTED_LATER = "listed later"
    PRESENT = "present"
    REMOVED = "removed"


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    """One thing that happened to one entity in one snapshot of the series."""

    snapshot: str
    event: Event
    name_as_written: str
    entity: Entity | None
    method: Method | None = None
    score: float | None = None


@dataclass(slots=True)
class Track:
    """One entity across the series: its events and everything known to link it."""

    events: list[TimelineEvent] = field(default_factory=list)
    representative: Entity | None = None

    @property
    def latest(self) -> Entity:
        for event in reversed(self.events):
            if event.entity is not None:
                return event.entity
        raise ValueError("a track always starts with an entity")

    @property
    def was_dropped(self) -> bool:
        return any(e.event is Event.DROPPED for e in self.events)


@dataclass(frozen=True, slots=True)
class History:
    snapshots: tuple[Snapshot, ...]
    tracks: tuple[Track, ...]


def series_order(snapshot: Snapshot) -> tuple[int, int, str, str]:
    """Package snapshots in package order, each draft before its final; others by date."""
    meta = snapshot.meta
    stage = 0 if meta.stage is Stage.DRAFT else 1
    return (meta.package or 0, stage, meta.date.isoformat() if meta.date else "", snapshot.origin)


def _merge(representative: Entity | None, entity: Entity) -> Entity:
    """A track's representative: the latest entity, with every name and identifier seen."""
    if representative is None:
        return entity
    names = dict.fromkeys((*entity.names(), *representative.names()))
    names.pop(entity.name, None)
    identifiers = dict.fromkeys((*entity.identifiers, *representative.identifiers))
    return replace(entity, aliases=tuple(names), identifiers=tuple(identifiers), id=entity.id)


def _appearance(snapshot: Snapshot, track: Track) -> Event:
    meta = snapshot.meta
    if meta.kind is SnapshotKind.CONSOLIDATED:
        return Event.PRESENT
    if meta.stage is Stage.DRAFT:
        return Event.RE_PROPOSED if track.was_dropped else Event.PROPOSED
    return Event.LISTED_LATER if track.was_dropped else Event.LISTED


def _same_annex(a: Snapshot, b: Snapshot) -> bool:
    return a.meta.annex is None or b.meta.annex is None or a.meta.annex == b.meta.annex


def _absence(snapshot: Snapshot, track: Track, previous: dict[int, Snapshot]) -> Event | None:
    """What it means that ``track`` is not in ``snapshot`` (None: nothing to report)."""
    meta = snapshot.meta
    last = track.events[-1]
    if (
        meta.kind is SnapshotKind.PACKAGE
        and meta.stage is Stage.FINAL
        and meta.coverage.value == "complete"
    ):
        for event in reversed(track.events):
            source = previous[id(event)]
            if (
                event.event in (Event.PROPOSED, Event.RE_PROPOSED)
                and source.meta.package == meta.package
                and _same_annex(source, snapshot)
            ):
                return Event.DROPPED
    if meta.kind is SnapshotKind.CONSOLIDATED and last.event is Event.PRESENT:
        source = previous[id(last)]
        if source.meta.kind is SnapshotKind.CONSOLIDATED and _same_annex(source, snapshot):
            return Event.REMOVED
    return None


def build_history(
    snapshots: Sequence[Snapshot],
    threshold: float = DEFAULT_THRESHOLD,
    progress: Progress | None = None,
) -> History:
    """Link the entities of ``snapshots`` (in the order given) into tracks with events."""
    tracks: list[Track] = []
    source_of: dict[int, Snapshot] = {}  # id(TimelineEvent) → the snapshot it happened in
    prepared = PreparedCache()
    for done, snapshot in enumerate(snapshots):
        if progress is not None:
            progress("linking snapshots", done, len(snapshots))
        representatives = [t.representative for t in tracks]
        found = match(
            [r for r in representatives if r is not None],
            snapshot.entities,
            threshold,
            prepared=prepared,
        )
        matched = {m.new: m for m in found}
        seen: set[int] = set()
        for k, entity in enumerate(snapshot.entities):
            pairing = matched.get(k)
            if pairing is None:
                track = Track()
                tracks.append(track)
                method, score = None, None
            else:
                track = tracks[pairing.old]
                method, score = pairing.method, pairing.score
            event = TimelineEvent(
                snapshot.origin, _appearance(snapshot, track), entity.name, entity, method, score
            )
            source_of[id(event)] = snapshot
            track.events.append(event)
            track.representative = _merge(track.representative, entity)
            seen.add(id(track))
        for track in tracks:
            if id(track) in seen or not track.events:
                continue
            absence = _absence(snapshot, track, source_of)
            if absence is not None and track.events[-1].event is not absence:
                event = TimelineEvent(snapshot.origin, absence, track.latest.name, None)
                source_of[id(event)] = snapshot
                track.events.append(event)
    position = {s.origin: k for k, s in enumerate(snapshots)}

    def order(track: Track) -> tuple[int, str, str]:
        first = track.events[0]
        return (position[first.snapshot], fold(first.name_as_written), track.latest.id or "")

    return History(tuple(snapshots), tuple(sorted(tracks, key=order)))


def select_tracks(tracks: Iterable[Track], selection: Selection) -> list[Track]:
    """The tracks, in order, with an entity of ``selection``'s countries and types in any
    snapshot (a firm that moved from HK to CN is kept for both). Kinds of change belong to
    a diff: a selection with kinds is refused."""
    if selection.kinds:
        raise ValueError("a history is selected by country and type, not by kind of change")
    return [
        track
        for track in tracks
        if any(e.entity is not None and selection.keeps_entity(e.entity) for e in track.events)
    ]


def outcome(track: Track) -> str:
    """One line on what became of an entity, for ``--dropped``."""
    drop = max(k for k, e in enumerate(track.events) if e.event is Event.DROPPED)
    later = [
        e
        for e in track.events[drop + 1 :]
        if e.event in (Event.LISTED, Event.LISTED_LATER, Event.PRESENT)
    ]
    if later:
        first = later[0]
        ident = f" ({first.entity.id})" if first.entity is not None and first.entity.id else ""
        return f"listed later in {first.snapshot}{ident}"
    return "never listed since"
