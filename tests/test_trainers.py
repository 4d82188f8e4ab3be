"""What trainers and readers reuse: numbers, permanent links, print, citations, exports, feeds."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from pathlib import Path

import pytest
import segno
import yaml
from casebook.pages.exports import FEED_SIZE
from playwright.sync_api import Browser, Page, expect

from tests.conftest import ROOT, SITE_URL, BuildResult, ProjectFactory, run_build
from tests.test_browser import browser, serve  # noqa: F401  (fixtures)

CASES = {
    path.stem: yaml.safe_load(path.read_text(encoding="utf-8")) for path in (ROOT / "cases").glob("*.yaml")
}
LANGS = {"en": "", "it": "it/"}


def test_case_page_shows_number_and_citation(built_site: BuildResult) -> None:
    for case_id, case in CASES.items():
        for lang, prefix in LANGS.items():
            page = built_site.html(f"{prefix}cases/{case_id}/")
            code = f"CX-{case['number']:04d}"
            assert page.select_one(".cb-number").get_text(strip=True) == code
            permanent = f"{SITE_URL}{prefix}cases/{case_id}/"
            text = page.select_one(".cb-cite__text").get_text()
            assert code in text and permanent in text and case["title"][lang] in text
            bibtex = page.select_one(".cb-cite__bibtex").get_text()
            assert bibtex.startswith(f"@misc{{casebook-{code.lower()}-{lang},")
            assert f"\\url{{{permanent}}}" in bibtex and "year = {2026}" in bibtex
            assert bibtex.count("{") == bibtex.count("}")
            # The printout's QR code holds the short address, which redirects to the case.
            short = f"{SITE_URL}{prefix}c/{case['number']}/"
            qr = page.select_one(".cb-permanent svg.segno")
            assert qr is not None and qr.title is not None and qr.title.get_text() == short
            drawn = qr.select_one("path")["d"]
            assert drawn in segno.make(short, error="m", micro=False).svg_inline(scale=3)


def test_cases_json_holds_every_case_in_both_languages(built_site: BuildResult) -> None:
    text = (built_site.site / "cases.json").read_text(encoding="utf-8")
    data = json.loads(text)
    # Joined from per-case pieces, it reads as one json.dumps of the whole would.
    assert text == json.dumps(data, ensure_ascii=False) + "\n"
    assert data["count"] == len(CASES) == len(data["cases"])
    for record in data["cases"]:
        case = CASES[record["id"]]
        assert record["number"] == case["number"]
        assert record["urls"] == {
            lang: f"{SITE_URL}{prefix}cases/{record['id']}/" for lang, prefix in LANGS.items()
        }
        assert record["title"] == {lang: case["title"][lang] for lang in LANGS}
        stages = [moment["stage"]["id"] for moment in record["moments"]]
        assert stages == [moment["stage"] for moment in case["moments"]]
        assert set(record["moments"][0]["stage"]["label"]) == {"en", "it"}
        assert [source["url"] for source in record["sources"]] == [
            source.get("url") for source in case["sources"]
        ]
    published = (built_site.site / data["schema"]).read_text(encoding="utf-8")
    assert published == (ROOT / "plugins/casebook/schemas/case.schema.json").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", LANGS)
def test_atom_feed_lists_cases_in_its_language(built_site: BuildResult, lang: str) -> None:
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ElementTree.parse(built_site.site / LANGS[lang] / "feed.xml").getroot()
    entries = feed.findall(f"{atom}entry")
    # The newest cases, as many as the feed holds (by publication date, then id).
    newest = sorted(CASES.values(), key=lambda case: (str(case["published"]), case["id"]), reverse=True)
    assert len(entries) == min(len(CASES), FEED_SIZE)
    titles = {entry.findtext(f"{atom}title") for entry in entries}
    for case in newest[: len(entries)]:
        assert f"CX-{case['number']:04d} · {case['title'][lang]}" in titles
    links = [entry.find(f"{atom}link").get("href") for entry in entries]
    assert all(link.startswith(f"{SITE_URL}{LANGS[lang]}cases/") for link in links)


@pytest.fixture(scope="module")
def site_url(built_site: BuildResult) -> Iterator[str]:
    yield from serve(built_site.site)


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:  # noqa: F811
    context = browser.new_context()
    yield context.new_page()
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_short_address_leads_to_the_case(page: Page, site_url: str, lang: str) -> None:
    page.goto(f"{site_url}{LANGS[lang]}c/3/")
    page.wait_for_url(f"{site_url}{LANGS[lang]}cases/boots-leappad-out-of-stock/")
    expect(page.locator("h1")).to_have_text(CASES["boots-leappad-out-of-stock"]["title"][lang])


@pytest.mark.browser
def test_old_id_redirects_in_both_languages(
    make_project: ProjectFactory,
    tmp_path: Path,
    browser: Browser,  # noqa: F811
) -> None:
    text = (ROOT / "cases/boots-leappad-out-of-stock.yaml").read_text(encoding="utf-8")
    renamed = text.replace("\nnumber: 3\n", "\nnumber: 3\nold_ids: [boots-christmas-toy]\n", 1)
    project = make_project({"boots-leappad-out-of-stock.yaml": renamed})
    result = run_build(project, tmp_path / "site", "--strict")
    assert result.returncode == 0, result.output
    for url in serve(result.site):
        context = browser.new_context()
        tab = context.new_page()
        for prefix in LANGS.values():
            tab.goto(f"{url}{prefix}cases/boots-christmas-toy/#moment-2")
            tab.wait_for_url(f"{url}{prefix}cases/boots-leappad-out-of-stock/#moment-2")
        context.close()


#: The cases most likely to run over two pages: the longest files (text and sources) and the
#: shortest, whatever the library holds. Printing all of them took most of the test run.
LONGEST = sorted(CASES, key=lambda case_id: (ROOT / "cases" / f"{case_id}.yaml").stat().st_size)
PRINTED = sorted({*LONGEST[-6:], LONGEST[0]})


@pytest.mark.browser
@pytest.mark.parametrize("case_id", PRINTED)
@pytest.mark.parametrize("lang", LANGS)
def test_case_prints_on_at_most_two_a4_pages(page: Page, site_url: str, case_id: str, lang: str) -> None:
    page.goto(f"{site_url}{LANGS[lang]}cases/{case_id}/")
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-sidebar--primary", ".md-footer", ".md-search", ".cb-copy-link"):
        assert all(not element.is_visible() for element in page.locator(chrome).all()), chrome
    expect(page.locator(".cb-permanent svg.segno")).to_be_visible()
    expect(page.locator(".cb-permanent__url")).to_have_text(f"{SITE_URL}{LANGS[lang]}cases/{case_id}/")
    # The journey strip reads without colour: every moment says its outcome in words.
    for badge in page.locator(".cb-moment .cb-outcome").all():
        assert re.search(r"\w", badge.inner_text())
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    assert 1 <= len(re.findall(rb"/Type\s*/Page[^s]", pdf)) <= 2
