"""Accessibility of the built site: axe-core (from npm) run in a real headless Chromium.

``make node_modules`` (a prerequisite of ``make test``) installs axe-core into
``node_modules/``. Each page is loaded from a loopback server, axe is injected with
Playwright and the test fails on any violation of impact "serious" or "critical".
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.conftest import ROOT, BuildResult

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Without these flags Chromium keeps trying to reach Google's hosts from a closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
BLOCKING_IMPACTS = {"serious", "critical"}
TARGETS_SHOWN = 3

LANGUAGE_PREFIXES = [pytest.param("", id="en"), pytest.param("it/", id="it")]
# Pages checked in every language, as URL paths relative to the language's root.
PAGES = [
    pytest.param("", id="home"),
    pytest.param("journey/", id="journey-map"),
    pytest.param("cases/boots-leappad-out-of-stock/", id="case"),
    pytest.param("workshops/recovering-from-a-delivery-failure/", id="workshop"),
]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output clean."""


@pytest.fixture(scope="module")
def a11y_site_url(built_site: BuildResult) -> Iterator[str]:
    """Serve the built site on loopback for the length of the module."""
    handler = functools.partial(_QuietHandler, directory=str(built_site.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def a11y_browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def a11y_page(a11y_browser: Browser) -> Iterator[Page]:
    context = a11y_browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def format_violations(url: str, violations: list[dict[str, Any]]) -> str:
    """One block per violation: rule, impact, help, and the first few offending elements."""
    lines = [f"{len(violations)} serious/critical axe violation(s) on {url}:"]
    for violation in violations:
        rule = f"{violation['id']} [{violation['impact']}]"
        lines.append(f"- {rule}: {violation['help']} ({violation['helpUrl']})")
        nodes = violation["nodes"]
        for node in nodes[:TARGETS_SHOWN]:
            target = " ".join(str(part) for part in node["target"])
            html = " ".join(node["html"].split())
            lines.append(f"    {target}  ->  {html[:200]}")
        if len(nodes) > TARGETS_SHOWN:
            lines.append(f"    ... and {len(nodes) - TARGETS_SHOWN} more element(s)")
    return "\n".join(lines)


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("prefix", LANGUAGE_PREFIXES)
def test_page_has_no_serious_or_critical_axe_violations(
    a11y_page: Page, a11y_site_url: str, prefix: str, path: str
) -> None:
    assert AXE.is_file(), f"{AXE} is missing: run `make node_modules` (npm ci) first"
    url = f"{a11y_site_url}{prefix}{path}"
    response = a11y_page.goto(url, wait_until="load")
    assert response is not None and response.ok, f"{url} did not load"
    a11y_page.add_script_tag(path=str(AXE))
    results = a11y_page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    blocking = [v for v in results["violations"] if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, format_violations(url, blocking)
