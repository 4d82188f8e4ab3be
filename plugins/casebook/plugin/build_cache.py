"""The build cache's MkDocs side: the key of a build, and what a build takes from the cache and leaves in it.

The cache itself (format, checks, fingerprints) is :mod:`casebook.cache`. Here, from
MkDocs' configuration, the *key*: everything besides the library that can change an
output. A build reuses the output of a generated page whose Markdown equals the cached
one under the same key; with the same *inputs* (case, workshop and review files, the
day) it reuses the Markdown too, and renders nothing.
"""

from __future__ import annotations

import datetime
import importlib.metadata
import logging
import os
import re
import sys
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin

from casebook.cache import CachedPage, Manifest, Store, TreeDigests, digest, fingerprint
from casebook.loader import yaml_files
from casebook.loader.reviews import REVIEWS_DIR
from casebook.pages import GeneratedPage
from casebook.plugin.incremental import GeneratedFile
from casebook.resources import PACKAGE_DIR

#: Settings that say where a build writes or how it reports, not what it writes.
_NOT_OUTPUT = {"config_file_path", "site_dir", "dev_addr", "watch", "strict"}
#: Environment variables every build may read besides those ``mkdocs.yml`` names with ``!ENV``:
#: MkDocs' build date (``SOURCE_DATE_EPOCH``) and Casebook's own.
_ENVIRONMENT = re.compile(r"SOURCE_DATE_EPOCH|CASEBOOK_.*")
_ENV_TAG = re.compile(r"!ENV\s*\[?\s*['\"]?([A-Za-z_][A-Za-z0-9_]*)")
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


@cache
def installed_versions() -> dict[str, str]:
    """Every installed distribution's version (MkDocs, Material, Markdown, Casebook…), once per process."""
    versions = {}
    for distribution in importlib.metadata.distributions():
        name = distribution.metadata["Name"]
        if name:
            versions[name.lower()] = distribution.version
    return versions


def _stable(value: object) -> object:
    """``value`` as JSON values that are equal in every process for equal settings."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, BasePlugin):
        return _stable(value.config)
    if isinstance(value, Mapping):
        return {str(key): _stable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_stable(item) for item in value]
    if isinstance(value, set | frozenset):
        return sorted(map(str, value))
    return _ADDRESS.sub("", str(value))


def build_key(config: MkDocsConfig, command: str, trees: TreeDigests, taxonomy_dir: Path) -> str:
    """The digest of everything besides the library that can change what a build writes."""
    config_path = Path(config.config_file_path)
    config_text = config_path.read_bytes()
    names = set(_ENV_TAG.findall(config_text.decode("utf-8", "replace")))
    names |= {name for name in os.environ if _ENVIRONMENT.fullmatch(name)}
    custom_dir = config.theme.custom_dir
    return fingerprint(
        {
            "command": command,
            "mkdocs.yml": digest(config_text),
            "environment": {name: os.environ.get(name) for name in sorted(names)},
            "settings": {key: _stable(value) for key, value in config.items() if key not in _NOT_OUTPUT},
            "python": sys.version,
            "versions": installed_versions(),
            "casebook": trees.tree(PACKAGE_DIR),
            "taxonomy": trees.tree(taxonomy_dir),
            "docs": trees.tree(Path(config.docs_dir)),
            "overrides": trees.tree(Path(custom_dir) if custom_dir else None),
        }
    )


def inputs_digest(trees: TreeDigests, cases_dir: Path, workshops_dir: Path, today: datetime.date) -> str:
    """The digest of the library: each case, workshop and review file, and the day (dates are checked)."""
    reviews = cases_dir.parent / REVIEWS_DIR
    return fingerprint(
        {
            "cases": trees.files(yaml_files(cases_dir), cases_dir),
            "workshops": trees.files(yaml_files(workshops_dir), workshops_dir),
            "reviews": trees.tree(reviews),
            "today": today.isoformat(),
        }
    )


class PageWarnings(logging.Handler):
    """Which pages MkDocs warned about while it built them; any other warning taints the whole build.

    A page whose output came with a warning (a broken link) is not cached: a later build
    that reused it would not warn again, and ``--strict`` would pass where a clean build fails.
    """

    def __init__(self, config: MkDocsConfig) -> None:
        super().__init__(logging.WARNING)
        self.config = config
        self.pages: set[str] = set()
        self.everything = False

    def emit(self, record: logging.LogRecord) -> None:
        """Note the page being read or built, or the whole build, for one warning."""
        if record.name.startswith("mkdocs.plugins.casebook"):
            return  # the library's problems: reported again by every build, cached or not
        if record.name == "mkdocs.commands.build" and record.getMessage().startswith("A 'dirty' build"):
            return  # said of every dirty build, about MkDocs' own dirty builds
        page = getattr(self.config, "_current_page", None)
        if page is not None:
            self.pages.add(page.file.src_uri)
        else:
            self.everything = True


class BuildCache:
    """What a build takes from ``.cache/casebook/`` and leaves there (see :mod:`casebook.cache`)."""

    def __init__(self, folder: Path, command: str) -> None:
        self.store = Store(folder)
        self.command = command
        self.trees = TreeDigests()
        #: The cached pages, by source path: read once, then what each build of this process left.
        self.pages: dict[str, CachedPage] | None = None
        self.key = ""
        self.inputs: str | None = None
        #: How many builds this process made with the cache (only the first may skip rendering).
        self.builds = 0
        self._manifest: Manifest | None = None

    def start(self, key: str, inputs: str | None) -> None:
        """Begin a build with this key and inputs' digest (None when a file is broken)."""
        if self.pages is None:
            self._manifest = self.store.read_manifest(self.command)
            manifest = self._manifest if self._manifest is not None and self._manifest.key == key else None
            self.pages = {page.src_uri: page for page in manifest.pages} if manifest else {}
        elif key != self.key:
            self.pages = {}
        self.key, self.inputs = key, inputs

    def cached_markdown(self) -> list[GeneratedPage] | None:
        """Every generated page as the last build with this key and these inputs rendered it, or None."""
        manifest = self._manifest
        if self.builds or manifest is None or self.inputs is None:
            return None
        if (manifest.key, manifest.inputs) != (self.key, self.inputs):
            return None
        pages = []
        for page in manifest.pages:
            data = self.store.get(page.markdown)
            if data is None:
                return None  # damaged or missing: render
            pages.append(GeneratedPage(page.src_uri, page.lang, data.decode("utf-8")))
        return pages

    def reuse(self, files: Iterable[GeneratedFile], pages: Iterable[GeneratedPage]) -> tuple[int, int]:
        """Write the cached output of every page about to be built whose Markdown is unchanged.

        Marks those files :attr:`~GeneratedFile.reused`, so that MkDocs leaves them alone,
        and keeps each page's Markdown in the cache. Returns how many pages were reused, of
        how many were about to be built.
        """
        assert self.pages is not None, "call start() first"
        contents = {page.src_uri: page.content for page in pages}
        reused = wanted = 0
        for file in files:
            cached = self.pages.get(file.src_uri)
            if not file.modified and cached is not None:
                file.markdown_digest = cached.markdown  # the same Markdown as the last build's
                continue
            data = contents[file.src_uri].encode("utf-8")
            file.markdown_digest = digest(data)
            if not self.store.has(file.markdown_digest):
                self.store.put(data)
            if not file.modified:
                continue
            wanted += 1
            if (
                cached is not None
                and cached.markdown == file.markdown_digest
                and cached.output is not None
                and self.store.restore(cached.output, Path(file.abs_dest_path))
            ):
                file.reused = True
                reused += 1
        self.builds += 1
        return reused, wanted

    def save(self, files: Iterable[GeneratedFile], warned: PageWarnings) -> None:
        """Keep what this build made: each page's Markdown digest and, unless MkDocs warned, its output."""
        assert self.pages is not None
        kept: dict[str, CachedPage] = {}
        for file in files:
            src_uri, markdown = file.src_uri, file.markdown_digest
            previous = self.pages.get(src_uri)
            output: str | None = None
            built = file.modified and not file.reused
            if previous is not None and previous.markdown == markdown and not built:
                output = previous.output  # reused, or not built again: the cached output is what is there
            elif not warned.everything and src_uri not in warned.pages:
                try:
                    output = self.store.put(Path(file.abs_dest_path).read_bytes())
                except OSError:
                    output = None
            kept[src_uri] = CachedPage(src_uri, file.lang, markdown, output)
        self.pages = kept
        self._manifest = Manifest(self.key, None if warned.everything else self.inputs, list(kept.values()))
        self.store.write_manifest(self.command, self._manifest)
        self.store.collect_garbage()
