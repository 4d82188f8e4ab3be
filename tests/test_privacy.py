"""Readers are private: no page asks any host but the site's own, whatever the deploy sets."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, Page

from tests.conftest import BuildResult
from tests.test_browser import browser, serve
from tests.test_site import LANGUAGES

pytestmark = pytest.mark.browser

__all__ = ["browser"]  # the fixture, shared with the other browser tests

#: A case that exists in every build of the real library.
CASE = "cases/boots-leappad-out-of-stock/"


@pytest.fixture(scope="module")
def site_url(built_site: BuildResult) -> Iterator[str]:
    """The site built with the deploy's settings (site and repository addresses set)."""
    yield from serve(built_site.site)


def requested_hosts(browser: Browser, site_url: str, path: str, query: str | None) -> set[str]:
    """Every host a page asks for while it loads (and while its search runs ``query``)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page: Page = context.new_page()
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(urlparse(request.url).netloc))
    page.goto(site_url + path, wait_until="networkidle")
    if query is not None:
        # The keyboard shortcut opens the header's search box, whichever engine is behind it.
        page.keyboard.press("/")
        page.keyboard.type(query, delay=20)
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(500)
    context.close()
    return hosts


@pytest.mark.parametrize("prefix", LANGUAGES.values(), ids=LANGUAGES.keys())
@pytest.mark.parametrize(
    ("path", "query"),
    [("", "Amazon"), (CASE, None), ("journey/", None)],
    ids=["home+search", "case", "journey"],
)
def test_pages_ask_no_other_host(
    browser: Browser, site_url: str, prefix: str, path: str, query: str | None
) -> None:
    own = urlparse(site_url).netloc
    hosts = requested_hosts(browser, site_url, prefix + path, query)
    assert own in hosts
    assert hosts - {own} == set(), f"{prefix + path} asked other hosts"
