"""What the plugin keeps from one build to the next while ``mkdocs serve`` runs."""

from __future__ import annotations

import threading
from collections.abc import Callable

from casebook.loader import ReadCache
from casebook.model import Case
from casebook.pages import RenderMemo
from casebook.plugin.build_cache import BuildCache
from casebook.plugin.incremental import CompiledTemplates, IncrementalBuild
from casebook.plugin.search import BackgroundTask


class ServeState:
    """Everything that outlives one build: made in ``on_startup``, used by every build after it.

    A plain ``mkdocs build`` has one build, and keeps nothing in the caches marked
    *serve only*. What each holds, its key, and what clears it:

    - ``read_cache`` (serve only): each case file's reading, by path; a reading is
      read again when the file's modification time or size changes, all of them when
      the taxonomy or the day changes.
    - ``last_good`` (serve only): the last version of each case file that loaded, by
      the path problems name, shown while the file has errors; replaced at every load.
    - ``memo`` (serve only, else None): each generated page and record by name
      (``en:cases/x.md``) with the inputs it was made from, and ``memo.markdown``,
      contributor Markdown as HTML by (text, language, path to the root); all of it
      forgotten when the settings or a template change, and a page that a render no
      longer makes (a deleted case's) is dropped; and ``memo.ranking``, the last
      ranking of related cases with what it read of every case (its company, journey
      cells, tags and related ids), ranked again when any of that changes.
    - ``compiled_templates`` (serve only): the theme's compiled templates, by Jinja's
      key (name and source checksum); an edited template is compiled again.
    - ``incremental`` (dirty builds): the generated Markdown and MkDocs file of each
      page by source path, the last settings, the output files (to delete a removed
      case's pages), page titles by source path, and the lunr search entries of each
      page by URL with their JSON; replaced at each build.
    - ``indexing``: a dev server's Pagefind run, in the background after each build.
    - ``cache``: the build cache on disk (:mod:`casebook.cache`), which outlives the
      process: read at the first build, written after each; made in ``on_config`` when used.
    - ``warming`` (serve only): when the first build took its pages from the cache, the
      thread that renders them into ``memo`` meanwhile; the next build waits for it.

    Module-level caches live for the process, are bounded and keyed by their
    arguments, so they are never stale: the page templates' Jinja environment
    (template folders and files with their modification times), QR codes (address),
    page addresses (source path), excerpts and case links of Markdown (text),
    formatted dates and numbers (value, language) and the JSON Schema validators
    (schema name).
    """

    def __init__(
        self,
        serve: bool = False,
        dirty: bool = False,
        on_index_error: Callable[[BaseException], None] = lambda error: None,
    ) -> None:
        self.read_cache: ReadCache | None = ReadCache() if serve else None
        self.last_good: dict[str, Case] = {}
        self.memo: RenderMemo | None = RenderMemo() if serve else None
        self.compiled_templates: CompiledTemplates | None = CompiledTemplates() if serve else None
        self.incremental = IncrementalBuild(dirty)
        self.indexing = BackgroundTask(on_index_error)
        self.cache: BuildCache | None = None
        self.warming: threading.Thread | None = None
