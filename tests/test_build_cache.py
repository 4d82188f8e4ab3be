"""The build cache on disk (``.cache/casebook/``): a build that uses it equals a clean build.

One small project goes through a history of changes. After each, a build with the
cache (``CASEBOOK_BUILD_CACHE=true``, as CI's) and a clean build are compared byte for
byte, and the cache's log line says how much it reused: everything when nothing
changed, most pages after a case changed, nothing after a change of the key (template,
taxonomy, ``mkdocs.yml``, environment, plugin), and a damaged cache is built again.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import pytest
from casebook.cache import CachedPage, Manifest, Store, TreeDigests, digest, fingerprint
from casebook.plugin import build_cache
from casebook.resources import PACKAGE_DIR, TAXONOMY_DIR
from mkdocs.config import load_config
from synthetic import mark_text, write_cases

from tests.conftest import ROOT, BuildResult, pagefind_unstable, run_build
from tests.test_incremental import DevServer, assert_same_as_clean_build

REUSED = re.compile(r"build cache: (\d+) of (\d+) generated files to build taken from the cache")
NOT_RENDERED = "Casebook's pages come from the build cache"


def site_digests(site: Path) -> dict[str, str]:
    return {
        path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(site.rglob("*"))
        if path.is_file() and not pagefind_unstable(path.relative_to(site).as_posix())
    }


@dataclass
class Step:
    """One change of the history: what the cached build printed and which files differ from a clean build."""

    output: str
    different: list[str]

    @property
    def reused(self) -> tuple[int, int]:
        found = REUSED.search(self.output)
        assert found is not None, self.output
        return int(found.group(1)), int(found.group(2))


def make_small_project(project: Path) -> Path:
    """The project's pages, overrides and config, a copy of the taxonomy, and six synthetic cases."""
    for name in ("docs", "overrides"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copytree(TAXONOMY_DIR, project / "taxonomy")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    anchor = "      cases_dir: cases\n"
    assert anchor in config and "CASEBOOK_BUILD_CACHE" in config
    (project / "mkdocs.yml").write_text(
        config.replace(anchor, anchor + "      taxonomy_dir: taxonomy\n"), encoding="utf-8"
    )
    write_cases(project / "cases", 6, seed=3)
    return project


class History:
    """A project changed step by step, each step built with the cache and clean."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.project = make_small_project(root / "project")
        self.env: dict[str, str] = {}
        self.count = 0
        self.clean: dict[str, str] = {}

    def build(self, *, clean: bool = True) -> Step:
        """Build with the cache (and, unless ``clean`` is False, without): the cached build's step."""
        self.count += 1
        cached = run_build(
            self.project, self.root / f"cached-{self.count}", env={**self.env, "CASEBOOK_BUILD_CACHE": "true"}
        )
        assert cached.returncode == 0, cached.output
        if clean:
            reference: BuildResult = run_build(
                self.project,
                self.root / f"clean-{self.count}",
                env={**self.env, "CASEBOOK_BUILD_CACHE": "false"},
            )
            assert reference.returncode == 0, reference.output
            assert NOT_RENDERED not in reference.output and not REUSED.search(reference.output)
            self.clean = site_digests(reference.site)
        mine = site_digests(cached.site)
        different = sorted(
            name for name in mine.keys() | self.clean.keys() if mine.get(name) != self.clean.get(name)
        )
        return Step(cached.output, different)

    def cases(self) -> list[Path]:
        return sorted((self.project / "cases").glob("*.yaml"))

    def store(self) -> Store:
        return Store(self.project / ".cache" / "casebook")


def add_and_change(history: History) -> None:
    first, second = history.cases()[:2]
    text = first.read_text(encoding="utf-8")
    number = max(
        int(m) for path in history.cases() for m in re.findall(r"^number: (\d+)$", path.read_text(), re.M)
    )
    added = re.sub(r"^number: \d+$", f"number: {number + 1}", text, count=1, flags=re.M)
    added = re.sub(rf"^id: {first.stem}$", "id: added-case", added, count=1, flags=re.M)
    (first.parent / "added-case.yaml").write_text(added, encoding="utf-8")
    extra = re.sub(r"^number: \d+$", f"number: {number + 2}", added, count=1, flags=re.M)
    (first.parent / "extra-case.yaml").write_text(
        extra.replace("id: added-case", "id: extra-case"), encoding="utf-8"
    )
    second.write_text(mark_text(second.read_text(encoding="utf-8"), "summary", "CHANGED"), encoding="utf-8")


def rename_and_delete(history: History) -> None:
    added = history.project / "cases" / "added-case.yaml"
    text = added.read_text(encoding="utf-8").replace("id: added-case", "id: renamed-case")
    (added.parent / "renamed-case.yaml").write_text(text, encoding="utf-8")
    added.unlink()
    (added.parent / "extra-case.yaml").unlink()  # no case links to it: the library stays valid


def change_templates(history: History) -> None:
    """Override a page template (its pages' Markdown changes) and a theme partial (only their HTML does)."""
    templates = PACKAGE_DIR / "templates"
    for shipped, override in (
        (templates / "pages" / "case.md.j2", history.project / "overrides" / "casebook" / "case.md.j2"),
        (
            templates / "theme" / "partials" / "copyright.html",
            history.project / "overrides" / "partials" / "copyright.html",
        ),
    ):
        override.parent.mkdir(parents=True, exist_ok=True)
        override.write_text(
            shipped.read_text(encoding="utf-8") + "\n<p>A line the override adds.</p>\n", encoding="utf-8"
        )


def change_taxonomy_term(history: History) -> None:
    stages = history.project / "taxonomy" / "stages.yaml"
    text = stages.read_text(encoding="utf-8")
    stages.write_text(text.replace("label: {en: Choose,", "label: {en: Choose wisely,", 1), encoding="utf-8")


def change_config(history: History) -> None:
    config = history.project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("site_name: Casebook", "site_name: Casebook 2")
    )


def change_environment(history: History) -> None:
    history.env["CASEBOOK_SITE_URL"] = "https://cases.example.org/"


def upgrade_plugin(history: History) -> None:
    """A new version of Casebook: a copy of the package, first on the path, with a label changed."""
    package = history.root / "upgraded" / "casebook"
    shutil.copytree(PACKAGE_DIR, package, ignore=shutil.ignore_patterns("__pycache__"))
    labels = package / "data" / "labels.yaml"
    text = labels.read_text(encoding="utf-8")
    labels.write_text(text.replace("nav.home: {en: Home,", "nav.home: {en: Start,", 1), encoding="utf-8")
    history.env["PYTHONPATH"] = os.pathsep.join([str(package.parent), os.environ.get("PYTHONPATH", "")])


CHANGES: list[tuple[str, Callable[[History], None]]] = [
    ("cases added and changed", add_and_change),
    ("cases renamed and deleted", rename_and_delete),
    ("templates overridden", change_templates),
    ("taxonomy term changed", change_taxonomy_term),
    ("mkdocs.yml changed", change_config),
    ("environment variable changed", change_environment),
    ("plugin upgraded (a label changed)", upgrade_plugin),
]


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Step]:
    """Every step of the history, by name, built once for the whole module."""
    history = History(tmp_path_factory.mktemp("cache-history"))
    steps = {"cold": history.build(), "unchanged": history.build(clean=False)}
    for name, change in CHANGES:
        change(history)
        steps[name] = history.build()
    # A damaged cache: an output changed on disk, then a manifest cut short.
    store = history.store()
    manifest = store.read_manifest("build")
    assert manifest is not None
    damaged = next(page for page in manifest.pages if page.src_uri.startswith("cases/") and page.output)
    assert damaged.output is not None
    obj = store.objects / damaged.output[:2] / damaged.output
    obj.write_bytes(obj.read_bytes().replace(b"<h1", b"<h2", 1))
    steps["an output object damaged"] = history.build(clean=False)
    path = store.root / "manifest-build.json"
    path.write_text(path.read_text(encoding="utf-8")[:-500], encoding="utf-8")
    steps["the manifest half written"] = history.build(clean=False)
    return steps


def test_a_cold_cached_build_equals_a_clean_one(history: dict[str, Step]) -> None:
    step = history["cold"]
    assert step.different == []
    assert step.reused == (0, step.reused[1]) and step.reused[1] > 0


def test_with_nothing_changed_nothing_is_rendered_or_built_again(history: dict[str, Step]) -> None:
    step = history["unchanged"]
    assert step.different == []
    assert NOT_RENDERED in step.output
    reused, total = step.reused
    assert reused == total > 0


@pytest.mark.parametrize("name", ["cases added and changed", "cases renamed and deleted"])
def test_after_case_changes_the_rest_is_reused_and_the_site_equals_a_clean_build(
    history: dict[str, Step], name: str
) -> None:
    step = history[name]
    assert step.different == []
    assert NOT_RENDERED not in step.output
    reused, total = step.reused
    assert 0 < reused < total


@pytest.mark.parametrize("name", [name for name, _ in CHANGES[2:]])
def test_a_changed_key_reuses_nothing_and_the_site_equals_a_clean_build(
    history: dict[str, Step], name: str
) -> None:
    step = history[name]
    assert step.different == []
    assert step.reused[0] == 0


def test_a_damaged_output_is_built_again(history: dict[str, Step]) -> None:
    step = history["an output object damaged"]
    assert step.different == []
    reused, total = step.reused
    assert reused == total - 1  # all but the damaged page, which the build made again


def test_a_half_written_manifest_is_ignored(history: dict[str, Step]) -> None:
    step = history["the manifest half written"]
    assert step.different == []
    assert step.reused[0] == 0


def test_a_dev_server_started_from_the_cache_renders_only_what_an_edit_touches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second start takes its pages from the first one's cache; its first edit equals a clean build."""
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    project = make_small_project(tmp_path / "project")
    DevServer(project, tmp_path / "first").build()
    assert Store(project / ".cache" / "casebook").read_manifest("serve") is not None
    server = DevServer(project, tmp_path / "second")
    server.build()
    plugin = server._config().plugins["casebook"]
    assert plugin.kept.cache is not None and plugin.kept.cache.builds == 1
    # Nothing rendered: the pages came from the cache, and the memo fills on a thread meanwhile.
    assert plugin.kept.warming is not None and plugin.kept.memo is not None
    plugin.kept.warming.join()
    case_file = sorted((project / "cases").glob("*.yaml"))[0]
    case_file.write_text(
        mark_text(case_file.read_text(encoding="utf-8"), "summary", "EDITED"), encoding="utf-8"
    )
    server.build()
    # The memo was filled after the first build: the edit renders its case's pages, not the site.
    remade = plugin.kept.memo.remade
    assert 0 < len(remade) < len(plugin.build.generated) / 4, remade
    assert_same_as_clean_build(project, server.site, tmp_path / "clean")


# The cache's format, without builds.


def test_a_manifest_reads_back_and_any_damage_is_refused(tmp_path: Path) -> None:
    store = Store(tmp_path)
    page = CachedPage("cases/a.md", "en", digest(b"# A"), digest(b"<h1>A</h1>"))
    store.write_manifest("build", Manifest(digest(b"key"), None, [page]))
    assert store.read_manifest("build") == Manifest(digest(b"key"), None, [page])
    path = tmp_path / "manifest-build.json"
    text = path.read_text(encoding="utf-8")
    for damaged in (text[: len(text) // 2], text.replace("cases/a.md", "cases/b.md"), "", "[]", "{"):
        path.write_text(damaged, encoding="utf-8")
        assert store.read_manifest("build") is None, damaged
    path.write_text(text.replace('"format":1', '"format":2'), encoding="utf-8")
    assert store.read_manifest("build") is None


def test_an_object_is_used_only_whole_and_unchanged(tmp_path: Path) -> None:
    store = Store(tmp_path)
    name = store.put(b"<html>page</html>")
    assert store.get(name) == b"<html>page</html>"
    path = store.objects / name[:2] / name
    path.write_bytes(b"<html>pa")  # half written
    assert store.get(name) is None
    assert not store.restore(name, tmp_path / "site" / "index.html")
    assert not (tmp_path / "site" / "index.html").exists()
    with pytest.raises(ValueError):
        store.get("../../etc/passwd")


def test_objects_no_manifest_names_are_collected(tmp_path: Path) -> None:
    store = Store(tmp_path)
    kept, dropped = store.put(b"kept"), store.put(b"dropped")
    store.write_manifest("serve", Manifest(digest(b"key"), None, [CachedPage("a.md", "en", kept, None)]))
    assert store.collect_garbage() == 1
    assert store.has(kept) and not store.has(dropped)


def test_tree_digests_follow_contents(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("one", encoding="utf-8")
    trees = TreeDigests()
    first = trees.tree(tmp_path)
    assert TreeDigests().tree(tmp_path) == first  # the same in another process
    (tmp_path / "a.txt").write_text("two", encoding="utf-8")
    assert trees.tree(tmp_path) != first
    assert fingerprint({"a": 1, "b": [2]}) == fingerprint({"b": [2], "a": 1})


def test_the_key_follows_every_input_besides_the_library(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_small_project(tmp_path / "project")
    package = tmp_path / "package"
    shutil.copytree(PACKAGE_DIR, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(build_cache, "PACKAGE_DIR", package)
    versions = {"mkdocs": "1.6.1", "mkdocs-material": "9.0.0", "casebook": "0.1.0"}
    monkeypatch.setattr(build_cache, "installed_versions", lambda: dict(versions))
    monkeypatch.delenv("CASEBOOK_SITE_URL", raising=False)

    def key() -> str:
        config = load_config(str(project / "mkdocs.yml"))
        return build_cache.build_key(config, "build", TreeDigests(), project / "taxonomy")

    keys = [key()]
    assert key() == keys[0]
    changes: list[Callable[[], None]] = [
        lambda: versions.update({"mkdocs-material": "9.0.1"}),
        lambda: versions.update({"casebook": "0.2.0"}),
        lambda: (package / "data" / "labels.yaml").write_text("changed", encoding="utf-8"),
        lambda: (package / "templates" / "pages" / "case.md.j2").write_text("changed", encoding="utf-8"),
        lambda: (project / "taxonomy" / "tags.yaml").write_text("changed", encoding="utf-8"),
        lambda: (project / "overrides" / "main.html").write_text("changed", encoding="utf-8"),
        lambda: (project / "docs" / "index.md").write_text("changed", encoding="utf-8"),
        lambda: (project / "mkdocs.yml").write_text(
            (project / "mkdocs.yml").read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8"
        ),
        lambda: monkeypatch.setenv("CASEBOOK_SITE_URL", "https://cases.example.org/"),
    ]
    for change in changes:
        change()
        keys.append(key())
    assert len(set(keys)) == len(keys)


def test_a_page_mkdocs_warned_about_is_not_cached_and_a_stray_warning_caches_nothing_new(
    tmp_path: Path,
) -> None:
    """A later build that reused such a page would not warn again, and ``--strict`` would pass."""
    config = SimpleNamespace(_current_page=None)
    warned = build_cache.PageWarnings(config)  # type: ignore[arg-type]
    logger = logging.getLogger("mkdocs.test_build_cache")
    logger.addHandler(warned)
    try:
        config._current_page = SimpleNamespace(file=SimpleNamespace(src_uri="cases/b.md"))
        logger.warning("Doc file 'cases/b.md' contains a link to 'nowhere.md', not found")
        config._current_page = None
        logging.getLogger("mkdocs.plugins.casebook.plugin").warning("a case file has errors")  # said again
        assert warned.pages == {"cases/b.md"} and not warned.everything
    finally:
        logger.removeHandler(warned)

    def built(name: str) -> SimpleNamespace:
        output = tmp_path / "site" / name / "index.html"
        output.parent.mkdir(parents=True)
        output.write_text(f"<h1>{name}</h1>", encoding="utf-8")
        markdown = digest(name.encode())
        return SimpleNamespace(
            src_uri=f"cases/{name}.md",
            lang="en",
            markdown_digest=markdown,
            modified=True,
            reused=False,
            abs_dest_path=str(output),
        )

    files = [built("a"), built("b")]
    cache = build_cache.BuildCache(tmp_path / "cache", "build")
    cache.start(digest(b"key"), digest(b"inputs"))
    cache.save(files, warned)  # type: ignore[arg-type]
    manifest = cache.store.read_manifest("build")
    assert manifest is not None and manifest.inputs == digest(b"inputs")
    outputs = {page.src_uri: page.output for page in manifest.pages}
    assert outputs == {"cases/a.md": digest(b"<h1>a</h1>"), "cases/b.md": None}

    warned.everything = True  # a warning no page can be blamed for (an anchor check)
    cache.pages = {}
    cache.save(files, warned)  # type: ignore[arg-type]
    manifest = cache.store.read_manifest("build")
    assert manifest is not None and manifest.inputs is None
    assert all(page.output is None for page in manifest.pages)
