"""Dirty rebuilds (``mkdocs serve --dirty``) rebuild only what changed and equal a clean build."""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path
from typing import Any

import jinja2
import pytest
from casebook.i18n import load_labels
from casebook.plugin.search import FragmentCache, split_search_index
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from tests.conftest import ProjectFactory, pagefind_unstable, run_build

BOOTS = "boots-leappad-out-of-stock"


class DevServer:
    """Builds as `mkdocs serve --dirty` does: one process, ``on_startup`` once, a dirty build per change."""

    def __init__(self, project: Path, site: Path) -> None:
        self.project, self.site = project, site
        self._config().plugins.on_startup(command="serve", dirty=True)

    def _config(self) -> MkDocsConfig:
        # Like the server, a new config for each build; MkDocs keeps the plugin objects.
        return load_config(str(self.project / "mkdocs.yml"), site_dir=str(self.site))

    def build(self) -> None:
        config = self._config()
        build(config, dirty=True)
        # A dev server indexes with Pagefind in the background; the checks read the index.
        config.plugins.on_shutdown()


def digest(site: Path) -> dict[str, str]:
    return {
        str(path.relative_to(site)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(site.rglob("*"))
        if path.is_file() and not pagefind_unstable(str(path.relative_to(site)))
    }


def assert_same_as_clean_build(project: Path, dirty_site: Path, clean_site: Path) -> None:
    clean = run_build(project, clean_site)
    assert clean.returncode == 0, clean.output
    dirty, fresh = digest(dirty_site), digest(clean_site)
    assert sorted(dirty.keys() - fresh.keys()) == [] and sorted(fresh.keys() - dirty.keys()) == []
    different = sorted(name for name in fresh if fresh[name] != dirty[name])
    assert different == [], different


@pytest.fixture
def served(make_project: ProjectFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> DevServer:
    """A copy of the project, built once by a dev server (``mkdocs serve --dirty``)."""
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    server = DevServer(make_project(), tmp_path / "served")
    server.build()
    return server


def test_dirty_rebuilds_equal_clean_builds(served: DevServer, tmp_path: Path) -> None:
    server, project, site = served, served.project, served.site
    english, italian = site / f"cases/{BOOTS}/index.html", site / f"it/cases/{BOOTS}/index.html"
    untouched = site / "cases/pottery-barn-broken-table-photo/index.html"
    stamps = {path: path.stat().st_mtime_ns for path in (english, italian, untouched)}

    # Edit: the English summary of one case touches its English page only.
    case_file = project / "cases" / f"{BOOTS}.yaml"
    text = case_file.read_text(encoding="utf-8")
    case_file.write_text(
        text.replace("Before Christmas 2011 a father", "EDITED Before Christmas 2011 a father")
    )
    server.build()
    assert "EDITED" in english.read_text(encoding="utf-8")
    assert english.stat().st_mtime_ns != stamps[english]
    # The Italian page changes too, and only by saying that its summary is now stale: the
    # reviewed translation was read against the summary before the edit.
    assert italian.stat().st_mtime_ns != stamps[italian]
    assert 'class="cb-stale"' in italian.read_text(encoding="utf-8")
    # Pages the edit does not touch are not rendered again.
    assert untouched.stat().st_mtime_ns == stamps[untouched]
    assert_same_as_clean_build(project, site, tmp_path / "clean-1")

    # Add: a new case, which changes indexes and related cases across the site.
    added = text.replace(f"id: {BOOTS}", "id: added-case", 1).replace("\nnumber: 3\n", "\nnumber: 99\n", 1)
    (project / "cases/added-case.yaml").write_text(added, encoding="utf-8")
    server.build()
    assert (site / "cases/added-case/index.html").is_file()
    assert_same_as_clean_build(project, site, tmp_path / "clean-2")

    # Delete: the added case disappears, with its pages and its search entries.
    (project / "cases/added-case.yaml").unlink()
    server.build()
    assert not (site / "cases/added-case").exists()
    fragments = (site / "pagefind/fragment").glob("*.pf_fragment")
    assert not any(b"added-case" in gzip.decompress(path.read_bytes()) for path in fragments)
    assert_same_as_clean_build(project, site, tmp_path / "clean-3")


def test_a_dev_server_compiles_the_theme_once_and_again_when_a_template_changes(
    make_project: ProjectFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    compiled: list[str | None] = []
    compile_template = jinja2.Environment.compile

    def spy(self: jinja2.Environment, source: str, name: str | None = None, *args: Any, **kwargs: Any) -> Any:
        compiled.append(name)
        return compile_template(self, source, name, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", spy)
    project = make_project()
    copyright_partial = project / "overrides" / "partials" / "copyright.html"
    copyright_partial.parent.mkdir(parents=True)
    copyright_partial.write_text("<p>FOOTER-ONE</p>", encoding="utf-8")
    case_file = project / "cases" / f"{BOOTS}.yaml"
    original = case_file.read_text(encoding="utf-8")
    page = tmp_path / "served" / f"cases/{BOOTS}/index.html"
    server = DevServer(project, tmp_path / "served")

    def edit_and_build(marker: str) -> str:
        compiled.clear()
        case_file.write_text(original.replace("Before Christmas 2011", f"{marker} Before Christmas 2011"))
        server.build()
        return page.read_text(encoding="utf-8")

    # (MkDocs keeps the plugin between builds of one process, so the first may find the theme compiled.)
    html = edit_and_build("FIRST")
    assert "FIRST" in html and "FOOTER-ONE" in html

    # The next rebuild reuses every compiled theme template.
    html = edit_and_build("SECOND")
    assert "SECOND" in html and "FOOTER-ONE" in html
    assert not {"main.html", "base.html", "partials/copyright.html"} & set(compiled), compiled

    # An edited template is compiled again, and only it.
    copyright_partial.write_text("<p>FOOTER-TWO</p>", encoding="utf-8")
    html = edit_and_build("THIRD")
    assert "THIRD" in html and "FOOTER-TWO" in html and "FOOTER-ONE" not in html
    assert "partials/copyright.html" in compiled and "base.html" not in compiled


def test_search_index_from_cached_page_fragments_equals_a_full_split(tmp_path: Path) -> None:
    """A dev server writes the language indexes from cached per-page JSON: same bytes as a full split."""
    docs = [
        {"location": "cases/a/", "title": "A", "text": "Ünïcode “quotes”"},
        {"location": "cases/a/#moment-1", "title": "Moment 1", "text": "x"},
        {"location": "it/cases/a/", "title": "A (it)", "text": "perché"},
        {"location": "about/", "title": "About", "text": ""},
    ]
    material = {"config": {"lang": ["en"], "separator": "[\\s]+"}, "docs": docs}
    labels = load_labels()

    def split(site: Path, *args: Any) -> dict[str, str]:
        (site / "search").mkdir(parents=True, exist_ok=True)
        (site / "search/search_index.json").write_text(json.dumps(material, separators=(",", ":")))
        split_search_index(site, labels, *args)
        return {str(p.relative_to(site)): p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.json"))}

    full = split(tmp_path / "full")
    pages = [("cases/a/", docs[:2]), ("it/cases/a/", docs[2:3]), ("about/", docs[3:])]
    cache: FragmentCache = {}
    assert split(tmp_path / "first", pages, cache) == full
    assert split(tmp_path / "cached", pages, cache) == full
    assert json.loads(full["it/search/search_index.json"])["docs"] == [
        {"location": "cases/a/", "title": "A (it)", "text": "perché"}
    ]
    # A rebuilt page brings new entries: they replace its cached JSON.
    rebuilt = [("cases/a/", [{**docs[0], "text": "REBUILT"}, docs[1]]), *pages[1:]]
    assert "REBUILT" in split(tmp_path / "rebuilt", rebuilt, cache)["search/search_index.json"]
    # A page gone from the site leaves the cache too.
    assert split(tmp_path / "fewer", pages[:1], cache) and set(cache) == {("cases/a/", "")}


def test_a_dirty_rebuild_after_a_hand_written_page_changes_title_equals_a_clean_build(
    served: DevServer, tmp_path: Path
) -> None:
    """Every page shows the navigation's titles: a new title reaches the hand-written pages too."""
    server, project, site = served, served.project, served.site
    about = project / "docs" / "about.md"
    text = about.read_text(encoding="utf-8")
    title = text.splitlines()[0]
    about.write_text(text.replace(title, f"{title} RENAMED", 1), encoding="utf-8")
    server.build()
    methodology = (site / "methodology/index.html").read_text(encoding="utf-8")
    assert "RENAMED" in methodology
    assert_same_as_clean_build(project, site, tmp_path / "clean")


def test_the_lunr_indexes_do_not_depend_on_the_plugin_order(
    make_project: ProjectFactory, tmp_path: Path
) -> None:
    """Casebook reads each page's lunr entries after Material's search adds them (event priority).

    Built once with Material's search before Casebook and once after it: had Casebook
    read a page's entries before search added them, each page would get the entries
    of the one before, and the last page's would be lost.
    """
    project = make_project(plugin_options="search: material")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    orders = {
        "search-first": text.replace("  - casebook:\n", "  - search\n  - casebook:\n", 1),
        "search-last": text.replace("      search: material\n", "      search: material\n  - search\n", 1),
    }
    indexes = {}
    for name, variant in orders.items():
        assert variant != text
        config.write_text(variant, encoding="utf-8")
        result = run_build(project, tmp_path / name)
        assert result.returncode == 0, result.output
        indexes[name] = {
            language.code: json.loads(
                (tmp_path / name / language.prefix / "search/search_index.json").read_text(encoding="utf-8")
            )["docs"]
            for language in load_labels().languages
        }
    assert all(indexes["search-first"].values())
    assert indexes["search-last"] == indexes["search-first"]
