"""HTML page benchmark: how large the page of a diff is and how long it takes to render, from
a package diff to a 100,000-entity one, and (with a browser) how long the page takes to open
and to filter.

    python -m benchmarks.html [--sizes 1000 10000 100000] [--seed 1] [--repeat 3] [--no-browser]

Per size: ``generate`` makes a seeded pair (as ``python -m benchmarks`` does), written as
JSON Lines and diffed once; then ``render_diff_html`` runs ``--repeat`` times on the report
(fastest and median), once with the page's cut (``MAX_ROWS`` entries of each kind) and once
without (every change listed), to show what the cut buys. Ratios: milliseconds per 1,000
entries listed, bytes per entry listed. The bundled package diff (eu-11-draft → eu-11-final),
the bundled history page and a search page are measured the same way.

With Debian's chromium and chromedriver (``--no-browser`` to skip), each generated page is
opened from ``file://`` in headless chromium: the time to the load event (parsing, layout and
the page's script) and the time of one filter keystroke (the script's work, measured in the
page), fastest of ``--repeat``.

Progress goes to stderr; the tables (Markdown, for the README) to stdout at the end.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from benchmarks.generate import generate, write_pair

# "Every change": a cut no report reaches.
UNCUT = sys.maxsize

# What the keystroke benchmark types into the filter box: a word of generated names that
# matches some entries but not most, so that the script hides and shows rows.
FILTER_WORD = "tech"

# The start tag of an entry: its class list begins with "item" (and not "items").
_ITEM = re.compile(r' class="item[ "]')


@dataclass(frozen=True)
class Rendered:
    """One page rendered ``repeat`` times: its size and times."""

    label: str
    changes: int  # what the report holds (diff: shown kinds; history: entities; search: rows)
    listed: int  # entries on the page
    size: int  # bytes (UTF-8)
    fastest_s: float
    median_s: float
    page: str

    @property
    def ms_per_1000(self) -> float:
        return self.fastest_s * 1e6 / self.listed if self.listed else 0.0

    @property
    def bytes_per_entry(self) -> float:
        return self.size / self.listed if self.listed else 0.0


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def timed(label: str, changes: int, render: Callable[[], str], repeat: int) -> Rendered:
    times: list[float] = []
    page = ""
    for _ in range(max(1, repeat)):
        started = time.perf_counter()
        page = render()
        times.append(time.perf_counter() - started)
    listed = len(_ITEM.findall(page))
    return Rendered(
        label,
        changes,
        listed,
        len(page.encode("utf-8")),
        min(times),
        statistics.median(times),
        page,
    )


def row(result: Rendered) -> str:
    cells = [
        result.label,
        f"{result.changes:,}",
        f"{result.listed:,}",
        f"{result.size / 1e6:.2f}",
        f"{result.fastest_s:.3f}",
        f"{result.median_s:.3f}",
        f"{result.ms_per_1000:.0f}",
        f"{result.bytes_per_entry:,.0f}",
    ]
    return "| " + " | ".join(cells) + " |"


class Browser:
    """Headless chromium through Selenium: open a page, time its load and a keystroke."""

    def __init__(self) -> None:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        options = webdriver.ChromeOptions()
        options.binary_location = shutil.which("chromium") or "chromium"
        for argument in (
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
        ):
            options.add_argument(argument)
        options.add_argument("--window-size=1280,1600")
        self.driver = webdriver.Chrome(
            options=options, service=Service(shutil.which("chromedriver") or "chromedriver")
        )

    def measure(self, path: Path, repeat: int) -> tuple[float, float]:
        """(seconds to the load event, seconds of one filter keystroke), fastest of ``repeat``."""
        loads: list[float] = []
        keys: list[float] = []
        for _ in range(max(1, repeat)):
            self.driver.get(path.resolve().as_uri())
            timing: Any = self.driver.execute_script(
                "const t = performance.getEntriesByType('navigation')[0];"
                "return t.loadEventEnd - t.startTime;"
            )
            loads.append(float(timing) / 1000)
            # The first keystroke also reads every entry's text once: that is what a user waits
            # for on the first key, so it is the one timed.
            spent: Any = self.driver.execute_script(
                "const box = document.getElementById('filter');"
                "box.value = arguments[0];"
                "const started = performance.now();"
                "box.dispatchEvent(new Event('input'));"
                "return performance.now() - started;",
                FILTER_WORD,
            )
            keys.append(float(spent) / 1000)
        return min(loads), min(keys)

    def close(self) -> None:
        self.driver.quit()


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.html", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--no-browser", action="store_true", help="do not open the pages in chromium"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        run(args, Path(scratch))


def run(args: argparse.Namespace, folder: Path) -> None:
    from sanctions_diff import api
    from sanctions_diff.render.html import (
        MAX_ROWS,
        render_diff_html,
        render_history_html,
        render_search_html,
    )

    load_start = os.getloadavg()[0]
    rows: list[str] = []
    browser_rows: list[str] = []
    browser = None
    if not args.no_browser and shutil.which("chromium") and shutil.which("chromedriver"):
        browser = Browser()
    try:
        log("== bundled: eu-11-draft → eu-11-final, history, search")
        report = api.diff("eu-11-draft", "eu-11-final")
        shown = sum(n for kind, n in report.summary.items() if kind.value != "unchanged")
        rows.append(
            row(
                timed(
                    "diff eu-11-draft eu-11-final",
                    shown,
                    lambda: render_diff_html(report, False),
                    args.repeat,
                )
            )
        )
        history = api.history()
        tracks = list(history.tracks)
        rows.append(
            row(
                timed(
                    "history (bundled packages)",
                    len(tracks),
                    lambda: render_history_html(history, tracks),
                    args.repeat,
                )
            )
        )
        result = api.search("Sevmash")
        rows.append(
            row(
                timed(
                    "search Sevmash",
                    len(result.hits),
                    lambda: render_search_html(result),
                    args.repeat,
                )
            )
        )
        for size in args.sizes:
            log(f"== {size:,} entities: generating, diffing")
            old, new = write_pair(generate(size, args.seed), folder, f"html-{size}", ["jsonl"])[
                "jsonl"
            ]
            report = api.diff(old, new)
            shown = sum(n for kind, n in report.summary.items() if kind.value != "unchanged")
            for label, most in (
                (f"at most {MAX_ROWS:,} per kind", MAX_ROWS),
                ("every change", UNCUT),
            ):
                log(f"   render, {label}")
                rendered = timed(
                    f"generated {size:,}, {label}",
                    shown,
                    partial(render_diff_html, report, False, max_rows=most),
                    args.repeat,
                )
                rows.append(row(rendered))
                if browser is not None:
                    page = folder / f"html-{size}-{most}.html"
                    page.write_text(rendered.page, encoding="utf-8")
                    log("   open in chromium")
                    opened, keystroke = browser.measure(page, args.repeat)
                    browser_rows.append(
                        f"| {rendered.label} | {rendered.size / 1e6:.2f} | {opened:.2f} | {keystroke * 1000:.0f} |"
                    )
    finally:
        if browser is not None:
            browser.close()
    import platform

    print(
        f"Seed {args.seed}; Python {platform.python_version()}, {os.cpu_count()} CPUs. Render times in seconds, fastest and median of {args.repeat}; the diff before it is not timed. `in the report`: the changes a diff shows (unchanged pairs left out, as by default), the entities of a history, the hits of a search; `listed`: the entries on the page (a search lists an entry found in several snapshots once)."
    )
    print()
    print(
        "| page | in the report | listed | MB | render s | median s | ms / 1,000 listed | bytes / listed |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for line in rows:
        print(line)
    print()
    if browser_rows:
        print(
            f"Opened from file:// in headless chromium (fastest of {args.repeat}): to the load event (parse, layout, the page's script), and one filter keystroke (“{FILTER_WORD}”: the script reads every entry's text on the first key, then hides and shows rows)."
        )
        print()
        print("| page | MB | load s | first keystroke ms |")
        print("|---|---:|---:|---:|")
        for line in browser_rows:
            print(line)
        print()
    print(
        f"- Load average (1 min) {load_start:.2f} at the start, {os.getloadavg()[0]:.2f} at the end:"
        " other work on the machine slows every figure alike."
    )


if __name__ == "__main__":
    main(sys.argv[1:])
