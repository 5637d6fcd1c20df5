"""The timeline chart of the history page: one inline SVG element, built here.

What it shows (issue 17): the packages along x (9th, 10th, ...; one column per package, or
per snapshot for a snapshot without a package number). For each annex a row of bars per
package: how many entities were proposed in its draft, listed in its final, dropped (in the
draft, left out of the final) and, for consolidated snapshots, present and removed, counted
over the *whole* history. Below, one lane per dropped candidate among the tracks the page
shows: a line from its first event to its last, a marker at each event (proposed ○,
dropped ✕, listed later ●), its name at the left and what became of it at the right.

Contract of ``timeline_svg``:

- Pure and deterministic: the same history gives the same bytes (no randomness, no clock,
  numbers written with one decimal at most).
- Safe with hostile data: the tree is built with ``xml.etree.ElementTree``, which escapes
  every text and attribute value, and every text shown goes through ``errors.inert`` first
  (controls and bidi overrides shown as ``\\xNN``, as everywhere else). Nothing but
  geometry, ``class``, ``data-*`` and accessibility attributes is written: no ``style``,
  no ``href``, no script, no event handler, so a page whose Content-Security-Policy allows
  no inline style attribute shows it as drawn.
- Looks come from ``TIMELINE_CSS`` (class selectors under ``#timeline``), which the page
  inlines into its stylesheet; its text sizes are the ones the layout below assumes.

Classes (the page may restyle them; TIMELINE_CSS gives the defaults, with the colours as
custom properties of ``#timeline``: ``--tl-listed``, ``--tl-dropped``, ``--tl-later``,
``--tl-present``, ``--tl-removed``, and ``--tl-background`` inside hollow markers; text and
lines take ``currentColor``, so they follow the page's text colour in a dark theme):

========================  ==============================================================
``legend``                a legend's group: the bars' above them, the lanes' by their heading
``swatch``                a legend item's sample (with the class of what it stands for)
``bands``                 the group of the column backgrounds, drawn first
``band``                  the shaded background of every other package column
``baseline``              the zero line under a row of bars
``annex``                 an annex row's label (``<text>`` at the left)
``annex-row``             the group of one annex's bars (``data-annex``: the annex)
``bar``                   a bar; with one of the kinds below (``data-column``, ``data-count``)
``count``                 the number above a bar; with the bar's kind
``axis``                  a package label under the bars ("11th")
``axis-date``             the date under a package label ("Jun 2023")
``heading``               the heading above the lanes
``lane``                  the group of one dropped candidate's lane
``lane-line``             the line of a lane from its first event to its last
``label``                 a lane's name at the left (its ``<title>`` child: the full name)
``marker``                an event of a lane; with the kind below, ``data-event``, ``data-snapshot``
``outcome``               "never listed since" / "listed later: 14th" after a lane's last event
``note``                  a line of text: lanes left out, or no dropped candidate shown
``proposed``              kind: in a draft (bar: an outline; marker: a hollow circle)
``listed``                kind: in a final (bar: filled, neutral; marker: a filled circle)
``listed-later``          kind: listed after having been dropped (marker: a green dot)
``dropped``               kind: in the draft, left out of the final (strong red-orange, ✕)
``present``               kind: in a consolidated snapshot (grey)
``removed``               kind: gone from the next consolidated snapshot (dark grey, ✕)
========================  ==============================================================
"""

from __future__ import annotations

import math
import re
import textwrap
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from sanctions_diff.analysis.history import Event, History, Track
from sanctions_diff.errors import inert
from sanctions_diff.model import Coverage, Snapshot, SnapshotKind, Stage

SVG_NS = "http://www.w3.org/2000/svg"

# Geometry, in viewBox units. The width is fixed so the chart scales to the page's width as
# one picture; the height grows with the lanes.
WIDTH = 960.0
# Room at the left for annex names and candidates' names (about 30 characters of 11 units).
GUTTER = 200.0
# Room at the right, so the last column's numbers and markers are not cut at the edge.
MARGIN = 14.0
LEGEND_HEIGHT = 34.0
# The tallest bar: tall enough to compare the finals (9th: 160, 13th: 194), short enough
# that two annex rows and the lanes fit on one screen.
BAR_MAX = 64.0
# A count of 1 next to one of 194 would be 0.3 units, invisible: a bar is at least this tall
# (its number above it says the exact count).
BAR_MIN = 1.5
# Above each bar its count, in text of SMALL_FONT units.
COUNT_ROOM = 14.0
ROW_GAP = 14.0
AXIS_HEIGHT = 34.0
HEADING_HEIGHT = 28.0
LANE_HEIGHT = 22.0
NOTE_HEIGHT = 24.0
# A long history on a tall page reads better with the packages named again under the lanes.
AXIS_REPEAT_AFTER_LANES = 12
MARKER_RADIUS = 4.5
# A column gives this share of its width to its bars; the rest separates packages.
BARS_SHARE = 0.8
# A bar is this share of its slot, and never wider than BAR_WIDTH_MAX.
BAR_SHARE = 0.8
BAR_WIDTH_MAX = 16.0
# A slot is never wider than this: with few columns the bars of a package stay together in
# the middle of its column instead of spreading across it.
SLOT_WIDTH_MAX = 22.0

# Text sizes, as TIMELINE_CSS sets them; widths of text are estimated from them.
FONT = 11.0
SMALL_FONT = 9.0
# The average advance of a character in a sans-serif font, in ems: enough to decide what fits.
CHAR_EM = 0.55

# Lanes beyond this many are left to the table below the chart (with a note saying how
# many): forty lanes already make the chart taller than a screen.
MAX_LANES = 40
# A name longer than this is cut with an ellipsis in its lane (the gutter holds about 30
# characters); the full name is its <title>, shown on hover.
MAX_NAME_CHARS = 30
# Annex names ("Annex I of Regulation 269/2014") are wrapped to this many characters per
# line, on at most two lines.
ANNEX_LINE_CHARS = 28
# Count labels need this much room per bar slot, else the counts stay in the bars' titles.
COUNT_LABEL_MIN_SLOT = 13.0
# Package labels need this much room; narrower columns are labelled every few columns.
AXIS_LABEL_MIN_WIDTH = 34.0

# The kinds of bar in slot order within a column: a draft's proposals, then its final's
# listings and drops, then a consolidated list's entries and removals.
KINDS = ("proposed", "listed", "dropped", "present", "removed")

# Where an event is drawn: in the slot of its kind of bar, so a lane's markers line up with
# the bars above them.
EVENT_KIND: dict[Event, str] = {
    Event.PROPOSED: "proposed",
    Event.RE_PROPOSED: "proposed",
    Event.LISTED: "listed",
    Event.LISTED_LATER: "listed",
    Event.DROPPED: "dropped",
    Event.PRESENT: "present",
    Event.REMOVED: "removed",
}

BAR_LEGEND: dict[str, str] = {
    "proposed": "proposed in a draft",
    "listed": "listed in a final",
    "dropped": "dropped: in the draft, not in the final",
    "present": "in a consolidated list",
    "removed": "removed from it",
}

# The lanes' marks, in the order a candidate meets them.
MARKER_LEGEND: dict[str, str] = {
    "proposed": "proposed",
    "dropped": "dropped",
    "listed-later": "listed later",
    "listed": "listed",
    "present": "in a consolidated list",
    "removed": "removed",
}

# Space between two items of a legend.
LEGEND_GAP = 22.0

# Month names written out here: strftime("%b") would follow the locale, and the bytes with it.
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

# No annex named: quick lists and files whose header does not say which list they cover.
NO_ANNEX = "No annex given"

TIMELINE_CSS = """\
#timeline { --tl-listed: #5b7290; --tl-dropped: #d9480f; --tl-later: #2b8a3e;
  --tl-present: #adb5bd; --tl-removed: #6c757d; --tl-background: Canvas;
  display: block; width: 100%; height: auto; }
#timeline text { fill: currentColor; font-family: system-ui, sans-serif; font-size: 11px; }
#timeline .count, #timeline .axis-date, #timeline .outcome, #timeline .note { font-size: 9px; }
#timeline .count, #timeline .axis-date, #timeline .outcome { opacity: 0.75; }
#timeline .axis, #timeline .heading { font-weight: 600; }
#timeline .band { fill: currentColor; opacity: 0.045; }
#timeline .baseline { stroke: currentColor; stroke-width: 1; opacity: 0.35; }
#timeline .bar.listed { fill: var(--tl-listed); }
#timeline .bar.proposed { fill: none; stroke: var(--tl-listed); stroke-width: 1.5; }
#timeline .bar.dropped { fill: var(--tl-dropped); }
#timeline .bar.present { fill: var(--tl-present); }
#timeline .bar.removed { fill: var(--tl-removed); }
#timeline .count.dropped { fill: var(--tl-dropped); font-weight: 700; opacity: 1; }
#timeline .lane-line { stroke: currentColor; stroke-width: 1.5; opacity: 0.4; }
#timeline .marker.proposed { fill: var(--tl-background); stroke: var(--tl-listed); stroke-width: 2; }
#timeline .marker.listed { fill: var(--tl-listed); }
#timeline .marker.listed-later { fill: var(--tl-later); }
#timeline .marker.dropped { stroke: var(--tl-dropped); stroke-width: 2.5; fill: none; }
#timeline .marker.present { fill: var(--tl-present); }
#timeline .marker.removed { stroke: var(--tl-removed); stroke-width: 2.5; fill: none; }
#timeline .outcome.listed-later { fill: var(--tl-later); opacity: 1; }
#timeline .note { font-style: italic; }
@media (prefers-color-scheme: dark) {
  #timeline { --tl-listed: #7f9cc2; --tl-dropped: #ff7a3d; --tl-later: #51cf66;
    --tl-present: #6c757d; --tl-removed: #adb5bd; }
}
"""

# Characters XML 1.0 cannot carry (inert has already shown the controls as \\xNN).
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")


def _text(value: str) -> str:
    """Data made fit to show: controls and bidi overrides visible, XML-invalid code points
    replaced."""
    return _NOT_XML.sub("\ufffd", inert(value))


def _num(value: float) -> str:
    """A coordinate with one decimal at most, so the bytes do not depend on float noise."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def ordinal(n: int) -> str:
    """11 → '11th', 21 → '21st', 22 → '22nd'."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _text_width(text: str, size: float) -> float:
    return len(text) * size * CHAR_EM


@dataclass(frozen=True, slots=True)
class _Column:
    """One place on the x axis: a package, or one snapshot without a package number."""

    key: str
    label: str
    date: str


def _column_key(snapshot: Snapshot) -> str:
    package = snapshot.meta.package
    return str(package) if package is not None else f"snapshot:{snapshot.origin}"


def _columns(snapshots: Sequence[Snapshot]) -> list[_Column]:
    """The columns in the order of the series; a package's date is its earliest final's
    (else its earliest date of any kind)."""
    members: dict[str, list[Snapshot]] = {}
    for snapshot in snapshots:
        members.setdefault(_column_key(snapshot), []).append(snapshot)
    columns = []
    for key, group in members.items():
        package = group[0].meta.package
        # A file's name without its folders: the column has room for 14 characters.
        name = group[0].origin.rsplit("/", 1)[-1] or group[0].origin
        label = ordinal(package) if package is not None else _shorten(name, 14)
        finals = [s.meta.date for s in group if s.meta.stage is Stage.FINAL and s.meta.date]
        dates = finals or [s.meta.date for s in group if s.meta.date]
        first = min(dates) if dates else None
        date = f"{MONTHS[first.month - 1]} {first.year}" if first else ""
        columns.append(_Column(key, label, date))
    return columns


def _kinds_of(
    snapshot: Snapshot, earlier: Sequence[Snapshot], all_: Sequence[Snapshot]
) -> list[str]:
    """The kinds of bar that mean something for ``snapshot`` (``earlier``: the snapshots
    before it in the series), drawn even at 0: a count of 0 dropped is a fact for a package
    with a draft, and no fact at all for one without."""
    meta = snapshot.meta
    if meta.kind is SnapshotKind.CONSOLIDATED:
        if any(
            s.meta.kind is SnapshotKind.CONSOLIDATED and s.meta.annex == meta.annex for s in earlier
        ):
            return ["present", "removed"]
        return ["present"]
    if meta.stage is Stage.DRAFT:
        return ["proposed"]
    drafted = any(
        s.meta.stage is Stage.DRAFT
        and s.meta.package == meta.package
        and s.meta.annex == meta.annex
        for s in all_
    )
    return ["listed", "dropped"] if drafted and meta.coverage is Coverage.COMPLETE else ["listed"]


# A bar's place: (column key, annex, kind).
_Place = tuple[str, str, str]


@dataclass(frozen=True, slots=True)
class _Counts:
    """What the bars say, over the whole history."""

    counts: Counter[_Place]
    # Every bar drawn (also those at 0) → the snapshots it counts, for its title.
    sources: dict[_Place, list[Snapshot]]
    annexes: tuple[str, ...]
    kinds: tuple[str, ...]


def _place(snapshot: Snapshot, kind: str) -> _Place:
    return (_column_key(snapshot), snapshot.meta.annex or NO_ANNEX, kind)


def _count(history: History) -> _Counts:
    snapshots = history.snapshots
    sources: dict[_Place, list[Snapshot]] = {}
    for k, snapshot in enumerate(snapshots):
        for kind in _kinds_of(snapshot, snapshots[:k], snapshots):
            sources.setdefault(_place(snapshot, kind), []).append(snapshot)
    by_origin = {s.origin: s for s in snapshots}
    counts: Counter[_Place] = Counter()
    for track in history.tracks:
        for event in track.events:
            source = by_origin.get(event.snapshot)
            if source is not None:
                place = _place(source, EVENT_KIND[event.event])
                counts[place] += 1
                # An event the rules above did not foresee is still counted and drawn.
                counted = sources.setdefault(place, [])
                if not any(s is source for s in counted):
                    counted.append(source)
    annexes = tuple(dict.fromkeys(s.meta.annex or NO_ANNEX for s in snapshots))
    used = {kind for _, _, kind in sources}
    return _Counts(counts, sources, annexes, tuple(k for k in KINDS if k in used))


class _Layout:
    """Where each column and each kind of bar is along x."""

    def __init__(self, columns: Sequence[_Column], kinds: Sequence[str]) -> None:
        self.index = {c.key: k for k, c in enumerate(columns)}
        self.column_width = (WIDTH - GUTTER - MARGIN) / max(len(columns), 1)
        slots = max(len(kinds), 1)
        self.slot_width = min(self.column_width * BARS_SHARE / slots, SLOT_WIDTH_MAX)
        # The column's bars as one group, centred in it.
        self.offset = (self.column_width - self.slot_width * slots) / 2
        self.bar_width = min(self.slot_width * BAR_SHARE, BAR_WIDTH_MAX)
        self.slot = {kind: k for k, kind in enumerate(kinds)}
        # Label every column when they are wide enough, else every few.
        self.axis_step = max(1, math.ceil(AXIS_LABEL_MIN_WIDTH / self.column_width))

    def left(self, column: int) -> float:
        return GUTTER + column * self.column_width

    def center(self, column: int) -> float:
        return self.left(column) + self.column_width / 2

    def x(self, column_key: str, kind: str) -> float:
        """The middle of the slot of ``kind`` in column ``column_key``."""
        slot = self.slot_width * (self.slot[kind] + 0.5)
        return self.left(self.index[column_key]) + self.offset + slot


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    """A child element; ``attrs`` with ``_`` for ``-`` (``data_count`` → ``data-count``,
    ``class_`` → ``class``)."""
    element = ET.SubElement(
        parent, tag, {name.rstrip("_").replace("_", "-"): value for name, value in attrs.items()}
    )
    if text is not None:
        element.text = text
    return element


def _title(parent: ET.Element, text: str) -> None:
    """A tooltip (and an accessible name) for ``parent``."""
    _sub(parent, "title", _text(text))


def _legend(svg: ET.Element, kinds: Sequence[str]) -> None:
    """What the bars' colours mean, above them."""
    legend = _sub(svg, "g", class_="legend")
    x, y = GUTTER, LEGEND_HEIGHT / 2
    for kind in kinds:
        _sub(
            legend,
            "rect",
            class_=f"swatch bar {kind}",
            x=_num(x),
            y=_num(y - 5),
            width="10",
            height="10",
        )
        _sub(legend, "text", BAR_LEGEND[kind], x=_num(x + 14), y=_num(y + 4))
        x += 14 + _text_width(BAR_LEGEND[kind], FONT) + LEGEND_GAP


def _lane_legend(svg: ET.Element, lanes: Sequence[Track], y: float) -> None:
    """What the lanes' markers mean, beside their heading: only the marks drawn."""
    drawn = {_marker_kind(e.event) for track in lanes for e in track.events}
    legend = _sub(svg, "g", class_="legend")
    x = GUTTER
    for kind, words in MARKER_LEGEND.items():
        if kind not in drawn:
            continue
        _marker(legend, kind, x + MARKER_RADIUS, y)
        _sub(legend, "text", words, x=_num(x + 2 * MARKER_RADIUS + 4), y=_num(y + 4))
        x += 2 * MARKER_RADIUS + 4 + _text_width(words, FONT) + LEGEND_GAP


def _marker_kind(event: Event) -> str:
    """The class of an event's marker: its kind of bar, but green for ``listed later``."""
    return "listed-later" if event is Event.LISTED_LATER else EVENT_KIND[event]


def _marker(parent: ET.Element, kind: str, x: float, y: float) -> ET.Element:
    """A lane's mark for ``kind`` (an EVENT_KIND value, or ``listed-later``): ✕ for the
    ways out of a list, a circle for the ways in."""
    if kind in ("dropped", "removed"):
        r = MARKER_RADIUS
        d = (
            f"M{_num(x - r)} {_num(y - r)}L{_num(x + r)} {_num(y + r)}"
            f"M{_num(x - r)} {_num(y + r)}L{_num(x + r)} {_num(y - r)}"
        )
        return _sub(parent, "path", class_=f"marker {kind}", d=d)
    return _sub(
        parent, "circle", class_=f"marker {kind}", cx=_num(x), cy=_num(y), r=_num(MARKER_RADIUS)
    )


def _annex_rows(
    svg: ET.Element, counts: _Counts, columns: Sequence[_Column], layout: _Layout, top: float
) -> float:
    """The bars, one row per annex; returns the y below them."""
    highest = max(counts.counts.values(), default=0) or 1
    show_counts = layout.slot_width >= COUNT_LABEL_MIN_SLOT
    for annex in counts.annexes:
        base = top + COUNT_ROOM + BAR_MAX
        row = _sub(svg, "g", class_="annex-row", data_annex=_text(annex))
        lines = _wrap(_text(annex))
        label = _sub(
            row, "text", class_="annex", x=_num(GUTTER - 10), y=_num(base - 20), text_anchor="end"
        )
        for k, line in enumerate(lines):
            _sub(label, "tspan", line, x=_num(GUTTER - 10), dy="0" if k == 0 else "13")
        _sub(
            row,
            "line",
            class_="baseline",
            x1=_num(GUTTER),
            y1=_num(base),
            x2=_num(WIDTH - MARGIN),
            y2=_num(base),
        )
        for column in columns:
            for kind in counts.kinds:
                place = (column.key, annex, kind)
                if place not in counts.sources:
                    continue
                count = counts.counts[place]
                height = max(count / highest * BAR_MAX, BAR_MIN) if count else 0.0
                x = layout.x(column.key, kind)
                bar = _sub(
                    row,
                    "rect",
                    class_=f"bar {kind}",
                    x=_num(x - layout.bar_width / 2),
                    y=_num(base - height),
                    width=_num(layout.bar_width),
                    height=_num(height),
                    data_column=_text(column.key),
                    data_count=str(count),
                )
                _title(bar, _bar_title(count, kind, column, annex, counts.sources[place]))
                if show_counts:
                    _sub(
                        row,
                        "text",
                        str(count),
                        class_=f"count {kind}",
                        x=_num(x),
                        y=_num(base - height - 3),
                        text_anchor="middle",
                    )
        top = base + ROW_GAP
    return top


def _wrap(text: str) -> list[str]:
    """An annex name on at most two lines: "Annex IV" / "of Regulation 833/2014" where the
    name has that shape, else wrapped at spaces."""
    head, of, tail = text.partition(" of ")
    if of and len(head) <= ANNEX_LINE_CHARS and len(of + tail) <= ANNEX_LINE_CHARS:
        return [head, of.strip() + " " + tail]
    lines = textwrap.wrap(text, ANNEX_LINE_CHARS) or [""]
    if len(lines) > 2:
        lines = [lines[0], _shorten(" ".join(lines[1:]), ANNEX_LINE_CHARS)]
    return lines


def _bar_title(count: int, kind: str, column: _Column, annex: str, sources: list[Snapshot]) -> str:
    where = ", ".join(s.origin for s in sources)
    partial = any(s.meta.coverage is Coverage.PARTIAL for s in sources)
    caveat = " (a partial draft: only what was reported)" if partial and kind == "proposed" else ""
    return f"{column.label}, {annex}: {count} {kind} in {where}{caveat}"


def _axis(svg: ET.Element, columns: Sequence[_Column], layout: _Layout, top: float) -> None:
    for k, column in enumerate(columns):
        if k % layout.axis_step:
            continue
        x = _num(layout.center(k))
        _sub(
            svg,
            "text",
            _text(column.label),
            class_="axis",
            x=x,
            y=_num(top + 14),
            text_anchor="middle",
        )
        if column.date:
            _sub(
                svg,
                "text",
                column.date,
                class_="axis-date",
                x=x,
                y=_num(top + 26),
                text_anchor="middle",
            )


def _outcome(track: Track, label_of: dict[str, str]) -> tuple[str, str]:
    """What became of a dropped candidate, in a few words, and its class."""
    drop = max(k for k, e in enumerate(track.events) if e.event is Event.DROPPED)
    for event in track.events[drop + 1 :]:
        if event.event in (Event.LISTED, Event.LISTED_LATER, Event.PRESENT):
            return (
                f"listed later: {label_of.get(event.snapshot, event.snapshot)}",
                "outcome listed-later",
            )
    if track.events[-1].event in (Event.DROPPED, Event.REMOVED):
        return "never listed since", "outcome"
    return "", "outcome"


def _lanes(
    svg: ET.Element,
    history: History,
    lanes: Sequence[Track],
    layout: _Layout,
    columns: Sequence[_Column],
    top: float,
) -> float:
    """One lane per dropped candidate; returns the y below them."""
    column_of = {s.origin: _column_key(s) for s in history.snapshots}
    label_of = {s.origin: columns[layout.index[_column_key(s)]].label for s in history.snapshots}
    for k, track in enumerate(lanes):
        y = top + LANE_HEIGHT * (k + 0.5)
        lane = _sub(svg, "g", class_="lane")
        name = _text(track.latest.name)
        label = _sub(
            lane,
            "text",
            _shorten(name, MAX_NAME_CHARS),
            class_="label",
            x=_num(GUTTER - 10),
            y=_num(y + 4),
            text_anchor="end",
        )
        _title(label, name)
        points = [
            (layout.x(column_of[e.snapshot], EVENT_KIND[e.event]), e)
            for e in track.events
            if e.snapshot in column_of
        ]
        xs = [x for x, _ in points]
        _sub(
            lane,
            "line",
            class_="lane-line",
            x1=_num(min(xs)),
            y1=_num(y),
            x2=_num(max(xs)),
            y2=_num(y),
        )
        for x, event in points:
            marker = _marker(lane, _marker_kind(event.event), x, y)
            marker.set("data-event", event.event.value)
            marker.set("data-snapshot", _text(event.snapshot))
            _title(marker, f"{event.snapshot}: {event.event.value} as “{event.name_as_written}”")
        text, class_ = _outcome(track, label_of)
        width = _text_width(text, SMALL_FONT)
        if text and max(xs) + 10 + width <= WIDTH - MARGIN:
            _sub(lane, "text", _text(text), class_=class_, x=_num(max(xs) + 10), y=_num(y + 3))
        elif text and min(xs) - 10 - width >= GUTTER:
            _sub(
                lane,
                "text",
                _text(text),
                class_=class_,
                x=_num(min(xs) - 10),
                y=_num(y + 3),
                text_anchor="end",
            )
    return top + LANE_HEIGHT * len(lanes)


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def timeline_svg(history: History, tracks: Sequence[Track]) -> str:
    """The timeline chart as one ``<svg id="timeline">`` element (see the module docstring).

    The bars count the whole ``history``; the lanes are the ``tracks`` given (what the page
    shows, possibly filtered) that were ever dropped, in the order given, at most MAX_LANES."""
    counts = _count(history)
    columns = _columns(history.snapshots)
    layout = _Layout(columns, counts.kinds)
    dropped = [t for t in tracks if t.was_dropped and t.events]
    shown, left_out = dropped[:MAX_LANES], len(dropped) - MAX_LANES

    svg = ET.Element(
        "svg",
        {
            "id": "timeline",
            "xmlns": SVG_NS,
            "role": "img",
            "aria-labelledby": "timeline-title timeline-desc",
        },
    )
    packages = (
        _plural(len(columns), "package", "packages")
        if all(s.meta.package is not None for s in history.snapshots)
        else _plural(len(columns), "column", "columns")
    )
    _sub(
        svg,
        "title",
        f"Timeline of {packages}: entities proposed, listed and dropped, and the paths of "
        f"{_plural(len(dropped), 'dropped candidate', 'dropped candidates')}",
        id="timeline-title",
    )
    _sub(svg, "desc", _description(history, counts, len(dropped), len(shown)), id="timeline-desc")

    _legend(svg, counts.kinds)
    top = LEGEND_HEIGHT
    bands = _sub(svg, "g", class_="bands")
    bottom_of_bars = _annex_rows(svg, counts, columns, layout, top)
    _axis(svg, columns, layout, bottom_of_bars - ROW_GAP + 2)
    y = bottom_of_bars - ROW_GAP + AXIS_HEIGHT
    _sub(
        svg,
        "text",
        "Dropped candidates",
        class_="heading",
        x=_num(GUTTER - 10),
        y=_num(y + 18),
        text_anchor="end",
    )
    _lane_legend(svg, shown, y + 14)
    y += HEADING_HEIGHT
    if not dropped:
        _sub(
            svg,
            "text",
            "No dropped candidate among the entities shown.",
            class_="note",
            x=_num(GUTTER),
            y=_num(y + 4),
        )
        y += NOTE_HEIGHT
    y = _lanes(svg, history, shown, layout, columns, y)
    if len(shown) > AXIS_REPEAT_AFTER_LANES:
        _axis(svg, columns, layout, y)
        y += AXIS_HEIGHT
    if left_out > 0:
        _sub(
            svg,
            "text",
            f"and {_plural(left_out, 'more dropped candidate', 'more dropped candidates')} in the table below",
            class_="note",
            x=_num(GUTTER),
            y=_num(y + 14),
        )
        y += NOTE_HEIGHT
    height = y + 8
    # Bands last in the code but first in the picture (their group comes before the bars),
    # since only now is the height known.
    for k in range(1, len(columns), 2):
        _sub(
            bands,
            "rect",
            class_="band",
            x=_num(layout.left(k)),
            y=_num(top),
            width=_num(layout.column_width),
            height=_num(height - top),
        )
    svg.set("viewBox", f"0 0 {_num(WIDTH)} {_num(height)}")
    return ET.tostring(svg, encoding="unicode")


def _description(history: History, counts: _Counts, dropped: int, shown: int) -> str:
    """The chart in words, for screen readers: what is counted, and over what."""
    parts = [
        f"Bars: entities per package and annex in the whole history of "
        f"{_plural(len(history.snapshots), 'snapshot', 'snapshots')} "
        "(also when the table below shows a selection)"
    ]
    for annex in counts.annexes:
        totals = {
            kind: sum(n for (_, a, k), n in counts.counts.items() if a == annex and k == kind)
            for kind in counts.kinds
        }
        said = ", ".join(f"{n} {kind}" for kind, n in totals.items() if n)
        parts.append(f"{_text(annex)}: {said or 'no entities'}")
    lanes = f"Lanes: the path of each of the {_plural(dropped, 'dropped candidate', 'dropped candidates')} shown"
    if shown < dropped:
        lanes += f" (the first {shown} drawn, the rest in the table below)"
    parts.append(lanes + ", from its first event to its last")
    return ". ".join(parts) + "."
