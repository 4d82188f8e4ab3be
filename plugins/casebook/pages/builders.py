"""The page builders: each reads the library and renders one kind of page from its template.

Every builder picks out what its page shows (the case itself, or :class:`CaseEntry`
values for listings) and hands only that to the template, through :func:`render_page`,
which reuses the page from the render memo while those values are unchanged.

The builders stay together in this module because they are one idea, the
site's pages, and read best side by side; the values they pass,
the memo, the paginator and the template helpers live in modules of their own.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from casebook.index import Placement
from casebook.index.insight import FEW_MOMENTS
from casebook.model import Case, CaseEntry
from casebook.model.workshop import Workshop
from casebook.pages import explorer, urls
from casebook.pages.context import PageContext
from casebook.pages.memo import links_unchanged, remembered
from casebook.pages.paging import paged, paged_groups
from casebook.pages.policy import with_security_policy
from casebook.pages.values import GeneratedPage, ListedMoment

if TYPE_CHECKING:
    from casebook.pages.site import Site

#: How many moments a stage, touchpoint or outcome page shows; its table leads to the rest.
LATEST_MOMENTS = 20


def _listed(placements: Sequence[Placement]) -> list[ListedMoment]:
    return [ListedMoment(placement.case.entry, placement.moment) for placement in placements]


def render_page(site: Site, template: str, lang: str, src_uri: str, **values: Any) -> GeneratedPage:
    """Render ``template`` into the page ``src_uri``, or reuse it from ``site.memo``.

    The template gets ``values``, the frozen settings as ``site``, ``page`` (a
    :class:`PageContext`) and ``urls``: never the library, so a page depends on
    exactly what the memo compares, its values and the cases its text links to.
    """

    def make() -> tuple[GeneratedPage, dict[str, CaseEntry | None]]:
        page = PageContext(site, lang, src_uri)
        body = site.env.get_template(template).render(page=page, site=site.settings, urls=urls, **values)
        return GeneratedPage(page.src_uri, lang, body), page.linked

    def still_valid(output: tuple[GeneratedPage, dict[str, CaseEntry | None]]) -> bool:
        return links_unchanged(site.cases, output[1])

    return remembered(site.memo, f"{lang}:{src_uri}", (template, values), make, still_valid)[0]


#: How many other cases "More cases at the same stages" shows.
SAME_STAGE_CASES = 6


def _same_stage_cases(site: Site, case: Case, shown: set[str]) -> list[tuple[CaseEntry, list[str]]]:
    """Other cases that share a stage with ``case``, each once, with the stages they share.

    The candidates are the case's neighbours in each stage's sequence (so the cost does not
    grow with the library); cases already listed as related are left out.
    """
    own = {moment.stage for moment in case.moments}
    found: dict[str, Case] = {}
    for item in site.index.neighbours.get(case.id, []):
        for other in (item.previous, item.next):
            if other is not None and other.id not in shown and other.id != case.id:
                found.setdefault(other.id, other)
    stage_order = list(site.taxonomy.kind("stages"))
    ranked = sorted(
        (
            (other.entry, [stage for stage in stage_order if stage in own and stage in theirs])
            for other in found.values()
            for theirs in [{moment.stage for moment in other.moments}]
        ),
        key=lambda pair: (-len(pair[1]), site.newest_rank.get(pair[0].id, 0)),
    )
    return ranked[:SAME_STAGE_CASES]


def render_case(site: Site, case: Case, lang: str) -> GeneratedPage:
    """Render one case page in ``lang``."""
    related = [other.entry for other in site.index.related.get(case.id, [])]
    return render_page(
        site,
        "case.md.j2",
        lang,
        urls.case_page(case.id),
        case=case,
        related=related,
        same_stage=_same_stage_cases(site, case, {entry.id for entry in related}),
        edit_url=site.options.edit_url.format(path=case.path) if site.options.edit_url else "",
    )


def _outcome_groups(site: Site, placements: Sequence[Placement]) -> list[tuple[str, list[ListedMoment]]]:
    outcomes = site.taxonomy.kind("outcomes")
    return [
        (outcome, _listed([p for p in placements if p.moment.outcome == outcome]))
        for outcome in outcomes
        if any(p.moment.outcome == outcome for p in placements)
    ]


def render_term(site: Site, kind: str, term_id: str, lang: str) -> GeneratedPage:
    """Render the page of one stage, touchpoint or outcome.

    It counts the moments there by touchpoint (or by stage), linking to the journey
    cells that list them all, and shows the latest ones, so that its size does not
    grow with the library.
    """
    placements = {
        "stages": site.index.by_stage,
        "touchpoints": site.index.by_touchpoint,
        "outcomes": site.index.by_outcome,
    }[kind].get(term_id, [])
    across = "touchpoints" if kind == "stages" else "stages"
    outcomes = [term_id] if kind == "outcomes" else list(site.taxonomy.kind("outcomes"))
    counts = Counter(
        (p.moment.touchpoint if across == "touchpoints" else p.moment.stage, p.moment.outcome)
        for p in placements
    )
    rows = [
        (other, [counts[(other, outcome)] for outcome in outcomes])
        for other in site.taxonomy.kind(across)
        if any(counts[(other, outcome)] for outcome in outcomes)
    ]
    # Newest first; nsmallest is stable, so a case's moments stay in journey order.
    rank = site.newest_rank
    latest = heapq.nsmallest(LATEST_MOMENTS, placements, key=lambda p: rank[p.case.id])
    return render_page(
        site,
        "term.md.j2",
        lang,
        urls.term_page(kind, term_id),
        kind=kind,
        term_id=term_id,
        across=across,
        outcomes=outcomes,
        rows=rows,
        latest=_listed(latest),
        moments=len(placements),
        count=_distinct_cases(placements),
    )


def render_cell(site: Site, stage: str, touchpoint: str, lang: str) -> list[GeneratedPage]:
    """Render one journey-map cell, in pages: the moments at ``stage`` through ``touchpoint``."""
    placements = site.index.by_cell[(stage, touchpoint)]
    return [
        render_page(
            site,
            "cell.md.j2",
            lang,
            pager.here,
            stage=stage,
            touchpoint=touchpoint,
            groups=groups,
            pager=pager,
        )
        for pager, groups in paged_groups(
            urls.cell_page(stage, touchpoint), _outcome_groups(site, placements), site.options.list_page_size
        )
    ]


def render_case_list(site: Site, kind: str, term_id: str, lang: str) -> list[GeneratedPage]:
    """Render a company or tag page, in pages: its cases, grouped by overall outcome."""
    cases = [
        case.entry
        for case in (site.index.by_company if kind == "companies" else site.index.by_tag).get(term_id, [])
    ]
    groups = [
        (outcome, [case for case in cases if case.outcome == outcome])
        for outcome in site.taxonomy.kind("case_outcomes")
    ]
    return [
        render_page(
            site,
            "case-list.md.j2",
            lang,
            pager.here,
            kind=kind,
            term_id=term_id,
            company_name=cases[0].company.name if kind == "companies" else "",
            total=len(cases),
            groups=page_groups,
            pager=pager,
        )
        for pager, page_groups in paged_groups(
            urls.term_page(kind, term_id),
            [(outcome, items) for outcome, items in groups if items],
            site.options.list_page_size,
        )
    ]


def _distinct_cases(placements: Sequence[Placement]) -> int:
    return len({placement.case.id for placement in placements})


def render_kind_index(site: Site, kind: str, lang: str) -> GeneratedPage:
    """Render the page listing every stage, touchpoint, outcome, company or tag, with its count.

    Each term comes as (id, name, number of cases); the name is None for taxonomy
    terms, whose label and description the template takes from the taxonomy.
    """
    terms: list[tuple[str, str | None, int]]
    if kind == "companies":
        terms = [
            (company, cases[0].company.name, len(cases)) for company, cases in site.index.by_company.items()
        ]
    elif kind == "tags":
        terms = [(tag, None, len(site.index.by_tag.get(tag, []))) for tag in site.taxonomy.kind(kind)]
    else:
        buckets = {"stages": site.index.by_stage, "touchpoints": site.index.by_touchpoint}.get(
            kind, site.index.by_outcome
        )
        terms = [(term, None, _distinct_cases(buckets.get(term, []))) for term in site.taxonomy.kind(kind)]
    channel_members = {
        channel.id: [t.id for t in site.taxonomy.touchpoints if t.group == channel.id]
        for channel in site.taxonomy.channels
    }
    return render_page(
        site,
        "kind-index.md.j2",
        lang,
        urls.kind_index(kind),
        kind=kind,
        terms=terms,
        channel_members=channel_members if kind == "touchpoints" else {},
    )


#: Steps of the journey map's shading by share of failed moments: 0, up to 1/4, 1/2, 3/4, all.
FAILURE_LEVELS = 4


def _counts(placements: Sequence[Placement], outcomes: Sequence[str]) -> dict[str, int]:
    """Moments by outcome, their total, and the step of their share of failures (0 to 4)."""
    counts = {outcome: sum(1 for p in placements if p.moment.outcome == outcome) for outcome in outcomes}
    total = sum(counts.values())
    failed = counts.get("failure", 0)
    # Rounded up, so that one failure among many still shows: 1 of 10 is level 1.
    level = -(-failed * FAILURE_LEVELS // total) if total else 0
    return {**counts, "total": total, "level": level, "mostly_failed": int(failed * 2 > total)}


def render_journey(site: Site, lang: str) -> GeneratedPage:
    """Render the journey map: stages by touchpoints, with success and failure counts.

    Each cell, row and column has its counts and its share of failures; only touchpoints
    that have moments get a column, so the map stays as wide as the library needs.
    """
    outcomes = list(site.taxonomy.kind("outcomes"))
    by_cell = site.index.by_cell
    used = {touchpoint for _, touchpoint in by_cell}
    touchpoints = [t.id for t in site.taxonomy.touchpoints if t.id in used]
    stages = [stage.id for stage in site.taxonomy.stages]
    return render_page(
        site,
        "journey.md.j2",
        lang,
        urls.JOURNEY,
        stages=stages,
        columns=[
            (channel.id, [t.id for t in site.taxonomy.touchpoints if t.group == channel.id and t.id in used])
            for channel in site.taxonomy.channels
        ],
        touchpoints=touchpoints,
        cells={cell: _counts(placements, outcomes) for cell, placements in by_cell.items()},
        row_totals={stage: _counts(site.index.by_stage.get(stage, []), outcomes) for stage in stages},
        column_totals={t: _counts(site.index.by_touchpoint.get(t, []), outcomes) for t in touchpoints},
        total=_counts([p for placements in by_cell.values() for p in placements], outcomes),
    )


def render_insight(site: Site, lang: str) -> GeneratedPage:
    """Render the insight page: where service fails, as charts and tables (:mod:`casebook.index.insight`)."""
    return render_page(
        site,
        "insight.md.j2",
        lang,
        urls.INSIGHT,
        figures=site.insight,
        few_limit=FEW_MOMENTS,
        # The explorer has no channel filter: a channel is its touchpoints, any of which matches.
        channel_members={
            channel.id: tuple(t.id for t in site.taxonomy.touchpoints if t.group == channel.id)
            for channel in site.taxonomy.channels
        },
    )


def render_home(site: Site, lang: str) -> GeneratedPage:
    """Render the home page: what Casebook is, counts, entry points, the cases of the latest events."""
    cases = site.index.cases
    return render_page(
        site,
        "home.md.j2",
        lang,
        urls.HOME,
        stats={
            "cases": len(cases),
            "moments": sum(len(case.moments) for case in cases),
            "companies": len(site.index.by_company),
        },
        stages=[
            (stage, _distinct_cases(site.index.by_stage.get(stage, [])))
            for stage in site.taxonomy.kind("stages")
        ],
        # By the date the events happened, as the list says: every case may be added on one day.
        newest=[case.entry for case in site.index.latest_first()[: site.options.newest_count]],
    )


def render_all_cases(site: Site, lang: str) -> list[GeneratedPage]:
    """Render the list of every case, in pages, the most recent events first."""
    entries = [case.entry for case in site.index.latest_first()]
    return [
        render_page(
            site,
            "all-cases.md.j2",
            lang,
            pager.here,
            cases=chunk,
            pager=pager,
            total=len(entries),
        )
        for pager, chunk in paged(urls.ALL_CASES, entries, site.options.list_page_size)
    ]


def render_translations(site: Site, lang: str) -> list[GeneratedPage]:
    """Render the translation status of every case in every language, in pages.

    Each row is a case with, for each language, its status and its untranslated fields.
    The first page lists the reviewed translations to read again, with their stale fields.
    """
    return [
        render_page(
            site,
            "translations.md.j2",
            lang,
            pager.here,
            rows=chunk,
            pager=pager,
            stale=site.stale_rows if pager.number == 1 else [],
        )
        for pager, chunk in paged(urls.TRANSLATIONS, site.translation_rows, site.options.list_page_size)
    ]


def render_redirects(site: Site, case: Case, lang: str) -> list[GeneratedPage]:
    """Render the pages that lead to a case from its short address and its old ids, or reuse them."""
    entry = case.entry
    sources = [urls.short_page(case.number)] + [urls.case_page(old) for old in case.old_ids]
    return remembered(
        site.memo,
        f"{lang}:redirects:{case.id}",
        (entry, sources),
        lambda: _make_redirects(site, entry, sources, lang),
    )


def _make_redirects(site: Site, case: CaseEntry, sources: list[str], lang: str) -> list[GeneratedPage]:
    """Render the pages that lead to a case from its short address and its old ids.

    These are HTML files, not Markdown: they redirect at once, and work without a server.
    """
    directory_urls = site.options.use_directory_urls
    pages = []
    for source in sources:
        page = PageContext(site, lang, source)
        html = with_security_policy(
            site.env.get_template("redirect.html.j2").render(
                page=page, target=page.case_url(case), title=page.plain(case.title, case)
            )
        )
        pages.append(
            GeneratedPage(page.language.prefix + urls.output_file(source, directory_urls), lang, html)
        )
    return pages


def render_workshop(site: Site, workshop: Workshop, lang: str) -> GeneratedPage:
    """Render a workshop page in ``lang``: its cases in order, with the trainer's questions."""
    # A case whose file is broken is reported by the build and left out here.
    items = [(item, site.cases[item.case_id]) for item in workshop.cases if item.case_id in site.cases]
    return render_page(
        site, "workshop.md.j2", lang, urls.workshop_page(workshop.id), workshop=workshop, items=items
    )


def render_explore(site: Site, lang: str) -> GeneratedPage:
    """Render the case explorer: a query and filters over every case, run in the browser by Pagefind.

    The page lists every filter value the library has (the template labels them in
    its language); the browser fills in the counts and the matching cases.
    """
    cases = site.index.cases
    codes = [language.code for language in site.labels.languages]
    present = {value for case in cases for value in explorer.translation_values(case, codes)}
    translations = [
        (code, state)
        for code in codes
        for state in explorer.TRANSLATION_STATES
        if f"{code}-{state}" in present
    ]
    companies = sorted(
        ((company, items[0].company.name) for company, items in site.index.by_company.items()),
        key=lambda item: (item[1].casefold(), item[0]),
    )
    return render_page(
        site,
        "explore.md.j2",
        lang,
        urls.EXPLORE,
        companies=companies,
        translations=translations,
        countries=sorted({case.country for case in cases if case.country}),
        years=sorted({case.when.year for case in cases if case.when.year is not None}, reverse=True),
        languages=[language.code for language in site.labels.languages]
        + sorted({case.language for case in cases} - {language.code for language in site.labels.languages}),
        cells=sorted(
            site.index.by_cell,
            key=lambda cell: (
                list(site.taxonomy.kind("stages")).index(cell[0]),
                list(site.taxonomy.kind("touchpoints")).index(cell[1]),
            ),
        ),
    )


def render_workshop_index(site: Site, lang: str) -> GeneratedPage:
    """Render the list of workshops."""
    return render_page(site, "workshops.md.j2", lang, urls.WORKSHOPS, workshops=list(site.workshops.values()))
