"""Self-contained HTML pages of a diff, a history and a search: one file that a person opens
in a browser (from ``file://``, offline), filters, links into and prints.

One file: the stylesheet and the script (``static/``) are inlined, no font, image or script
is fetched, and the page needs no server: the filter box and the toggles only set the
``hidden`` attribute of entries already in the page.

Safe with hostile data. Names, aliases, addresses, sources and titles are data, never markup:

- the templates (``templates/``) autoescape every value (Jinja2), and every printed value is
  first made inert as in the other human formats (controls and bidirectional overrides
  shown as ``\\xNN``, so that a name cannot reorder the text around it);
- the only markup written unescaped is this package's own: the stylesheet and the script
  read from ``static/`` and the timeline chart, which ``render.timeline`` builds escaped;
- links are made only of ``http``/``https`` URLs found in a source's text;
- a Content-Security-Policy allows exactly the inline stylesheet and script whose SHA-256
  hashes it names, and nothing else: no other script, no inline event handler, no
  ``style`` attribute, no fetch. Were anything to slip through the escaping, the browser
  would still refuse to run it.

Scales: at most ``MAX_ROWS`` entries of each kind of change (history: entities; search:
rows of hits) are listed, with a note of how many more there are and the command whose
JSON has them all; the summary still counts everything.

Deterministic: the same inputs give the same bytes (no clock, no random ids; anchors are
made from the kind and the entity's id, in report order).

This module is the only one importing ``jinja2`` and ``markupsafe``.
"""

from __future__ import annotations

import base64
import hashlib
import re
import shlex
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache
from importlib import resources
from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from sanctions_diff.analysis.diff import Change, ChangeKind, FieldChange, Report, Selection
from sanctions_diff.analysis.history import Event, History, Track, outcome
from sanctions_diff.analysis.search import SearchResult
from sanctions_diff.countries import name_of
from sanctions_diff.matcher import DEFAULT_THRESHOLD
from sanctions_diff.model import Entity, EntityType, Snapshot

from .data import visible_changes
from .human import (
    HEADINGS,
    counted,
    grouped_hits,
    heading,
    possible_text,
    safe,
    search_summary,
    search_table,
    selection_line,
    selection_text,
    snapshot_label,
)
from .markdown import filter_options, left_out
from .timeline import TIMELINE_CSS, timeline_svg

# Entries listed per kind of change (history: entities; search: rows). A 100,000-entity
# diff has some 40,000 changes: all of them would make a page of tens of megabytes that a
# browser lays out for seconds and that nobody scrolls through; 2,000 per kind keeps the
# page a few megabytes and quick to filter, and the note under each cut section gives the
# command whose JSON has every change. The same bound as the terminal table's fast path.
MAX_ROWS = 2_000

# Below this similarity (difflib's ratio, 0 to 1) two values share too little for a
# character diff to help: "Moscow" → "Москва" reads better as the old value struck out and
# the new one inserted whole than as a patchwork of single letters.
MIN_DIFF_RATIO = 0.5

# An equal run shorter than this (characters) between two edits is folded into them:
# "Limited" → "Ltd." shows as one deletion and one insertion, not "L·imi·t·e·d" in pieces.
MIN_EQUAL_RUN = 3

# Values longer than this (both sides, characters) are compared word by word rather than
# character by character: difflib is quadratic, and in a statement of reasons it is the
# words that changed that a reader looks for.
MAX_CHAR_DIFF = 600

# Longest anchor made from an entity's id; longer ids are cut (a counter keeps them unique).
MAX_ANCHOR_CHARS = 64

# What the page's title and the footer name.
PROGRAM = "sanctions-diff"

# How each field of a paired entity is labelled in the list of its changes.
FIELD_LABELS: dict[str, str] = {
    "name": "name",
    "aliases": "aliases",
    "country": "country",
    "identifiers": "identifiers",
    "addresses": "addresses",
    "listed_on": "listed on",
    "birth_dates": "born",
    "nationalities": "nationalities",
    "reason": "reason",
}

# Whitespace a browser would show as a space anyway; made a space before ``safe`` so that
# a line break in an address is not shown as "\x0a".
_SPACES = re.compile("[\t\n\r\x0b\x0c]+")

# A URL in a source's text: http or https only (never javascript:, data: or others), up to
# the first space, quote or angle bracket; punctuation that ends a sentence is not part of it.
_URL = re.compile(r"https?://[^\s<>\"'`]+", re.IGNORECASE)
_URL_TAIL = ".,;:!?)]}»”’"

# What an anchor keeps of an entity's id: characters that need no escaping in a URL.
_ANCHOR_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")

# A piece of a diffed value: ("eq" | "del" | "ins", text).
Segment = tuple[str, str]
# A piece of a source's text, with the URL it links to (None: plain text).
Linked = tuple[str, str | None]


def _printed(value: object) -> object:
    """What the templates print for ``value``: text made inert (see the module docstring);
    this package's own markup (``Markup``) and numbers as they are."""
    if isinstance(value, Markup) or not isinstance(value, str) or value.isprintable():
        # Printable text holds no control, separator or bidi override (all unprintable):
        # nothing for ``safe`` to do, and most names are such text.
        return value
    return safe(_SPACES.sub(" ", value))


@cache
def _environment() -> Environment:
    environment = Environment(
        loader=PackageLoader("sanctions_diff.render", "templates"),
        # Every template escapes, whatever its name: data never becomes markup.
        autoescape=select_autoescape(("html", "j2"), default_for_string=True, default=True),
        finalize=_printed,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    environment.filters["links"] = links
    return environment


@cache
def _static(name: str) -> str:
    return (resources.files("sanctions_diff.render") / "static" / name).read_text("utf-8")


def csp_hash(text: str) -> str:
    """The CSP source expression that allows exactly ``text`` as an inline style or script."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def content_security_policy(css: str, js: str) -> str:
    """Nothing but the page's own inline stylesheet and script (by hash) and data: images;
    no base URL to rewrite relative links, no form to post anywhere."""
    return (
        f"default-src 'none'; style-src {csp_hash(css)}; script-src {csp_hash(js)}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )


def _page(template: str, *, title: str, extra_css: str = "", **context: object) -> str:
    css = _static("report.css") + extra_css
    js = _static("report.js")
    return (
        _environment()
        .get_template(template)
        .render(
            page=template.split(".")[0],
            title=title,
            css=Markup(css),
            js=Markup(js),
            csp=content_security_policy(css, js),
            program=PROGRAM,
            **context,
        )
    )


# --- what a value looks like on the page --------------------------------------------------


def links(text: str) -> list[Linked]:
    """``text`` cut into plain pieces and http(s) URLs to link (see ``_URL``)."""
    pieces: list[Linked] = []
    at = 0
    for found in _URL.finditer(text):
        url = found.group().rstrip(_URL_TAIL)
        try:
            parts = urlsplit(url)
        except ValueError:  # "http://[" : not a URL a browser could open
            continue
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            continue
        start = found.start()
        if start > at:
            pieces.append((text[at:start], None))
        pieces.append((url, url))
        at = start + len(url)
    if at < len(text):
        pieces.append((text[at:], None))
    return pieces


def _tokens(text: str, by_word: bool) -> list[str]:
    return re.findall(r"\s+|\w+|[^\w\s]", text) if by_word else list(text)


def char_diff(old: str, new: str) -> list[Segment]:
    """``old`` → ``new`` as runs of equal, deleted and inserted text: the characters that
    changed (the words, for long values; see ``MAX_CHAR_DIFF``). Short equal runs between
    edits are folded into them (``MIN_EQUAL_RUN``); values too different to diff
    (``MIN_DIFF_RATIO``) are one deletion and one insertion."""
    by_word = len(old) + len(new) > MAX_CHAR_DIFF
    a, b = _tokens(old, by_word), _tokens(new, by_word)
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.ratio() < MIN_DIFF_RATIO:
        return [segment for segment in (("del", old), ("ins", new)) if segment[1]]
    # Each block: (equal text, "", "") or ("", deleted, inserted).
    blocks: list[tuple[str, str, str]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        gone, came = "".join(a[i1:i2]), "".join(b[j1:j2])
        if tag == "equal":
            blocks.append((gone, "", ""))
        elif blocks and not blocks[-1][0]:
            _, deleted, inserted = blocks.pop()
            blocks.append(("", deleted + ("" if tag == "insert" else gone), inserted + came))
        else:
            blocks.append(("", "" if tag == "insert" else gone, came))
    folded: list[tuple[str, str, str]] = []
    for k, block in enumerate(blocks):
        equal = block[0]
        between = 0 < k < len(blocks) - 1 and folded and not folded[-1][0]
        if equal and between and len(equal) < MIN_EQUAL_RUN:
            _, deleted, inserted = folded.pop()
            folded.append(("", deleted + equal, inserted + equal))
        elif not equal and folded and not folded[-1][0]:
            _, deleted, inserted = folded.pop()
            folded.append(("", deleted + block[1], inserted + block[2]))
        else:
            folded.append(block)
    segments: list[Segment] = []
    for equal, deleted, inserted in folded:
        for op, text in (("eq", equal), ("del", deleted), ("ins", inserted)):
            if text:
                segments.append((op, text))
    return segments


@dataclass(frozen=True, slots=True)
class FieldView:
    """One changed field of a pair: a scalar as one diffed line (``segments``), a list as
    the values added and removed."""

    label: str
    segments: tuple[Segment, ...] = ()
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()


def field_view(change: FieldChange) -> FieldView:
    label = FIELD_LABELS.get(change.field, change.field)
    if change.added or change.removed:
        return FieldView(label, added=change.added, removed=change.removed)
    if change.old and change.new:
        return FieldView(label, tuple(char_diff(change.old, change.new)))
    if change.new:
        return FieldView(label, (("ins", change.new),))
    return FieldView(label, (("del", change.old or ""),))


@dataclass(frozen=True, slots=True)
class Fact:
    """A labelled line of an entity's card; ``linked``: its values may hold URLs to link;
    ``lines``: each value on a line of its own (addresses, sources: commas inside)."""

    label: str
    values: tuple[str, ...]
    linked: bool = False
    lines: bool = False


def _codes(entities: Iterable[Entity | None]) -> list[str]:
    """Country and nationality codes of the entities, sorted, each once."""
    return sorted(
        {
            code
            for entity in entities
            if entity is not None
            for code in (entity.country, *entity.nationalities)
            if code
        }
    )


def facts(entity: Entity, shown_elsewhere: frozenset[str] = frozenset()) -> list[Fact]:
    """What the card of ``entity`` lists, leaving out the fields in ``shown_elsewhere``
    (those whose every value its list of changes already shows)."""
    rows = [
        ("aliases", Fact("aliases", entity.aliases)),
        (
            "identifiers",
            Fact("identifiers", tuple(f"{i.type}: {i.value}" for i in entity.identifiers)),
        ),
        ("nationalities", Fact("nationality", entity.nationalities)),
        ("birth_dates", Fact("born", entity.birth_dates)),
        ("addresses", Fact("addresses", entity.addresses, lines=True)),
        (
            "listed_on",
            Fact("listed on", (entity.listed_on.isoformat(),) if entity.listed_on else ()),
        ),
        ("reason", Fact("reason", (entity.reason,) if entity.reason else ())),
        ("source", Fact("source", (entity.source,) if entity.source else (), linked=True)),
    ]
    return [fact for field, fact in rows if fact.values and field not in shown_elsewhere]


def _covered(change: Change) -> frozenset[str]:
    """Fields whose every value the change's list of changes shows: scalars (old and new
    are both there), and lists that were empty on the old side (all of them added)."""
    old = change.old
    covered = set()
    for field in change.fields:
        if field.added or field.removed:
            if old is not None and not getattr(old, field.field):
                covered.add(field.field)
        else:
            covered.add(field.field)
    return frozenset(covered)


class Anchors:
    """Stable, unique ``id`` attributes: ``prefix-`` and the entity's id where it makes a
    clean one (``dropped-eu-11-draft-1``), else a count (``dropped-3``); a repeat gets
    ``-2``, ``-3``. The same report gives the same anchors."""

    def __init__(self) -> None:
        self._used: set[str] = set()

    def __call__(self, prefix: str, ident: str | None, position: int) -> str:
        cleaned = _ANCHOR_UNSAFE.sub("-", ident or "").strip("-.")[:MAX_ANCHOR_CHARS]
        base = f"{prefix}-{cleaned}" if cleaned else f"{prefix}-{position}"
        anchor, repeat = base, 1
        while anchor in self._used:
            repeat += 1
            anchor = f"{base}-{repeat}"
        self._used.add(anchor)
        return anchor


# --- diff -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MatchView:
    method: str
    score: str
    names: tuple[str, str]
    evidence: str
    undecided: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DiffItem:
    anchor: str
    kind: str
    name: str
    type: str
    ids: str
    codes: tuple[str, ...]
    match: MatchView | None
    fields: tuple[FieldView, ...]
    facts: tuple[Fact, ...]
    doubt: str


@dataclass(frozen=True, slots=True)
class DiffSection:
    kind: str
    title: str
    note: str
    items: tuple[DiffItem, ...]
    more: int


def _ids(change: Change) -> str:
    old_id = (change.old.id or "") if change.old is not None and change.new is not None else ""
    new_id = change.entity.id or ""
    if old_id and new_id and old_id != new_id:
        return f"{old_id} → {new_id}"
    return new_id or old_id


def _type(change: Change) -> str:
    old = change.old if change.new is not None else None
    if old is not None and old.type is not change.entity.type:
        return f"{old.type.value} → {change.entity.type.value}"
    return change.entity.type.value


def diff_item(change: Change, anchor: str) -> DiffItem:
    match = change.match
    return DiffItem(
        anchor=anchor,
        kind=change.kind.value,
        name=change.entity.name,
        type=_type(change),
        ids=_ids(change),
        codes=tuple(_codes((change.old, change.new))),
        match=None
        if match is None
        else MatchView(
            match.method.value,
            f"{match.score:g}",
            match.names,
            match.evidence,
            match.ambiguous_with,
        ),
        fields=tuple(field_view(f) for f in change.fields),
        facts=tuple(facts(change.entity, _covered(change))),
        doubt=possible_text(change),
    )


def _rerun(report: Report, include_unchanged: bool) -> str:
    """The command whose JSON has every change of this page."""
    words = [PROGRAM, "diff", report.old.origin, report.new.origin]
    words += filter_options(report.selection)
    if report.threshold != DEFAULT_THRESHOLD:
        words += ["--threshold", f"{report.threshold:g}"]
    if include_unchanged:
        words.append("--include-unchanged")
    return shlex.join([*words, "-f", "json"])


@dataclass(frozen=True, slots=True)
class SnapshotView:
    role: str
    origin: str
    facts: tuple[Fact, ...]
    partial: bool


def snapshot_view(role: str, snapshot: Snapshot) -> SnapshotView:
    meta = snapshot.meta
    # "package 11, draft", or "consolidated"
    what = f"package {meta.package}" if meta.package is not None else meta.kind.value
    rows = [
        Fact("title", (meta.title,) if meta.title != snapshot.origin else ()),
        Fact("kind", (", ".join(filter(None, (what, meta.stage.value if meta.stage else ""))),)),
        Fact("date", (meta.date.isoformat(),) if meta.date else ()),
        Fact("annex", (meta.annex,) if meta.annex else ()),
        Fact("coverage", (meta.coverage.value,)),
        Fact("entities", (f"{len(snapshot.entities):,}",)),
        Fact("sources", meta.sources, linked=True, lines=True),
    ]
    return SnapshotView(
        role,
        snapshot.origin,
        tuple(fact for fact in rows if fact.values),
        snapshot.is_partial,
    )


def _cut(left: int, total: int, noun: str, most: str) -> str:
    """'28,525 of 40,852 changes are left out of this page, which lists at most 2,000 of
    each kind' ('' when nothing is): the page's note, which the command to rerun follows."""
    if not left:
        return ""
    return f"{left_out(left, total, noun)} of this page, which lists at most {most}"


def _country_options(codes: Iterable[str]) -> list[tuple[str, str]]:
    return [(code, name_of(code)) for code in sorted(set(codes))]


def render_diff_html(report: Report, include_unchanged: bool, *, max_rows: int = MAX_ROWS) -> str:
    """The report as one self-contained HTML page: what was compared, the counts, then a
    section per kind of change (dropped first), at most ``max_rows`` entries each."""
    changes = visible_changes(report, include_unchanged)
    anchors = Anchors()
    sections: list[DiffSection] = []
    for kind in ChangeKind:
        group = [c for c in changes if c.kind is kind]
        if not group:
            continue
        shown = group[:max_rows]
        items = tuple(
            diff_item(change, anchors(kind.value, change.entity.id, n))
            for n, change in enumerate(shown, 1)
        )
        title, _, note = heading(kind, len(group), report).partition(" — ")
        sections.append(DiffSection(kind.value, title, note, items, len(group) - len(shown)))
    listed = sum(len(s.items) for s in sections)
    hidden = sum(s.more for s in sections)
    return _page(
        "diff.html.j2",
        title=f"{PROGRAM}: {report.old.origin} → {report.new.origin}",
        snapshots=(snapshot_view("old", report.old), snapshot_view("new", report.new)),
        threshold=f"{report.threshold:g}",
        counts=[
            (kind.value, HEADINGS[kind], count, any(s.kind == kind.value for s in sections))
            for kind, count in report.summary.items()
        ],
        selection=selection_line(report, include_unchanged),
        sections=sections,
        kinds=[
            (s.kind, HEADINGS[ChangeKind(s.kind)].split(" (")[0], len(s.items)) for s in sections
        ],
        countries=_country_options(code for s in sections for i in s.items for code in i.codes),
        listed=listed,
        truncated=_cut(hidden, listed + hidden, "change", f"{max_rows:,} of each kind"),
        rerun=_rerun(report, include_unchanged),
    )


# --- history --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EventView:
    snapshot: str
    event: str
    slug: str
    written_as: str


@dataclass(frozen=True, slots=True)
class TrackRow:
    anchor: str
    kind: str
    name: str
    id: str
    codes: tuple[str, ...]
    born: str
    events: tuple[EventView, ...]
    outcome: str


def _slug(event: Event) -> str:
    return event.value.replace(" ", "-")


def track_row(track: Track, anchor: str) -> TrackRow:
    latest = track.latest
    events: list[EventView] = []
    # The name as written is shown where it changes, as the table's timeline does; not
    # where it is the name the row starts with.
    shown = latest.name
    for event in track.events:
        written = ""
        if event.entity is not None and event.name_as_written != shown:
            written = shown = event.name_as_written
        events.append(EventView(event.snapshot, event.event.value, _slug(event.event), written))
    return TrackRow(
        anchor=anchor,
        kind=Event.DROPPED.value if track.was_dropped else _slug(track.events[-1].event),
        name=latest.name,
        id=latest.id or "",
        codes=tuple(_codes(e.entity for e in track.events)),
        born=", ".join(latest.birth_dates) if latest.type is EntityType.PERSON else "",
        events=tuple(events),
        outcome=outcome(track) if track.was_dropped else "",
    )


def render_history_html(
    history: History,
    tracks: list[Track],
    selection: Selection | None = None,
    *,
    max_rows: int = MAX_ROWS,
) -> str:
    """The tracks as one self-contained HTML page: the timeline chart, then one row per
    entity with its path of events (at most ``max_rows``). ``selection``: the countries and
    types ``tracks`` were restricted to, said above the table."""
    anchors = Anchors()
    # Dropped candidates first, as on the diff page: they are the story. Otherwise in the
    # order given (stable).
    shown = sorted(tracks, key=lambda track: not track.was_dropped)[:max_rows]
    rows = [track_row(t, anchors("entity", t.latest.id, n)) for n, t in enumerate(shown, 1)]
    # Toggles: entities dropped at least once, then the others by their last event.
    kinds: dict[str, tuple[str, int]] = {}
    for track, row in zip(shown, rows, strict=True):
        label = "dropped at least once" if track.was_dropped else track.events[-1].event.value
        kinds[row.kind] = (label, kinds.get(row.kind, ("", 0))[1] + 1)
    dropped = sum(t.was_dropped for t in tracks)
    return _page(
        "history.html.j2",
        title=f"{PROGRAM} history: {counted(len(tracks), 'entity')}, "
        f"{counted(len(history.snapshots), 'snapshot')}",
        extra_css=TIMELINE_CSS,
        # Built by render.timeline with ElementTree: every text and attribute escaped there.
        chart=Markup(timeline_svg(history, tracks)),
        snapshots=[(s.origin, snapshot_label(s)) for s in history.snapshots],
        selection="Showing only " + selection_text(selection)
        if selection is not None and not selection.selects_all
        else "",
        summary=f"{counted(len(tracks), 'entity')}, {dropped} dropped at least once",
        rows=rows,
        kinds=[
            (kind, label, count)
            for kind, (label, count) in sorted(
                kinds.items(), key=lambda item: (item[0] != Event.DROPPED.value, item[0])
            )
        ],
        countries=_country_options(code for row in rows for code in row.codes),
        listed=len(rows),
        truncated=_cut(len(tracks) - len(rows), len(tracks), "entity", f"{max_rows:,}"),
        any_outcome=any(row.outcome for row in rows),
    )


# --- search ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HitRow:
    anchor: str
    cells: tuple[str, ...]
    snapshots: str
    codes: tuple[str, ...]


def render_search_html(result: SearchResult, *, max_rows: int = MAX_ROWS) -> str:
    """The hits as one self-contained HTML page: the query, where it looked, one row per
    entry (found in one snapshot or several), at most ``max_rows``."""
    titles, table = search_table(result)
    groups = grouped_hits(result.hits)
    anchors = Anchors()
    rows = [
        HitRow(
            anchors("hit", hit.entity.id, n),
            tuple(cells),
            ", ".join(snapshots),
            tuple(_codes((hit.entity,))),
        )
        for n, ((hit, snapshots), cells) in enumerate(zip(groups, table, strict=True), 1)
    ][:max_rows]
    listed_hits = sum(len(snapshots) for _, snapshots in groups[:max_rows])
    return _page(
        "search.html.j2",
        title=f"{PROGRAM} search: “{result.query}”",
        query=result.query,
        selection="Showing only " + selection_text(result.selection)
        if result.selection is not None
        else "",
        summary=search_summary(result),
        titles=titles,
        name_column=titles.index("Name") if "Name" in titles else -1,
        snapshot_column=titles.index("Snapshot") if "Snapshot" in titles else -1,
        rows=rows,
        countries=_country_options(code for row in rows for code in row.codes),
        listed=len(rows),
        truncated=_cut(
            len(result.hits) - listed_hits, len(result.hits), "hit", f"{max_rows:,} entries"
        ),
        kinds=[],
    )
