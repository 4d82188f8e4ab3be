"""The built site, checked in its HTML: languages, alternates, journey map, cross-links."""

from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest
import yaml
from bs4 import BeautifulSoup

from tests.conftest import (
    REPO_URL,
    ROOT,
    SITE_URL,
    BuildResult,
    ProjectFactory,
    built_once,
    copy_project,
    run_build,
)

LANGUAGES = {"en": "", "it": "it/"}


def raw_cases() -> dict[str, dict]:
    """The case files read with plain PyYAML, independently of Casebook's loader."""
    return {
        path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in (ROOT / "cases").glob("*.yaml")
    }


CASES = raw_cases()


@pytest.mark.parametrize("case_id", sorted(CASES))
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_case_has_a_page_in_each_language(built_site: BuildResult, case_id: str, lang: str) -> None:
    page = built_site.html(f"{LANGUAGES[lang]}cases/{case_id}/")
    assert page.html is not None and page.html["lang"] == lang
    title = CASES[case_id]["title"][lang]
    assert page.find("h1").get_text(strip=True) == title
    # hreflang alternates point at this same case in both languages
    alternates = {
        link["hreflang"]: link["href"] for link in page.find_all("link", rel="alternate", hreflang=True)
    }
    # Full addresses (the site's address is known), the default language as x-default,
    # and the page's own address as its canonical URL.
    assert alternates == {
        "en": f"{SITE_URL}cases/{case_id}/",
        "it": f"{SITE_URL}it/cases/{case_id}/",
        "x-default": f"{SITE_URL}cases/{case_id}/",
    }
    assert page.find("link", rel="canonical")["href"] == f"{SITE_URL}{LANGUAGES[lang]}cases/{case_id}/"
    here = f"https://site.test/{LANGUAGES[lang]}cases/{case_id}/"
    # the language switcher links the same page too
    switcher = {a["hreflang"]: a["href"] for a in page.select(".md-select__link")}
    assert urljoin(here, switcher["it"]) == f"https://site.test/it/cases/{case_id}/"
    assert urljoin(here, switcher["en"]) == f"https://site.test/cases/{case_id}/"


def test_material_interface_is_in_the_page_language(built_site: BuildResult) -> None:
    italian = built_site.html("it/journey/")
    english = built_site.html("journey/")
    assert italian.select_one("input.md-search__input")["placeholder"] == "Cerca"
    assert english.select_one("input.md-search__input")["placeholder"] == "Search"
    assert italian.html["lang"] == "it" and english.html["lang"] == "en"


def test_case_page_shows_facts_strip_and_edit_link(built_site: BuildResult) -> None:
    case = CASES["amazon-uk-preorder-missed-launch"]
    page = built_site.html("it/cases/amazon-uk-preorder-missed-launch/")
    moments = page.select("ol.cb-strip > li.cb-moment")
    assert len(moments) == len(case["moments"])
    for item, moment in zip(moments, case["moments"], strict=True):
        # readable without colour: each moment says its outcome in words and with a symbol
        badge = item.select_one(".cb-outcome").get_text(" ", strip=True)
        assert badge == {"success": "✓ Riuscito", "failure": "✗ Non riuscito"}[moment["outcome"]]
    facts = page.select_one("dl.cb-facts").get_text(" ", strip=True)
    assert "Amazon UK" in facts and "Regno Unito" in facts and "Recuperato dopo un errore" in facts
    edit = page.select_one(".cb-edit a")["href"]
    assert edit == f"{REPO_URL}/edit/main/cases/amazon-uk-preorder-missed-launch.yaml"
    assert [h.get_text(strip=True).rstrip("¶") for h in page.select("h2")][:3] == [
        "Che cosa è successo, momento per momento",
        "Insegnamenti",
        "Domande per la discussione",
    ]


def test_dates_and_numbers_are_localized(built_site: BuildResult) -> None:
    # Boots happened in 2011; unknown dates are said in words in each language.
    assert "Data sconosciuta" in built_site.html("it/cases/amazon-uk-preorder-missed-launch/").get_text()
    assert "Date unknown" in built_site.html("cases/amazon-uk-preorder-missed-launch/").get_text()


def moment_counts() -> Counter[tuple[str, str, str]]:
    return Counter(
        (moment["stage"], moment["touchpoint"], moment["outcome"])
        for case in CASES.values()
        for moment in case["moments"]
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_journey_map_counts_match_the_cases(built_site: BuildResult, lang: str) -> None:
    page = built_site.html(f"{LANGUAGES[lang]}journey/")
    found: Counter[tuple[str, str, str]] = Counter()
    for link in page.select("td.cb-cell--filled a"):
        stage, touchpoint = urlparse(link["href"]).path.strip("/").split("/")[-2:]
        for count in link.select(".cb-count"):
            visible = count.find(string=True, recursive=False)
            assert visible is not None and int(visible) == int(count["data-count"])
            found[(stage, touchpoint, count["data-outcome"])] = int(count["data-count"])
    assert found == moment_counts()


def test_cell_page_lists_the_moments_of_that_cell(built_site: BuildResult) -> None:
    expected = {
        case_id
        for case_id, case in CASES.items()
        for moment in case["moments"]
        if (moment["stage"], moment["touchpoint"]) == ("wait-for-delivery", "email")
    }
    page = built_site.html("it/journey/wait-for-delivery/email/")
    linked = {urlparse(a["href"]).path.strip("/").split("/")[-1] for a in page.select("a.cb-placement__case")}
    assert linked == expected
    assert page.html["lang"] == "it"


def test_case_links_in_text_resolve_in_the_same_language(built_site: BuildResult) -> None:
    for lang, prefix in LANGUAGES.items():
        page = built_site.html(f"{prefix}cases/pottery-barn-broken-table-photo/")
        here = f"https://site.test/{prefix}cases/pottery-barn-broken-table-photo/"
        targets = {urljoin(here, a["href"]) for a in page.select("a.cb-case-link")}
        assert f"https://site.test/{prefix}cases/amazon-uk-preorder-missed-launch/" in targets, lang


def test_related_cases_put_explicit_ones_first(built_site: BuildResult) -> None:
    for case_id, case in CASES.items():
        page = built_site.html(f"cases/{case_id}/")
        heading = page.find(id="related")
        links = heading.find_next("ul").select("a") if heading else []
        shown = [a["href"].strip("/").split("/")[-1] for a in links]
        explicit = case.get("related", [])
        assert shown[: len(explicit)] == explicit
        assert case_id not in shown and len(shown) == len(set(shown))


def test_navigation_lists_index_pages_not_cases(built_site: BuildResult) -> None:
    for prefix in LANGUAGES.values():
        nav = built_site.html(f"{prefix}journey/").select_one("nav.md-nav--primary")
        hrefs = [a["href"] for a in nav.select("a.md-nav__link[href]")]
        assert not any("cases/" in href and not href.rstrip("/").endswith("cases") for href in hrefs), hrefs
        assert any("stages/" in href for href in hrefs)


def test_methodology_defines_every_stage(built_site: BuildResult) -> None:
    stages = yaml.safe_load((ROOT / "plugins/casebook/data/taxonomy/stages.yaml").read_text())
    for lang, prefix in LANGUAGES.items():
        page = built_site.html(f"{prefix}methodology/")
        for stage in stages:
            entry = page.find(id=f"stages-{stage['id']}")
            assert entry is not None, (lang, stage["id"])
            assert stage["description"][lang] in entry.get_text()


def internal_targets(site: Path) -> list[tuple[Path, str]]:
    links = []
    for page in site.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag, attribute in (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src")):
            for element in soup.find_all(tag):
                value = element.get(attribute)
                if value and not urlparse(value).scheme and not value.startswith(("//", "mailto:", "#")):
                    links.append((page, value))
    return links


def test_no_broken_internal_links(built_site: BuildResult) -> None:
    broken = []
    anchors: dict[Path, set[str]] = {}
    links = internal_targets(built_site.site)
    assert len(links) > 500
    for page, link in links:
        parsed = urlparse(link)
        # 404.html is served at any address, so MkDocs writes its links from the site root.
        base = built_site.site if parsed.path.startswith("/") else page.parent
        target = (base / unquote(parsed.path).lstrip("/")).resolve() if parsed.path else page
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            broken.append(f"{page.relative_to(built_site.site)} -> {link}")
            continue
        if parsed.fragment and target.suffix == ".html":
            if target not in anchors:
                html = target.read_text(encoding="utf-8")
                anchors[target] = set(re.findall(r'\bid="([^"]+)"', html))
            if parsed.fragment not in anchors[target]:
                broken.append(f"{page.relative_to(built_site.site)} -> {link} (no anchor)")
    assert broken == []


def test_missing_translation_shows_original_with_notice(make_project: ProjectFactory, tmp_path: Path) -> None:
    text = (ROOT / "cases/boots-leappad-out-of-stock.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert data["language"] == "en"
    # Rewrite the case without any Italian text (the schema comment must stay on line 1).
    untranslated = (
        text.splitlines()[0] + "\n" + yaml.safe_dump(strip_language(data, "it"), allow_unicode=True)
    )
    project = make_project({"boots-leappad-out-of-stock.yaml": untranslated})
    result = run_build(project, tmp_path / "site")
    assert result.returncode == 0, result.output
    page = result.html("it/cases/boots-leappad-out-of-stock/")
    assert page.html["lang"] == "it"
    assert "Non ancora tradotto" in page.select_one(".admonition").get_text()
    assert page.find("h1").get_text(strip=True) == data["title"]["en"]
    assert page.select_one(".cb-summary [lang='en']") is not None
    status = result.html("it/translations/")
    row = next(r for r in status.select("tr.cb-translation-row") if "boots-leappad" in r.a["href"])
    assert row.select_one("[data-lang='it']")["data-status"] == "missing"
    strict = run_build(project, tmp_path / "strict", "--strict")
    assert strict.returncode == 0, strict.output
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "cases_dir: cases\n", "cases_dir: cases\n      require_translations: true\n"
        )
    )
    failing = run_build(project, tmp_path / "strict2", "--strict")
    assert failing.returncode != 0
    assert "cases/boots-leappad-out-of-stock.yaml: no Italiano text in title" in failing.output


def strip_language(value: object, lang: str) -> object:
    """Remove the ``lang`` text from every bilingual mapping of a case."""
    if isinstance(value, dict):
        return {
            key: strip_language(item, lang) for key, item in value.items() if key != lang or len(value) == 1
        }
    if isinstance(value, list):
        return [strip_language(item, lang) for item in value]
    return value


def test_template_override_from_custom_dir(make_project: ProjectFactory, tmp_path: Path) -> None:
    project = make_project()
    override = project / "overrides/casebook/case.md.j2"
    override.parent.mkdir(parents=True, exist_ok=True)
    override.write_text("---\ntitle: Overridden\n---\n\n# Overridden {{ case.id }}\n", encoding="utf-8")
    result = run_build(project, tmp_path / "site")
    assert result.returncode == 0, result.output
    assert (
        result.html("cases/boots-leappad-out-of-stock/")
        .find("h1")
        .get_text(strip=True)
        .startswith("Overridden boots-leappad-out-of-stock")
    )


def test_broken_case_is_reported_loudly_and_fails_strict(
    make_project: ProjectFactory, tmp_path: Path
) -> None:
    text = (ROOT / "cases/boots-leappad-out-of-stock.yaml").read_text(encoding="utf-8")
    broken = text.replace("stage: buy", "stage: purchase", 1)
    assert broken != text
    project = make_project({"boots-leappad-out-of-stock.yaml": broken})
    loose = run_build(project, tmp_path / "site")
    assert loose.returncode == 0
    assert re.search(
        r"WARNING .*cases/boots-leappad-out-of-stock\.yaml:\d+:\d+: moments\[\d\]\.stage: unknown",
        loose.output,
    )
    assert (
        "1 case file has errors and is NOT on the site: cases/boots-leappad-out-of-stock.yaml" in loose.output
    )
    strict = run_build(project, tmp_path / "strict", "--strict")
    assert strict.returncode != 0
    assert "Traceback" not in strict.output


@pytest.mark.parametrize("verbosity", [("-q",), (), ("-v",)], ids=["quiet", "default", "verbose"])
def test_strict_fails_on_a_broken_file_at_every_log_level(
    make_project: ProjectFactory, tmp_path: Path, verbosity: tuple[str, ...]
) -> None:
    # MkDocs 1.6 stops counting warnings for --strict under -q: the plugin must fail the build itself.
    text = (ROOT / "cases/boots-leappad-out-of-stock.yaml").read_text(encoding="utf-8")
    project = make_project(
        {"boots-leappad-out-of-stock.yaml": text.replace("stage: buy", "stage: purchase", 1)}
    )
    workshop = next((project / "workshops").glob("*.yaml"))
    workshop.write_text(
        workshop.read_text(encoding="utf-8").replace("duration:", "minutes:", 1), encoding="utf-8"
    )
    result = run_build(project, tmp_path / "site", "--strict", *verbosity)
    assert result.returncode != 0, result.output
    assert "Traceback" not in result.output
    assert re.search(
        r"cases/boots-leappad-out-of-stock\.yaml:\d+:\d+: moments\[\d\]\.stage: unknown", result.output
    )
    assert f"workshops/{workshop.name}" in result.output
    assert not (tmp_path / "site" / "index.html").exists()


def grouped_entries(page: BeautifulSoup, address: str) -> list[tuple[str, str, str]]:
    """The entries of a tag, company or journey-cell page: (group id, group heading, link)."""
    return [
        (heading["id"], heading.get_text(), urljoin(f"/{address}", link["href"]))
        for heading in page.select("h2[id]")
        for link in heading.find_next_sibling("ul").select("li > a")
    ]


@pytest.fixture(scope="session")
def paged_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The project built with two entries a page of every long list (once a run, for both languages)."""

    def build(folder: Path) -> BuildResult:
        project = copy_project(folder / "project", plugin_options="list_page_size: 2")
        return run_build(project, folder / "site", "--strict")

    return built_once(tmp_path_factory, "paged", build)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_long_lists_are_split_into_linked_pages(
    paged_site: BuildResult, lang: str, built_site: BuildResult
) -> None:
    """With two entries a page, each library-wide list takes half as many pages as there are
    cases, and tag, company and journey-cell pages go on over as many pages as they need."""
    result = paged_site
    assert result.returncode == 0, result.output
    prefix = LANGUAGES[lang]
    for first, entry in (("cases/", "ul.cb-cases a"), ("translations/", "tr.cb-translation-row a")):
        last = -(-len(CASES) // 2)
        addresses = [f"{prefix}{first}"] + [f"{prefix}{first}page/{n}/" for n in range(2, last + 1)]
        listed = []
        for number, address in enumerate(addresses, start=1):
            page = result.html(address)
            listed += [urljoin(f"/{address}", link["href"]) for link in page.select(entry)]
            pager = page.select_one("nav.cb-pager")
            assert pager is not None, address
            assert pager.select_one("[aria-current=page]").get_text() == str(number)
            # Every number links to its page, and previous/next to the neighbours.
            targets = {urljoin(f"/{address}", link["href"]) for link in pager.select("a.cb-pager__page")}
            assert targets == {f"/{other}" for other in addresses if other != address}
            previous, following = pager.select_one("a[rel=prev]"), pager.select_one("a[rel=next]")
            assert (previous is None) == (number == 1) and (following is None) == (number == last)
            if following is not None:
                assert urljoin(f"/{address}", following["href"]) == f"/{addresses[number]}"
            title = page.select_one("h1").get_text()
            assert (number > 1) == (str(number) in title and str(last) in title), title
        # Each case once, over all the pages, and only the cases.
        assert sorted(listed) == sorted(f"/{prefix}cases/{case_id}/" for case_id in CASES)
    assert not (result.site / prefix / "cases" / "page" / str(last + 1)).exists()

    # Page after page, the same groups (with their full counts) and entries, in the same
    # order, as on the unsplit pages of the reference build: nothing lost or repeated.
    split: Counter[str] = Counter()
    for pattern in ("tags/*/index.html", "companies/*/index.html", "journey/*/*/index.html"):
        for reference in sorted((built_site.site / prefix).glob(pattern)):
            first = reference.parent.relative_to(built_site.site).as_posix() + "/"
            expected = grouped_entries(built_site.html(first), first)
            listed: list[tuple[str, str, str]] = []
            addresses = []
            address: str | None = first
            while address is not None:
                page = result.html(address)
                addresses.append(address)
                listed += grouped_entries(page, address)
                following = page.select_one("nav.cb-pager a[rel=next]")
                address = urljoin(f"/{address}", following["href"])[1:] if following is not None else None
            assert listed == expected, first
            # Each group's heading counts all its entries, on whichever pages they are.
            for group, heading in {(group, heading) for group, heading, _ in listed}:
                count = re.search(r"\((\d+)\)", heading)
                assert count is not None and int(count[1]) == [g for g, _, _ in listed].count(group), heading
            assert len(addresses) == max(1, -(-len(expected) // 2)), first
            assert addresses[1:] == [f"{first}page/{number}/" for number in range(2, len(addresses) + 1)]
            split[pattern.split("/")[0]] += len(addresses) > 1
    # The seed cases make some topic and journey-cell lists long enough to split.
    assert split["tags"] and split["journey"], split


def test_a_list_page_size_below_one_is_a_clear_error(make_project: ProjectFactory, tmp_path: Path) -> None:
    result = run_build(make_project(plugin_options="list_page_size: 0"), tmp_path / "site")
    assert result.returncode != 0
    assert "list_page_size must be 1 or more" in result.output and "not 0" in result.output
    assert "Traceback" not in result.output


def test_the_site_is_built_by_the_engine_asked_for(built_site: BuildResult) -> None:
    # CI's ProperDocs job sets CASEBOOK_ENGINE: this shows that its builds really ran on ProperDocs.
    generator = built_site.html("").find("meta", attrs={"name": "generator"})["content"]
    engine = os.environ.get("CASEBOOK_ENGINE", "mkdocs")
    assert generator.lower().startswith("mkdocs-properdocs" if engine == "properdocs" else "mkdocs-1."), (
        generator
    )


def when_key(case: dict) -> tuple[bool, tuple[int, ...], str]:
    """Latest first, unknown last, then by id: from the file's ``when`` (YYYY, YYYY-MM or YYYY-MM-DD)."""
    when = str(case["when"])
    parts = tuple(int(part) for part in when.split("-")) if when != "unknown" else ()
    padded = (*parts, 0, 0, 0)[:3]
    return (not parts, tuple(-part for part in padded), case["id"])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_all_cases_lists_the_latest_events_first(built_site: BuildResult, lang: str) -> None:
    address: str | None = f"{LANGUAGES[lang]}cases/"
    listed: list[str] = []
    while address is not None:
        page = built_site.html(address)
        listed += [
            urljoin(f"/{address}", link["href"]).rstrip("/").rsplit("/", 1)[1]
            for link in page.select("ul.cb-cases a")
        ]
        following = page.select_one("nav.cb-pager a[rel=next]")
        address = urljoin(f"/{address}", following["href"])[1:] if following is not None else None
    assert listed == [case["id"] for case in sorted(CASES.values(), key=when_key)]
