"""Golden files: a rendered case page in each language and the navigation, byte for byte.

A change to a template, a label or a page builder shows here as a diff to review. When
the change is meant, write the files again with ``pytest tests/test_golden.py --update-golden``
and commit them with the change (as mkdocs-literate-nav does).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import synthetic
from casebook.i18n import load_labels
from casebook.loader import load_cases, load_taxonomy
from casebook.pages import Site, SiteOptions, render_site
from casebook.pages.navigation import NavSection, language_nav
from casebook.resources import TAXONOMY_DIR

from tests.conftest import ROOT

GOLDEN = Path(__file__).parent / "golden"
LABELS = load_labels()
#: A small synthetic library: the same seed always writes the same cases.
SEED, SIZE = 11, 6


def check_golden(name: str, text: str, update: bool) -> None:
    """Compare ``text`` with ``tests/golden/<name>``, or write it there with ``--update-golden``."""
    path = GOLDEN / name
    if update:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.is_file(), f"no golden file {path}: run pytest {__file__} --update-golden"
    assert text == path.read_text(encoding="utf-8"), f"{name} changed: review the diff, then --update-golden"


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    cases_dir = tmp_path_factory.mktemp("golden") / "cases"
    taxonomy = load_taxonomy(TAXONOMY_DIR)
    synthetic.write_cases(cases_dir, SIZE, seed=SEED, taxonomy=taxonomy)
    library = load_cases(cases_dir, taxonomy, display_root=cases_dir.parent)
    assert not library.errors
    options = SiteOptions(site_url="https://casebook.test/", edit_url="https://example.org/edit/{path}")
    site = Site.from_cases(library.cases, taxonomy, LABELS, options)
    return {page.src_uri: page.content for page in render_site(site)}


@pytest.mark.parametrize("language", LABELS.languages, ids=lambda language: language.code)
def test_a_case_page_matches_its_golden_file(
    pages: dict[str, str], language: object, request: pytest.FixtureRequest
) -> None:
    prefix = getattr(language, "prefix")  # noqa: B009 - a Language
    first = min(
        uri
        for uri in pages
        if uri.startswith(f"{prefix}cases/")
        and uri.count("/") == prefix.count("/") + 1
        and not uri.endswith("index.md")
    )
    check_golden(f"case.{language.code}.md", pages[first], request.config.getoption("--update-golden"))


def test_the_navigation_matches_its_golden_file(request: pytest.FixtureRequest) -> None:
    handwritten = sorted(path.relative_to(ROOT / "docs").as_posix() for path in (ROOT / "docs").rglob("*.md"))
    lines = []
    for language in LABELS.languages:
        lines.append(f"{language.code}:")
        for item in language_nav(LABELS, language, handwritten):
            if isinstance(item, NavSection):
                lines.append(f"  - {item.title}:")
                lines += [f"    - {page}" for page in item.pages]
            else:
                lines.append(f"  - {item}")
    check_golden("navigation.txt", "\n".join(lines) + "\n", request.config.getoption("--update-golden"))
