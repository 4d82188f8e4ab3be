"""Rendering again with a memo (what `mkdocs serve` does after each edit) equals rendering afresh."""

from __future__ import annotations

import dataclasses
import html
import os
from pathlib import Path

import pytest
import synthetic
from casebook.i18n import load_labels
from casebook.index import build_index
from casebook.loader import load_cases, load_taxonomy
from casebook.model import Case, Localized
from casebook.pages import RenderMemo, Site, SiteOptions, render_site
from casebook.resources import PAGE_TEMPLATES_DIR, TAXONOMY_DIR

from tests.conftest import ROOT

BOOTS = "boots-leappad-out-of-stock"
POTTERY = "pottery-barn-broken-table-photo"
PREORDER = "amazon-uk-preorder-missed-launch"
SITE_OPTIONS = SiteOptions(site_url="https://s.test/")


@pytest.fixture(scope="module")
def seed_cases() -> dict[str, Case]:
    library = load_cases(ROOT / "cases", load_taxonomy(TAXONOMY_DIR))
    assert not library.errors
    return library.cases


def render(
    cases: dict[str, Case], memo: RenderMemo | None, options: SiteOptions = SITE_OPTIONS
) -> dict[str, str]:
    """Render every page of ``cases`` (with ``memo``, as a dev server does): Markdown by source path."""
    site = Site.from_cases(cases, load_taxonomy(TAXONOMY_DIR), load_labels(), options, memo=memo)
    return {page.src_uri: page.content for page in render_site(site)}


def with_text(case: Case, **texts: str) -> Case:
    """``case`` with some of its English texts replaced (title, summary)."""
    changes = {name: Localized({**getattr(case, name).texts, "en": text}) for name, text in texts.items()}
    return dataclasses.replace(case, **changes)


def test_rendering_unchanged_cases_again_reuses_every_page(seed_cases: dict[str, Case]) -> None:
    memo = RenderMemo()
    first = render(seed_cases, memo)
    # Every page and record the memo keeps was made, none reused.
    assert memo.remade and sorted(memo.remade) == sorted(memo.current)
    again = render(dict(seed_cases), memo)
    assert memo.remade == []
    assert again == first


def test_each_edit_renders_what_a_fresh_render_would(seed_cases: dict[str, Case]) -> None:
    memo = RenderMemo()
    cases = dict(seed_cases)
    # One case links to another with an empty link text, which shows the target's title.
    cases[POTTERY] = with_text(cases[POTTERY], summary=f"See [](case:{PREORDER}) for a similar story.")
    assert render(cases, memo) == render(cases, None)

    # A lesson changes: only that case's own pages and record are made again.
    cases[BOOTS] = dataclasses.replace(cases[BOOTS], lessons=(Localized({"en": "A new lesson."}),))
    assert render(cases, memo) == render(cases, None)
    remade = set(memo.remade)
    assert {f"en:cases/{BOOTS}.md", f"it:cases/{BOOTS}.md", f"record:{BOOTS}"} <= remade
    assert f"en:cases/{PREORDER}.md" not in remade
    assert not any(name.startswith(("en:journey/", "en:stages/", "en:tags/")) for name in remade), remade

    # A title changes: the pages that list the case or link to it show the new title.
    cases[PREORDER] = with_text(cases[PREORDER], title="RENAMED pre-order")
    fresh = render(cases, None)
    assert render(cases, memo) == fresh
    assert "RENAMED pre-order" in fresh[f"cases/{POTTERY}.md"]

    # A case is deleted, then comes back: no page of it is left over, none is missing.
    removed = cases.pop(BOOTS)
    assert render(cases, memo) == render(cases, None)
    cases[BOOTS] = removed
    assert render(cases, memo) == render(cases, None)


def test_a_title_change_reaches_a_page_that_only_links_to_the_case(tmp_path: Path) -> None:
    """A link with an empty text shows the target's title: the linking page depends on it."""
    synthetic.write_cases(tmp_path / "cases", 60)
    cases = load_cases(tmp_path / "cases", load_taxonomy(TAXONOMY_DIR)).cases
    index = build_index(cases.values(), load_taxonomy(TAXONOMY_DIR))
    source = next(iter(cases.values()))
    shown = {other.id for other in index.related[source.id]} | {
        other.id
        for item in index.neighbours.get(source.id, [])
        for other in (item.previous, item.next)
        if other
    }
    target = next(case for case in cases.values() if case.id not in shown | {source.id})
    cases[source.id] = with_text(source, summary=f"Compare [](case:{target.id}).")
    memo = RenderMemo()
    render(cases, memo)

    cases[target.id] = with_text(target, title="RENAMED target")
    fresh = render(cases, None)
    assert render(cases, memo) == fresh
    assert "RENAMED target" in fresh[f"cases/{source.id}.md"]
    assert f"en:cases/{source.id}.md" in memo.remade


def test_changed_settings_render_everything_again(seed_cases: dict[str, Case]) -> None:
    memo = RenderMemo()
    render(seed_cases, memo)
    kept = sorted(memo.current)
    pages = render(seed_cases, memo, SiteOptions(site_name="Other"))
    # Every page and record was made again, none reused from the render before.
    assert sorted(memo.remade) == sorted(memo.current) == kept
    assert "Other" in pages[f"cases/{BOOTS}.md"]


def test_a_template_override_added_or_edited_while_serving_shows_at_once(
    seed_cases: dict[str, Case], tmp_path: Path
) -> None:
    """Templates compiled for one render serve the next, until a template file changes."""
    overrides = tmp_path / "casebook"
    overrides.mkdir()
    memo = RenderMemo()

    def render_with_overrides() -> dict[str, str]:
        return render(seed_cases, memo, SiteOptions(template_dirs=(overrides,)))

    shipped = (PAGE_TEMPLATES_DIR / "case.md.j2").read_text(encoding="utf-8")
    assert "OVERRIDDEN" not in render_with_overrides()[f"cases/{BOOTS}.md"]
    override = overrides / "case.md.j2"
    override.write_text(f"{shipped}\nOVERRIDDEN once\n", encoding="utf-8")
    assert "OVERRIDDEN once" in render_with_overrides()[f"cases/{BOOTS}.md"]
    override.write_text(f"{shipped}\nOVERRIDDEN twice\n", encoding="utf-8")
    later = override.stat().st_mtime_ns + 1_000_000_000  # a coarse file clock would hide the edit
    os.utime(override, ns=(later, later))
    assert "OVERRIDDEN twice" in render_with_overrides()[f"cases/{BOOTS}.md"]


def test_a_title_edit_renders_again_only_the_list_page_that_shows_the_case(
    seed_cases: dict[str, Case],
) -> None:
    paged = SiteOptions(list_page_size=2)
    memo = RenderMemo()
    cases = dict(seed_cases)
    before = render(cases, memo, paged)
    pages = -(-len(cases) // 2)
    lists = ("cases/index.md", *(f"cases/page/{number}.md" for number in range(2, pages + 1)))
    holder = next(uri for uri in lists if f"cases/{BOOTS}/" in before[uri])
    cases[BOOTS] = with_text(cases[BOOTS], title="RENAMED toy")
    after = render(cases, memo, paged)
    assert after == render(cases, None, paged)
    assert "RENAMED toy" in after[holder]
    remade_lists = {name for name in memo.remade if name.removeprefix("en:") in lists}
    assert remade_lists == {f"en:{holder}"}


def test_an_override_that_shows_everything_its_template_receives_never_goes_stale(
    seed_cases: dict[str, Case], tmp_path: Path
) -> None:
    """Templates receive only what the memo tracks: their own values and frozen settings.

    The home page is overridden (as a site's ``custom_dir/casebook/home.md.j2`` would
    be) to show all of ``site`` as well. Had templates received the library, a dev
    server would go on showing a case's old lessons after an edit that the home page's
    own values do not show, while a fresh build shows the new ones.
    """
    overrides = tmp_path / "casebook"
    overrides.mkdir()
    shipped = (PAGE_TEMPLATES_DIR / "home.md.j2").read_text(encoding="utf-8")
    (overrides / "home.md.j2").write_text(f"{shipped}\n{{{{ site }}}}\n", encoding="utf-8")
    options = SiteOptions(site_url="https://s.test/", template_dirs=(overrides,))
    memo = RenderMemo()
    cases = dict(seed_cases)
    assert "taxonomy=Taxonomy(" in html.unescape(render(cases, memo, options)["index.md"])

    cases[BOOTS] = dataclasses.replace(cases[BOOTS], lessons=(Localized({"en": "A lesson edited."}),))
    assert render(cases, memo, options) == render(cases, None, options)
    assert f"en:cases/{BOOTS}.md" in memo.remade and "en:index.md" not in memo.remade
