"""Hypothesis strategies for snapshots: realistic valid ones, pairs of related versions, and
hostile text. Shared by tests/test_properties.py and the fuzz targets (tests/fuzz/).

Valid snapshots are built as plain data and written with ``yaml.safe_dump`` (``to_yaml``), so
what is generated is exactly what a careful tool would write: quoted where YAML would
otherwise type a value, no anchors.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import yaml
from hypothesis import strategies as st

# -- names from realistic parts ----------------------------------------------------------------

LATIN_WORDS = (
    "Trust", "Logistics", "Tordan", "Industry", "Sigma", "Technology", "Aspan", "Arba",
    "Sinno", "Electronics", "Asia", "Pacific", "Links", "Promelektronika", "Sevmash", "PO",
    "Mvizion", "King-Pai", "3HC", "Semiconductors", "Da", "Group", "22", "23", "Sky",
    "Chariot", "Global", "Jet", "I", "Trading", "Import", "Export", "Kompel", "Good",
    "Doveriya", "Doveriia", "Dzhiefkey", "Alexandr", "Aleksandr", "Yevgeniy", "Yevgeny",
    "Rakhmanov", "RAKHMANOV", "Pyotr", "Fyodorov", "Gorky", "Plant", "GZAS", "Tianjin",
    "Xishanfusheng", "Old", "Vector", "Grinex", "CASIC", "Radioelectronic", "O'Neil",
)  # fmt: skip
CYRILLIC_WORDS = (
    "Ромашка", "Логистикс", "Доверия", "Промэлектроника", "Севмаш", "Трест", "Пётр",
    "Фёдоров", "Александр", "Александрович", "РАХМАНОВ", "Кинг", "Пай", "Завод",
    "Патронный", "Тульский", "Ульяновский", "Жауапкершілігі", "Джиэфкей", "Технологии",
)  # fmt: skip
OTHER_SCRIPT_WORDS = ("東方電子", "شركة", "Հայաստան", "Türkiye", "Ħal", "Ørsted", "ﬁnance")
LEGAL_FORMS = (
    "LLC", "ООО", "OOO", "Ltd.", "Limited", "Co., Ltd.", "JSC", "АО", "AO", "ТОО", "TOO",
    "LLP", "PJSC", "ПАО", "ZAO", "FZE", "FZCO", "FZ-LLC", "DMCC", "GmbH", "Inc.", "A.Ş.",
    "PTE LTD", "Limited Liability Company", "Общество с ограниченной ответственностью",
    "mas'uliyati cheklangan jamiyati",
)  # fmt: skip
COUNTRIES = (
    "RU", "HK", "CN", "AE", "KZ", "TR", "BY", "IR", "SY", "XK", "NO", "ru", "Hong Kong",
    "Russian Federation", "Republic of Türkiye", "United Arab Emirates", "Islamic Republic of Iran",
)  # fmt: skip
IDENTIFIER_TYPES = ("INN", "Tax ID/INN", "OGRN", "CR No.", "IMO", "Registration number")
TYPES = ("organization", "person", "vessel", "aircraft")

words = st.sampled_from(LATIN_WORDS + CYRILLIC_WORDS + OTHER_SCRIPT_WORDS)


@st.composite
def names(draw: st.DrawFn) -> str:
    core = draw(st.lists(words, min_size=1, max_size=4))
    form = draw(st.none() | st.sampled_from(LEGAL_FORMS))
    text = " ".join(core)
    style = draw(st.integers(0, 4))
    if style == 1:
        text = f"«{text}»"
    elif style == 2:
        text = f'"{text}"'
    elif style == 3:
        text = f"{text} ({draw(st.sampled_from(('GZAS', 'HK', 'Hong Kong', 'ДЛ')))})"
    if form is not None:
        text = f"{form} {text}" if draw(st.booleans()) else f"{text} {form}"
    return text


dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31))
birth_dates = st.one_of(
    dates.map(dt.date.isoformat),
    st.integers(1930, 2005).map(str),
    st.sampled_from(("1978-03", "March/April 1965", "circa 1960")),
)
identifiers = st.fixed_dictionaries(
    {
        "type": st.sampled_from(IDENTIFIER_TYPES),
        "value": st.from_regex(r"[0-9]{6,13}", fullmatch=True),
    }
)


@st.composite
def entities(draw: st.DrawFn) -> dict[str, Any]:
    """One entity as plain data (keys present only when set, as people write them)."""
    entity: dict[str, Any] = {"name": draw(names())}
    kind = draw(st.sampled_from(TYPES + ("organization",) * 3))
    if kind != "organization" or draw(st.booleans()):
        entity["type"] = kind
    if draw(st.booleans()):
        entity["aliases"] = draw(st.lists(names(), max_size=3))
    if draw(st.booleans()):
        entity["country"] = draw(st.sampled_from(COUNTRIES))
    if draw(st.booleans()):
        entity["identifiers"] = draw(st.lists(identifiers, max_size=2))
    if draw(st.booleans()):
        entity["addresses"] = draw(
            st.lists(st.sampled_from(("Moscow, Russia", "Hong Kong", "Dubai, UAE")), max_size=2)
        )
    if draw(st.booleans()):
        entity["listed_on"] = draw(dates)
    if draw(st.booleans()):
        entity["source"] = draw(st.sampled_from(("Annex IV entry 479", "RFE/RL", "FT")))
    if kind == "person":
        if draw(st.booleans()):
            entity["birth_dates"] = draw(st.lists(birth_dates, max_size=2))
        if draw(st.booleans()):
            entity["nationalities"] = draw(st.lists(st.sampled_from(COUNTRIES), max_size=2))
    if draw(st.booleans()):
        entity["reason"] = draw(st.sampled_from(("Supplies drones.", "Evades sanctions.")))
    return entity


@st.composite
def metas(draw: st.DrawFn) -> dict[str, Any]:
    meta: dict[str, Any] = {"title": draw(st.sampled_from(("EU list", "Draft", "Список")))}
    if draw(st.booleans()):
        meta["kind"] = "package"
        meta["package"] = draw(st.integers(9, 20))
        meta["stage"] = draw(st.sampled_from(("draft", "final")))
    if draw(st.booleans()):
        meta["coverage"] = draw(st.sampled_from(("complete", "partial")))
    if draw(st.booleans()):
        meta["date"] = draw(dates)
    if draw(st.booleans()):
        meta["annex"] = draw(st.sampled_from(("Annex IV", "Annex I")))
    return meta


def _with_unique_ids(items: list[dict[str, Any]], ids: list[str | None]) -> list[dict[str, Any]]:
    seen: set[str] = set()
    result = []
    for item, entity_id in zip(items, ids, strict=True):
        item = dict(item)
        item.pop("id", None)
        if entity_id is not None and entity_id not in seen:
            seen.add(entity_id)
            item = {"id": entity_id, **item}
        result.append(item)
    return result


entity_ids = st.none() | st.sampled_from([f"eu-833-iv-{k}" for k in range(1, 40)])


@st.composite
def snapshots(draw: st.DrawFn, max_entities: int = 12) -> dict[str, Any]:
    """A valid snapshot as plain data."""
    items = draw(st.lists(entities(), max_size=max_entities))
    # Look-alikes, as real lists have them ("Trust Logistics" twice, told apart by INN):
    # the same name with another alias, country or identifier.
    for k in draw(st.lists(st.integers(0, max(len(items) - 1, 0)), max_size=3)) if items else []:
        items.append(_edit(draw, items[k], keep_name=True))
    ids = draw(st.lists(entity_ids, min_size=len(items), max_size=len(items)))
    return {"snapshot": draw(metas()), "entities": _with_unique_ids(items, ids)}


def _edit(draw: st.DrawFn, entity: dict[str, Any], keep_name: bool = False) -> dict[str, Any]:
    """A new version of one entity: renamed, re-aliased, moved, or left alone."""
    entity = dict(entity)
    edit = draw(st.integers(2, 4) if keep_name else st.integers(0, 5))
    if edit == 1:
        entity["name"] = draw(names())
    elif edit == 2:
        entity["aliases"] = [*entity.get("aliases", []), draw(names())]
    elif edit == 3:
        entity["country"] = draw(st.sampled_from(COUNTRIES))
    elif edit == 4:
        entity["identifiers"] = [*entity.get("identifiers", []), draw(identifiers)]
    elif edit == 5:
        entity["name"] = entity["name"] + " " + draw(st.sampled_from(LEGAL_FORMS))
    return entity


@st.composite
def snapshot_pairs(
    draw: st.DrawFn, max_entities: int = 12
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Two versions of one list: the second keeps, edits, drops and adds entities."""
    old = draw(snapshots(max_entities))
    kept = [
        _edit(draw, e) for e in old["entities"] if draw(st.integers(0, 3)) > 0
    ]  # about a quarter dropped
    added = draw(st.lists(entities(), max_size=max_entities // 2))
    order = draw(st.permutations(range(len(kept) + len(added))))
    merged = [(kept + added)[k] for k in order]
    ids = [e.get("id") for e in merged]
    if draw(st.booleans()):
        ids = draw(st.lists(entity_ids, min_size=len(merged), max_size=len(merged)))
    new = {"snapshot": draw(metas()), "entities": _with_unique_ids(merged, ids)}
    return old, new


# -- writing -------------------------------------------------------------------------------


class _NoAliasDumper(yaml.SafeDumper):
    """safe_dump, but a value used twice is written twice (the loader refuses aliases)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def to_yaml(data: dict[str, Any]) -> str:
    return yaml.dump(data, Dumper=_NoAliasDumper, allow_unicode=True, sort_keys=False, width=1000)


def to_jsonl(data: dict[str, Any]) -> str:
    def plain(value: Any) -> Any:
        return value.isoformat() if isinstance(value, dt.date) else value

    header = {"snapshot": {k: plain(v) for k, v in data["snapshot"].items()}}
    lines = [json.dumps(header, ensure_ascii=False)]
    for entity in data["entities"]:
        lines.append(json.dumps({k: plain(v) for k, v in entity.items()}, ensure_ascii=False))
    return "\n".join(lines) + "\n"


def shuffled(data: dict[str, Any], order: list[int]) -> dict[str, Any]:
    return {**data, "entities": [data["entities"][k] for k in order]}


# -- hostile text ----------------------------------------------------------------------------

_TOKENS = (
    "snapshot", "entities", "title", "name", "aliases", "id", "country", "identifiers",
    "type", "value", "kind", "package", "stage", "listed_on", "birth_dates", "nationalities",
    ":", ": ", "- ", "-", "[", "]", "{", "}", ",", "?", "? ", "&a ", "*a", "&b", "*b",
    "!!python/object:os.system ", "!!str ", "!!binary ", "!x ", "'", '"', "#", "\t", " ",
    "  ", "    ", "\n", "\r\n", "\r", "---\n", "...\n", "%YAML 1.1\n", "%TAG ! x\n", "|",
    ">", "~", "null", "yes", "NO", "0123", "0x0B", "1e400", "9" * 50, "2023-02-30",
    "2023-06-23", "RU", "QQ", "ООО Ромашка", "«»", "\ufeff", "\u2028", "\x85", "\x00",
    "\x07", "\ud7ff", "\U0001f600", "<<", "=", "@", "`", "\\", "\\x", "%", "*", "&",
    "9" * 5000, "[" * 300, "{a: " * 100, "- " * 100, "NaN", "Infinity", "-0", "1_000",
)  # fmt: skip

yamlish_text = st.lists(st.one_of(st.sampled_from(_TOKENS), st.text(max_size=8)), max_size=80).map(
    "".join
)


@st.composite
def mutated_snapshot_text(draw: st.DrawFn) -> str:
    """A valid snapshot's YAML (or JSON Lines) with a few random edits."""
    data = draw(snapshots(max_entities=4))
    text = to_jsonl(data) if draw(st.integers(0, 4)) == 0 else to_yaml(data)
    for _ in range(draw(st.integers(1, 4))):
        if not text:
            break
        at = draw(st.integers(0, len(text)))
        cut = draw(st.integers(0, 6))
        insert = draw(st.one_of(st.sampled_from(_TOKENS), st.text(max_size=4)))
        text = text[:at] + insert + text[at + cut :]
    return text


def deep_text(depth: int, kind: str) -> str:
    """Nesting ``depth`` levels deep, flow or block, inside a snapshot."""
    if kind == "flow":
        return (
            "snapshot: {title: T}\nentities:\n- name: A\n  aliases: "
            + "[" * depth
            + "]" * depth
            + "\n"
        )
    return "".join("  " * k + f"k{k}:\n" for k in range(depth)) + "  " * depth + "v\n"


hostile_text = st.one_of(yamlish_text, mutated_snapshot_text())

hostile_bytes = st.one_of(
    st.binary(max_size=200),
    hostile_text.map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.tuples(hostile_text, st.binary(min_size=1, max_size=3), st.integers(0, 50)).map(
        lambda t: (
            t[0].encode("utf-8", "surrogatepass")[: t[2]]
            + t[1]
            + t[0].encode("utf-8", "surrogatepass")[t[2] :]
        )
    ),
)
