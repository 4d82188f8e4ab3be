"""What readers and trainers notice: words, the error page, print, link previews, small screens.

Counts, titles and addresses are derived from the case files, so the tests hold as the
library grows. Browser tests reuse the session's built site (``built_site``).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from string import Formatter
from typing import Any

import pytest
import yaml
from babel.numbers import format_decimal
from casebook.i18n import load_labels
from playwright.sync_api import Browser, Page, expect

from tests.conftest import ROOT, SITE_URL, BuildResult, ProjectFactory, run_build
from tests.test_browser import browser, serve  # noqa: F401  (fixtures)

CASES: dict[str, dict[str, Any]] = {
    path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
    for path in sorted((ROOT / "cases").glob("*.yaml"))
    if not path.name.startswith("_")
}
WORKSHOPS: dict[str, dict[str, Any]] = {
    path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
    for path in sorted((ROOT / "workshops").glob("*.yaml"))
    if not path.name.startswith("_")
}
TAXONOMY = ROOT / "plugins/casebook/data/taxonomy"
TAGS = [entry["id"] for entry in yaml.safe_load((TAXONOMY / "tags.yaml").read_text(encoding="utf-8"))]
TOUCHPOINTS = [
    entry["id"]
    for entry in yaml.safe_load((TAXONOMY / "touchpoints.yaml").read_text(encoding="utf-8"))["touchpoints"]
]
LANGS = {"en": "", "it": "it/"}
#: What each language calls 0, 1 and 2 cases: CLDR's plural forms, not "case(s)".
CASE_COUNTS = {
    "en": {0: "0 cases", 1: "1 case", 2: "2 cases"},
    "it": {0: "0 casi", 1: "1 caso", 2: "2 casi"},
}


def case_count(lang: str, count: int) -> str:
    """How a page must say ``count`` cases in ``lang``: one is singular, any other number plural
    (English and Italian agree; Italian's "many" starts at a million)."""
    word = {"en": ("case", "cases"), "it": ("caso", "casi")}[lang][count != 1]
    return f"{format_decimal(count, locale=lang)} {word}"


def number(case_id: str) -> int:
    return int(CASES[case_id]["number"])


# --------------------------------------------------------------------------- words


@pytest.mark.parametrize("lang", LANGS)
def test_counts_have_real_plural_forms(lang: str) -> None:
    for count, text in CASE_COUNTS[lang].items():
        assert load_labels().n("term.count", lang, count) == case_count(lang, count) == text
    # Every label with plural forms has one for 1 and one for the rest, and none says "(s)".
    labels = load_labels()
    for key, texts in labels.strings.items():
        if isinstance(texts[lang], dict):
            # Whatever else the label names ({total}, {numbers}, ...) is filled in the same.
            names = {
                name for form in texts[lang].values() for _, name, _, _ in Formatter().parse(form) if name
            }
            values = dict.fromkeys(names - {"count"}, "9")
            one, other = labels.n(key, lang, 1, **values), labels.n(key, lang, 2, **values)
            assert one != other and "(s)" not in one + other, key


@pytest.mark.parametrize("lang", LANGS)
def test_topic_counts_follow_the_data_in_the_plural_they_need(built_site: BuildResult, lang: str) -> None:
    tagged = Counter(tag for case in CASES.values() for tag in case.get("tags", []))
    page = built_site.html(f"{LANGS[lang]}tags/")
    shown = {
        dt.a["href"].strip("/").split("/")[-1]: dt.select_one(".cb-terms__count").get_text()
        for dt in page.select("dl.cb-terms dt")
    }
    assert shown == {tag: case_count(lang, tagged[tag]) for tag in TAGS}


def test_no_page_says_case_s_or_1_casi(built_site: BuildResult) -> None:
    wrong = re.compile(
        r"(?<!http)(?<=[a-z])\(s\)"  # "case(s)", not "http(s)"
        r"|\b1 (casi|momenti|aziende|minuti)\b|\b1 (cases|moments|companies|minutes)\b",
    )
    for path in built_site.site.rglob("*.html"):
        # Tags stripped by a pattern: parsing thousands of pages would take half a minute.
        text = re.sub(r"<[^>]*>", " ", path.read_text(encoding="utf-8"))
        found = wrong.search(text)
        assert found is None, (path.relative_to(built_site.site), found and found.group())


def test_outcome_pages_are_titled_in_words(built_site: BuildResult) -> None:
    titles = {
        (lang, outcome): built_site.html(f"{prefix}outcomes/{outcome}/").find("h1").get_text(strip=True)
        for lang, prefix in LANGS.items()
        for outcome in ("success", "failure")
    }
    assert titles[("en", "failure")].startswith("Moments where the service failed")
    assert titles[("it", "failure")].startswith("Momenti in cui il servizio non è riuscito")
    assert titles[("it", "success")].startswith("Momenti in cui il servizio è riuscito")


def test_heading_links_are_titled_in_the_page_language(built_site: BuildResult) -> None:
    labels = load_labels()
    case = min((ROOT / "cases").glob("*.yaml")).stem
    for lang, prefix in LANGS.items():
        expected = labels.t("heading.permalink", lang)
        for path in ("about/", f"cases/{case}/"):
            links = built_site.html(f"{prefix}{path}").select("a.headerlink")
            assert links and {link["title"] for link in links} == {expected}, (lang, path)


def test_contributor_pages_are_out_of_the_readers_menu(built_site: BuildResult) -> None:
    for lang, prefix in LANGS.items():
        page = built_site.html(prefix)
        top = page.select(".md-nav--primary > .md-nav__list > .md-nav__item")
        loose = [item.a["href"] for item in top if "md-nav__item--nested" not in item.get("class", [])]
        assert not any("benchmarks" in href or "contributing" in href for href in loose), loose
        # They keep their addresses, and every page's footer leads to them, to who publishes the
        # site and to the "Propose a case" form.
        for path in ("benchmarks/", "contributing/", "publisher/"):
            assert (built_site.site / prefix / path / "index.html").is_file()
        footer = {a["href"] for a in page.select(".md-footer .cb-footer-links a")}
        assert footer == {"publisher/", "contributing/", "benchmarks/", "propose/"}, (lang, footer)


# --------------------------------------------------------------------------- link previews


@pytest.mark.parametrize("lang", LANGS)
def test_case_page_has_open_graph_and_json_ld_in_its_language(built_site: BuildResult, lang: str) -> None:
    case_id = next(iter(CASES))
    case = CASES[case_id]
    page = built_site.html(f"{LANGS[lang]}cases/{case_id}/")
    url = f"{SITE_URL}{LANGS[lang]}cases/{case_id}/"
    meta = {
        tag.get("property") or tag.get("name"): tag["content"] for tag in page.find_all("meta", content=True)
    }
    assert meta["og:title"] == meta["twitter:title"] == case["title"][lang]
    assert meta["og:url"] == page.find("link", rel="canonical")["href"] == url
    assert meta["og:type"] == "article" and meta["og:site_name"] == "Casebook"
    assert meta["og:locale"] == {"en": "en_GB", "it": "it_IT"}[lang]
    assert meta["og:locale:alternate"] == {"en": "it_IT", "it": "en_GB"}[lang]
    summary_start = " ".join(case["summary"][lang].split()[:8])
    assert meta["og:description"].startswith(summary_start) and meta["description"].startswith(summary_start)
    assert meta["og:image"] == meta["twitter:image"] == f"{SITE_URL}assets/images/casebook-preview.png"
    image = (built_site.site / "assets/images/casebook-preview.png").read_bytes()
    assert image[:4] == b"\x89PNG"
    # The size the head announces is the image's own (PNG: width and height at bytes 16-24).
    size = (int.from_bytes(image[16:20], "big"), int.from_bytes(image[20:24], "big"))
    assert (int(meta["og:image:width"]), int(meta["og:image:height"])) == size
    assert meta["twitter:card"] == "summary_large_image"

    scripts = page.find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    data = json.loads(scripts[0].string)
    assert "Article" in data["@type"] and data["inLanguage"] == lang
    assert data["headline"] == case["title"][lang] and data["url"] == url
    assert data["datePublished"] == str(case["published"])
    assert data["about"][0] == {"@type": "Organization", "name": case["company"]["name"]}
    assert [source["name"] for source in data["isBasedOn"]] == [s["title"][lang] for s in case["sources"]]
    assert [source.get("url") for source in data["isBasedOn"]] == [s.get("url") for s in case["sources"]]


@pytest.mark.parametrize("lang", LANGS)
def test_workshop_json_ld_says_how_long_it_takes(built_site: BuildResult, lang: str) -> None:
    for workshop_id, workshop in WORKSHOPS.items():
        page = built_site.html(f"{LANGS[lang]}workshops/{workshop_id}/")
        data = json.loads(page.find("script", type="application/ld+json").string)
        assert data["@type"] == "LearningResource" and data["inLanguage"] == lang
        assert data["timeRequired"] == f"PT{workshop['duration']}M"
        assert len(data["hasPart"]) == len(workshop["cases"])


def test_every_page_has_a_canonical_address_and_a_preview(built_site: BuildResult) -> None:
    for path in built_site.site.rglob("index.html"):
        html = path.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in html:
            continue  # a redirect (short address, old id)
        head = html[: html.index("</head>")]
        where = path.parent.relative_to(built_site.site).as_posix()
        address = SITE_URL if where == "." else f"{SITE_URL}{where}/"
        assert f'<link rel="canonical" href="{address}">' in head, where
        hreflang = set(re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="https://', head))
        assert hreflang == {"en", "it", "x-default"}, where
        assert '<meta property="og:title"' in head and '<meta property="og:image"' in head, where


# --------------------------------------------------------------------------- browser


@pytest.fixture(scope="module")
def site_url(built_site: BuildResult) -> Iterator[str]:
    yield from serve(built_site.site)


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:  # noqa: F811
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    yield context.new_page()
    context.close()


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:  # noqa: F811
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


def failed_requests(tab: Page, url: str) -> list[str]:
    """Load ``url`` and return every request that failed or went to another host."""
    host = re.match(r"https?://[^/]+/", url)
    assert host is not None
    failed: list[str] = []
    tab.on("requestfailed", lambda request: failed.append(f"failed {request.url}"))
    tab.on(
        "response",
        lambda response: response.status >= 400 and failed.append(f"{response.status} {response.url}"),
    )

    def elsewhere(route: Any) -> None:
        failed.append(f"other host {route.request.url}")
        route.abort()

    tab.route(re.compile(rf"^(?!{re.escape(host.group())}).*"), elsewhere)
    tab.goto(url, wait_until="load")
    tab.wait_for_timeout(500)  # scripts that start after load (Material's lookups)
    return failed


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    "path", ["", "journey/", "cases/{case}/", "tags/", "workshops/{workshop}/", "404.html"]
)
def test_no_request_fails_while_a_page_loads(page: Page, site_url: str, lang: str, path: str) -> None:
    address = site_url + LANGS[lang] + path.format(case=next(iter(CASES)), workshop=next(iter(WORKSHOPS)))
    assert failed_requests(page, address) == []


@pytest.mark.browser
def test_plural_forms_for_0_1_and_2_on_a_small_library(
    make_project: ProjectFactory,
    tmp_path: Path,
    browser: Browser,  # noqa: F811
) -> None:
    """Two cases that share a topic: the topics page shows 0, 1 and 2 cases, in both languages."""
    ids = sorted(CASES)
    refers = {
        case_id: set(CASES[case_id].get("related", []))
        | set(re.findall(r"case:([a-z0-9-]+)", (ROOT / f"cases/{case_id}.yaml").read_text(encoding="utf-8")))
        for case_id in ids
    }
    pair = next(
        (a, b)
        for a in ids
        for b in ids
        if a < b
        and refers[a] | refers[b] <= {a, b}
        and set(CASES[a].get("tags", [])) & set(CASES[b].get("tags", []))
        and set(CASES[a].get("tags", [])) ^ set(CASES[b].get("tags", []))
    )
    project = make_project({f"{case_id}.yaml": None for case_id in ids if case_id not in pair})
    for workshop in (project / "workshops").glob("*.yaml"):
        workshop.unlink()
    result = run_build(project, tmp_path / "site")
    assert result.returncode == 0, result.output
    tags = Counter(tag for case_id in pair for tag in CASES[case_id].get("tags", []))
    assert {tags[tag] for tag in TAGS} >= {0, 1, 2}
    for url in serve(result.site):
        context = browser.new_context()
        tab = context.new_page()
        for lang, prefix in LANGS.items():
            tab.goto(f"{url}{prefix}tags/")
            for count, text in CASE_COUNTS[lang].items():
                tag = next(tag for tag in TAGS if tags[tag] == count)
                entry = tab.locator(f"dl.cb-terms dt:has(a[href$='/{tag}/'])").first
                expect(entry.locator(".cb-terms__count")).to_have_text(text)
            tab.goto(f"{url}{prefix}cases/")
            expect(tab.locator("article p").first).to_contain_text(CASE_COUNTS[lang][2])
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_error_page_is_in_its_language_with_a_way_on(page: Page, site_url: str, lang: str) -> None:
    prefix = LANGS[lang]
    # A server shows the error page at the address that was not found, however deep.
    missing = f"{site_url}{prefix}no/such/page/"
    error_page = page.request.get(f"{site_url}{prefix}404.html").text()
    page.route(missing, lambda route: route.fulfill(status=404, body=error_page, content_type="text/html"))
    page.goto(missing)
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator("h1")).to_have_text({"en": "Page not found", "it": "Pagina non trovata"}[lang])
    expect(page.locator("input.md-search__input")).to_have_attribute(
        "placeholder", {"en": "Search", "it": "Cerca"}[lang]
    )
    # Search (Material opens its search with ?q=), the journey map and all cases, in this language.
    page.locator("#cb-notfound-query").fill("Amazon")
    page.locator(".cb-notfound-search button").click()
    page.wait_for_url(f"{site_url}{prefix}?q=Amazon")
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=15_000)
    page.goto(missing)
    page.locator(".cb-notfound-ways a").first.click()
    page.wait_for_url(f"{site_url}{prefix}journey/")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    page.goto(missing)
    expect(page.locator(".cb-notfound-ways a").nth(1)).to_have_attribute("href", f"/{prefix}cases/")


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_printed_case_links_show_number_and_short_address(page: Page, site_url: str, lang: str) -> None:
    case_id = next(
        case_id for case_id, case in CASES.items() if "case:" in yaml.safe_dump(case.get("lessons", []))
    )
    page.goto(f"{site_url}{LANGS[lang]}cases/{case_id}/")
    page.emulate_media(media="print")
    links = page.locator("article a.cb-case-link")
    assert links.count() > 0
    host = SITE_URL.split("://")[1]
    for link in links.all():
        if not link.is_visible():
            continue
        target = link.get_attribute("href").rstrip("/").split("/")[-1]
        after = link.evaluate("a => getComputedStyle(a, '::after').content")
        expected = f"CX-{number(target):04d} · {host}{LANGS[lang]}c/{number(target)}/"
        assert after == f'" ({expected})"', after


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_workshop_handout_has_qr_code_and_what_happened(page: Page, site_url: str, lang: str) -> None:
    for workshop_id, workshop in WORKSHOPS.items():
        page.goto(f"{site_url}{LANGS[lang]}workshops/{workshop_id}/")
        page.emulate_media(media="print")
        permanent = f"{SITE_URL}{LANGS[lang]}workshops/{workshop_id}/"
        qr = page.locator(".cb-permanent svg.segno")
        expect(qr).to_be_visible()
        expect(qr.locator("title")).to_have_text(permanent)
        expect(page.locator(".cb-permanent__url")).to_have_text(permanent)
        # Each moment line says what happened, in the words of the case.
        first_case = CASES[workshop["cases"][0]["case"]]
        first_words = " ".join(first_case["moments"][0]["text"][lang].split()[:3])
        expect(page.locator(".cb-workshop-case").first.locator(".cb-moment__excerpt").first).to_contain_text(
            first_words
        )


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_journey_map_prints_on_one_a4_landscape_page_with_every_column(
    browser: Browser,  # noqa: F811
    site_url: str,
    lang: str,
) -> None:
    # A4 landscape less the 10 mm margins, at 96 px an inch: 277 x 190 mm.
    context = browser.new_context(viewport={"width": 1047, "height": 718})
    tab = context.new_page()
    tab.goto(f"{site_url}{LANGS[lang]}journey/")
    tab.emulate_media(media="print")
    expect(tab.locator(".cb-journey__table")).to_be_visible()
    width = tab.evaluate("document.documentElement.clientWidth")
    edges = tab.locator(".cb-journey__table tfoot tr > *").evaluate_all(
        "cells => cells.map(cell => cell.getBoundingClientRect().right)"
    )
    touchpoints = {m["touchpoint"] for case in CASES.values() for m in case["moments"]}
    assert len(edges) == len(touchpoints) + 2  # the row header, each touchpoint, the total
    assert max(edges) <= width + 0.5, (max(edges), width)
    pdf = tab.pdf(prefer_css_page_size=True)
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert len(boxes) == 1 and float(boxes[0][0]) > float(boxes[0][1]), boxes  # one page, landscape
    context.close()


@pytest.mark.browser
def test_journey_map_with_every_touchpoint_fits_a4_landscape(
    make_project: ProjectFactory,
    tmp_path: Path,
    browser: Browser,  # noqa: F811
) -> None:
    """However many touchpoints the taxonomy has, all of them fit the printed map."""
    touchpoints = [
        t["id"] for t in yaml.safe_load((TAXONOMY / "touchpoints.yaml").read_text())["touchpoints"]
    ]
    case_id = next(iter(CASES))
    path = ROOT / "cases" / f"{case_id}.yaml"
    first_line, text = path.read_text(encoding="utf-8").split("\n", 1)
    data = yaml.safe_load(text)
    moment = data["moments"][0]
    data["moments"] = [{**moment, "touchpoint": touchpoint} for touchpoint in touchpoints]
    case_text = first_line + "\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    result = run_build(make_project({f"{case_id}.yaml": case_text}), tmp_path / "site")
    assert result.returncode == 0, result.output
    for url in serve(result.site):
        context = browser.new_context(viewport={"width": 1047, "height": 718})
        tab = context.new_page()
        for prefix in LANGS.values():
            tab.goto(f"{url}{prefix}journey/")
            tab.emulate_media(media="print")
            edges = tab.locator(".cb-journey__table tfoot tr > *").evaluate_all(
                "cells => cells.map(cell => cell.getBoundingClientRect().right)"
            )
            assert len(edges) == len(touchpoints) + 2
            assert max(edges) <= tab.evaluate("document.documentElement.clientWidth") + 0.5, max(edges)
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_targets_are_at_least_24_px_on_a_phone(phone: Page, site_url: str, lang: str) -> None:
    case_id = next(case_id for case_id, case in CASES.items() if case.get("tags"))
    phone.goto(f"{site_url}{LANGS[lang]}cases/{case_id}/")
    selectors = ".cb-copy-link, .cb-moment__where a, a.cb-tag, a.cb-chip, .cb-number a, .cb-footer-links a"
    sizes = phone.locator(selectors).evaluate_all(
        """els => els.map(e => {
            const r = e.getBoundingClientRect();
            return [e.className, e.textContent.trim(), r.width, r.height];
        })"""
    )
    assert len(sizes) > 5
    small = [size for size in sizes if size[2] < 24 or size[3] < 24]
    assert not small, small


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_bibtex_is_reached_with_the_keyboard(phone: Page, site_url: str, lang: str) -> None:
    phone.goto(f"{site_url}{LANGS[lang]}cases/{next(iter(CASES))}/")
    block = phone.locator("pre.cb-cite__bibtex")
    expect(block).to_have_attribute("tabindex", "0")
    expect(block).to_have_attribute("role", "region")
    assert block.get_attribute("aria-label")
    assert block.evaluate("pre => pre.scrollWidth > pre.clientWidth && getComputedStyle(pre).overflowX")
    block.focus()
    assert block.evaluate("pre => document.activeElement === pre")
    # The arrow keys scroll it (smoothly, so the position is awaited).
    for _ in range(3):
        phone.keyboard.press("ArrowRight")
    scrolled = "() => document.querySelector('pre.cb-cite__bibtex').scrollLeft > 0"
    phone.wait_for_function(scrolled, timeout=5000)


@pytest.mark.browser
def test_language_switcher_keeps_the_anchor(page: Page, site_url: str) -> None:
    case_id = next(case_id for case_id, case in CASES.items() if len(case["moments"]) >= 2)
    page.goto(f"{site_url}cases/{case_id}/#moment-2")
    page.locator(".md-header__option .md-select").hover()
    page.locator(".md-select__link[hreflang='it']").click()
    page.wait_for_url(f"{site_url}it/cases/{case_id}/#moment-2")


@pytest.mark.browser
def test_skip_link_lands_on_the_case_title(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}it/cases/{next(iter(CASES))}/")
    expect(page.locator("a.md-skip")).to_have_attribute("href", "#case-title")


@pytest.mark.browser
def test_journey_map_says_when_it_scrolls(browser: Browser, site_url: str) -> None:  # noqa: F811
    context = browser.new_context(viewport={"width": 768, "height": 900})
    tab = context.new_page()
    tab.goto(f"{site_url}journey/")
    region = tab.locator(".cb-journey")
    hint = tab.locator(".cb-journey__hint")
    # Whatever the library's size, the hint shows exactly when the table is wider than the screen.
    wider = region.evaluate("r => r.scrollWidth > r.clientWidth")
    expect(hint).to_be_visible() if wider else expect(hint).to_be_hidden()
    # No label breaks inside a word: each header is at least as wide as its longest word
    # (measured apart from the table, which a measuring element inside would widen).
    broken = tab.locator(".cb-journey__touchpoint a span").evaluate_all(
        """spans => spans.filter(span => span.textContent.split(/\\s+/).some(word => {
            const probe = document.createElement('span');
            probe.textContent = word;
            probe.style.cssText = 'position:absolute;white-space:nowrap;font:' + getComputedStyle(span).font;
            document.body.appendChild(probe);
            const wide = probe.getBoundingClientRect().width > span.getBoundingClientRect().width + 0.5;
            probe.remove();
            return wide;
        })).map(span => span.textContent)"""
    )
    assert broken == []
    # A table that fits has no hint; one wider than the screen has it, and a shade on the right.
    # Constructed style sheets: the page's security policy refuses an inline <style>, rightly.
    adopt = "css => { const s = new CSSStyleSheet(); s.replaceSync(css); document.adoptedStyleSheets = [s]; }"
    tab.evaluate(adopt, ".cb-journey__table :is(th, td):nth-child(n+3) { display: none; }")
    tab.evaluate("window.dispatchEvent(new Event('resize'))")
    expect(hint).to_be_hidden()
    tab.evaluate(adopt, ".cb-journey__table { min-width: 3000px; }")
    tab.evaluate("window.dispatchEvent(new Event('resize'))")
    expect(hint).to_be_visible()
    expect(tab.locator(".cb-journey-frame")).to_have_attribute("data-more", "right")
    context.close()


#: One page of each kind a reader lands on, by address below the language's root.
PAGE_KINDS = ("", "journey/", "explore/", "cases/", "workshops/", "stages/", "touchpoints/", "translations/")


@pytest.mark.browser
@pytest.mark.parametrize("width", [1366, 390])
def test_no_page_scrolls_sideways(browser: Browser, site_url: str, width: int) -> None:  # noqa: F811
    """Only a wide table scrolls, inside its own frame; the page itself never moves sideways."""
    context = browser.new_context(viewport={"width": width, "height": 800})
    tab = context.new_page()
    case, workshop = next(iter(CASES)), sorted(p.stem for p in (ROOT / "workshops").glob("*.yaml"))[0]
    moved = []
    for prefix in LANGS.values():
        for path in (*PAGE_KINDS, f"cases/{case}/", f"workshops/{workshop}/"):
            tab.goto(f"{site_url}{prefix}{path}")
            if tab.evaluate("() => { window.scrollTo(10000, 0); return window.scrollX; }"):
                moved.append(f"{prefix}{path}")
    assert moved == []
    context.close()


@pytest.mark.browser
def test_the_site_stores_what_the_publisher_page_says_and_nothing_more(page: Page, site_url: str) -> None:
    """No cookies; in local storage at most the colour scheme (Material's palette); nothing per session."""
    for path in ("", f"it/cases/{next(iter(CASES))}/", "journey/"):
        page.goto(site_url + path)
        page.locator(".md-search__input").first.click()
        page.keyboard.type("Amazon")
        expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=15_000)
    assert page.context.cookies() == []
    stored = page.evaluate("[Object.keys(localStorage), Object.keys(sessionStorage)]")
    assert all(key.endswith("__palette") for key in stored[0]) and stored[1] == [], stored
    for lang in LANGS:
        text = " ".join((ROOT / "docs" / LANGS[lang] / "publisher.md").read_text(encoding="utf-8").split())
        assert {"en": "colour scheme", "it": "combinazione di colori"}[lang] in text
