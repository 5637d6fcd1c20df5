"""The HTML reports in a real browser (issue 17): Debian's chromium, headless, driven by
Selenium through chromedriver. Pages are made by the real command, opened from file://
(offline: a self-contained page needs nothing else), and checked after their scripts ran:
the dropped firms are there, the filter box, kind toggles and country choice work, deep
links land, hostile names stay text, and the console has no error (a Content-Security-
Policy violation is one). Each page is also saved as a screenshot, to look at.

.ci/run installs chromium and chromium-driver when missing; without them (a machine that
never ran .ci/run) these tests skip and say how to install them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium")
CHROMEDRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None or CHROMEDRIVER is None,
    reason="no chromium/chromedriver: apt-get install chromium chromium-driver (.ci/run does)",
)

from selenium import webdriver  # noqa: E402
from selenium.common.exceptions import NoAlertPresentException  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.remote.webdriver import WebDriver  # noqa: E402
from selenium.webdriver.remote.webelement import WebElement  # noqa: E402
from selenium.webdriver.support.ui import Select  # noqa: E402

COMMAND = [sys.executable, "-m", "sanctions_diff"]
DROPPED = ["3HC Semiconductors", "King-Pai Technology", "Sigma Technology", "Sinno Electronics"]
# Where screenshots go: SANCTIONS_DIFF_SCREENSHOTS when set (CI keeps them), else a
# temporary folder of the test run.
SCREENSHOTS = "SANCTIONS_DIFF_SCREENSHOTS"
WINDOW = (1280, 1600)


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    options = webdriver.ChromeOptions()
    assert CHROMIUM is not None and CHROMEDRIVER is not None
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    options.add_argument(f"--window-size={WINDOW[0]},{WINDOW[1]}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The pages a person makes with the commands of the issue."""
    folder = tmp_path_factory.mktemp("pages")
    made = {
        "diff": ["diff", "eu-11-draft", "eu-11-final", "-o", str(folder / "report.html")],
        "history": ["history", "-o", str(folder / "timeline.html")],
        "search": ["search", "Sevmash", "-o", str(folder / "search.html")],
    }
    for args in made.values():
        subprocess.run([*COMMAND, *args], check=True, capture_output=True)
    return {
        "diff": folder / "report.html",
        "history": folder / "timeline.html",
        "search": folder / "search.html",
    }


def open_page(browser: WebDriver, page: Path, fragment: str = "") -> None:
    browser.get(page.resolve().as_uri() + fragment)
    browser.get_log("browser")  # what an earlier page logged is not this page's


def console_errors(browser: WebDriver) -> list[str]:
    return [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"]


def screenshot(browser: WebDriver, name: str, tmp_path: Path) -> Path:
    folder = Path(os.environ.get(SCREENSHOTS) or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(WINDOW[0], min(max(int(height), 600), 4000))
    assert browser.save_screenshot(str(path))
    browser.set_window_size(*WINDOW)
    assert path.stat().st_size > 10_000  # a page, not a blank
    return path


def visible_names(browser: WebDriver, scope: str = "") -> list[str]:
    items = browser.find_elements(By.CSS_SELECTOR, f"{scope} .item".strip())
    return [i.find_element(By.CSS_SELECTOR, ".name").text for i in items if i.is_displayed()]


def erase(box: WebElement) -> None:
    """Empty a text box as a person does (select all, delete): input events fire."""
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(Keys.BACKSPACE)


def shown_count(browser: WebDriver) -> str:
    return browser.find_element(By.ID, "shown-count").text


def test_the_diff_page_shows_the_dropped_firms_first(
    browser: WebDriver, pages: dict[str, Path], tmp_path: Path
) -> None:
    open_page(browser, pages["diff"])
    sections = browser.find_elements(By.CSS_SELECTOR, "section.kind")
    assert sections[0].get_attribute("id") == "kind-dropped"
    assert sorted(visible_names(browser, "#kind-dropped")) == DROPPED
    assert "eu-11-draft" in browser.title and "eu-11-final" in browser.title
    assert console_errors(browser) == []
    screenshot(browser, "diff", tmp_path)


def test_the_filter_box_kind_toggles_and_country_choice(
    browser: WebDriver, pages: dict[str, Path]
) -> None:
    open_page(browser, pages["diff"])
    every = len(visible_names(browser))
    box = browser.find_element(By.ID, "filter")
    box.send_keys("king")
    assert visible_names(browser) == ["King-Pai Technology"]
    assert shown_count(browser).startswith("1 ")
    erase(box)
    assert len(visible_names(browser)) == every
    toggle = browser.find_element(By.CSS_SELECTOR, ".kind-toggle[value='dropped']")
    toggle.click()
    assert visible_names(browser, "#kind-dropped") == []
    assert len(visible_names(browser)) == every - len(DROPPED)
    toggle.click()
    Select(browser.find_element(By.ID, "country")).select_by_value("CN")
    chinese = visible_names(browser)
    assert {"3HC Semiconductors", "King-Pai Technology"} <= set(chinese)
    assert "Sigma Technology" not in chinese  # HK
    for item in browser.find_elements(By.CSS_SELECTOR, ".item"):
        if item.is_displayed():
            assert "CN" in (item.get_attribute("data-countries") or "").split()


def test_a_deep_link_lands_on_its_entity(browser: WebDriver, pages: dict[str, Path]) -> None:
    open_page(browser, pages["diff"])
    king = next(
        i
        for i in browser.find_elements(By.CSS_SELECTOR, "#kind-dropped .item")
        if i.find_element(By.CSS_SELECTOR, ".name").text == "King-Pai Technology"
    )
    anchor = king.get_attribute("id")
    assert anchor
    open_page(browser, pages["diff"], f"#{anchor}")
    target = browser.execute_script("return document.querySelector(':target')")
    assert target is not None and target.get_attribute("id") == anchor
    assert browser.execute_script(
        "const r = arguments[0].getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight",
        target,
    )


HOSTILE = [
    "</style><script>alert(1)</script>",
    '"><img src=x onerror=alert(2)>',
    "{{ 7*7 }} <b>bold</b>",
]


def test_hostile_names_stay_text(browser: WebDriver, tmp_path: Path) -> None:
    old = tmp_path / "old.yaml"
    new = tmp_path / "new.yaml"
    old.write_text(
        "snapshot:\n  title: '<script>alert(3)</script>'\n  sources: ['javascript:alert(4)']\n"
        "entities:\n- {name: Sinno Electronics, country: HK}\n",
        encoding="utf-8",
    )
    quoted = "".join(f"- name: {name!r}\n  country: CN\n" for name in HOSTILE)
    new.write_text("entities:\n" + quoted, encoding="utf-8")
    page = tmp_path / "hostile.html"
    subprocess.run([*COMMAND, "diff", str(old), str(new), "-o", str(page)], check=True)
    open_page(browser, page)
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text  # noqa: B018 — an alert would mean a script ran
    assert browser.execute_script("return document.scripts.length") == 1
    assert browser.find_elements(By.CSS_SELECTOR, "img, b, a[href^='javascript']") == []
    names = [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".item .name")]
    for name in HOSTILE:
        assert name.strip() in names
    assert console_errors(browser) == []


def test_the_history_page_has_the_timeline_and_the_dropped_lanes(
    browser: WebDriver, pages: dict[str, Path], tmp_path: Path
) -> None:
    open_page(browser, pages["history"])
    chart = browser.find_element(By.CSS_SELECTOR, "#chart svg#timeline")
    assert chart.is_displayed() and chart.size["width"] > 600
    lanes = chart.find_elements(By.CSS_SELECTOR, ".lane")
    labels = " ".join(lane.text for lane in lanes)
    for name in ["Da Group 22", "Aspan Arba", "CASIC"]:
        assert name in labels
    rows = browser.find_elements(By.CSS_SELECTOR, "#events .item")
    assert len(rows) > 100
    box = browser.find_element(By.ID, "filter")
    box.send_keys("Da Group 22")
    assert visible_names(browser, "#events") == ["Da Group 22"]
    assert console_errors(browser) == []
    erase(box)
    screenshot(browser, "history", tmp_path)


def test_the_search_page(browser: WebDriver, pages: dict[str, Path], tmp_path: Path) -> None:
    open_page(browser, pages["search"])
    assert visible_names(browser) == ["JSC PO Sevmash"]
    assert console_errors(browser) == []
    screenshot(browser, "search", tmp_path)
