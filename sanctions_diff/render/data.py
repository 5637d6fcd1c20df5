"""The report as plain JSON-ready data: the one definition of schema version 1.

JSON and JSON Lines both serialise these dicts; keys are always present (null or [] when
empty) so that programs never need to test for a missing key.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import orjson

from sanctions_diff.analysis.diff import Change, FieldChange, Possible, Report, Selection
from sanctions_diff.analysis.history import History, TimelineEvent, Track, outcome
from sanctions_diff.analysis.search import SearchHit, SearchResult
from sanctions_diff.model import Entity, Snapshot

SCHEMA_VERSION = "1"

JSONDict = dict[str, Any]


def snapshot_dict(snapshot: Snapshot) -> JSONDict:
    meta = snapshot.meta
    return {
        "origin": snapshot.origin,
        "title": meta.title,
        "kind": meta.kind.value,
        "package": meta.package,
        "stage": meta.stage.value if meta.stage else None,
        "date": meta.date.isoformat() if meta.date else None,
        "coverage": meta.coverage.value,
        "sources": list(meta.sources),
        "annex": meta.annex,
        "entities": len(snapshot.entities),
    }


def entity_dict(entity: Entity) -> JSONDict:
    return {
        "id": entity.id,
        "name": entity.name,
        "type": entity.type.value,
        "country": entity.country,
        "aliases": list(entity.aliases),
        "identifiers": [{"type": i.type, "value": i.value} for i in entity.identifiers],
        "addresses": list(entity.addresses),
        "listed_on": entity.listed_on.isoformat() if entity.listed_on else None,
        "source": entity.source,
        "birth_dates": list(entity.birth_dates),
        "nationalities": list(entity.nationalities),
        "reason": entity.reason,
    }


def field_dict(change: FieldChange) -> JSONDict:
    if change.added or change.removed:
        return {"field": change.field, "added": list(change.added), "removed": list(change.removed)}
    return {"field": change.field, "old": change.old, "new": change.new}


def change_dict(change: Change) -> JSONDict:
    match = change.match
    return {
        "kind": change.kind.value,
        "old": entity_dict(change.old) if change.old else None,
        "new": entity_dict(change.new) if change.new else None,
        "match": None
        if match is None
        else {
            "method": match.method.value,
            "score": match.score,
            "names": list(match.names),
            "ambiguous_with": list(match.ambiguous_with),
            "evidence": match.evidence,
        },
        "fields": [field_dict(f) for f in change.fields],
        "old_partial": change.old_partial,
        "new_partial": change.new_partial,
        "possible_match": None if change.possible is None else possible_dict(change.possible),
    }


def possible_dict(possible: Possible) -> JSONDict:
    return {
        "id": possible.entity.id,
        "name": possible.entity.name,
        "score": possible.score,
        "names": list(possible.names),
        "reason": possible.reason,
    }


def summary_dict(report: Report) -> JSONDict:
    return {kind.value: count for kind, count in report.summary.items()}


def visible_changes(report: Report, include_unchanged: bool) -> list[Change]:
    return [c for c in report.changes if include_unchanged or c.kind.value != "unchanged"]


def selection_dict(selection: Selection | None, shown: int) -> JSONDict:
    """The optional ``selection`` key (added to schema version 1): what a selected output
    kept, each list in a fixed order, and how many changes, entities or hits it shows.
    Empty when nothing was left out, so a whole report has no such key."""
    if selection is None or selection.selects_all:
        return {}
    return {
        "selection": {
            "kinds": [kind.value for kind in selection.sorted_kinds],
            "countries": selection.sorted_countries,
            "types": [kind.value for kind in selection.sorted_types],
            "shown": shown,
        }
    }


def report_dict(report: Report, include_unchanged: bool) -> JSONDict:
    visible = visible_changes(report, include_unchanged)
    changes = [change_dict(c) for c in visible]
    return _report_head(report, len(visible)) | {"changes": changes}


def _report_head(report: Report, shown: int) -> JSONDict:
    """Everything of a report but its changes (the last key); ``shown``: how many changes
    it lists."""
    return {
        "schema_version": SCHEMA_VERSION,
        "old": snapshot_dict(report.old),
        "new": snapshot_dict(report.new),
        "threshold": report.threshold,
        "summary": summary_dict(report),
    } | selection_dict(report.selection, shown)


def dumps(data: JSONDict, indent: int | None) -> str:
    """UTF-8-ready JSON text: non-ASCII kept as is, key order as built (stable). Indented
    by 2 (documents) or on one line (JSON Lines records)."""
    if indent == 2:
        return _indented(data)
    return json.dumps(data, ensure_ascii=False, indent=indent)


def _indented(data: object) -> str:
    """``json.dumps(data, ensure_ascii=False, indent=2)`` from orjson: the standard library
    indents in Python, 20x slower (a 100,000-entity report: 3.0 s against 0.17 s). The same
    text (a test compares them on bundled diffs) but for floats under 1e-4, which orjson
    writes 0.00001 and json 1e-05 (only a --threshold that small makes one). What orjson
    refuses (an integer past 64 bits, a lone surrogate) is left to json, as before."""
    try:
        return orjson.dumps(data, option=orjson.OPT_INDENT_2).decode("utf-8")
    except orjson.JSONEncodeError:
        return json.dumps(data, ensure_ascii=False, indent=2)


def render_json(report: Report, include_unchanged: bool) -> str:
    return "".join(iter_json(report, include_unchanged))


# The last key of a report, as its empty value is written: where the changes go.
_EMPTY_CHANGES = '"changes": []\n}'


def iter_json(report: Report, include_unchanged: bool) -> Iterator[str]:
    """``render_json`` in pieces, one change at a time, for writing as it is encoded (a
    report of 370,000 changes is some 400 MB of text): what ``dumps(..., indent=2)`` of
    the whole report gives, made of the report without its changes and each change
    indented two levels deeper (JSON text has no line break inside a string)."""
    changes = visible_changes(report, include_unchanged)
    head = _indented(_report_head(report, len(changes)) | {"changes": []})
    if not head.endswith(_EMPTY_CHANGES):
        raise AssertionError("changes must be the last key of a report")
    if not changes:
        yield head + "\n"
        return
    yield head[: -len(_EMPTY_CHANGES)] + '"changes": ['
    separator = "\n    "
    for change in changes:
        yield separator + _indented(change_dict(change)).replace("\n", "\n    ")
        separator = ",\n    "
    yield "\n  ]\n}\n"


def render_jsonl(report: Report, include_unchanged: bool) -> str:
    return "".join(iter_jsonl(report, include_unchanged))


def iter_jsonl(report: Report, include_unchanged: bool) -> Iterator[str]:
    """One header record, one record per change, one summary record: each a line of JSON,
    made one at a time. The header says what a selection kept, before the records."""
    changes = visible_changes(report, include_unchanged)
    header = {
        "record": "header",
        "schema_version": SCHEMA_VERSION,
        "old": snapshot_dict(report.old),
        "new": snapshot_dict(report.new),
        "threshold": report.threshold,
    } | selection_dict(report.selection, len(changes))
    yield dumps(header, indent=None) + "\n"
    for change in changes:
        yield dumps({"record": "change", **change_dict(change)}, indent=None) + "\n"
    yield dumps({"record": "summary", "summary": summary_dict(report)}, indent=None) + "\n"


# -- history and search ----------------------------------------------------------------------


def event_dict(event: TimelineEvent) -> JSONDict:
    return {
        "snapshot": event.snapshot,
        "event": event.event.value,
        "name_as_written": event.name_as_written,
        "match": None
        if event.method is None
        else {"method": event.method.value, "score": event.score},
    }


def track_dict(track: Track) -> JSONDict:
    return {
        "entity": entity_dict(track.latest),
        "dropped": track.was_dropped,
        "outcome": outcome(track) if track.was_dropped else None,
        "events": [event_dict(e) for e in track.events],
    }


def history_header(
    history: History, selection: Selection | None = None, shown: int = 0
) -> JSONDict:
    """Everything of a history but its entities; ``selection`` and ``shown``: the countries
    and types the entities were restricted to, and how many there are."""
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": "history",
        "snapshots": [snapshot_dict(s) for s in history.snapshots],
    } | selection_dict(selection, shown)


def render_history_json(
    history: History, tracks: list[Track], selection: Selection | None = None
) -> str:
    """``selection``: the countries and types ``tracks`` were restricted to."""
    data = {
        **history_header(history, selection, len(tracks)),
        "entities": [track_dict(t) for t in tracks],
    }
    return dumps(data, indent=2) + "\n"


def render_history_jsonl(
    history: History, tracks: list[Track], selection: Selection | None = None
) -> str:
    header = history_header(history, selection, len(tracks))
    lines = [dumps({"record": "header", **header}, indent=None)]
    lines += [dumps({"record": "entity", **track_dict(t)}, indent=None) for t in tracks]
    summary = {"entities": len(tracks), "dropped": sum(t.was_dropped for t in tracks)}
    lines.append(dumps({"record": "summary", "summary": summary}, indent=None))
    return "\n".join(lines) + "\n"


def hit_dict(hit: SearchHit) -> JSONDict:
    return {
        "snapshot": hit.snapshot,
        "entity": entity_dict(hit.entity),
        "matched_name": hit.matched,
        "score": hit.score,
        "method": hit.method.value,
    }


def search_header(result: SearchResult) -> JSONDict:
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": "search",
        "query": result.query,
        "threshold": result.threshold,
        "total": result.total,
        "searched": list(result.searched),
    } | selection_dict(result.selection, len(result.hits))


def render_search_json(result: SearchResult) -> str:
    data = {**search_header(result), "hits": [hit_dict(h) for h in result.hits]}
    return dumps(data, indent=2) + "\n"


def render_search_jsonl(result: SearchResult) -> str:
    lines = [dumps({"record": "header", **search_header(result)}, indent=None)]
    lines += [dumps({"record": "hit", **hit_dict(h)}, indent=None) for h in result.hits]
    summary = {"shown": len(result.hits), "total": result.total}
    lines.append(dumps({"record": "summary", "summary": summary}, indent=None))
    return "\n".join(lines) + "\n"
