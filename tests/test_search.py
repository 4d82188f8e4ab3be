# ruff: noqa: F811  (the fixtures of test_browser, imported, are parameters here)
"""Pagefind search and the case explorer, on the built site and in Chromium, in both languages.

Every expectation comes from the library itself (``cases.json`` of the built site),
so the tests hold however many cases there are.
"""

from __future__ import annotations

import json
import re
import threading
from itertools import accumulate
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlparse

import pytest
import yaml
from casebook.plugin.search import BackgroundTask
from playwright.sync_api import Browser, Page, expect

from tests.conftest import ROOT, BuildResult
from tests.test_a11y import AXE, blocking_violations, format_violations
from tests.test_browser import browser, page, site_url  # noqa: F401  (fixtures)
from tests.test_serve import CASE as SERVED_CASE
from tests.test_serve import fetch, server, wait_for  # noqa: F401  (fixture)

LANGUAGES = {"en": "", "it": "it/"}
#: What Material's lunr search wrote on results whose query word it had stemmed away.
MISSING = {"en": "Missing", "it": "Non presente"}


def library(built_site: BuildResult) -> list[dict[str, Any]]:
    """Every case as the built site exports it."""
    return list(json.loads((built_site.site / "cases.json").read_text(encoding="utf-8"))["cases"])


def texts(value: Any, lang: str) -> list[str]:
    """Every text in ``lang`` in a structure of cases.json."""
    if isinstance(value, dict):
        return [
            item
            for key, inner in value.items()
            for item in ([inner] if key == lang and isinstance(inner, str) else texts(inner, lang))
        ]
    if isinstance(value, list):
        return [item for inner in value for item in texts(inner, lang)]
    return []


def indexed(path: Path) -> bool:
    return "data-pagefind-body" in path.read_text(encoding="utf-8")


# ---- The built site: what is indexed, and where ----


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_language_has_its_own_pagefind_bundle(built_site: BuildResult, lang: str) -> None:
    bundle = built_site.site / LANGUAGES[lang] / "pagefind"
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == [lang]
    for name in ("pagefind.js", "pagefind-highlight.js", f"wasm.{lang}.pagefind"):
        assert (bundle / name).is_file(), name
    # The bundle holds exactly the pages of its language that mark their content for search.
    others = [LANGUAGES[other] for other in LANGUAGES if other != lang and LANGUAGES[other]]
    pages = [
        path
        for path in (built_site.site / LANGUAGES[lang]).rglob("*.html")
        if not any(path.relative_to(built_site.site).as_posix().startswith(prefix) for prefix in others)
    ]
    assert entry["languages"][lang]["page_count"] == sum(map(indexed, pages))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_search_indexes_cases_workshops_and_reader_pages_only(built_site: BuildResult, lang: str) -> None:
    root = built_site.site / LANGUAGES[lang]
    for case in library(built_site):
        assert indexed(root / "cases" / case["id"] / "index.html"), case["id"]
    for workshop in (root / "workshops").glob("*/index.html"):
        assert indexed(workshop), workshop
    for reader in ("about", "methodology"):
        assert indexed(root / reader / "index.html"), reader
    # Lists, pagers, the journey map, redirects, the explorer and contributors' pages.
    left_out = [root / "index.html", root / "cases" / "index.html", root / "workshops" / "index.html"]
    for folder in ("stages", "touchpoints", "outcomes", "companies", "tags", "journey", "translations", "c"):
        left_out += (root / folder).rglob("*.html")
    left_out += (root / "cases").glob("page/**/*.html")
    for page_name in ("explore", "contributing", "benchmarks"):
        left_out.append(root / page_name / "index.html")
    assert len(left_out) > 10
    for path in left_out:
        assert not indexed(path), path


def test_pages_load_search_from_this_site_only(built_site: BuildResult) -> None:
    scripts = built_site.site / "assets/javascripts"
    modules = [scripts / "casebook-search.js", scripts / "labels.js"]
    modules += [*(scripts / "search").glob("*.js"), *(scripts / "explorer").glob("*.js")]
    assert len(modules) > 4
    for module in modules:
        script = module.read_text(encoding="utf-8")
        assert "http://" not in script and "https://" not in script, module
    html = built_site.html("it/cases/")
    settings = json.loads(html.select_one(".cb-search__settings").string)
    assert settings["settings"]["bundle"] == "it/pagefind/"
    assert settings["base"] == "../.."


# ---- In Chromium ----


def pagefind_search(page: Page, query: str, reordered: bool = True) -> list[str]:
    """Paths of the results of ``query`` in the page's language, best first.

    As the search box lists them, typed into the box as a person does, or, with
    ``reordered=False``, as Pagefind ranks them with the site's ranking settings, before
    the box puts exact title and company matches first.
    """
    if reordered:
        box = page.locator("input.md-search__input").first
        box.click()
        # The box says "Searching…" from the keystroke until its results are drawn.
        box.fill(query)
        page.wait_for_function(
            """() => {
                const {settings} = JSON.parse(document.querySelector(".cb-search__settings").textContent);
                const meta = document.querySelector(".cb-search .md-search-result__meta").textContent;
                return meta && meta !== settings.labels.loading;
            }"""
        )
        links = page.locator(".cb-search .md-search-result__item a")
        return [urlparse(href).path for href in links.evaluate_all("links => links.map(a => a.href)")]
    found = page.evaluate(
        """async (query) => {
            const {settings} = JSON.parse(document.querySelector(".cb-search__settings").textContent);
            const pagefind = await import(new URL("pagefind/pagefind.js", location.href).href);
            await pagefind.options({baseUrl: location.href, ranking: settings.ranking});
            const search = await pagefind.search(query);
            return Promise.all(search.results.slice(0, 5).map(async r => (await r.data()).url));
        }""",
        query,
    )
    return [urlparse(url).path for url in found]


def distinctive_title_word(cases: list[dict[str, Any]], case: dict[str, Any], lang: str) -> str | None:
    """A word of the case's title whose first five letters no other case's title or summary has.

    Five letters stand in for the word's stem: search finds "guest" for "guests".
    """
    others = " ".join(
        f"{other['title'][lang] or ''} {other['summary'][lang] or ''}"
        for other in cases
        if other["id"] != case["id"]
    ).casefold()
    words = re.findall(r"[^\W\d_]{6,}", case["title"][lang] or "")
    unique = [word for word in words if word.casefold()[:5] not in others]
    return max(unique, key=len) if unique else None


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_case_comes_first_for_its_company_and_its_title_words(
    built_site: BuildResult,
    page: Page,
    site_url: str,
    lang: str,
) -> None:
    cases = library(built_site)
    page.goto(f"{site_url}{LANGUAGES[lang]}")
    checked = 0
    for case in cases:
        own = f"/{LANGUAGES[lang]}cases/{case['id']}/"
        # The company's own cases, and cases whose title names it (a title weighs most):
        # "Poste Italiane" may first find the vaccine bookings that Poste Italiane took over.
        of_company = {
            f"/{LANGUAGES[lang]}cases/{other['id']}/"
            for other in cases
            if other["company"]["name"] == case["company"]["name"]
            or case["company"]["name"].casefold() in other["title"][lang].casefold()
        }
        results = pagefind_search(page, case["company"]["name"])
        assert results and results[0] in of_company, (case["company"]["name"], results)
        word = distinctive_title_word(cases, case, lang)
        if word:
            # Pagefind's own ranking puts it first: the title's weight, not how often it is said.
            results = pagefind_search(page, word, reordered=False)
            assert results and results[0] == own, (word, results)
            checked += 1
    assert checked >= len(cases) / 2


def header_search(page: Page, query: str) -> list[str]:
    """Type ``query`` into the header's search box; return the result links' paths."""
    page.locator("body").press("/")
    expect(page.locator("input.md-search__input")).to_be_focused()
    page.keyboard.type(query, delay=20)
    results = page.locator(".md-search-result__item a")
    expect(results.first).to_be_visible(timeout=15_000)
    return [urlparse(href).path for href in results.evaluate_all("links => links.map(a => a.href)")]


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGUAGES)
def test_header_search_shows_the_case_and_highlights_the_words_on_its_page(
    built_site: BuildResult,
    page: Page,
    site_url: str,
    lang: str,
) -> None:
    cases = library(built_site)
    case = next(case for case in cases if distinctive_title_word(cases, case, lang))
    word = distinctive_title_word(cases, case, lang)
    assert word
    page.goto(f"{site_url}{LANGUAGES[lang]}about/")
    expect(page.locator("input.md-search__input")).to_have_attribute(
        "placeholder", {"en": "Search", "it": "Cerca"}[lang]
    )
    paths = header_search(page, word)
    assert paths[0] == f"/{LANGUAGES[lang]}cases/{case['id']}/"
    first = page.locator(".md-search-result__item").first
    expect(first.locator("h1")).to_have_text(case["title"][lang])
    expect(first.locator(".cb-search__details")).to_contain_text(case["company"]["name"])
    # No result calls a word missing, and every result shows a word of the query.
    for item in page.locator(".md-search-result__item").all():
        assert MISSING[lang] not in item.inner_text()
        assert item.locator("mark").count() > 0 or word.casefold() in item.inner_text().casefold()
    first.locator("a").click()
    page.wait_for_url(f"**/{LANGUAGES[lang]}cases/{case['id']}/**")
    expect(page.locator("[data-pagefind-body] mark.pagefind-highlight").first).to_be_visible()


@pytest.mark.browser
def test_a_query_found_only_in_the_other_language_links_there(
    built_site: BuildResult,
    page: Page,
    site_url: str,
) -> None:
    cases = library(built_site)
    english = " ".join(texts(cases, "en")).casefold()
    # From the Italian of cases written in English: their English pages show no Italian text.
    words = (
        word
        for case in cases
        if case["language"] == "en"
        for word in re.findall(r"[^\W\d_]{7,}", f"{case['title']['it']} {case['summary']['it']}")
        if word.casefold()[:5] not in english
    )
    word = next(words)
    page.goto(site_url)
    page.locator("body").press("/")
    page.keyboard.type(word, delay=20)
    other = page.locator(".cb-search__other")
    expect(other).to_be_visible(timeout=15_000)
    expect(other).to_contain_text("Italiano")
    expect(page.locator(".md-search-result__item")).to_have_count(0)
    other.locator("a").click()
    page.wait_for_url(re.compile(rf"^{re.escape(site_url)}it/\?search="))
    expect(page.locator("html")).to_have_attribute("lang", "it")
    expect(page.locator("input.md-search__input")).to_have_value(word)
    expect(page.locator(".md-search-result__item a").first).to_be_visible(timeout=15_000)


# ---- The case explorer ----


#: The explorer's filters that a single moment of a case must match together.
MOMENT_FILTERS = ("stage", "touchpoint", "moment", "cell")


def moment_values(moment: dict[str, Any]) -> dict[str, str]:
    """The option ids a moment of cases.json has in each moment filter."""
    stage, touchpoint = moment["stage"]["id"], moment["touchpoint"]["id"]
    return {
        "stage": stage,
        "touchpoint": touchpoint,
        "moment": moment["outcome"]["id"],
        "cell": f"{stage}/{touchpoint}",
    }


def case_values(case: dict[str, Any], key: str) -> set[str]:
    """The option ids a case of cases.json has in a filter of the whole case."""
    return {
        "outcome": {case["outcome"]["id"]},
        "company": {case["company"]["id"]},
        "sector": {case["sector"]["id"]} if case["sector"] else set(),
        "country": {case["country"]} if case["country"] else set(),
        "language": {case["language"]},
        "tag": {tag["id"] for tag in case["tags"]},
        "year": {case["when"][:4]} if case["when"] != "unknown" else set(),
    }[key]


def matching(cases: list[dict[str, Any]], chosen: dict[str, list[str]], same_moment: bool = True) -> set[str]:
    """The ids of the cases that the explorer's filters (ids, as in its URL) should give.

    Within a filter any of its values matches; every filter must match. The stage,
    touchpoint, moment-outcome and journey-cell filters must be matched by one and the
    same moment ("every failure at get-support by phone"); ``same_moment=False`` gives
    what any moments would, each matching one of them (the rule the explorer must not follow).
    """
    whole = {key: set(wanted) for key, wanted in chosen.items() if key not in MOMENT_FILTERS}
    moment = {key: set(wanted) for key, wanted in chosen.items() if key in MOMENT_FILTERS}

    def moments_match(case: dict[str, Any]) -> bool:
        found = [moment_values(item) for item in case["moments"]]
        if same_moment:
            return any(all(values[key] in wanted for key, wanted in moment.items()) for values in found)
        return all(any(values[key] in wanted for values in found) for key, wanted in moment.items())

    return {
        case["id"]
        for case in cases
        if all(case_values(case, key) & wanted for key, wanted in whole.items()) and moments_match(case)
    }


def test_explorer_data_gives_every_case_its_options_and_a_card(built_site: BuildResult) -> None:
    """The explorer's data (``explore/facets/``), decoded as the explorer does, against cases.json."""
    cases = {case["number"]: case for case in library(built_site)}

    def data(name: str) -> Any:
        return json.loads((built_site.site / f"explore/facets/{name}.json").read_text(encoding="utf-8"))

    index, order = data("index"), data("order")
    values, numbers = index["values"], list(accumulate(index["case"]))
    assert sorted(numbers) == sorted(cases)
    assert_by_date(list(cases.values()), [cases[numbers[at]]["id"] for at in order["newest"]], newest=True)
    assert order["dated"] == sum(case["when"] != "unknown" for case in cases.values())
    touchpoints, outcomes = len(values["touchpoint"]), len(values["moment"])
    for key in ("outcome", "sector", "company", "country", "year", "language", "tag"):
        column = data(key)
        for number, options in zip(numbers, column["cases"], strict=True):
            assert {column["values"][at] for at in options} == case_values(cases[number], key), key
    for number, codes in zip(numbers, index["moments"], strict=True):
        case = cases[number]
        decoded = [
            (
                values["stage"][code // outcomes // touchpoints],
                values["touchpoint"][code // outcomes % touchpoints],
                values["moment"][code % outcomes],
            )
            for code in codes
        ]
        found = [moment_values(moment) for moment in case["moments"]]
        assert decoded == [(item["stage"], item["touchpoint"], item["moment"]) for item in found]
        for lang, prefix in LANGUAGES.items():
            card = json.loads((built_site.site / f"{prefix}explore/cards/{number}.json").read_text("utf-8"))
            assert card["url"] == f"cases/{case['id']}/"
            assert card["meta"]["title"] == case["title"][lang]
            assert card["meta"]["company"] == case["company"]["name"]
            assert card["meta"]["outcome_id"] == case["outcome"]["id"]
            assert len(card["meta"]["strip"]) == len(case["moments"])


def explorer_results(page: Page) -> list[str]:
    """The case ids the explorer lists, once it has finished searching (all of them)."""
    expect(page.locator("#cb-explorer")).to_be_visible()
    expect(page.locator("#cb-explorer")).not_to_have_attribute("aria-busy", "true", timeout=15_000)
    expect(page.locator(".cb-explorer__status")).not_to_be_empty()
    more = page.locator(".cb-explorer__more")
    while more.is_visible():
        count = page.locator(".cb-card").count()
        more.click()
        expect(page.locator(".cb-card")).not_to_have_count(count)
    links = page.locator(".cb-card__title").evaluate_all("links => links.map(a => a.href)")
    return [urlparse(link).path.rstrip("/").rsplit("/", 1)[-1] for link in links]


def a_combination(cases: list[dict[str, Any]]) -> dict[str, list[str]]:
    """A moment's stage, touchpoint and outcome, which some cases match and others do not.

    Preferably one that other cases match only through different moments, so that the
    same-moment rule shows; then a second stage (any of a filter's values matches).
    """
    combinations = [
        {"stage": [values["stage"]], "touchpoint": [values["touchpoint"]], "moment": [values["moment"]]}
        for case in cases
        for values in map(moment_values, case["moments"])
    ]
    combinations = [chosen for chosen in combinations if 0 < len(matching(cases, chosen)) < len(cases)]
    if not combinations:
        pytest.skip("every case matches every combination")
    chosen = next(
        (item for item in combinations if matching(cases, item) != matching(cases, item, same_moment=False)),
        combinations[0],
    )
    stages = [values["stage"] for case in cases for values in map(moment_values, case["moments"])]
    second = next((stage for stage in stages if stage != chosen["stage"][0]), None)
    if second:
        chosen["stage"].append(second)
    return chosen


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGUAGES)
def test_explorer_filters_give_exactly_the_matching_cases(
    built_site: BuildResult,
    page: Page,
    site_url: str,
    lang: str,
) -> None:
    cases = library(built_site)
    chosen = a_combination(cases)
    page.goto(f"{site_url}{LANGUAGES[lang]}explore/?{urlencode(chosen, doseq=True)}")
    assert sorted(explorer_results(page)) == sorted(matching(cases, chosen))
    for key, wanted in chosen.items():
        for value in wanted:
            expect(page.locator(f".cb-facet input[name='{key}'][value='{value}']")).to_be_checked()
    assert matching(cases, chosen) != matching(cases, chosen, same_moment=False), "no case shows the rule"
    # Each option's count: the cases it would give alone in its filter, the others as they are
    # (a list closed at first counts once it is opened, when it loads its data).
    for key in (*MOMENT_FILTERS, "company", "outcome", "tag"):
        facet = page.locator(f".cb-facet[data-facet='{key}']")
        if facet.get_attribute("open") is None:
            facet.locator("summary").click()
        for box in page.locator(f".cb-facet input[name='{key}']").all():
            value = box.get_attribute("value")
            assert value is not None
            expected = len(matching(cases, {**chosen, key: [value]}))
            expect(box.locator("~ .cb-facet__count")).to_have_text(f"({expected})")
    # With no filter and no words: every case, newest first; or oldest first, undated last.
    page.goto(f"{site_url}{LANGUAGES[lang]}explore/")
    listed = explorer_results(page)
    assert sorted(listed) == sorted(case["id"] for case in cases)
    assert_by_date(cases, listed, newest=True)
    page.goto(f"{site_url}{LANGUAGES[lang]}explore/?sort=oldest")
    assert_by_date(cases, explorer_results(page), newest=False)


def assert_by_date(cases: list[dict[str, Any]], listed: list[str], newest: bool) -> None:
    """The cases ``listed`` are in the order their events happened (newest or oldest first), undated last."""
    dates = [next(case["when"] for case in cases if case["id"] == case_id) for case_id in listed]
    known = [date for date in dates if date != "unknown"]
    assert known == sorted(known, reverse=newest)
    assert dates[: len(known)] == known


def common_title_word(cases: list[dict[str, Any]], lang: str) -> str:
    """The word of five letters or more that most case titles in ``lang`` have."""
    counts: dict[str, int] = {}
    for case in cases:
        for word in set(re.findall(r"[^\W\d_]{5,}", case["title"][lang].casefold())):
            counts[word] = counts.get(word, 0) + 1
    return max(sorted(counts), key=lambda word: counts[word])


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGUAGES)
def test_explorer_orders_the_cases_a_query_finds_by_date(
    built_site: BuildResult, page: Page, site_url: str, lang: str
) -> None:
    """With words, "newest" and "oldest" list the same cases as relevance does, by date."""
    cases = library(built_site)
    word = common_title_word(cases, lang)
    page.goto(f"{site_url}{LANGUAGES[lang]}explore/?{urlencode({'q': word})}")
    relevant = explorer_results(page)
    assert len(relevant) > 1, word
    # With filters: those of these cases they keep, and each count among these cases; also
    # with filters that keep none of them (Pagefind is then asked without its filter).
    outcomes = sorted({case["outcome"]["id"] for case in cases})
    empty = [
        item
        for item in outcomes
        if not set(relevant) & matching(cases, {"outcome": [item], "moment": ["failure"]})
    ]
    for chosen in [{"moment": ["failure"]}] + [{"moment": ["failure"], "outcome": empty[:1]}] * bool(empty):
        page.goto(f"{site_url}{LANGUAGES[lang]}explore/?{urlencode({'q': word, **chosen}, doseq=True)}")
        assert sorted(explorer_results(page)) == sorted(set(relevant) & matching(cases, chosen))
        for key in ("stage", "moment"):
            for box in page.locator(f".cb-facet input[name='{key}']").all():
                value = box.get_attribute("value")
                assert value is not None
                expected = len(set(relevant) & matching(cases, {**chosen, key: [value]}))
                expect(box.locator("~ .cb-facet__count")).to_have_text(f"({expected})")
    for order in ("newest", "oldest"):
        page.goto(f"{site_url}{LANGUAGES[lang]}explore/?{urlencode({'q': word, 'sort': order})}")
        listed = explorer_results(page)
        assert sorted(listed) == sorted(relevant)
        assert_by_date(cases, listed, newest=order == "newest")
        # Each card shows the passage where the words are.
        expect(page.locator(".cb-card__excerpt mark").first).to_be_visible()


@pytest.mark.browser
def test_explorer_loads_pagefind_only_for_words_and_filters_when_shown(
    built_site: BuildResult, browser: Browser, site_url: str
) -> None:
    """Without words the explorer loads no Pagefind file: a Pagefind query without words
    loads its whole word index (7.7 MB at 5,000 cases). With words it loads one filter
    index, the case numbers', not one per filter (430 KiB of them at 5,000 cases)."""
    cases = library(built_site)
    stage = cases[0]["moments"][0]["stage"]["id"]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(urlparse(request.url).path))
    page.goto(f"{site_url}it/explore/?{urlencode({'stage': stage, 'moment': 'failure'})}")
    assert sorted(explorer_results(page)) == sorted(
        matching(cases, {"stage": [stage], "moment": ["failure"]})
    )
    assert "/explore/facets/index.json" in requested
    assert any("/it/explore/cards/" in path for path in requested)
    assert not [path for path in requested if "/pagefind/" in path]
    # A list closed at first loads its filter's data when it is opened, to count its options.
    assert "/explore/facets/company.json" not in requested
    page.locator(".cb-facet[data-facet='company'] summary").click()
    expect(page.locator(".cb-facet[data-facet='company'] .cb-facet__count").first).to_have_text(
        re.compile(r"\(\d+\)")
    )
    assert "/explore/facets/company.json" in requested
    page.locator(".cb-explorer__query").fill(common_title_word(cases, "it"))
    expect(page).to_have_url(re.compile(r"[?&]q="))
    explorer_results(page)
    assert len({path for path in requested if "/it/pagefind/filter/" in path}) == 1
    assert not [path for path in requested if "/pagefind/" in path and not path.startswith("/it/pagefind/")]
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_shared_explorer_address_reopens_the_same_search(
    built_site: BuildResult,
    browser: Browser,
    site_url: str,
    lang: str,
) -> None:
    cases = library(built_site)
    company = cases[0]["company"]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{site_url}{LANGUAGES[lang]}explore/")
    everything = explorer_results(page)
    page.locator(".cb-explorer__query").fill(company["name"])
    expect(page).to_have_url(re.compile(r"[?&]q="))
    page.locator(".cb-facet[data-facet='company'] summary").click()
    page.locator(f".cb-facet input[name='company'][value='{company['id']}']").check()
    expect(page).to_have_url(re.compile(r"company="))
    results = explorer_results(page)
    assert sorted(results) == sorted(matching(cases, {"company": [company["id"]]}))
    shared = page.url
    assert parse_qs(urlparse(shared).query) == {"q": [company["name"]], "company": [company["id"]]}
    # Someone else opens the link.
    other = context.new_page()
    other.goto(shared)
    assert explorer_results(other) == results
    expect(other.locator(".cb-explorer__query")).to_have_value(company["name"])
    expect(other.locator(f".cb-facet input[name='company'][value='{company['id']}']")).to_be_checked()
    # The back button undoes the filter, then the query.
    page.go_back()
    expect(page.locator(f".cb-facet input[name='company'][value='{company['id']}']")).not_to_be_checked()
    page.go_back()
    expect(page.locator(".cb-explorer__query")).to_have_value("")
    assert sorted(explorer_results(page)) == sorted(everything)
    context.close()


@pytest.mark.browser
def test_the_explorer_lists_cases_only(built_site: BuildResult, page: Page, site_url: str) -> None:
    """Words of a workshop's title find the workshop in the search box, not in the explorer."""
    workshop = yaml.safe_load(next(iter(sorted((ROOT / "workshops").glob("*.yaml")))).read_text())
    word = max(re.findall(r"[^\W\d_]{5,}", workshop["title"]["en"]), key=len)
    page.goto(f"{site_url}explore/?{urlencode({'q': word})}")
    found = explorer_results(page)
    assert set(found) <= {case["id"] for case in library(built_site)}, found
    assert f"/workshops/{workshop['id']}/" in pagefind_search(page, word)


@pytest.mark.browser
def test_term_pages_link_to_the_explorer_filtered(
    built_site: BuildResult,
    page: Page,
    site_url: str,
) -> None:
    cases = library(built_site)
    moment = cases[0]["moments"][0]
    stage, touchpoint = moment["stage"]["id"], moment["touchpoint"]["id"]
    for path, chosen in (
        (f"it/stages/{stage}/", {"stage": [stage]}),
        (f"journey/{stage}/{touchpoint}/", {"cell": [f"{stage}/{touchpoint}"]}),
        (f"companies/{cases[0]['company']['id']}/", {"company": [cases[0]["company"]["id"]]}),
    ):
        page.goto(f"{site_url}{path}")
        page.locator(".cb-explore-link a").click()
        page.wait_for_url(re.compile(r"/explore/\?"))
        assert sorted(explorer_results(page)) == sorted(matching(cases, chosen)), path


@pytest.mark.browser
def test_explorer_without_javascript_points_to_the_lists(
    browser: Browser,
    site_url: str,
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}it/explore/")
    expect(page.locator("#cb-explorer")).to_be_hidden()
    expect(page.locator(".cb-explorer__noscript")).to_be_visible()
    expect(page.locator(".cb-explorer__noscript a[href$='cases/']")).to_be_visible()
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGUAGES)
def test_explorer_and_search_results_pass_axe(
    built_site: BuildResult, page: Page, site_url: str, lang: str
) -> None:
    assert AXE.is_file(), f"{AXE} is missing: run `make node_modules` (npm ci) first"
    page.goto(f"{site_url}{LANGUAGES[lang]}explore/?moment=failure")
    explorer_results(page)
    header_search(page, library(built_site)[0]["company"]["name"])
    blocking = blocking_violations(page)
    assert not blocking, format_violations(page.url, blocking)


def test_mkdocs_serve_indexes_every_build(server: tuple[Path, str, Path]) -> None:
    """A dev server searches too: its Pagefind index follows the edits, after the page shows them."""
    project, url, log = server
    wait_for(lambda: '"en"' in fetch(f"{url}pagefind/pagefind-entry.json"), "the first index")
    entry = fetch(f"{url}pagefind/pagefind-entry.json")
    case_file = project / "cases" / f"{SERVED_CASE}.yaml"
    text = case_file.read_text(encoding="utf-8")
    case_file.write_text(
        text.replace("Boots online sells", "Zyzzyva Boots online sells", 1), encoding="utf-8"
    )
    wait_for(lambda: "Zyzzyva" in fetch(f"{url}cases/{SERVED_CASE}/"), "the edited page")
    wait_for(lambda: fetch(f"{url}pagefind/pagefind-entry.json") not in ("", entry), "the new index")
    assert "Pagefind indexed" in log.read_text() and "could not index" not in log.read_text()


def test_a_dev_server_indexes_the_last_build_without_waiting_for_the_one_before() -> None:
    started, release, ran = threading.Event(), threading.Event(), []

    def slow() -> None:
        started.set()
        release.wait(5)
        ran.append("first")

    task = BackgroundTask()
    task.start(slow)
    assert started.wait(5)
    for name in ("second", "third"):  # two builds end while the first index is written
        task.start(lambda name=name: ran.append(name))
    assert ran == []  # start() did not wait
    release.set()
    task.wait()
    assert ran == ["first", "third"]
