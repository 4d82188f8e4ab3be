"""``mkdocs serve`` picks up case edits, survives a broken case and recovers."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from casebook.i18n import load_labels
from playwright.sync_api import Browser, Page

from tests.conftest import ProjectFactory
from tests.test_browser import browser

__all__ = ["browser"]

CASE = "boots-leappad-out-of-stock"
LABELS = load_labels()
#: How long to wait for a dev server's build before failing: a bound against a hang, not a speed
#: check (a build took over two minutes on a 2-core machine shared with other jobs; 90 s failed there).
TIMEOUT = 600.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def wait_for(condition: Callable[[], bool], what: str) -> float:
    """Poll ``condition`` until it holds; return the seconds it took."""
    start = time.monotonic()
    while time.monotonic() - start < TIMEOUT:
        if condition():
            return time.monotonic() - start
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def server(make_project: ProjectFactory, tmp_path: Path) -> Iterator[tuple[Path, str, Path]]:
    project = make_project()
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project,
            stdout=output,
            stderr=subprocess.STDOUT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
        try:
            yield project, f"http://127.0.0.1:{port}/", log
        finally:
            process.terminate()
            process.wait(timeout=30)


def test_serve_survives_a_broken_case_and_recovers(server: tuple[Path, str, Path]) -> None:
    project, url, log = server
    page = f"{url}it/cases/{CASE}/"
    case_file = project / "cases" / f"{CASE}.yaml"
    original = case_file.read_text(encoding="utf-8")
    wait_for(lambda: "Boots online vende" in fetch(page), "the first build")

    edited = original.replace("Boots online vende", "EDITED Boots online vende", 1)
    case_file.write_text(edited, encoding="utf-8")
    wait_for(lambda: "EDITED Boots online vende" in fetch(page), "the edited title")

    broken = edited.replace("stage: buy", "stage: purchase", 1).replace("EDITED", "BROKEN", 1)
    case_file.write_text(broken, encoding="utf-8")
    wait_for(
        lambda: f"cases/{CASE}.yaml" in log.read_text() and "unknown stage 'purchase'" in log.read_text(),
        "the error report",
    )
    # The last good version stays on the site while the file is broken.
    assert "EDITED Boots online vende" in fetch(page)
    assert "showing the last good version of cases/" in log.read_text()
    assert "Traceback" not in log.read_text()

    fixed = edited.replace("EDITED", "FIXED", 1)
    case_file.write_text(fixed, encoding="utf-8")
    wait_for(lambda: "FIXED Boots online vende" in fetch(page), "the fixed case")


def banner_is_seen(page: Page, url: str) -> bool:
    """Whether the page at ``url`` shows the broken-file banner where a person sees it (hit-tested)."""
    page.goto(url)
    return bool(
        page.evaluate(
            """() => {
              const banner = document.querySelector(".cb-broken");
              if (!banner) return false;
              const box = banner.getBoundingClientRect();
              const hit = document.elementFromPoint(box.left + box.width / 2, box.top + 10);
              return box.width > 0 && box.height > 0 && box.top < innerHeight && banner.contains(hit)
                && getComputedStyle(banner).opacity !== "0";
            }"""
        )
    )


@pytest.mark.browser
def test_serve_shows_what_broke_on_the_page_and_keeps_a_renamed_case(
    server: tuple[Path, str, Path], browser: Browser
) -> None:
    project, url, _ = server
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    case_page = f"{url}cases/{CASE}/"
    italian_page = f"{url}it/cases/{CASE}/"
    case_file = project / "cases" / f"{CASE}.yaml"
    original = case_file.read_text(encoding="utf-8")
    wait_for(lambda: "Boots" in fetch(case_page), "the first build")
    assert "cb-broken" not in fetch(case_page)

    # A saved mistake: the page says so, with the file and line, in both languages.
    line = original.splitlines().index("  - stage: buy") + 1
    case_file.write_text(original.replace("  - stage: buy", "  - stage: purchase", 1), encoding="utf-8")
    wait_for(lambda: "cb-broken" in fetch(case_page), "the banner")
    html = fetch(case_page)
    assert f"cases/{CASE}.yaml:{line}:" in html and "unknown stage &#39;purchase&#39;" in html
    assert LABELS.t("serve.broken.title", "it").split(",")[0] in fetch(italian_page).replace("&#39;", "'")
    assert banner_is_seen(page, case_page)

    # The next good save: the banner goes.
    case_file.write_text(original, encoding="utf-8")
    wait_for(lambda: "Boots" in fetch(case_page) and "cb-broken" not in fetch(case_page), "the banner to go")
    assert not banner_is_seen(page, case_page)

    # A renamed file (its id no longer its name): the case stays, and so does the workshop using it.
    workshop_page = f"{url}workshops/recovering-from-a-delivery-failure/"
    assert "Boots" in fetch(workshop_page)
    case_file.rename(project / "cases" / "renamed-boots-case.yaml")
    wait_for(lambda: "renamed-boots-case.yaml" in fetch(case_page), "the banner of the renamed file")
    assert banner_is_seen(page, case_page)
    assert "Boots" in fetch(workshop_page)
    page.close()
