"""Correct dirty rebuilds for ``mkdocs serve --dirty``: only pages whose content changed.

MkDocs decides what a dirty build rebuilds from file times, which generated
pages do not have, and Material's search merges a dirty build's index assuming
one page changed. Casebook keeps, across rebuilds, the Markdown of every
generated page and the search entries of every page, so that a rebuild after
editing one case renders only the pages that edit touches (the case, its
indexes, the cases that list it) and still produces the same site as a clean
build: same pages, same search index, no page left behind by a deleted case.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import jinja2
import mkdocs
import mkdocs.commands.build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel

from casebook.pages import GeneratedPage
from casebook.plugin.search import FragmentCache


class CompiledTemplates(jinja2.BytecodeCache):
    """The theme's templates compiled once for all of a dev server's rebuilds.

    MkDocs makes a new Jinja environment for each build, which compiled Material's
    templates again every time: about a tenth of a rebuild after a one-case edit.
    Jinja checks each entry against the template's source, so an edited template
    (``mkdocs serve --watch-theme``) is compiled again.
    """

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Fill ``bucket`` with the code compiled by an earlier build, if any."""
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Keep the code just compiled for ``bucket``."""
        self._code[bucket.key] = bucket.bytecode_to_string()


class GeneratedFile(File):
    """A page that Casebook rendered: a dirty build rebuilds it only when its Markdown changed.

    MkDocs asks ``is_modified()`` in a dirty build, and a file held in memory would
    always answer yes; :meth:`IncrementalBuild.mark_changes` sets :attr:`modified`.
    """

    #: Whether this build's Markdown of the page differs from the last build's.
    modified: bool = True
    #: Whether this build wrote the page's output from the build cache: MkDocs leaves it alone.
    reused: bool = False
    #: The page's language, and the digest of this build's Markdown (set when a build cache is used).
    lang: str = ""
    markdown_digest: str = ""

    @classmethod
    def of(cls, config: MkDocsConfig, page: GeneratedPage) -> GeneratedFile:
        """MkDocs' file of a generated page."""
        file = cls.generated(config, page.src_uri, content=page.content)
        assert isinstance(file, cls)  # File.generated makes an instance of the class it is called on
        file.lang = page.lang
        return file

    def copy_file(self, dirty: bool = False) -> None:
        """Write a generated file that is not a page (JSON, XML…), unless the cache wrote it."""
        if not self.reused:
            super().copy_file(dirty)

    def is_modified(self) -> bool:
        """Whether a dirty build must read and write this page again."""
        return self.modified

    def refill(self, content: str) -> None:
        """Give a file kept from the last build this build's Markdown.

        It is left as ``File.generated`` makes a file: no page yet, inclusion undecided.
        """
        self.content_string = content
        self.page = None
        self.inclusion = InclusionLevel.UNDEFINED
        self.modified = True
        self.reused = False


class IncrementalBuild:
    """What one build leaves for the next: generated Markdown, outputs and search entries."""

    def __init__(self, dirty: bool = False) -> None:
        #: Whether builds are dirty (``mkdocs serve --dirty``): only then does MkDocs skip unmodified pages.
        self.dirty = dirty
        #: The Markdown of each generated page of the last build, by source path.
        self.contents: dict[str, str] = {}
        #: The settings of the last build (taxonomy, labels, options).
        self.settings: Any = None
        #: The output files of the last build's generated pages.
        self.outputs: set[str] = set()
        #: The search entries of each page (Material's lunr search), by page URL.
        self.search_entries: dict[str, list[dict[str, Any]]] = {}
        #: Page titles by source path, as MkDocs found them when it last read each page.
        self.titles: dict[str, str] = {}
        #: The search entries of each page as JSON, reused while the page is not rebuilt.
        self.search_json: FragmentCache = {}
        self._entries_seen = 0
        #: MkDocs' file of each generated page, by source path, kept from one dirty build to the next.
        self.files: dict[str, GeneratedFile] = {}

    def generated_files(self, config: MkDocsConfig, pages: Iterable[GeneratedPage]) -> list[GeneratedFile]:
        """MkDocs' files for the generated pages: in a dirty build, the objects of the last build.

        Making thousands of File objects, and their addresses, again at every rebuild took
        a tenth of a rebuild after a one-case edit (see :meth:`GeneratedFile.refill`).
        """
        files = []
        for page in pages:
            file = self.files.get(page.src_uri)  # always empty unless dirty
            if file is None or (file.dest_dir, file.use_directory_urls) != (
                config.site_dir,
                config.use_directory_urls,
            ):
                file = GeneratedFile.of(config, page)
            else:
                file.refill(page.content)
            files.append(file)
        self.files = {file.src_uri: file for file in files} if self.dirty else {}
        return files

    def mark_changes(
        self, files: Files, pages: Iterable[GeneratedPage], settings: Any, always: set[str]
    ) -> int:
        """Tell MkDocs which generated pages changed since the last build; return how many did.

        A change of settings (taxonomy, labels, options) or of a hand-written
        page rebuilds everything, since it can touch every page's navigation.
        The pages in ``always`` are read even when unchanged: every page shows the
        titles of the navigation's pages, which MkDocs only knows once it reads them
        (or once :meth:`known_title` gives them).
        """
        contents = {page.src_uri: page.content for page in pages}
        handwritten = [file for file in files.documentation_pages() if not isinstance(file, GeneratedFile)]
        everything = (
            not self.dirty or settings != self.settings or any(file.is_modified() for file in handwritten)
        )
        rebuilt = {file.src_uri for file in handwritten if everything or file.src_uri in always}
        changed = 0
        for file in files:
            if isinstance(file, GeneratedFile):
                file.modified = (
                    everything
                    or file.src_uri in always
                    or self.contents.get(file.src_uri) != contents[file.src_uri]
                )
                changed += file.modified
            elif self.dirty and file.src_uri in rebuilt:
                # MkDocs rebuilds a hand-written page whose output is older than its source,
                # or missing: removing the output says "rebuild" in MkDocs' own terms.
                Path(file.abs_dest_path).unlink(missing_ok=True)
        # A build that is not dirty renders everything: it needs nothing of this one.
        self.contents = contents if self.dirty else {}
        self.settings = settings
        return changed

    def remove_stale_outputs(self, generated: Iterable[File], site_dir: Path) -> list[Path]:
        """Delete what earlier builds generated and this one did not (a deleted case's pages)."""
        current = {file.abs_dest_path for file in generated}
        removed = []
        site = site_dir.resolve()
        for path in sorted(self.outputs - current):
            resolved = Path(path).resolve()
            if resolved.is_relative_to(site) and resolved.is_file():
                resolved.unlink()
                removed.append(resolved)
                parent = resolved.parent
                while parent != site and not any(parent.iterdir()):
                    parent.rmdir()
                    parent = parent.parent
        self.outputs = current
        return removed

    def record_title(self, src_uri: str, title: str | None) -> None:
        """Remember the title MkDocs gave a page, for the next builds that do not read it."""
        if title is not None:
            self.titles[src_uri] = title

    def known_title(self, file: File) -> str | None:
        """The title of an unchanged page from an earlier build, or None if it must be read."""
        return None if file.is_modified() else self.titles.get(file.src_uri)

    def start_search(self) -> None:
        """Called when the search plugin starts a new index for this build."""
        self._entries_seen = 0

    def record_search(self, url: str, entries: list[dict[str, Any]]) -> None:
        """Keep the search entries that the search plugin just added for the page at ``url``."""
        self.search_entries[url] = list(entries[self._entries_seen :])
        self._entries_seen = len(entries)

    def search_pages(self, urls: Iterable[str]) -> list[tuple[str, list[dict[str, Any]]]]:
        """Every page's search entries in site order, whether rebuilt now or earlier."""
        wanted = list(urls)
        self.search_entries = {url: self.search_entries[url] for url in wanted if url in self.search_entries}
        return [(url, self.search_entries[url]) for url in wanted if url in self.search_entries]


#: The MkDocs functions that read and write one page, with the parameters they are known to take.
_PAGE_STEPS = {
    "_populate_page": ["page", "config", "files", "dirty"],
    "_build_page": ["page", "config", "doc_files", "nav", "env", "dirty", "excluded"],
}


def skip_reused_pages() -> bool:
    """Make MkDocs leave alone the pages whose output the build cache wrote; False if it cannot.

    MkDocs skips an unmodified page only in a dirty build, and ``mkdocs build`` is not
    one (``--dirty`` would warn, which fails ``--strict``). So its two page steps are
    wrapped to return at once for a :class:`GeneratedFile` marked ``reused``, and only
    on the MkDocs versions whose steps take the parameters known here (1.6): on any
    other, the caller builds every page.
    """
    module = mkdocs.commands.build
    if not mkdocs.__version__.startswith("1.6."):
        return False
    for name, parameters in _PAGE_STEPS.items():
        step = getattr(module, name, None)
        if step is None:
            return False
        if getattr(step, "skips_reused", False):
            continue
        if list(inspect.signature(step).parameters) != parameters:
            return False
        setattr(module, name, _skipping_reused(step))
    return True


def _skipping_reused(step: Callable[..., None]) -> Callable[..., None]:
    @functools.wraps(step)
    def wrapper(page: Any, *args: Any, **kwargs: Any) -> None:
        if not getattr(page.file, "reused", False):
            step(page, *args, **kwargs)

    wrapper.skips_reused = True  # type: ignore[attr-defined]
    return wrapper
