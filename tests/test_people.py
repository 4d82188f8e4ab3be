# ruff: noqa: F811  (the fixtures of test_browser, imported, are parameters here)
"""Search and the explorer used the way people use them: with the mouse at 1366 px and by
touch at 390 px, in both languages, counting as seen only what a person could see and click
(tests/seen.py). Expectations come from the built site's ``cases.json``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlencode, urlparse

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Browser, Page, expect

from tests.conftest import BuildResult
from tests.seen import expect_seen, seen
from tests.test_browser import browser, site_url  # noqa: F401  (fixtures)
from tests.test_search import (
    LANGUAGES,
    distinctive_title_word,
    explorer_results,
    library,
    matching,
    moment_values,
    texts,
)

#: A desktop with the mouse, and a phone by touch.
SCREENS = {"desktop": {"width": 1366, "height": 800}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(params=list(SCREENS))
def screen(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def tab(browser: Browser, screen: str) -> Iterator[Page]:
    touch = screen == "phone"
    context = browser.new_context(viewport=SCREENS[screen], is_mobile=touch, has_touch=touch)
    page = context.new_page()
    yield page
    context.close()


def on_phone(tab: Page) -> bool:
    return bool(tab.viewport_size and tab.viewport_size["width"] < 600)


def press(tab: Page, selector: str) -> None:
    """Tap on a phone, click with the mouse on a desktop."""
    target = tab.locator(selector).first
    if on_phone(tab):
        target.tap()
    else:
        target.click()


def open_search(tab: Page) -> None:
    """Into the header's search box as a person gets there: a click on it, or a tap on its icon."""
    if on_phone(tab):
        tab.locator("label.md-header__button[for='__search']").tap()
    else:
        tab.locator("input.md-search__input").click()
    expect(tab.locator("input.md-search__input")).to_be_focused()


def absent_word(cases: list[dict[str, Any]], lang: str) -> tuple[str, str]:
    """A word no case has in ``lang``, made of the start of a word they have and letters no word has after it.

    Pagefind answers a word it does not index with the longest indexed word that starts it.
    """
    words = set(re.findall(r"[^\W\d_]+", " ".join(texts(cases, lang)).casefold()))
    start = next(word for word in sorted(words) if len(word) == 3 and word.isascii())
    word = f"{start}zqxv"
    assert not any(other.startswith(word[:4]) for other in words)
    return start, word


# ---- The header's search box ----


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_case_is_the_first_result_seen_for_a_word_of_its_title(
    built_site: BuildResult, tab: Page, site_url: str, lang: str
) -> None:
    cases = library(built_site)
    case = next(case for case in cases if distinctive_title_word(cases, case, lang))
    word = distinctive_title_word(cases, case, lang)
    assert word
    tab.goto(f"{site_url}{LANGUAGES[lang]}about/")
    open_search(tab)
    tab.keyboard.type(word, delay=20)
    first = tab.locator(".md-search-result__item").first
    expect_seen(first.locator("h1"))
    expect(first.locator("h1")).to_have_text(case["title"][lang])
    # The case's fields, each on its own: company, year, overall outcome.
    expect(first.locator(".cb-fields__field--company dd")).to_have_text(case["company"]["name"])
    expect(first.locator(".cb-fields__field--outcome dd")).to_have_text(case["outcome"]["label"][lang])
    if case["when"] != "unknown":
        expect(first.locator(".cb-fields__field--year dd")).to_have_text(case["when"][:4])
    # Material's keys: the arrow goes to the first result, Escape closes the search.
    tab.keyboard.press("ArrowDown")
    expect(first.locator("a")).to_be_focused()
    tab.keyboard.press("Escape")
    tab.wait_for_timeout(400)  # Material's closing transition
    assert not seen(first.locator("h1"))
    # Opened again, Enter opens the first result.
    open_search(tab)
    expect_seen(first.locator("h1"))
    tab.keyboard.press("Enter")
    tab.wait_for_url(f"**/{LANGUAGES[lang]}cases/{case['id']}/**")


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_word_no_case_has_is_a_miss_not_a_prefix_match(
    built_site: BuildResult, tab: Page, site_url: str, lang: str
) -> None:
    cases = library(built_site)
    start, word = absent_word(cases, lang)
    tab.goto(f"{site_url}{LANGUAGES[lang]}")
    # Pagefind itself finds pages for it: those with the word it starts with.
    found = tab.evaluate(
        """async ([bundle, word]) => {
            const pagefind = await import(new URL(bundle, location.href).href);
            return (await pagefind.search(word)).results.length;
        }""",
        [f"{site_url}{LANGUAGES[lang]}pagefind/pagefind.js", word],
    )
    assert found > 0, f"Pagefind no longer puts {start!r} for {word!r}: the guard may go"
    open_search(tab)
    tab.keyboard.type(word, delay=20)
    meta = tab.locator(".cb-search .md-search-result__meta")
    expect(meta).to_contain_text(word, timeout=15_000)
    expect_seen(meta)
    expect(tab.locator(".md-search-result__item")).to_have_count(0)
    tab.goto(f"{site_url}{LANGUAGES[lang]}explore/?{urlencode({'q': word})}")
    status = tab.locator(".cb-explorer__status")
    expect(status).to_contain_text(word, timeout=15_000)
    expect(tab.locator(".cb-card")).to_have_count(0)


def word_of_one_language(cases: list[dict[str, Any]], lang: str) -> str:
    """A long word of the cases' ``lang`` text whose first six letters no text of the other language has."""
    other = " ".join(texts(cases, "it" if lang == "en" else "en")).casefold()
    return next(
        word
        for case in cases
        for word in re.findall(r"[^\W\d_]{8,}", case["summary"][lang] or "")
        if word.casefold()[:6] not in other
    )


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGUAGES)
def test_words_of_the_other_language_lead_there_from_the_search_box_and_the_explorer(
    built_site: BuildResult, tab: Page, site_url: str, lang: str
) -> None:
    other = "it" if lang == "en" else "en"
    word = word_of_one_language(library(built_site), other)
    tab.goto(f"{site_url}{LANGUAGES[lang]}")
    open_search(tab)
    tab.keyboard.type(word, delay=20)
    offer = tab.locator(".cb-search__other a")
    expect_seen(offer)
    tab.goto(f"{site_url}{LANGUAGES[lang]}explore/?{urlencode({'q': word})}")
    offer = tab.locator(".cb-explorer__other a")
    expect_seen(offer)
    press(tab, ".cb-explorer__other a")
    tab.wait_for_url(re.compile(rf"/{LANGUAGES[other]}explore/\?q="))
    expect(tab.locator("html")).to_have_attribute("lang", other)
    expect_seen(tab.locator(".cb-card__title"))


# ---- The explorer ----


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGUAGES)
def test_explorer_results_are_in_the_first_screen(tab: Page, site_url: str, lang: str) -> None:
    tab.goto(f"{site_url}{LANGUAGES[lang]}explore/")
    expect_seen(tab.locator(".cb-explorer__status"))
    expect_seen(tab.locator(".cb-card__title"))


def a_phone_search(cases: list[dict[str, Any]]) -> dict[str, list[str]]:
    """A journey cell, a moment outcome and a sector that some cases have together ("the support
    calls that failed at an airline"), preferably one where each filter keeps fewer cases."""
    candidates = []
    for case in cases:
        for values in map(moment_values, case["moments"]):
            if case["sector"]:
                candidates.append(
                    {"cell": [values["cell"]], "moment": [values["moment"]], "sector": [case["sector"]["id"]]}
                )
    if not candidates:
        pytest.skip("no case has a sector")

    def narrows(chosen: dict[str, list[str]]) -> bool:
        steps = [len(matching(cases, dict(list(chosen.items())[:size]))) for size in range(4)]
        return steps == sorted(set(steps), reverse=True)

    return next((chosen for chosen in candidates if narrows(chosen)), candidates[0])


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGUAGES)
def test_on_a_phone_three_filters_take_four_taps_and_the_results_stay_in_sight(
    built_site: BuildResult, browser: Browser, site_url: str, lang: str
) -> None:
    cases = library(built_site)
    chosen = a_phone_search(cases)
    context = browser.new_context(viewport=SCREENS["phone"], is_mobile=True, has_touch=True)
    tab = context.new_page()
    tab.goto(f"{site_url}{LANGUAGES[lang]}explore/")
    status = tab.locator(".cb-explorer__status")
    expect(status).not_to_be_empty()
    # Results first: the first card is on the first screen, the filters are behind one button.
    expect_seen(tab.locator(".cb-card__title"))
    assert not seen(tab.locator(".cb-facet input"))
    tab.locator(".cb-explorer__open-filters").tap()
    taps = 1
    for key, (value,) in chosen.items():
        option = tab.locator(f".cb-facet input[name='{key}'][value='{value}']")
        # A touch target of 44 px or more: the option's whole row.
        row = option.locator("xpath=ancestor::label").bounding_box()
        assert row and row["height"] >= 44, (key, row)
        option.tap()
        taps += 1
        expect(option).to_be_checked()
        # The count, in sight above the sheet, says what the tap changed.
        expect_seen(status)
        done = {name: chosen[name] for name in list(chosen)[: taps - 1]}
        expect(status).to_contain_text(str(len(matching(cases, done))))
    assert taps <= 4
    expect_seen(tab.locator(".cb-card__title"))
    assert parse_qs(urlparse(tab.url).query) == chosen
    expect(tab.locator(".cb-explorer__open-filters")).to_contain_text("3")
    show = tab.locator(".cb-explorer__show")
    expect(show).to_contain_text(str(len(matching(cases, chosen))))
    show.tap()
    assert not seen(tab.locator(".cb-facet input"))
    assert sorted(explorer_results(tab)) == sorted(matching(cases, chosen))
    context.close()


@pytest.mark.browser
def test_unknown_values_in_the_address_are_named_and_removed(
    built_site: BuildResult, tab: Page, site_url: str
) -> None:
    stage = library(built_site)[0]["moments"][0]["stage"]["id"]
    tab.goto(f"{site_url}explore/?stage=nonsense&touchpoint=PHONE&stage={stage}&colour=red")
    notice = tab.locator(".cb-explorer__notice")
    expect_seen(notice)
    for value in ("stage=nonsense", "touchpoint=PHONE", "colour=red"):
        expect(notice).to_contain_text(value)
    expect(tab).to_have_url(re.compile(rf"/explore/\?stage={stage}$"))
    assert sorted(explorer_results(tab)) == sorted(matching(library(built_site), {"stage": [stage]}))


@pytest.mark.browser
def test_the_year_is_a_range(built_site: BuildResult, tab: Page, site_url: str) -> None:
    cases = library(built_site)
    years = sorted({case["when"][:4] for case in cases if case["when"] != "unknown"})
    low, high = years[len(years) // 4], years[3 * len(years) // 4]
    tab.goto(f"{site_url}explore/")
    if on_phone(tab):
        tab.locator(".cb-explorer__open-filters").tap()
    tab.locator("select[name='year_from']").select_option(low)
    tab.locator("select[name='year_to']").select_option(high)
    expect(tab).to_have_url(re.compile(rf"year_from={low}&year_to={high}"))
    if on_phone(tab):
        tab.locator(".cb-explorer__show").tap()
    expected = {case["id"] for case in cases if case["when"] != "unknown" and low <= case["when"][:4] <= high}
    assert sorted(explorer_results(tab)) == sorted(expected)
    # An address of single years is their range.
    tab.goto(f"{site_url}explore/?year={low}&year={high}")
    expect(tab).to_have_url(re.compile(rf"year_from={low}&year_to={high}"))
    assert sorted(explorer_results(tab)) == sorted(expected)


@pytest.mark.browser
def test_each_year_of_the_range_says_how_many_cases_it_has(
    built_site: BuildResult, tab: Page, site_url: str
) -> None:
    """As the other filters' options do: the cases of that year that the other filters keep."""
    cases = library(built_site)
    outcome = cases[0]["outcome"]["id"]
    tab.goto(f"{site_url}explore/?{urlencode({'outcome': outcome})}")
    explorer_results(tab)
    kept = [case for case in cases if case["outcome"]["id"] == outcome]
    for name in ("year_from", "year_to"):
        options = tab.locator(f"select[name='{name}'] option:not([value=''])")
        values = options.evaluate_all("options => options.map(option => option.value)")
        shown = dict(zip(values, options.all_inner_texts(), strict=True))
        for year, text in shown.items():
            count = sum(case["when"][:4] == year for case in kept)
            assert text.strip() == f"{year} ({count})", (name, year, text)


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_phone_filter_sheet_keeps_the_keyboard_until_escape(
    browser: Browser, site_url: str, lang: str
) -> None:
    """Tab and Shift+Tab go round the sheet's controls and never leave it; Escape closes
    it and gives the focus back to the button that opened it."""
    context = browser.new_context(viewport=SCREENS["phone"], is_mobile=True, has_touch=True)
    tab = context.new_page()
    tab.goto(f"{site_url}{LANGUAGES[lang]}explore/")
    expect_seen(tab.locator(".cb-card__title"))
    button = tab.locator(".cb-explorer__open-filters")
    button.focus()
    tab.keyboard.press("Enter")
    sheet = tab.locator(".cb-explorer__filters")
    expect(sheet).to_have_attribute("role", "dialog")
    inside = "() => document.querySelector('.cb-explorer__filters').contains(document.activeElement)"
    controls = sheet.locator("summary, input:not([disabled]), select, button").count()
    for key in ("Tab", "Shift+Tab"):
        for _ in range(controls + 2):
            tab.keyboard.press(key)
            focused = tab.evaluate("document.activeElement.outerHTML")
            assert tab.evaluate(inside), f"{key} left the sheet for {focused}"
    tab.keyboard.press("Escape")
    expect(sheet).not_to_have_attribute("role", "dialog")
    expect(button).to_be_focused()
    assert not seen(tab.locator(".cb-facet input"))
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_card_strip_has_a_legend_marks_the_matching_moments_and_answers_a_tap(
    built_site: BuildResult, tab: Page, site_url: str, lang: str
) -> None:
    cases = {case["id"]: case for case in library(built_site)}
    moment = next(iter(cases.values()))["moments"][0]
    chosen = {"stage": [moment["stage"]["id"]], "moment": [moment["outcome"]["id"]]}
    tab.goto(f"{site_url}{LANGUAGES[lang]}explore/?{urlencode(chosen, doseq=True)}")
    expect_seen(tab.locator(".cb-explorer__legend"))
    expect_seen(tab.locator(".cb-explorer__legend-match"))
    listed = explorer_results(tab)
    for position, case_id in enumerate(listed[:5]):
        strip = tab.locator(".cb-card").nth(position).locator(".cb-card__moment")
        expected = [
            values["stage"] in chosen["stage"] and values["moment"] in chosen["moment"]
            for values in map(moment_values, cases[case_id]["moments"])
        ]
        marked = strip.evaluate_all("items => items.map(i => i.classList.contains('cb-card__moment--match'))")
        assert marked == expected, case_id
    first = tab.locator(".cb-card").first
    button = first.locator(".cb-card__moment-button").first
    button.scroll_into_view_if_needed()
    if on_phone(tab):
        box = button.bounding_box()
        assert box and box["width"] >= 44 and box["height"] >= 44
        button.tap()
    else:
        button.click()
    said = first.locator(".cb-card__moment-text")
    expect_seen(said)
    first_moment = cases[listed[0]]["moments"][0]
    expect(said).to_contain_text(first_moment["stage"]["label"][lang])


# ---- The home page ----


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_home_page_leads_to_the_explorer_and_lists_the_latest_events(
    built_site: BuildResult, tab: Page, site_url: str, lang: str
) -> None:
    tab.goto(f"{site_url}{LANGUAGES[lang]}")
    explore = tab.locator(".cb-entry a[href$='explore/']")
    expect_seen(explore)
    press(tab, ".cb-entry a[href$='explore/']")
    tab.wait_for_url(re.compile(r"/explore/$"))
    tab.go_back()
    listed = tab.locator("#newest ~ .cb-cases .cb-case-link").evaluate_all("links => links.map(a => a.href)")
    ids = [urlparse(link).path.rstrip("/").rsplit("/", 1)[-1] for link in listed]
    when = {case["id"]: case["when"] for case in library(built_site)}
    dated = sorted((value for value in when.values() if value != "unknown"), reverse=True)
    assert [when[case_id] for case_id in ids] == dated[: len(ids)]


# ---- What search reads ----


def test_search_reads_the_case_and_not_the_page_furniture(built_site: BuildResult) -> None:
    """No label of a case page (notices, headings, places, source details) is in what Pagefind indexes."""
    for lang, prefix in LANGUAGES.items():
        for case in library(built_site):
            html = BeautifulSoup(
                (built_site.site / prefix / "cases" / case["id"] / "index.html").read_text("utf-8"),
                "html.parser",
            )
            body = html.select_one("[data-pagefind-body]")
            assert body is not None
            furniture = [
                *(item.get_text(" ", strip=True) for item in body.select("h2")),
                *(item.get_text(" ", strip=True) for item in body.select(".admonition-title")),
                *(
                    item.get_text(" ", strip=True)
                    for item in body.select(".cb-moment__where, .cb-source__meta")
                ),
            ]
            for ignored in body.select("[data-pagefind-ignore]"):
                ignored.decompose()
            for hidden in body.select("[hidden]"):
                hidden.decompose()
            indexed = body.get_text(" ", strip=True)
            for text in furniture:
                assert text not in indexed, (case["id"], lang, text)
            if case["title"][lang]:
                assert case["title"][lang] in indexed


def test_the_overall_outcome_says_whether_a_failure_was_put_right(built_site: BuildResult) -> None:
    for case in library(built_site):
        outcomes = [moment["outcome"]["id"] for moment in case["moments"]]
        first_failure = outcomes.index("failure") if "failure" in outcomes else None
        expected = (
            "success"
            if first_failure is None
            else "recovered"
            if "success" in outcomes[first_failure:]
            else "failure"
        )
        assert case["outcome"]["id"] == expected, case["id"]
