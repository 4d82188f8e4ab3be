"""Unit tests of what a dirty build keeps for the next one (``IncrementalBuild``, ``GeneratedFile``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from casebook.pages import GeneratedPage
from casebook.plugin.incremental import GeneratedFile, IncrementalBuild
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files


@pytest.fixture
def config(tmp_path: Path) -> MkDocsConfig:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "about.md").write_text("# About\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: Test\n", encoding="utf-8")
    loaded = load_config(str(tmp_path / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    # Set by MkDocs while a plugin's hook runs; File.generated records it.
    loaded.plugins._current_plugin = "casebook"
    return loaded


def pages(**contents: str) -> list[GeneratedPage]:
    return [GeneratedPage(f"{name}.md", "en", text) for name, text in contents.items()]


def files_of(config: MkDocsConfig, build: IncrementalBuild, generated: list[GeneratedPage]) -> Files:
    handwritten = File("about.md", config.docs_dir, config.site_dir, config.use_directory_urls)
    return Files([handwritten, *build.generated_files(config, generated)])


def modified(files: Files) -> set[str]:
    return {file.src_uri for file in files if isinstance(file, GeneratedFile) and file.is_modified()}


def test_a_dirty_build_keeps_each_file_and_gives_it_the_new_markdown(config: MkDocsConfig) -> None:
    build = IncrementalBuild(dirty=True)
    first = build.generated_files(config, pages(a="A", b="B"))
    second = build.generated_files(config, pages(a="A", b="B changed", c="C"))
    assert [file.src_uri for file in second] == ["a.md", "b.md", "c.md"]
    assert second[0] is first[0] and second[1] is first[1]
    assert second[1].content_string == "B changed" and second[1].page is None


def test_a_clean_build_makes_new_files_each_time(config: MkDocsConfig) -> None:
    build = IncrementalBuild(dirty=False)
    first = build.generated_files(config, pages(a="A"))
    assert build.generated_files(config, pages(a="A"))[0] is not first[0]


def test_only_pages_whose_markdown_changed_are_modified(config: MkDocsConfig) -> None:
    build = IncrementalBuild(dirty=True)
    first = pages(a="A", b="B")
    assert build.mark_changes(files_of(config, build, first), first, "settings", set()) == 2
    # The hand-written page's output exists and is newer than its source: MkDocs leaves it.
    about = Path(config.site_dir) / "about" / "index.html"
    about.parent.mkdir(parents=True)
    about.write_text("built", encoding="utf-8")

    second = pages(a="A", b="B changed")
    files = files_of(config, build, second)
    assert build.mark_changes(files, second, "settings", set()) == 1
    assert modified(files) == {"b.md"}
    assert about.exists()

    # A page in ``always`` is read again although unchanged (its title is not known yet).
    files = files_of(config, build, second)
    build.mark_changes(files, second, "settings", {"a.md"})
    assert modified(files) == {"a.md"}


def test_new_settings_rebuild_every_page_hand_written_ones_too(config: MkDocsConfig) -> None:
    build = IncrementalBuild(dirty=True)
    generated = pages(a="A", b="B")
    build.mark_changes(files_of(config, build, generated), generated, "settings", set())
    about = Path(config.site_dir) / "about" / "index.html"
    about.parent.mkdir(parents=True)
    about.write_text("built", encoding="utf-8")
    files = files_of(config, build, generated)
    assert build.mark_changes(files, generated, "other settings", set()) == 2
    assert modified(files) == {"a.md", "b.md"}
    # MkDocs rebuilds a hand-written page whose output is missing.
    assert not about.exists()
    assert files.get_file_from_path("about.md").is_modified()  # type: ignore[union-attr]


def test_a_clean_build_marks_everything_and_keeps_nothing(config: MkDocsConfig) -> None:
    build = IncrementalBuild(dirty=False)
    generated = pages(a="A")
    build.mark_changes(files_of(config, build, generated), generated, "settings", set())
    files = files_of(config, build, generated)
    assert build.mark_changes(files, generated, "settings", set()) == 1
    assert build.contents == {}


def test_outputs_of_pages_no_longer_generated_are_removed_with_their_empty_folders(
    config: MkDocsConfig,
) -> None:
    build = IncrementalBuild(dirty=True)
    site = Path(config.site_dir)
    first = build.generated_files(config, pages(**{"a": "A", "cases/gone": "G"}))
    for file in first:
        Path(file.abs_dest_path).parent.mkdir(parents=True, exist_ok=True)
        Path(file.abs_dest_path).write_text("html", encoding="utf-8")
    assert build.remove_stale_outputs(first, site) == []
    second = build.generated_files(config, pages(a="A"))
    removed = build.remove_stale_outputs(second, site)
    assert removed == [(site / "cases" / "gone" / "index.html").resolve()]
    assert not (site / "cases").exists() and (site / "a" / "index.html").exists()


def test_search_entries_go_to_the_page_that_added_them_and_leave_with_it() -> None:
    build = IncrementalBuild(dirty=True)
    index: list[dict[str, str]] = []
    build.start_search()
    index += [{"location": "a/"}, {"location": "a/#x"}]
    build.record_search("a/", index)
    index += [{"location": "b/"}]
    build.record_search("b/", index)
    assert build.search_pages(["a/", "b/"]) == [
        ("a/", [{"location": "a/"}, {"location": "a/#x"}]),
        ("b/", [{"location": "b/"}]),
    ]
    # A later dirty build reads page b only; page a keeps its entries, a removed page loses them.
    build.start_search()
    build.record_search("b/", [{"location": "b/"}])
    assert build.search_pages(["a/", "b/"])[0][1] == [{"location": "a/"}, {"location": "a/#x"}]
    assert build.search_pages(["b/"]) == [("b/", [{"location": "b/"}])]
    assert build.search_pages(["a/", "b/"]) == [("b/", [{"location": "b/"}])]


def test_titles_are_known_only_for_pages_a_dirty_build_does_not_read(config: MkDocsConfig) -> None:
    build = IncrementalBuild(dirty=True)
    (file,) = build.generated_files(config, pages(a="A"))
    build.record_title("a.md", "Title A")
    file.modified = False
    assert build.known_title(file) == "Title A"
    file.modified = True
    assert build.known_title(file) is None
