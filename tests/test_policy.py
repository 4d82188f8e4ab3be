"""The security policy every page ships, and every kind of page working under it in Chromium."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable, Iterator

import pytest
from bs4 import BeautifulSoup
from casebook.pages.policy import REFERRER_POLICY, content_security_policy, with_security_policy
from playwright.sync_api import Browser, Page, expect

from tests.conftest import BuildResult
from tests.test_browser import browser, site_url  # noqa: F401  (fixtures)
from tests.test_propose import EXISTING
from tests.test_search import explorer_results, header_search
from tests.test_site import LANGUAGES


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def _directives(policy: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in policy.split("; ")}


# --------------------------------------------------------------------------- the policy itself


def test_inline_scripts_are_allowed_by_their_hash_and_nothing_else_is_inline() -> None:
    html = (
        '<html><head><meta charset="utf-8"><script>var a = 1;</script>'
        '<script type="application/json">{"no": "hash"}</script><script src="x.js"></script>'
        '<script type="module">import "./y.js";</script></head>'
        '<body><table><td style="text-align: right;">1</td></table></body></html>'
    )
    policy = _directives(content_security_policy(html))
    assert policy["script-src"] == [
        "'self'",
        "'wasm-unsafe-eval'",
        *sorted([_sha256("var a = 1;"), _sha256('import "./y.js";')]),
    ]
    assert policy["style-src-attr"] == ["'unsafe-hashes'", _sha256("text-align: right;")]
    assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert not any("'unsafe-inline'" in v or "'unsafe-eval'" in v for v in policy.values())
    page = with_security_policy(html)
    assert page.index('http-equiv="Content-Security-Policy"') < page.index("<script>")
    assert page.startswith('<html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy"')


def test_every_page_and_error_page_of_the_site_ships_its_policy(built_site: BuildResult) -> None:
    pages = sorted(built_site.site.rglob("*.html"))
    assert built_site.site / "404.html" in pages and built_site.site / "it/404.html" in pages
    for path in pages:
        html = path.read_text(encoding="utf-8")
        soup = BeautifulSoup(html, "html.parser")
        meta = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert meta is not None, f"{path} has no Content-Security-Policy"
        referrer = soup.find("meta", attrs={"name": "referrer"})
        assert referrer is not None and referrer["content"] == REFERRER_POLICY, path
        allowed = _directives(str(meta["content"]))["script-src"]
        for script in soup.find_all("script"):
            if script.get("src") is None and script.get("type") in (None, "module", "text/javascript"):
                assert _sha256(script.string or "") in allowed, f"{path}: an inline script is not allowed"
        # First in the head, so that it covers every script after it.
        first = html.index('http-equiv="Content-Security-Policy"')
        assert "<script" not in html[:first], path


# --------------------------------------------------------------------------- every kind of page, working

#: Recorded before any script of the page runs; an init script is not subject to the policy.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sample}`);
});
"""


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:  # noqa: F811
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    yield page
    context.close()


def _open_search(page: Page, url: str) -> None:
    page.goto(url)
    # A word of the page's language: a word no page has in it is a miss, with no results.
    header_search(page, "rimborso" if url.endswith("/it/") else "refund")


def _case(page: Page, url: str) -> None:
    page.goto(f"{url}cases/{EXISTING}/")
    page.locator(".cb-copy-link").first.click()


def _journey(page: Page, url: str) -> None:
    page.goto(f"{url}journey/")
    page.locator(".cb-journey-frame a[href*='journey/']").first.click()
    page.wait_for_load_state()


def _explorer(page: Page, url: str) -> None:
    page.goto(f"{url}explore/?q=refund&stage=get-support")
    explorer_results(page)


def _propose(page: Page, url: str) -> None:
    page.goto(f"{url}propose/")
    field = page.locator("#cb-propose input[type=text], #cb-propose textarea").first
    expect(field).to_be_visible()
    field.click()
    page.keyboard.type("A title", delay=10)
    expect(page.locator("#cb-propose")).to_have_attribute("data-state", "invalid", timeout=5000)


def _workshop(page: Page, url: str) -> None:
    page.goto(f"{url}workshops/")
    page.locator(".cb-workshops a").first.click()
    page.wait_for_load_state()


def _insight(page: Page, url: str) -> None:
    page.goto(f"{url}insight/")
    page.locator("#chart-by-stage a.cb-chart__row").first.click()
    page.wait_for_url("**/explore/?**")


def _not_found(page: Page, url: str) -> None:
    page.goto(f"{url}404.html")


def _short_address(page: Page, url: str) -> None:
    page.goto(f"{url}c/1/")
    page.wait_for_url("**/cases/**")


def _list(page: Page, url: str) -> None:
    page.goto(f"{url}cases/")


STATES: dict[str, Callable[[Page, str], None]] = {
    "home with an open search": _open_search,
    "case, link copied": _case,
    "list of all cases": _list,
    "journey map, cell opened": _journey,
    "insight page, a bar opened": _insight,
    "explorer with words and a filter": _explorer,
    "propose form validating": _propose,
    "workshop": _workshop,
    "404 page": _not_found,
    "short address redirecting": _short_address,
}


@pytest.mark.browser
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_kind_of_page_works_without_breaking_the_policy(
    page: Page,
    site_url: str,  # noqa: F811
    lang: str,
    state: str,
) -> None:
    STATES[state](page, f"{site_url}{LANGUAGES[lang]}")
    page.wait_for_timeout(300)  # a violation is reported as an event, a moment after
    assert page.evaluate("window.__violations") == [], f"{state} ({lang}) broke the security policy"
