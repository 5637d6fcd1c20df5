"""The HTML pages (issue 17), read as a browser would parse them but without one (the
browser tests are tests/test_html_browser.py): the DOM contract those tests and readers rely
on, the dropped firms first, hostile data inert, the Content-Security-Policy matching the
inline stylesheet and script, nothing fetched, the same bytes every time, the cut of a large
report, and the changed characters of a pair highlighted."""

from __future__ import annotations

import base64
import hashlib
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

from sanctions_diff import api
from sanctions_diff.analysis.diff import ChangeKind, Report, diff, parse_selection, select
from sanctions_diff.analysis.history import build_history
from sanctions_diff.errors import inert
from sanctions_diff.model import (
    Coverage,
    Entity,
    EntityType,
    Identifier,
    Snapshot,
    SnapshotKind,
    SnapshotMeta,
    Stage,
)
from sanctions_diff.render import html
from sanctions_diff.render.html import (
    Anchors,
    char_diff,
    links,
    render_diff_html,
    render_history_html,
    render_search_html,
)

ROOT = Path(__file__).resolve().parent.parent
DROPPED = ["3HC Semiconductors", "King-Pai Technology", "Sigma Technology", "Sinno Electronics"]

# --- a small DOM, from the standard library's parser --------------------------------------

# Elements without an end tag in HTML.
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


@dataclass(eq=False)
class Node:
    tag: str
    attrs: dict[str, str | None]
    children: list[Node | str] = field(default_factory=list)

    @property
    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split()

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def all(self, test: Callable[[Node], bool]) -> list[Node]:
        return [node for node in self.iter() if test(node)]

    def by_class(self, name: str) -> list[Node]:
        return self.all(lambda n: name in n.classes)

    def by_tag(self, tag: str) -> list[Node]:
        return self.all(lambda n: n.tag == tag)

    def by_id(self, ident: str) -> Node:
        (found,) = self.all(lambda n: n.attrs.get("id") == ident)
        return found


class Tree(HTMLParser):
    """The page as a tree of Nodes; ``problems`` lists what a strict reader would object to
    (an end tag that closes another element, an attribute given twice)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]
        self.problems: list[str] = []
        self.doctype = ""

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def _node(self, tag: str, attrs: list[tuple[str, str | None]]) -> Node:
        names = [name for name, _ in attrs]
        if len(names) != len(set(names)):
            self.problems.append(f"<{tag}> repeats an attribute: {names}")
        node = Node(tag, dict(attrs))
        self.stack[-1].children.append(node)
        return node

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = self._node(tag, attrs)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._node(tag, attrs)  # <rect ... /> in the SVG

    def handle_endtag(self, tag: str) -> None:
        if self.stack[-1].tag != tag:
            self.problems.append(f"</{tag}> closes <{self.stack[-1].tag}>")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(page: str) -> Node:
    tree = Tree()
    tree.feed(page)
    tree.close()
    assert tree.problems == []
    assert tree.stack == [tree.root], "every element is closed"
    assert tree.doctype.lower() == "doctype html"
    return tree.root


def items(root: Node) -> list[Node]:
    return root.by_class("item")


def name_of(item: Node) -> str:
    (name,) = item.by_class("name")
    return name.text()


# --- pages of the bundled lists -------------------------------------------------------------


@pytest.fixture(scope="module")
def report() -> Report:
    return api.diff("eu-11-draft", "eu-11-final")


@pytest.fixture(scope="module")
def diff_page(report: Report) -> str:
    return render_diff_html(report, include_unchanged=False)


@pytest.fixture(scope="module")
def history_page() -> str:
    history = api.history()
    return render_history_html(history, list(history.tracks))


@pytest.fixture(scope="module")
def search_page() -> str:
    return render_search_html(api.search("Sevmash"))


def test_the_dropped_firms_come_first_in_their_own_section(diff_page: str) -> None:
    root = parse(diff_page)
    sections = root.all(lambda n: n.tag == "section" and "kind" in n.classes)
    assert [s.attrs["id"] for s in sections] == ["kind-dropped", "kind-added", "kind-changed"]
    assert sections[0].by_tag("h2")[0].text() == "Dropped (in the draft, left out of the final) (4)"
    listed = items(root)
    assert sorted(name_of(i) for i in listed[:4]) == DROPPED
    assert {i.attrs["data-kind"] for i in listed[:4]} == {"dropped"}
    assert all(i.attrs["data-kind"] != "dropped" for i in listed[4:])
    assert sorted(name_of(i) for i in sections[0].by_class("item")) == DROPPED


def test_the_diff_page_keeps_the_dom_contract(diff_page: str, report: Report) -> None:
    root = parse(diff_page)
    (page,) = root.by_tag("html")
    assert page.attrs["lang"] == "en"
    (head,) = root.by_tag("head")
    first = next(c for c in head.children if isinstance(c, Node))
    assert first.tag == "meta" and first.attrs == {"charset": "utf-8"}
    (title,) = root.by_tag("title")
    assert title.text() == "sanctions-diff: eu-11-draft → eu-11-final"
    box = root.by_id("filter")
    assert box.tag == "input" and box.attrs["type"] == "search"
    toggles = root.by_class("kind-toggle")
    assert [(t.tag, t.attrs["type"], t.attrs["value"]) for t in toggles] == [
        ("input", "checkbox", "dropped"),
        ("input", "checkbox", "added"),
        ("input", "checkbox", "changed"),
    ]
    assert all("checked" in t.attrs for t in toggles)
    listed = items(root)
    assert len(listed) == 88
    ids = [i.attrs["id"] for i in listed]
    assert all(ids) and len(set(ids)) == len(ids)
    codes = {code for i in listed for code in (i.attrs["data-countries"] or "").split()}
    options = [o.attrs["value"] for o in root.by_id("country").by_tag("option")]
    assert options == ["", *sorted(codes)]
    assert {"CN", "HK", "RU"} <= codes
    assert all(
        re.fullmatch(r"[A-Z]{2}( [A-Z]{2})*", i.attrs["data-countries"] or "") for i in listed
    )
    assert root.by_id("shown-count").text() == "88 of 88"
    for item in listed:
        assert item.attrs["data-kind"] in {"dropped", "added", "changed"}
        anchors = [a for a in item.by_tag("a") if (a.attrs.get("href") or "").startswith("#")]
        assert [a.attrs["href"] for a in anchors] == ["#" + (item.attrs["id"] or "")]
    king = root.by_id("dropped-eu-11-draft-2")
    assert name_of(king) == "King-Pai Technology" and king.attrs["data-countries"] == "CN"
    # The counts of every kind, linked to the sections there are.
    counts = {c.by_class("k")[0].text(): c.by_class("n")[0].text() for c in root.by_class("count")}
    assert counts == {
        "dropped": "4",
        "removed": "0",
        "added": "81",
        "changed": "3",
        "unchanged": "0",
    }


def test_what_was_compared_is_said_with_both_snapshots_metadata(diff_page: str) -> None:
    root = parse(diff_page)
    old, new = root.by_class("snapshot")
    facts = {
        dt.text(): dd.text()
        for div in old.by_tag("div")
        for dt, dd in [(div.by_tag("dt")[0], div.by_tag("dd")[0])]
    }
    assert (
        facts["title"] == "EU 11th package — draft (press report), Annex IV of Regulation 833/2014"
    )
    assert facts["kind"] == "package 11, draft"
    assert facts["date"] == "2023-05-07"
    assert facts["coverage"] == "partial"
    assert facts["entities"] == "7"
    assert facts["sources"].startswith("Financial Times, 7 May 2023")
    assert "partial" in old.classes and "partial" not in new.classes
    assert "CELEX 32023R1214" in new.text()
    (added,) = root.all(lambda n: n.attrs.get("id") == "kind-added")
    assert "eu-11-draft is partial: absence from it proves nothing" in added.text()


def test_a_pair_shows_its_evidence_and_the_characters_that_changed(diff_page: str) -> None:
    root = parse(diff_page)
    (tordan,) = [i for i in items(root) if name_of(i) == "Tordan Industry Limited"]
    assert tordan.attrs["id"] == "changed-eu-833-iv-480"
    (match,) = tordan.by_class("match")
    assert " ".join(match.text().split()) == (
        "paired exact 100 on “Tordan Industry” ~ “Tordan Industry Limited”"
    )
    assert "eu-11-draft-6 → eu-833-iv-480" in tordan.text()
    (changes,) = tordan.by_class("changes")
    name_change, *rest = [li for li in changes.children if isinstance(li, Node)]
    assert [i.text() for i in name_change.by_tag("ins")] == [" Limited"]
    assert name_change.by_tag("del") == []
    assert name_change.by_class("field")[0].text() == "name"
    assert "<span>Tordan Industry</span><ins> Limited</ins>" in diff_page
    fields = {li.by_class("field")[0].text(): li for li in rest}
    assert [i.text() for i in fields["aliases"].by_tag("ins")] == ["Tordan Industry Ltd."]
    assert [i.text() for i in fields["listed on"].by_tag("ins")] == ["2023-06-23"]


def test_changed_characters_are_runs_of_equal_deleted_and_inserted_text() -> None:
    assert char_diff("Tordan Industry", "Tordan Industry Limited") == [
        ("eq", "Tordan Industry"),
        ("ins", " Limited"),
    ]
    assert char_diff("OOO Vektor", "OOO Vector") == [
        ("eq", "OOO Ve"),
        ("del", "k"),
        ("ins", "c"),
        ("eq", "tor"),
    ]
    # Single letters in common between edits are folded into them, not left as confetti.
    assert char_diff("Alpha Limited", "Alpha Ltd.") == [
        ("eq", "Alpha L"),
        ("del", "imited"),
        ("ins", "td."),
    ]
    # Too different to diff letter by letter: the old value out, the new one in.
    assert char_diff("Moscow", "Москва") == [("del", "Moscow"), ("ins", "Москва")]
    assert char_diff("same", "same") == [("eq", "same")]
    # Long values are compared word by word.
    long_old = "He is a member of the board. " * 30
    long_new = long_old.replace("board", "council", 1)
    assert char_diff(long_old, long_new)[:3] == [
        ("eq", "He is a member of the "),
        ("del", "board"),
        ("ins", "council"),
    ]
    for old, new in [("", "x"), ("ab", ""), ("Sinno", "Sinno Electronics Co., Ltd")]:
        pieces = char_diff(old, new)
        assert "".join(t for op, t in pieces if op != "ins") == old
        assert "".join(t for op, t in pieces if op != "del") == new


def test_a_possible_match_is_shown_as_doubt_not_as_a_pair() -> None:
    def person(name: str) -> Entity:
        return Entity(name, EntityType.PERSON, nationalities=("IQ",))

    old = Snapshot(SnapshotMeta("old"), (person("RANA SADDAM HUSSEIN AL-TIKRITI"),), "old.yaml")
    new = Snapshot(SnapshotMeta("new"), (person("RAGHAD SADDAM HUSSEIN AL-TIKRITI"),), "new.yaml")
    root = parse(render_diff_html(diff(old, new), include_unchanged=False))
    cards = items(root)
    assert [c.attrs["data-kind"] for c in cards] == ["removed", "added"]
    for card in cards:
        (doubt,) = card.by_class("doubt")
        assert "possibly the same as" in doubt.text() and "not paired" in doubt.text()
        assert card.by_class("match") == []
    assert root.all(lambda n: n.tag == "section" and "kind-changed" in n.classes) == []


def test_a_selection_is_said_and_counted(report: Report) -> None:
    chosen = select(report, parse_selection(["dropped"], ["CN"]))
    root = parse(render_diff_html(chosen, include_unchanged=False))
    assert (
        "Showing only dropped, country CN: 2 of 88 changes" in root.by_class("selection")[0].text()
    )
    assert root.by_tag("h2")[-1].text() == "Dropped (in the draft, left out of the final) (2 of 4)"
    assert sorted(name_of(i) for i in items(root)) == ["3HC Semiconductors", "King-Pai Technology"]
    assert "--kind dropped --country CN -f json" in root.by_tag("footer")[0].text()


def test_the_history_page_keeps_the_dom_contract(history_page: str) -> None:
    root = parse(history_page)
    (title,) = root.by_tag("head")[0].by_tag("title")
    assert title.text().startswith("sanctions-diff history: ")
    figure = root.by_id("chart")
    assert figure.tag == "figure"
    (svg,) = figure.by_tag("svg")
    assert svg.attrs["id"] == "timeline"
    table = root.by_id("events")
    assert table.tag == "table"
    rows = items(table)
    assert len(rows) == len(items(root)) > 1000
    assert root.by_id("shown-count").text() == f"{len(rows):,} of {len(rows):,}"
    # The dropped candidates first, highlighted, with what became of them.
    dropped = [r for r in rows if r.attrs["data-kind"] == "dropped"]
    assert rows[: len(dropped)] == dropped and len(dropped) == 7
    assert "kind-dropped" in dropped[0].classes
    assert {name_of(r) for r in dropped} >= {*DROPPED, "Da Group 22", "Aspan Arba", "CASIC"}
    (da_group,) = [r for r in dropped if name_of(r) == "Da Group 22"]
    assert da_group.by_class("outcome")[0].text() == "listed later in eu-14-final (eu-833-iv-666)"
    events = [" ".join(li.text().split()) for li in da_group.by_class("ev")]
    assert events == ["eu-12-draft proposed", "eu-12-final dropped", "eu-14-final listed later"]
    assert {r.attrs["data-kind"] for r in rows} == {"dropped", "listed"}
    toggles = [t.attrs["value"] for t in root.by_class("kind-toggle")]
    assert toggles == ["dropped", "listed"]
    assert all(r.attrs["id"] and r.attrs["data-countries"] is not None for r in rows)


def test_the_search_page_keeps_the_dom_contract(search_page: str) -> None:
    root = parse(search_page)
    assert root.by_tag("title")[0].text() == "sanctions-diff search: “Sevmash”"
    lede = " ".join(root.by_class("lede")[0].text().split())
    assert lede == (
        "12 hits for “Sevmash” at threshold 85 in 39 snapshots (eu-9-final … eu-annex-iv-after-20)"
    )
    (row,) = items(root)
    assert name_of(row) == "JSC PO Sevmash"
    assert row.attrs["data-kind"] == "hit" and row.attrs["data-countries"] == "RU"
    assert "eu-annex-iv-after-9 … eu-annex-iv-after-20 (12)" in row.text()
    assert root.by_id("filter").attrs["type"] == "search"
    assert root.by_id("shown-count").text() == "1 of 1"


def test_a_search_without_hits_says_so() -> None:
    root = parse(render_search_html(api.search("Qqqxqq Zzzyzz", "eu-11-final")))
    assert items(root) == []
    assert root.by_class("empty")[0].text() == "No hit."
    assert root.by_id("shown-count").text() == "0 of 0"


# --- hostile data ------------------------------------------------------------------------

HOSTILE = [
    "</style><script>alert(1)</script>",
    '"><img src=x onerror=alert(2)>',
    "'><svg onload=alert(3)>",
    "{{ 7*7 }} {% raw %} ${7*7}",
    "</textarea></title><!-- -->",
    "javascript:alert(4)",
    "Зеро\u200bширина \u202eevil\u202c مرحبا",
]


def hostile_report() -> Report:
    """A draft and a final whose every field holds hostile text: a dropped, a changed and
    an added entity, and hostile titles, sources and ids."""

    def entity(n: int, name: str, country: str = "CN", aliases: bool = True) -> Entity:
        return Entity(
            name,
            id=f"{HOSTILE[n % len(HOSTILE)]}-{n}",
            aliases=tuple(HOSTILE) if aliases else (),
            country=country,
            identifiers=(Identifier(HOSTILE[1], f"{HOSTILE[0]}{n}"),),
            addresses=(HOSTILE[2], "line one\nline two"),
            source=f'{HOSTILE[5]} https://eur-lex.europa.eu/eli/reg/2023/1214/oj"onmouseover=alert(5)',
            reason=HOSTILE[0],
        )

    def meta(stage: Stage, coverage: Coverage) -> SnapshotMeta:
        return SnapshotMeta(
            title=HOSTILE[0] + HOSTILE[4],
            kind=SnapshotKind.PACKAGE,
            package=11,
            stage=stage,
            coverage=coverage,
            sources=(
                HOSTILE[5],
                "data:text/html,<script>alert(6)</script>",
                "EUR-Lex: https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32023R1214&a=<b>.",
            ),
            annex=HOSTILE[1],
        )

    old = Snapshot(
        meta(Stage.DRAFT, Coverage.PARTIAL),
        tuple(entity(n, name) for n, name in enumerate(HOSTILE)),
        origin=HOSTILE[1],
    )
    kept = tuple(
        entity(n, name + " Limited", country="HK") for n, name in enumerate(HOSTILE) if n % 2
    )
    new = Snapshot(
        meta(Stage.FINAL, Coverage.COMPLETE),
        (*kept, entity(99, "<i>Added</i> & Sons", aliases=False)),
        origin=HOSTILE[0],
    )
    return diff(old, new)


@pytest.fixture(scope="module")
def hostile_pages() -> dict[str, str]:
    report = hostile_report()
    history = build_history([report.old, report.new])
    result = api.search("alert", [report.old, report.new], threshold=0)
    return {
        "diff": render_diff_html(report, include_unchanged=True),
        "history": render_history_html(history, list(history.tracks)),
        "search": render_search_html(result),
    }


def test_the_hostile_report_has_every_kind_it_needs() -> None:
    kinds = {change.kind for change in hostile_report().changes}
    assert {ChangeKind.DROPPED, ChangeKind.CHANGED, ChangeKind.ADDED} <= kinds


@pytest.mark.parametrize("page", ["diff", "history", "search"])
def test_hostile_text_stays_text(hostile_pages: dict[str, str], page: str) -> None:
    text = hostile_pages[page]
    root = parse(text)
    scripts = root.by_tag("script")
    assert len(scripts) == 1 and scripts[0].attrs == {}
    assert len(root.by_tag("style")) == 1
    assert root.by_tag("img") == [] and root.by_tag("b") == [] and root.by_tag("textarea") == []
    for node in root.iter():
        for name, value in node.attrs.items():
            assert not name.startswith("on"), (node.tag, name)
            assert name != "style", node.tag
            assert name not in ("src", "srcset", "action", "formaction", "xlink:href"), node.tag
            if name == "href":
                assert value is not None
                assert value.startswith("#") or re.match(r"https?://[^\s\"<>]+$", value), value
    # Every name is there, as text: escaped in the source, whole in the DOM.
    shown = {name_of(i) for i in items(root)}
    assert any(inert(HOSTILE[0]) in name for name in shown)
    assert "&lt;/style&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in text
    (main,) = root.by_tag("main")
    assert "{{ 7*7 }}" in main.text() and "49" not in main.text()
    assert root.by_tag("i") == []
    # Bidi overrides shown, not obeyed; zero-width characters and Arabic kept as written.
    assert "\u202e" not in text and "\\u202eevil\\u202c" in root.text()
    assert "Зеро\u200bширина" in root.text() and "مرحبا" in root.text()


def test_only_http_urls_in_sources_are_links(hostile_pages: dict[str, str]) -> None:
    root = parse(hostile_pages["diff"])
    hrefs = sorted(
        {
            a.attrs["href"] or ""
            for a in root.by_tag("a")
            if not (a.attrs["href"] or "#").startswith("#")
        }
    )
    assert hrefs == [
        "https://eur-lex.europa.eu/eli/reg/2023/1214/oj",
        "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32023R1214&a=",
    ]
    for a in root.by_tag("a"):
        if not (a.attrs["href"] or "").startswith("#"):
            assert a.attrs["rel"] == "noopener noreferrer"
            assert a.text() == a.attrs["href"]
    assert "javascript:alert(4)" in root.text()  # shown, not linked


def test_links_are_cut_from_text() -> None:
    assert links("OJ L 159I, https://eur-lex.europa.eu/eli/reg/2023/1214/oj.") == [
        ("OJ L 159I, ", None),
        (
            "https://eur-lex.europa.eu/eli/reg/2023/1214/oj",
            "https://eur-lex.europa.eu/eli/reg/2023/1214/oj",
        ),
        (".", None),
    ]
    assert links("javascript:alert(1) data:text/html,x ftp://x.org") == [
        ("javascript:alert(1) data:text/html,x ftp://x.org", None)
    ]
    assert links("http://[broken and https:///nohost") == [
        ("http://[broken and https:///nohost", None)
    ]
    assert links("") == []


def test_anchors_are_clean_unique_and_stable() -> None:
    anchors = Anchors()
    assert anchors("dropped", "eu-11-draft-1", 1) == "dropped-eu-11-draft-1"
    assert anchors("dropped", "eu-11-draft-1", 2) == "dropped-eu-11-draft-1-2"
    assert anchors("added", '"><img src=x>', 3) == "added-img-src-x"
    assert anchors("added", None, 4) == "added-4"
    assert anchors("added", "<>", 5) == "added-5"
    assert anchors("added", "x" * 100, 6) == "added-" + "x" * html.MAX_ANCHOR_CHARS


# --- self-contained and locked down --------------------------------------------------------


def inline(root: Node, tag: str) -> str:
    (node,) = root.by_tag(tag)
    return node.text()


def policy(root: Node) -> dict[str, str]:
    (meta,) = root.all(
        lambda n: n.tag == "meta" and n.attrs.get("http-equiv") == "Content-Security-Policy"
    )
    content = meta.attrs["content"] or ""
    return {
        part.split()[0]: " ".join(part.split()[1:]) for part in content.split(";") if part.strip()
    }


@pytest.fixture(scope="module")
def bundled_pages(diff_page: str, history_page: str, search_page: str) -> dict[str, str]:
    return {"diff": diff_page, "history": history_page, "search": search_page}


@pytest.mark.parametrize("page", ["diff", "history", "search"])
def test_the_policy_allows_exactly_the_inline_style_and_script(
    page: str, bundled_pages: dict[str, str]
) -> None:
    text = bundled_pages[page]
    root = parse(text)
    rules = policy(root)

    def digest(source: str) -> str:
        return (
            "'sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode() + "'"
        )

    assert rules == {
        "default-src": "'none'",
        "style-src": digest(inline(root, "style")),
        "script-src": digest(inline(root, "script")),
        "img-src": "data:",
        "base-uri": "'none'",
        "form-action": "'none'",
    }
    assert "unsafe" not in text.split("<body")[0]
    # The policy comes before what it governs.
    head = text.split("</head>")[0]
    assert head.index("Content-Security-Policy") < head.index("<style>")
    # The inline stylesheet and script are the package's own files, exactly.
    static = ROOT / "sanctions_diff" / "render" / "static"
    assert inline(root, "style").startswith((static / "report.css").read_text("utf-8"))
    assert inline(root, "script") == (static / "report.js").read_text("utf-8")


@pytest.mark.parametrize("page", ["diff", "history", "search"])
def test_nothing_is_fetched_and_nothing_needs_an_inline_style_or_handler(
    page: str, bundled_pages: dict[str, str]
) -> None:
    root = parse(bundled_pages[page])
    assert root.by_tag("link") == [] and root.by_tag("img") == [] and root.by_tag("iframe") == []
    for node in root.iter():
        assert "src" not in node.attrs and "style" not in node.attrs, node.tag
        assert not any(name.startswith("on") for name in node.attrs), node.tag
        href = node.attrs.get("href")
        assert href is None or href.startswith("#"), href  # the bundled lists cite no URL
    css = inline(root, "style")
    assert "url(" not in css and "@import" not in css and "@font-face" not in css
    js = inline(root, "script")
    for banned in (
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "eval(",
        "fetch(",
        "XMLHttpRequest",
    ):
        assert banned not in js


def test_the_stylesheet_and_script_stay_small() -> None:
    static = ROOT / "sanctions_diff" / "render" / "static"
    assert (static / "report.css").stat().st_size < 12_000
    assert (static / "report.js").stat().st_size < 5_000


def test_the_templates_escape_whatever_their_name() -> None:
    environment = html._environment()
    template = environment.from_string("{{ value }}")
    assert template.render(value="<b>") == "&lt;b&gt;"
    assert callable(environment.autoescape) and environment.autoescape("anything.txt") is True
    folder = ROOT / "sanctions_diff" / "render" / "templates"
    for path in folder.iterdir():
        assert "|safe" not in path.read_text("utf-8").replace(" ", ""), path.name


# --- the same bytes, and the cut of a large report -----------------------------------------


def test_the_same_inputs_give_the_same_bytes(diff_page: str, report: Report) -> None:
    assert render_diff_html(report, include_unchanged=False) == diff_page
    program = (
        "import sys\n"
        "from sanctions_diff import api\n"
        "from sanctions_diff.render.html import render_diff_html\n"
        "sys.stdout.write(render_diff_html(api.diff('eu-11-draft', 'eu-11-final'), False))\n"
    )
    for seed in ("1", "2"):
        other = subprocess.run(
            [sys.executable, "-c", program],
            capture_output=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout.decode("utf-8")
        assert other == diff_page


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Report:
    if str(ROOT) not in sys.path:  # benchmarks/ is not installed; it lives next to tests/
        sys.path.insert(0, str(ROOT))
    from benchmarks.generate import generate, write_pair

    folder = tmp_path_factory.mktemp("generated")
    old, new = write_pair(generate(400, seed=3), folder, "html", ["jsonl"])["jsonl"]
    return api.diff(old, new)


def test_a_large_report_lists_the_first_entries_of_each_kind_and_says_so(generated: Report) -> None:
    most = 7
    root = parse(render_diff_html(generated, include_unchanged=True, max_rows=most))
    total = 0
    for section in root.all(lambda n: n.tag == "section" and "kind" in n.classes):
        kind = ChangeKind((section.attrs["id"] or "").removeprefix("kind-"))
        everything = generated.summary[kind]
        shown = section.by_class("item")
        assert len(shown) == min(most, everything)
        more = section.by_class("more")
        if everything > most:
            (note,) = more
            assert (
                " ".join(note.text().split())
                == f"and {everything - most:,} more — -f json has them all"
            )
            total += everything - most
        else:
            assert more == []
    assert total > 0
    listed = len(items(root))
    (note,) = root.by_class("truncated")
    changes = sum(generated.summary.values())
    assert note.text().startswith(
        f"{total:,} of {changes:,} changes are left out of this page, which lists at most 7 of each kind"
    )
    assert "--include-unchanged -f json" in note.text()
    assert root.by_id("shown-count").text() == f"{listed} of {listed}"
    whole = parse(render_diff_html(generated, include_unchanged=True))
    assert whole.by_class("truncated") == [] and whole.by_class("more") == []


def test_a_long_history_is_cut_too() -> None:
    history = api.history(["eu-11-draft", "eu-11-final"])
    root = parse(render_history_html(history, list(history.tracks), max_rows=5))
    assert len(items(root)) == 5
    assert [r.attrs["data-kind"] for r in items(root)][:4] == ["dropped"] * 4
    (note,) = root.by_class("truncated")
    assert note.text().startswith(
        f"{len(history.tracks) - 5} of {len(history.tracks)} entities are left out"
    )


def test_text_is_made_inert_exactly_where_it_needs_to_be() -> None:
    from sanctions_diff.errors import _UNSAFE

    # The fast path: printable text holds nothing that ``inert`` would change.
    unsafe = [chr(c) for c in range(0x3000) if _UNSAFE.fullmatch(chr(c))]
    assert len(unsafe) > 60 and not any(c.isprintable() for c in unsafe)
    assert html._printed("King-Pai Technology") == "King-Pai Technology"
    assert html._printed("a\nb\t\tc\u202ed") == "a b c\\u202ed"
    assert html._printed(7) == 7


def test_a_history_selection_is_said() -> None:
    from sanctions_diff.analysis.history import select_tracks

    history = api.history(["eu-11-draft", "eu-11-final"])
    chosen = parse_selection(countries=["HK"])
    tracks = select_tracks(history.tracks, chosen)
    root = parse(render_history_html(history, tracks, chosen))
    assert root.by_class("selection")[0].text() == "Showing only country HK"
    assert all("HK" in (r.attrs["data-countries"] or "").split() for r in items(root))
    assert {"Sigma Technology", "Sinno Electronics"} <= {name_of(r) for r in items(root)}


def test_a_long_search_is_cut_and_counts_hits() -> None:
    result = api.search("Technology", limit=None)
    root = parse(render_search_html(result, max_rows=3))
    assert len(items(root)) == 3
    (note,) = root.by_class("truncated")
    assert re.match(rf"\d+ of {len(result.hits)} hits are left out of this page", note.text())
