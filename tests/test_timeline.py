"""The timeline chart of the history page (issue 17), on the bundled history.

The counts are checked against numbers computed here from the snapshots themselves (the
entities of each draft and final, and ``diff`` of each draft against its final for the
dropped), not from the history the chart reads. Hostile names are checked inert in the
markup, and the chart is opened in a real browser under a strict Content-Security-Policy
to check that the layout's estimates hold (names in the gutter, nothing past the edge).
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from sanctions_diff.analysis.diff import ChangeKind, diff
from sanctions_diff.analysis.history import History, build_history
from sanctions_diff.api import history as load_history
from sanctions_diff.model import Coverage, Entity, Snapshot, SnapshotKind, SnapshotMeta, Stage
from sanctions_diff.render import timeline
from sanctions_diff.render.timeline import (
    GUTTER,
    MAX_LANES,
    TIMELINE_CSS,
    WIDTH,
    ordinal,
    timeline_svg,
)

NS = {"svg": "http://www.w3.org/2000/svg"}
DROPPED = [
    "3HC Semiconductors",
    "King-Pai Technology",
    "Sigma Technology",
    "Sinno Electronics",
    "Aspan Arba",
    "Da Group 22",
    "CASIC",
]
HOSTILE = [
    "</svg><script>alert(1)</script>",
    '"><a href="javascript:alert(1)">x</a>',
    "<img src=x onerror=alert(1)> Evil Trading",
    "</style><style>*{display:none}</style> Vostok",
    "Right\u202eto\u202cleft\x00Holding",
]


@pytest.fixture(scope="module")
def history() -> History:
    return load_history()


@pytest.fixture(scope="module")
def svg(history: History) -> str:
    return timeline_svg(history, history.tracks)


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def classes(element: ET.Element) -> set[str]:
    return set(element.get("class", "").split())


def lanes(root: ET.Element) -> dict[str, ET.Element]:
    """Each lane by the full name in its label's title."""
    found = {}
    for lane in root.iterfind(".//svg:g[@class='lane']", NS):
        title = lane.find("svg:text[@class='label']/svg:title", NS)
        assert title is not None and title.text is not None
        found[title.text] = lane
    return found


def bars(root: ET.Element) -> dict[tuple[str, str, str], int]:
    """(column, annex, kind) → the count the bar says."""
    found = {}
    for row in root.iterfind(".//svg:g[@class='annex-row']", NS):
        for bar in row.iterfind("svg:rect", NS):
            (kind,) = classes(bar) - {"bar"}
            found[(bar.get("data-column", ""), row.get("data-annex", ""), kind)] = int(
                bar.get("data-count", "")
            )
    return found


def entity(name: str) -> Entity:
    return Entity(name=name, country="CN")


def package(
    origin: str, number: int, stage: Stage, annex: str, names: list[str], *, partial: bool = False
) -> Snapshot:
    meta = SnapshotMeta(
        title=f"EU {ordinal(number)} package — {stage.value}",
        kind=SnapshotKind.PACKAGE,
        package=number,
        stage=stage,
        coverage=Coverage.PARTIAL if partial else Coverage.COMPLETE,
        annex=annex,
    )
    return Snapshot(meta, tuple(entity(n) for n in names), origin)


def test_one_svg_element_with_a_title_and_a_description(svg: str) -> None:
    root = parse(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("id") == "timeline"
    assert root.get("role") == "img"
    assert svg.startswith('<svg id="timeline" xmlns="http://www.w3.org/2000/svg"')
    ids = {e.get("id"): e for e in root.iter() if e.get("id")}
    for ref in root.get("aria-labelledby", "").split():
        assert ids[ref].text
    title = root.find("svg:title", NS)
    desc = root.find("svg:desc", NS)
    assert title is not None and desc is not None and desc.text is not None
    assert title.text == (
        "Timeline of 12 packages: entities proposed, listed and dropped, and the paths of "
        "7 dropped candidates"
    )
    assert "in the whole history of 27 snapshots (also when the table" in desc.text
    assert "Annex IV of Regulation 833/2014: 11 proposed, 696 listed, 6 dropped" in desc.text
    width = root.get("viewBox", "").split()[2]
    assert width == "960"


def test_packages_9_to_20_on_the_axis_with_their_dates(svg: str) -> None:
    axis = [e.text for e in parse(svg).iterfind("svg:text[@class='axis']", NS)]
    assert axis == [ordinal(n) for n in range(9, 21)]
    dates = [e.text for e in parse(svg).iterfind("svg:text[@class='axis-date']", NS)]
    assert dates[:3] == ["Dec 2022", "Feb 2023", "Jun 2023"]
    assert dates[5] == "Jun 2024"  # 14th: the 269 final a day before the Annex IV one


def test_a_lane_for_each_dropped_candidate(history: History, svg: str) -> None:
    found = lanes(parse(svg))
    assert sorted(found) == sorted(DROPPED)
    assert sorted(found) == sorted(t.latest.name for t in history.tracks if t.was_dropped)
    labels = [e.text for e in parse(svg).iterfind(".//svg:text[@class='label']", NS)]
    assert labels == DROPPED  # in the history's order: by first appearance


def test_da_group_22_proposed_dropped_listed_later_left_to_right(svg: str) -> None:
    lane = lanes(parse(svg))["Da Group 22"]
    markers = [m for m in lane if "marker" in classes(m)]
    assert [(m.get("data-snapshot"), m.get("data-event")) for m in markers] == [
        ("eu-12-draft", "proposed"),
        ("eu-12-final", "dropped"),
        ("eu-14-final", "listed later"),
    ]
    assert [classes(m) - {"marker"} for m in markers] == [
        {"proposed"},
        {"dropped"},
        {"listed-later"},
    ]
    xs = [x_of(m) for m in markers]
    assert xs == sorted(xs) and len(set(xs)) == 3
    line = lane.find("svg:line[@class='lane-line']", NS)
    assert line is not None
    assert (float(line.get("x1", "")), float(line.get("x2", ""))) == (xs[0], xs[-1])
    outcome = lane.find("svg:text[@class='outcome listed-later']", NS)
    assert outcome is not None and outcome.text == "listed later: 14th"


def x_of(marker: ET.Element) -> float:
    """A marker's x: a circle's centre, or the middle of a cross's first stroke."""
    if marker.tag.endswith("circle"):
        return float(marker.get("cx", ""))
    start, end = marker.get("d", "").split("M")[1].split("L")
    return (float(start.split()[0]) + float(end.split()[0])) / 2


def test_markers_line_up_with_their_bars(svg: str) -> None:
    """A dropped ✕ sits under its package's dropped bar, a ○ under its draft's bar."""
    root = parse(svg)
    centre = {}
    for bar in root.iterfind(".//svg:rect", NS):
        if "bar" in classes(bar) and "swatch" not in classes(bar):
            x = float(bar.get("x", "")) + float(bar.get("width", "")) / 2
            centre[(bar.get("data-column"), *(classes(bar) - {"bar"}))] = x
    for lane in lanes(root).values():
        for marker in lane:
            if "marker" in classes(marker):
                kind = (classes(marker) - {"marker"}).pop().replace("listed-later", "listed")
                column = marker.get("data-snapshot", "").split("-")[1]
                # Each coordinate is written to 0.1: a sum of two may be 0.1 off.
                assert x_of(marker) == pytest.approx(centre[(column, kind)], abs=0.11)


def expected_counts(history: History) -> dict[tuple[str, str, str], int]:
    """The bars' counts, from the snapshots: the entities of each final and draft, and the
    dropped of ``diff(draft, final)`` where a package has both for one annex."""
    expected: dict[tuple[str, str, str], int] = {}
    for snapshot in history.snapshots:
        meta = snapshot.meta
        assert meta.package is not None and meta.annex is not None
        kind = "proposed" if meta.stage is Stage.DRAFT else "listed"
        expected[(str(meta.package), meta.annex, kind)] = len(snapshot.entities)
        if meta.stage is Stage.DRAFT:
            (final,) = [
                s
                for s in history.snapshots
                if s.meta.package == meta.package
                and s.meta.annex == meta.annex
                and s.meta.stage is Stage.FINAL
            ]
            dropped = diff(snapshot, final).summary[ChangeKind.DROPPED]
            expected[(str(meta.package), meta.annex, "dropped")] = dropped
    return expected


def test_bar_counts_are_the_snapshots_counts(history: History, svg: str) -> None:
    expected = expected_counts(history)
    assert bars(parse(svg)) == expected
    annex_iv = "Annex IV of Regulation 833/2014"
    annex_i = "Annex I of Regulation 269/2014"
    assert expected[("11", annex_iv, "dropped")] == 4
    assert expected[("12", annex_iv, "dropped")] == 2
    assert expected[("19", annex_i, "dropped")] == 1
    assert expected[("11", annex_iv, "proposed")] == 7
    assert expected[("13", annex_i, "listed")] == 194


def test_counts_are_written_above_the_bars(svg: str) -> None:
    root = parse(svg)
    for row in root.iterfind(".//svg:g[@class='annex-row']", NS):
        bar_counts = [b.get("data-count") for b in row.iterfind("svg:rect", NS)]
        texts = [t.text for t in row.iterfind("svg:text", NS) if "count" in classes(t)]
        assert texts == bar_counts


def test_the_bars_count_the_whole_history_whatever_the_tracks(history: History) -> None:
    """The page may show a selection (``--country KZ``): the lanes follow it, the bars not."""
    kazakh = [t for t in history.tracks if t.latest.country == "KZ"]
    root = parse(timeline_svg(history, kazakh))
    assert sorted(lanes(root)) == ["Aspan Arba", "Da Group 22"]
    assert bars(root) == expected_counts(history)
    desc = root.find("svg:desc", NS)
    assert desc is not None and desc.text is not None
    assert "each of the 2 dropped candidates shown" in desc.text


def test_no_dropped_candidate_shown_says_so(history: History) -> None:
    kept = [t for t in history.tracks if not t.was_dropped][:10]
    root = parse(timeline_svg(history, kept))
    assert lanes(root) == {}
    notes = [e.text for e in root.iterfind("svg:text[@class='note']", NS)]
    assert notes == ["No dropped candidate among the entities shown."]


def test_same_history_same_bytes(history: History, svg: str) -> None:
    assert timeline_svg(history, history.tracks) == svg
    assert timeline_svg(load_history(), load_history().tracks) == svg


def test_no_style_attribute_no_style_element_no_script(svg: str) -> None:
    root = parse(svg)
    for element in root.iter():
        assert element.tag.split("}")[1] not in {"style", "script", "a", "foreignObject"}
        assert "style" not in element.attrib
    assert "<style" not in svg and "<script" not in svg


def test_every_class_is_documented(history: History, svg: str) -> None:
    """The page's stylesheet is written against the module's list of classes."""
    documented = set(re.findall(r"^``([a-z-]+)``", timeline.__doc__ or "", re.MULTILINE))
    charts = [svg, timeline_svg(many_dropped(3), many_dropped(3).tracks)]
    charts.append(timeline_svg(consolidated_history(), consolidated_history().tracks))
    used = {c for chart in charts for e in parse(chart).iter() for c in classes(e)}
    assert used <= documented
    assert {"bar", "dropped", "listed-later", "present", "removed", "note"} <= used
    styled = set(re.findall(r"\.([a-z-]+)", TIMELINE_CSS))
    assert styled <= documented


def hostile_history() -> History:
    annex = "Annex </text><script>alert(2)</script>"
    return build_history(
        [
            package("evil-draft", 30, Stage.DRAFT, annex, HOSTILE, partial=True),
            package("evil-final", 30, Stage.FINAL, annex, []),
        ]
    )


def test_hostile_names_stay_text() -> None:
    history = hostile_history()
    svg = timeline_svg(history, history.tracks)
    root = parse(svg)  # still well-formed XML: no name broke out of its element
    for element in root.iter():
        assert element.tag.split("}")[1] not in {"script", "a", "img", "style", "foreignObject"}
        for attribute in element.attrib:
            assert not attribute.lower().startswith("on")
            assert "href" not in attribute.lower()
            assert attribute != "style"
    for needle in ("<script", "<a ", "<img", "<style", "</svg><"):
        assert needle not in svg
    names = set(lanes(root))
    assert names == {
        "</svg><script>alert(1)</script>",
        '"><a href="javascript:alert(1)">x</a>',
        "<img src=x onerror=alert(1)> Evil Trading",
        "</style><style>*{display:none}</style> Vostok",
        # A bidi override and a NUL are shown, not obeyed (as in every other format).
        "Right\\u202eto\\u202cleft\\x00Holding",
    }
    rows = list(root.iterfind(".//svg:g[@class='annex-row']", NS))
    assert [r.get("data-annex") for r in rows] == ["Annex </text><script>alert(2)</script>"]


def test_long_names_are_cut_with_the_full_name_on_hover() -> None:
    long = "Limited Liability Company Scientific Production Enterprise Radiotechnika Vostok"
    history = build_history(
        [
            package("d", 30, Stage.DRAFT, "Annex IV", [long], partial=True),
            package("f", 30, Stage.FINAL, "Annex IV", []),
        ]
    )
    label = parse(timeline_svg(history, history.tracks)).find(".//svg:text[@class='label']", NS)
    assert label is not None and label.text is not None
    assert label.text.endswith("…") and len(label.text) == 30
    assert long.startswith(label.text[:-1])
    title = label.find("svg:title", NS)
    assert title is not None and title.text == long


def many_dropped(count: int) -> History:
    names = [
        f"Candidate {chr(65 + k // 26)}{chr(65 + k % 26)} Trading Number {k}" for k in range(count)
    ]
    return build_history(
        [
            package("big-draft", 21, Stage.DRAFT, "Annex IV", names, partial=True),
            package("big-final", 21, Stage.FINAL, "Annex IV", names[:3]),
        ]
    )


def test_lanes_are_capped_with_a_note() -> None:
    history = many_dropped(MAX_LANES + 8)
    root = parse(timeline_svg(history, history.tracks))
    assert len(lanes(root)) == MAX_LANES
    notes = [e.text for e in root.iterfind("svg:text[@class='note']", NS)]
    assert notes == ["and 5 more dropped candidates in the table below"]
    assert bars(root) == {
        ("21", "Annex IV", "proposed"): MAX_LANES + 8,
        ("21", "Annex IV", "listed"): 3,
        ("21", "Annex IV", "dropped"): MAX_LANES + 5,
    }
    # A tall chart names the packages again under its lanes.
    assert len(list(root.iterfind("svg:text[@class='axis']", NS))) == 2


def test_the_height_grows_with_the_lanes() -> None:
    heights = [
        float(parse(timeline_svg(h, h.tracks)).get("viewBox", "").split()[3])
        for h in (many_dropped(4), many_dropped(10))
    ]
    assert heights[1] - heights[0] == pytest.approx(6 * 22)


def consolidated_history() -> History:
    def consolidated(origin: str, names: list[str]) -> Snapshot:
        return Snapshot(
            SnapshotMeta(title=origin, annex="Annex IV"), tuple(map(entity, names)), origin
        )

    return build_history(
        [
            consolidated("before.yaml", ["Alpha Trading", "Bravo Logistics"]),
            consolidated("after.yaml", ["Bravo Logistics", "Charlie Semiconductors"]),
        ]
    )


def test_consolidated_lists_have_present_and_removed() -> None:
    history = consolidated_history()
    root = parse(timeline_svg(history, history.tracks))
    assert bars(root) == {
        ("snapshot:before.yaml", "Annex IV", "present"): 2,
        ("snapshot:after.yaml", "Annex IV", "present"): 2,
        ("snapshot:after.yaml", "Annex IV", "removed"): 1,
    }
    title = root.find("svg:title", NS)
    assert title is not None and title.text is not None
    assert title.text.startswith("Timeline of 2 columns")
    assert [e.text for e in root.iterfind("svg:text[@class='axis']", NS)] == [
        "before.yaml",
        "after.yaml",
    ]
    assert lanes(root) == {}


def test_an_empty_history_is_still_a_chart() -> None:
    root = parse(timeline_svg(History((), ()), []))
    assert root.get("id") == "timeline"


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (1, "1st"),
        (2, "2nd"),
        (3, "3rd"),
        (9, "9th"),
        (11, "11th"),
        (12, "12th"),
        (13, "13th"),
        (21, "21st"),
        (22, "22nd"),
        (111, "111th"),
    ],
)
def test_ordinal(n: int, text: str) -> None:
    assert ordinal(n) == text


# --- in a real browser -------------------------------------------------------------------

CHROMIUM = shutil.which("chromium")
CHROMEDRIVER = shutil.which("chromedriver")
needs_browser = pytest.mark.skipif(
    CHROMIUM is None or CHROMEDRIVER is None,
    reason="no chromium/chromedriver: apt-get install chromium chromium-driver (.ci/run does)",
)


def page(svg: str) -> str:
    """A page as strict as the report's: nothing but the stylesheet with this hash."""
    css = "body { margin: 20px; max-width: 1000px; font-family: system-ui, sans-serif; }\n"
    css += TIMELINE_CSS
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    policy = f"default-src 'none'; style-src 'sha256-{digest}'"
    return (
        f'<!doctype html><html><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
        f"<style>{css}</style></head><body>{svg}</body></html>"
    )


@pytest.fixture(scope="module")
def browser() -> Iterator[webdriver.Chrome]:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM or ""
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    options.add_argument("--window-size=1100,900")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER or ""))
    try:
        yield driver
    finally:
        driver.quit()


# The boxes of what must fit, in viewBox units, measured by the browser.
MEASURE = """
const svg = document.getElementById('timeline');
const box = e => { const b = e.getBBox(); return [b.x, b.y, b.x + b.width, b.y + b.height]; };
return {
  labels: [...svg.querySelectorAll('.label, .annex')].map(box),
  drawn: [...svg.querySelectorAll('text, .marker')].map(box),
  legend: [...svg.querySelectorAll('.legend text')].map(box),
  dropped: getComputedStyle(svg.querySelector('.bar.dropped')).fill,
  proposed: getComputedStyle(svg.querySelector('.bar.proposed')).fill,
  width: svg.getBoundingClientRect().width,
  viewBox: svg.viewBox.baseVal.height,
};
"""


@needs_browser
@pytest.mark.parametrize("case", ["bundled", "hostile", "many"])
def test_in_a_browser_under_a_strict_policy(
    browser: webdriver.Chrome, history: History, svg: str, case: str, tmp_path: Path
) -> None:
    """The CSS applies (its hash allowed), nothing is refused by the policy, the names stay
    in the gutter, nothing crosses the right edge, legend items do not overlap."""
    if case == "bundled":
        chart = svg
    else:
        other = hostile_history() if case == "hostile" else many_dropped(MAX_LANES + 3)
        chart = timeline_svg(other, other.tracks)
    path = tmp_path / "timeline.html"
    path.write_text(page(chart), encoding="utf-8")
    browser.get(path.as_uri())
    seen = browser.execute_script(MEASURE)
    browser.save_screenshot(str(tmp_path / "timeline.png"))
    assert browser.get_log("browser") == []
    assert browser.execute_script("return document.querySelectorAll('script').length") == 0
    assert seen["dropped"] == "rgb(217, 72, 15)"
    assert seen["proposed"] == "none"
    assert seen["width"] > 900
    for x0, _, x1, _ in seen["labels"]:
        assert x0 >= 0 and x1 <= GUTTER, (x0, x1)
    for x0, y0, x1, y1 in seen["drawn"]:
        assert x0 >= 0 and x1 <= WIDTH and y0 >= 0 and y1 <= seen["viewBox"]
    lines: dict[float, list[list[float]]] = {}
    for item in seen["legend"]:
        lines.setdefault(round(item[1]), []).append(item)
    for items in lines.values():
        items.sort()
        for (_, _, right, _), (left, _, _, _) in itertools.pairwise(items):
            assert right <= left
