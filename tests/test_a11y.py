"""Accessibility of the built site: axe-core (from npm) run in a real headless Chromium.

``make node_modules`` (a prerequisite of ``make test``) installs axe-core into
``node_modules/``. Each page is loaded from a loopback server, axe is injected with
Playwright and the test fails on any violation of impact "serious" or "critical".
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page

from tests.conftest import ROOT
from tests.test_browser import browser, page, site_url  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING_IMPACTS = {"serious", "critical"}
TARGETS_SHOWN = 3

LANGUAGE_PREFIXES = [pytest.param("", id="en"), pytest.param("it/", id="it")]
# Pages checked in every language, as URL paths relative to the language's root.
PAGES = [
    pytest.param("", id="home"),
    pytest.param("journey/", id="journey-map"),
    pytest.param("insight/", id="insight"),
    pytest.param("cases/boots-leappad-out-of-stock/", id="case"),
    pytest.param("workshops/recovering-from-a-delivery-failure/", id="workshop"),
    pytest.param("tags/", id="topics"),
    pytest.param("publisher/", id="publisher"),
    pytest.param("glossary/", id="glossary"),
    pytest.param("404.html", id="not-found"),
]


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


def blocking_violations(page: Page) -> list[dict[str, Any]]:  # noqa: F811
    """Run axe-core on the page and return its serious and critical violations.

    axe is evaluated through the browser's debugging protocol: the page's security policy
    rightly refuses it as an inline script.
    """
    page.evaluate(AXE.read_text(encoding="utf-8"))
    results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [v for v in results["violations"] if v["impact"] in BLOCKING_IMPACTS]


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("prefix", LANGUAGE_PREFIXES)
def test_page_has_no_serious_or_critical_axe_violations(
    page: Page,  # noqa: F811
    site_url: str,  # noqa: F811
    prefix: str,
    path: str,
) -> None:
    assert AXE.is_file(), f"{AXE} is missing: run `make node_modules` (npm ci) first"
    url = f"{site_url}{prefix}{path}"
    response = page.goto(url, wait_until="load")
    assert response is not None and response.ok, f"{url} did not load"
    blocking = blocking_violations(page)
    assert not blocking, format_violations(url, blocking)
