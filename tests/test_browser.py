"""The built site in a real headless Chromium (Debian's, driven by Playwright)."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml
from playwright.sync_api import Browser, Page, expect

from tests.conftest import ROOT, BuildResult
from tests.seen import expect_seen

pytestmark = pytest.mark.browser


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output clean."""


def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on loopback while the generator is open; yield its address."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def site_url(built_site: BuildResult) -> Iterator[str]:
    """Serve the built site on loopback for the length of the module."""
    yield from serve(built_site.site)


@pytest.fixture(scope="module")
def browser(chromium: Browser) -> Browser:
    """The worker's Chromium (``conftest.chromium``), under the name the browser tests import."""
    return chromium


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def case_title(case_id: str, lang: str) -> str:
    data = yaml.safe_load((ROOT / "cases" / f"{case_id}.yaml").read_text(encoding="utf-8"))
    return str(data["title"][lang])


def test_language_switcher_opens_the_same_case_in_italian(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}cases/boots-leappad-out-of-stock/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.locator(".md-header__option .md-select").hover()
    page.locator(".md-select__link[hreflang='it']").click()
    page.wait_for_url(f"{site_url}it/cases/boots-leappad-out-of-stock/")
    expect(page.locator("html")).to_have_attribute("lang", "it")
    expect(page.locator("h1")).to_have_text(case_title("boots-leappad-out-of-stock", "it"))


def search(page: Page, query: str) -> list[str]:
    """Click into the header's search box, type ``query``, and return the result links' paths
    once a person sees the first result."""
    page.locator(".md-search__input").first.click()
    page.locator("input.md-search__input").press_sequentially(query, delay=20)
    results = page.locator(".md-search-result__item a")
    expect_seen(results)
    return [urlparse(href).path for href in results.evaluate_all("links => links.map(a => a.href)")]


def test_italian_search_finds_italian_case_and_no_english_page(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}it/")
    expect(page.locator("input.md-search__input")).to_have_attribute("placeholder", "Cerca")
    # "bambina" is only in the Italian text of the toy case; "Amazon" is in both languages.
    paths = search(page, "bambina")
    assert any(path.endswith("/it/cases/amazon-it-apology-email-to-child/") for path in paths), paths
    page.locator("input.md-search__input").fill("")
    paths = search(page, "Amazon")
    assert paths and all(path.startswith("/it/") for path in paths), paths


def test_italian_search_stems_the_query(page: Page, site_url: str) -> None:
    # The cases say "bambina" and never "bambine": only Italian stemming of both the
    # index and the query makes the plural find the toy case.
    texts = " ".join(path.read_text(encoding="utf-8") for path in (ROOT / "cases").glob("*.yaml"))
    assert "bambina" in texts and "bambine" not in texts
    page.goto(f"{site_url}it/")
    paths = search(page, "bambine")
    assert any(path.endswith("/it/cases/amazon-it-apology-email-to-child/") for path in paths), paths
    assert all(path.startswith("/it/") for path in paths), paths


def test_english_search_finds_no_italian_page(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}cases/")
    paths = search(page, "Amazon")
    assert paths and not any(path.startswith("/it/") for path in paths), paths


def test_journey_map_cell_leads_to_its_cases(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}journey/")
    cell = page.locator("td.cb-cell--filled a[href*='wait-for-delivery/email']")
    expect(cell).to_have_count(1)
    cell.click()
    page.wait_for_url(f"{site_url}journey/wait-for-delivery/email/")
    cases = page.locator("a.cb-placement__case")
    expect(cases.first).to_be_visible()
    first_title = cases.first.inner_text()
    cases.first.click()
    expect(page.locator("h1")).to_have_text(first_title)
    assert "/cases/" in page.url and "#moment-" in page.url


def test_journey_map_is_usable_on_a_phone(browser: Browser, site_url: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.goto(f"{site_url}it/journey/")
    expect(page.locator(".cb-journey")).to_be_hidden()
    links = page.locator(".cb-journey-list li a")
    expect(links.first).to_be_visible()
    links.first.click()
    page.wait_for_url("**/it/journey/**/")
    expect(page.locator("a.cb-placement__case").first).to_be_visible()
    context.close()
