# ruff: noqa: F811  (the fixtures of test_browser, imported, are parameters here)
"""The insight page (where service fails): its figures, its links, and how people read and print it.

Every expected figure is counted again here, plainly, from the cases themselves (made-up
libraries, a synthetic one, and the built site's ``cases.json``), never taken from today's
library: the page must hold however the library grows.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import parse_qs, urljoin, urlparse

import pytest
import synthetic
from bs4 import BeautifulSoup, Tag
from casebook.i18n import format_number, format_share, load_labels
from casebook.index.insight import FEW_MOMENTS, Insight, Share, Tally, insight
from casebook.loader import load_cases, load_taxonomy
from casebook.model import Case, Company, Localized, Moment, PartialDate
from casebook.resources import TAXONOMY_DIR
from hypothesis import given, settings
from hypothesis import strategies as st
from playwright.sync_api import Browser, Page, expect

from tests.conftest import BuildResult
from tests.test_browser import browser, page, site_url  # noqa: F401  (fixtures)
from tests.test_golden import check_golden
from tests.test_search import explorer_results, library, matching

TAXONOMY = load_taxonomy(TAXONOMY_DIR)
LABELS = load_labels()
LANGUAGES = {"en": "", "it": "it/"}
STAGES = list(TAXONOMY.kind("stages"))
TOUCHPOINTS = list(TAXONOMY.kind("touchpoints"))
SECTORS = list(TAXONOMY.kind("sectors"))
CHANNEL = {touchpoint.id: touchpoint.group for touchpoint in TAXONOMY.touchpoints}
TEXT = Localized({"en": "x"})


class Plain(NamedTuple):
    """What the figures read of a case: its id, sector, year and moments, in order."""

    id: str
    sector: str
    year: str
    moments: tuple[tuple[str, str, str], ...]  # (stage, touchpoint, outcome)


def plain_case(case: Case) -> Plain:
    year = str(case.when.year) if case.when.year is not None else ""
    return Plain(case.id, case.sector, year, tuple((m.stage, m.touchpoint, m.outcome) for m in case.moments))


def plain_record(record: dict[str, Any]) -> Plain:
    """A case of ``cases.json``."""
    return Plain(
        record["id"],
        record["sector"]["id"] if record["sector"] else "",
        record["when"][:4] if record["when"] != "unknown" else "",
        tuple((m["stage"]["id"], m["touchpoint"]["id"], m["outcome"]["id"]) for m in record["moments"]),
    )


def recoveries_of(moments: tuple[tuple[str, str, str], ...]) -> list[tuple[str, str, str]]:
    """The first success after a failure is a success whose moment before failed."""
    return [
        moment
        for before, moment in itertools.pairwise(moments)
        if (before[2], moment[2]) == ("failure", "success")
    ]


def expected(cases: Iterable[Plain]) -> dict[str, Any]:
    """Every figure of the page, counted the plain way: for each group, (failed, all) moments."""
    cases = list(cases)
    moments = [(case, moment) for case in cases for moment in case.moments]

    def by(key: Any) -> dict[str, tuple[int, int]]:
        groups: dict[str, list[str]] = {}
        for case, moment in moments:
            groups.setdefault(key(case, moment), []).append(moment[2])
        return {group: (outcomes.count("failure"), len(outcomes)) for group, outcomes in groups.items()}

    recovered = [moment for case in cases for moment in recoveries_of(case.moments)]
    failed_cases = [case for case in cases if any(m[2] == "failure" for m in case.moments)]
    return {
        "cases": len(cases),
        "moments": len(moments),
        "failed": sum(moment[2] == "failure" for _, moment in moments),
        "stage": by(lambda case, moment: moment[0]),
        "channel": by(lambda case, moment: CHANNEL[moment[1]]),
        "sector": by(lambda case, moment: case.sector),
        "year": by(lambda case, moment: case.year),
        "recoveries": len(recovered),
        "recovered_stage": {s: sum(m[0] == s for m in recovered) for s in {m[0] for m in recovered}},
        "recovered_touchpoint": {t: sum(m[1] == t for m in recovered) for t in {m[1] for m in recovered}},
        "cases_failed": len(failed_cases),
        # A failed moment followed later by a successful one: the case outcome "recovered".
        "cases_recovered": sum(
            "success" in [m[2] for m in case.moments][[m[2] for m in case.moments].index("failure") :]
            for case in failed_cases
        ),
    }


def as_expected(figures: Insight) -> dict[str, Any]:
    """The function's figures in the form of :func:`expected`."""

    def pairs(shares: Iterable[Share]) -> dict[str, tuple[int, int]]:
        return {share.id: (share.count, share.total) for share in shares}

    def counts(tallies: Iterable[Tally]) -> dict[str, int]:
        return {tally.id: tally.count for tally in tallies}

    unknown = {"sector": figures.without_sector, "year": figures.without_year}
    return {
        "cases": figures.cases,
        "moments": figures.moments,
        "failed": figures.failed,
        "stage": pairs(figures.by_stage),
        "channel": pairs(figures.by_channel),
        **{
            kind: pairs(shares)
            | ({"": (unknown[kind].count, unknown[kind].total)} if unknown[kind].total else {})
            for kind, shares in (("sector", figures.by_sector), ("year", figures.by_year))
        },
        "recoveries": figures.recoveries.moments,
        "recovered_stage": counts(figures.recoveries.at_stage),
        "recovered_touchpoint": counts(figures.recoveries.at_touchpoint),
        "cases_failed": figures.recoveries.cases_failed,
        "cases_recovered": figures.recoveries.cases_recovered,
    }


def make_case(
    case_id: str, moments: list[tuple[str, str, str]], sector: str = "", year: int | None = None
) -> Case:
    return Case(
        id=case_id,
        number=1,
        path=f"cases/{case_id}.yaml",
        title=TEXT,
        language="en",
        company=Company(case_id, case_id),
        when=PartialDate(year),
        summary=TEXT,
        moments=tuple(
            Moment(position, stage, touchpoint, outcome, TEXT)
            for position, (stage, touchpoint, outcome) in enumerate(moments, start=1)
        ),
        sources=(),
        sector=sector,
    )


# --------------------------------------------------------------------------- the function


def test_a_small_library_counted_by_hand() -> None:
    """Moments, not cases; the first success after each run of failures is a recovery."""
    buy, support = "buy", "get-support"
    cases = [
        # failure, failure, success (a recovery by phone), failure, success (another, by email), success
        make_case(
            "a",
            [
                (buy, "website", "failure"),
                (support, "phone", "failure"),
                (support, "phone", "success"),
                (support, "phone", "failure"),
                (support, "email", "success"),
                (support, "email", "success"),  # a success after a success: no recovery
            ],
            sector="banking",
            year=2020,
        ),
        make_case("b", [(buy, "store", "success"), (buy, "store", "failure")], year=2020),
        make_case("c", [(buy, "website", "success")], sector="banking"),
    ]
    figures = insight(cases, TAXONOMY)
    assert (figures.cases, figures.moments, figures.failed) == (3, 9, 4)
    assert figures.by_stage == (Share(buy, 2, 4), Share(support, 2, 5))
    assert {share.id: (share.count, share.total) for share in figures.by_channel} == {
        "web": (1, 2),
        "phone": (2, 3),
        "email": (0, 2),
        "physical": (1, 2),
    }
    assert figures.by_sector == (Share("banking", 3, 7),)
    assert figures.without_sector == Share("", 1, 2)
    assert figures.by_year == (Share("2020", 4, 8),)
    assert figures.without_year == Share("", 0, 1)
    recoveries = figures.recoveries
    assert recoveries.moments == 2
    assert recoveries.at_stage == (Tally(support, 2, 2),)
    assert recoveries.at_touchpoint == (Tally("email", 1, 2), Tally("phone", 1, 2))
    # a recovered; b failed at the end; c never failed.
    assert (recoveries.cases_failed, recoveries.cases_recovered) == (2, 1)
    # Buy has 4 moments, fewer than the 5 a share needs to be more than marked; Get support has 5.
    assert FEW_MOMENTS == 5
    assert [share.few for share in figures.by_stage] == [True, False]


def test_sectors_come_by_share_and_groups_with_few_moments_last() -> None:
    many_failed = [(STAGES[0], TOUCHPOINTS[0], "failure")] * FEW_MOMENTS
    half = [(STAGES[0], TOUCHPOINTS[0], "failure"), (STAGES[0], TOUCHPOINTS[0], "success")] * FEW_MOMENTS
    cases = [
        make_case("few", [(STAGES[0], TOUCHPOINTS[0], "failure")], sector=SECTORS[0]),
        make_case("half", half, sector=SECTORS[1]),
        make_case("all", many_failed, sector=SECTORS[2]),
    ]
    shares = insight(cases, TAXONOMY).by_sector
    assert [share.id for share in shares] == [SECTORS[2], SECTORS[1], SECTORS[0]]
    assert [share.few for share in shares] == [False, False, True]


@st.composite
def libraries(draw: st.DrawFn) -> list[Case]:
    outcome = st.sampled_from(["success", "failure"])
    moment = st.tuples(st.sampled_from(STAGES), st.sampled_from(TOUCHPOINTS), outcome)
    return [
        make_case(
            f"case-{n}",
            draw(st.lists(moment, min_size=1, max_size=7)),
            sector=draw(st.sampled_from(["", *SECTORS[:4]])),
            year=draw(st.sampled_from([None, 1999, 2011, 2024])),
        )
        for n in range(draw(st.integers(0, 12)))
    ]


@settings(max_examples=200, deadline=None)
@given(libraries())
def test_made_up_libraries_give_the_figures_counted_plainly(cases: list[Case]) -> None:
    figures = insight(cases, TAXONOMY)
    assert as_expected(figures) == expected(plain_case(case) for case in cases)
    # The case outcome the site shows agrees with the recoveries counted here.
    assert figures.recoveries.cases_recovered == sum(case.outcome == "recovered" for case in cases)
    assert figures.recoveries.cases_failed == sum(case.outcome != "success" for case in cases)
    # Groups in taxonomy order, years in order, sectors by share with the few last.
    assert [share.id for share in figures.by_stage] == [
        s for s in STAGES if s in expected_ids(figures.by_stage)
    ]
    assert [share.id for share in figures.by_year] == sorted((share.id for share in figures.by_year), key=int)
    sectors = figures.by_sector
    assert [share.few for share in sectors] == sorted(share.few for share in sectors)
    assert all(a.ratio >= b.ratio for a, b in itertools.pairwise(sectors) if a.few == b.few), sectors


def expected_ids(shares: Iterable[Share]) -> set[str]:
    return {share.id for share in shares}


def test_a_synthetic_library_matches_its_golden_figures(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """The same seed always writes the same library: its figures, as JSON, are reviewed in tests/golden/."""
    cases_dir = tmp_path / "cases"
    synthetic.write_cases(cases_dir, 60, seed=26, taxonomy=TAXONOMY)
    loaded = load_cases(cases_dir, TAXONOMY, display_root=tmp_path)
    assert not loaded.errors
    figures = insight(loaded.cases.values(), TAXONOMY)
    assert as_expected(figures) == expected(plain_case(case) for case in loaded.cases.values())
    text = json.dumps(dataclasses.asdict(figures), indent=1) + "\n"
    check_golden("insight.json", text, request.config.getoption("--update-golden"))


# --------------------------------------------------------------------------- the built page


def section_rows(page: BeautifulSoup, table: Tag) -> dict[str, dict[str, str]]:
    rows = {}
    for row in table.select("tbody tr"):
        cells = row.select("td")
        rows[row["data-group"]] = {
            "label": row.th.get_text(strip=True),
            "count": cells[0]["data-count"],
            "count_text": cells[0].get_text(strip=True),
            "total": cells[1].get("data-total", ""),
            "share": cells[-1]["data-share"],
            "few": "cb-insight-table__few" in (row.get("class") or []),
            "links": [a["href"] for a in row.select("a")],
        }
    return rows


def table_after(page: BeautifulSoup, heading_id: str) -> Tag:
    heading = page.find(id=heading_id)
    assert heading is not None, heading_id
    table = heading.find_next("table")
    assert table is not None
    return table


def filters_of(href: str) -> dict[str, list[str]]:
    """The explorer's filters in a link, its year range as the years in it."""
    query = parse_qs(urlparse(href).query)
    if "year_from" in query:
        first, last = int(query.pop("year_from")[0]), int(query.pop("year_to")[0])
        query["year"] = [str(year) for year in range(first, last + 1)]
    return query


def cases_with(records: list[Plain], wanted: Any) -> set[str]:
    """The cases with a moment for which ``wanted(case, moment)`` holds."""
    return {case.id for case in records if any(wanted(case, moment) for moment in case.moments)}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_figure_on_the_page_is_counted_from_cases_json(built_site: BuildResult, lang: str) -> None:
    records = library(built_site)
    plain = [plain_record(record) for record in records]
    figures = expected(plain)
    page = built_site.html(f"{LANGUAGES[lang]}insight/")
    here = f"https://site.test/{LANGUAGES[lang]}insight/"
    explore = urljoin(here, "../explore/")

    def share(count: int, total: int) -> str:
        return format_share(count / total if total else 0.0, lang)

    overall = page.select_one(".cb-insight__overall").get_text(" ", strip=True)
    assert LABELS.n("insight.overall", lang, figures["moments"]) in overall
    assert (
        LABELS.n(
            "insight.overall.failed",
            lang,
            figures["failed"],
            share=share(figures["failed"], figures["moments"]),
        )
        in overall
    )
    kinds = {"by-stage": "stage", "by-channel": "channel", "by-sector": "sector", "by-year": "year"}
    for heading, kind in kinds.items():
        rows = section_rows(page, table_after(page, heading))
        groups = {group: counts for group, counts in figures[kind].items() if group}
        assert set(rows) == set(groups), kind
        for group, (failed, total) in groups.items():
            row = rows[group]
            assert (int(row["count"]), int(row["total"])) == (failed, total), (kind, group)
            assert row["count_text"] == format_number(failed, lang)
            assert row["share"] == share(failed, total)
            assert row["few"] == (total < FEW_MOMENTS), (kind, group)
            # The failed count lists the cases with a failed moment in the group, the total those with any.
            in_group = {
                "stage": lambda case, moment, g=group: moment[0] == g,
                "channel": lambda case, moment, g=group: CHANNEL[moment[1]] == g,
                "sector": lambda case, moment, g=group: case.sector == g,
                "year": lambda case, moment, g=group: case.year == g,
            }[kind]
            failed_link, all_link = (urljoin(here, href) for href in row["links"])
            assert failed_link.startswith(explore) and all_link.startswith(explore)
            assert matching(records, filters_of(failed_link)) == cases_with(
                plain, lambda case, moment, test=in_group: test(case, moment) and moment[2] == "failure"
            ), (kind, group)
            assert matching(records, filters_of(all_link)) == cases_with(plain, in_group), (kind, group)
        # The chart has the same rows, in the same order, each bar as long as its share.
        chart = page.select_one(f"#chart-{heading}")
        bars = chart.select("a.cb-chart__row")
        assert [urljoin(here, bar["href"]) for bar in bars] == [
            urljoin(here, row["links"][0]) for row in rows.values()
        ]
        for bar, (group, (failed, total)) in zip(bars, [(g, groups[g]) for g in rows], strict=True):
            # Named by its text as it shows: the group, then its figures.
            value = LABELS.t(
                "insight.chart.value",
                lang,
                share=share(failed, total),
                count=format_number(failed, lang),
                total=format_number(total, lang),
            )
            assert bar.select_one(".cb-chart__label").get_text() == rows[group]["label"]
            assert bar.select_one(".cb-chart__value").get_text().endswith(value)
            assert not bar.has_attr("aria-label")
            drawn = bar.select_one(".cb-chart__bar")
            assert (drawn is not None) == bool(failed)
            if drawn is not None:
                assert float(drawn["width"].rstrip("%")) == pytest.approx(100 * failed / total, abs=0.01)
                assert ("cb-chart__bar--few" in drawn["class"]) == (total < FEW_MOMENTS)
    # Each chart says on how many moments it is counted, and what it leaves out.
    for heading, kind in kinds.items():
        left_out = figures[kind].get("", (0, 0))[1]
        caption = page.select_one(f"#chart-{heading}-caption").get_text(strip=True)
        assert caption == LABELS.n("insight.sample", lang, figures["moments"] - left_out)
        if left_out:
            note = page.find(id=heading).find_next("p").get_text(" ", strip=True)
            assert LABELS.n(f"insight.{kind}.left_out", lang, left_out) in note
    # Recoveries: the cases, then where they happened.
    counts = [int(dd["data-count"]) for dd in page.select(".cb-insight__cases dd")]
    assert counts == [figures["cases_failed"], figures["cases_recovered"]]
    links = [urljoin(here, a["href"]) for a in page.select(".cb-insight__cases a")]
    failed_cases = {case.id for case in plain if any(m[2] == "failure" for m in case.moments)}
    assert matching(records, filters_of(links[0])) == failed_cases
    recovered = {case.id for case in plain if recoveries_of(case.moments)}
    assert matching(records, filters_of(links[1])) == recovered
    for kind, position in (("stage", 0), ("touchpoint", 1)):
        rows = section_rows(page, table_after(page, f"recoveries-{kind}"))
        wanted = figures[f"recovered_{kind}"]
        assert {group: int(row["count"]) for group, row in rows.items()} == wanted
        for group, row in rows.items():
            assert row["share"] == share(wanted[group], figures["recoveries"])
            assert row["few"] == (wanted[group] < FEW_MOMENTS)
            # The cases that recovered with a successful moment there (see the page's note).
            assert matching(records, filters_of(urljoin(here, row["links"][0]))) == cases_with(
                [case for case in plain if case.id in recovered],
                lambda case, moment, g=group, p=position: moment[p] == g and moment[2] == "success",
            )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_page_is_in_the_navigation_and_needs_no_script_of_its_own(
    built_site: BuildResult, lang: str
) -> None:
    prefix = LANGUAGES[lang]
    for path in ("", "journey/"):
        nav = built_site.html(f"{prefix}{path}").select_one("nav.md-nav--primary")
        titles = [a.get_text(strip=True) for a in nav.select("a.md-nav__link[href]")]
        assert LABELS.t("insight.title", lang) in titles
    page = built_site.html(f"{prefix}insight/")
    article = page.select_one("article")
    assert not article.select("script"), "the figures are HTML and SVG, made at build time"
    assert not article.select("[style]") and not article.select("style")
    for svg in article.select("svg.cb-chart__svg"):
        names = [page.find(id=part) for part in svg["aria-labelledby"].split()]
        assert all(names) and all(name.get_text(strip=True) for name in names)
        # Labels are text, in the page's language.
        assert svg.select("text.cb-chart__label")
        assert all(
            bar.get("fill", "").startswith("url(#")
            for bar in svg.select(".cb-chart__bar:not(.cb-chart__bar--few)")
        )


@pytest.mark.browser
def test_a_bar_opens_the_explorer_with_its_cases(built_site: BuildResult, page: Page, site_url: str) -> None:
    """In Italian, a click on the bar of the stage with the most moments lists its failed cases."""
    records = library(built_site)
    page.goto(f"{site_url}it/insight/")
    rows = page.locator("#chart-by-stage a.cb-chart__row")
    totals = [
        int(n)
        for n in page.locator("#by-stage ~ .cb-insight-table")
        .first.locator("td[data-total]")
        .evaluate_all("cells => cells.map(cell => cell.dataset.total)")
    ]
    biggest = totals.index(max(totals))
    href = rows.nth(biggest).get_attribute("href")
    rows.nth(biggest).click()
    page.wait_for_url(re.compile(r"/it/explore/\?"))
    assert sorted(explorer_results(page)) == sorted(matching(records, filters_of(href)))


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_page_prints_on_a4_with_nothing_cut(browser: Browser, site_url: str, lang: str) -> None:
    # A4 portrait less the 13 mm side margins, at 96 px an inch.
    context = browser.new_context(viewport={"width": 696, "height": 1000})
    tab = context.new_page()
    tab.goto(f"{site_url}{LANGUAGES[lang]}insight/")
    tab.emulate_media(media="print")
    width = tab.evaluate("document.documentElement.clientWidth")
    # The charts carry their figures in words on paper; the tables that repeat them stay on screen.
    expect(tab.locator(".cb-insight-table").first).to_be_hidden()
    expect(tab.locator("#chart-by-year .cb-chart__value").first).to_be_visible()
    rights = tab.locator(".cb-chart, .cb-chart text").evaluate_all(
        "nodes => nodes.map(node => node.getBoundingClientRect().right)"
    )
    assert rights and max(rights) <= width + 0.5, (max(rights), width)
    expect(tab.locator(".md-sidebar--primary")).to_be_hidden()
    pdf = tab.pdf(prefer_css_page_size=True)
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert boxes and all(float(w) < float(h) for w, h in boxes)  # A4 portrait
    context.close()
