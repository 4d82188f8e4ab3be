"""`make offline`: a zip of the site that works from disk, search included."""

from __future__ import annotations

import os
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.conftest import ROOT, BuildResult, built_once
from tests.test_browser import browser, search  # noqa: F401  (fixture)
from tests.test_policy import RECORD_VIOLATIONS

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def unzipped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``make offline``'s zip, unzipped: the site as a trainer opens it from disk (once a run)."""

    def build(work: Path) -> BuildResult:
        archive = work / "casebook-offline.zip"
        made = subprocess.run(
            ["make", "-s", "offline", f"OFFLINE_SITE={work / 'site-offline'}", f"OFFLINE_ZIP={archive}"],
            cwd=ROOT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
            capture_output=True,
            text=True,
            timeout=300,
        )
        target = work / "unzipped"
        if made.returncode == 0:
            with zipfile.ZipFile(archive) as zipped:
                zipped.extractall(target)
        return BuildResult(target / "site-offline", made.returncode, made.stdout + made.stderr)

    result = built_once(tmp_path_factory, "offline", build)
    assert result.returncode == 0, result.output
    return result.site


@pytest.mark.parametrize(
    ("prefix", "query", "case_id"),
    [("", "LeapPad", "boots-leappad-out-of-stock"), ("it/", "bambina", "amazon-it-apology-email-to-child")],
)
def test_offline_zip_finds_a_case_through_search_from_disk(
    unzipped: Path,
    browser: Browser,  # noqa: F811
    prefix: str,
    query: str,
    case_id: str,
) -> None:
    context = browser.new_context()
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    page.goto((unzipped / prefix / "index.html").as_uri())
    paths = search(page, query)
    # The search worker's frame works under the page's security policy, from disk too.
    assert page.evaluate("window.__violations") == []
    assert any(path.endswith(f"/{prefix}cases/{case_id}.html") for path in paths), paths
    page.locator(".md-search-result__item a").first.click()
    expect(page.locator("h1")).to_be_visible()
    assert page.url.startswith("file://")
    context.close()


@pytest.mark.parametrize("prefix", ["", "it/"])
def test_offline_zip_presents_a_workshop_from_disk(unzipped: Path, browser: Browser, prefix: str) -> None:  # noqa: F811
    """The presenter is a classic script (a page from disk may not load ES modules): it runs
    from file://, keeps its step in the address and opens its notes window there too."""
    context = browser.new_context(viewport={"width": 1024, "height": 768})
    context.add_init_script(RECORD_VIOLATIONS)
    hosts: set[str] = set()
    context.on("request", lambda request: hosts.add(request.url.split(":", 1)[0]))
    page = context.new_page()
    workshop = next(
        path for path in sorted((unzipped / prefix / "workshops").glob("*.html")) if path.stem != "index"
    )
    page.goto(workshop.as_uri())
    page.locator("#cb-present").click()
    expect(page.locator(".cb-presenter")).to_be_visible()
    page.keyboard.press("ArrowRight")
    assert page.url.endswith("#step-2")
    page.reload()
    expect(page.locator(".cb-presenter__count")).to_contain_text("2")
    with context.expect_page() as opened:
        page.locator(".cb-presenter__notes").click()
    expect(opened.value.locator("main h2").first).to_be_visible()
    assert page.evaluate("window.__violations") == []
    assert hosts <= {"file", "about", "data"}, hosts
    context.close()


def test_offline_pages_load_no_module_script(unzipped: Path) -> None:
    """Chromium loads no module script from file:// (a module needs a CORS origin, and a
    page on disk has none), so the offline site uses none: its search is Material's lunr,
    and the search box and explorer modules of the published site are not part of it."""
    pages = list(unzipped.rglob("*.html"))
    assert len(pages) > 20
    for path in pages:
        html = path.read_text(encoding="utf-8")
        assert not re.search(r"<script\b[^>]*\btype=[\"']?module", html), path
