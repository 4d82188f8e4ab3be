"""One search index per language, so that a search finds pages in the reader's language only.

The published site uses Pagefind (:func:`write_pagefind_indexes`); the offline
site, opened from disk where Pagefind cannot load its files, keeps Material's
lunr search split per language (:func:`split_search_index`).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from functools import partial
from pathlib import Path
from typing import Any

import jinja2

from casebook.i18n import Labels
from casebook.pages import explorer, urls
from casebook.plugin.language import SEARCH_WORKER

#: One page's search entries as JSON text, by (page URL, language prefix), with the entries it was made from.
FragmentCache = dict[tuple[str, str], tuple[list[dict[str, Any]], str]]
_json = partial(json.dumps, ensure_ascii=False, separators=(",", ":"))


def _index_config(source: Path) -> dict[str, Any]:
    """The ``config`` of Material's index, read from the start of the file when it comes first.

    The ``docs`` after it are most of a large site's memory at the end of a build.
    """
    start = '{"config":'
    with source.open(encoding="utf-8") as file:
        head = file.read(1 << 16)
    if head.startswith(start):
        try:
            config, _ = json.JSONDecoder().raw_decode(head, len(start))
            return dict(config)
        except json.JSONDecodeError:  # a config longer than the head
            pass
    return dict(json.loads(source.read_text(encoding="utf-8"))["config"])


def split_search_index(
    site_dir: Path,
    labels: Labels,
    pages: list[tuple[str, list[dict[str, Any]]]] | None = None,
    cache: FragmentCache | None = None,
) -> None:
    """Split Material's ``search/search_index.json`` into one index per language.

    The default language keeps ``search/search_index.json``; each other language
    gets ``<prefix>search/search_index.json`` with locations relative to its folder
    and its own ``lang`` (Italian stop words for ``it/``). ``pages``, when given,
    are the entries of each page URL in site order, replacing those Material wrote
    (see :mod:`casebook.plugin.incremental`). ``cache`` keeps each page's entries as
    JSON between calls, so that a dev server only serializes the pages it rebuilt.
    """
    source = site_dir / "search" / "search_index.json"
    if not source.is_file():
        return
    # Material's offline plugin inlines the index as a script for pages opened from disk.
    offline = (site_dir / "search" / "search_index.js").is_file()
    if pages is None:
        data = json.loads(source.read_text(encoding="utf-8"))
        config, pages = data["config"], [(doc["location"], [doc]) for doc in data["docs"]]
    else:
        config = _index_config(source)
    cache = {} if cache is None else cache
    used = set()
    # One pass sorts the pages by language; a pass per language asked every page's
    # language once for each language, which showed in a large site's rebuilds.
    by_language: dict[str, list[tuple[str, list[dict[str, Any]]]]] = {}
    for url, entries in pages:
        by_language.setdefault(labels.language_of(url).code, []).append((url, entries))
    for language in labels.languages:
        fragments = []
        for url, entries in by_language.get(language.code, []):
            key = (url, language.prefix)
            used.add(key)
            cached = cache.get(key)
            if cached is None or cached[0] is not entries:
                relocated = (
                    {**doc, "location": doc["location"].removeprefix(language.prefix)} for doc in entries
                )
                cached = cache[key] = (entries, ",".join(map(_json, relocated)))
            if cached[1]:
                fragments.append(cached[1])
        language_config = _json({**config, "lang": [language.code]})
        target = site_dir / language.prefix / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        with ExitStack() as stack:
            index = stack.enter_context(target.open("w", encoding="utf-8"))
            outputs = [index]
            if offline:
                script = stack.enter_context(target.with_suffix(".js").open("w", encoding="utf-8"))
                script.write("var __index = ")
                outputs.append(script)
            # The same text as json.dumps of {"config": ..., "docs": [...]}, written piece by
            # piece: joined, a large site's index was the peak of a build's memory.
            for piece in _index_pieces(language_config, fragments):
                for output in outputs:
                    output.write(piece)
    for key in cache.keys() - used:
        del cache[key]


def _index_pieces(config: str, fragments: list[str]) -> Iterator[str]:
    yield f'{{"config":{config},"docs":['
    for position, fragment in enumerate(fragments):
        yield f",{fragment}" if position else fragment
    yield "]}"


def write_search_worker(site_dir: Path, env: jinja2.Environment) -> None:
    """Write Casebook's search worker beside Material's: Material's, then a patch.

    See ``templates/pages/search-worker.js.j2``: queries are stemmed like the index.
    The worker is one file, not an ``importScripts`` of Material's, because pages
    opened from disk run workers through a shim that cannot resolve relative imports.
    """
    workers = site_dir / "assets" / "javascripts" / "workers"
    material = sorted(path.name for path in workers.glob("search.*.min.js"))
    if not material:
        return
    patch = env.get_template("search-worker.js.j2").render(material_worker=material[-1])
    source = (workers / material[-1]).read_text(encoding="utf-8")
    (workers / SEARCH_WORKER).write_text(f"{source}\n{patch}", encoding="utf-8")


#: Folder of each language's Pagefind bundle, below the language's own folder.
PAGEFIND_DIR = "pagefind"
_NEW_BUNDLE, _OLD_BUNDLE = ".pagefind-new", ".pagefind-old"
#: Pagefind's ranking in the browser. How often a page repeats a word counts for nothing
#: (termFrequency 0): where the word is does, through the weights the pages give their
#: parts (a case's title 10, company 8, summary 5, the rest 1), so that a case comes before
#: the cases, workshops and pages that only mention it. Words that are the query word,
#: not longer words that start with it, come first (termSimilarity): "LEGO" before "leggenda".
PAGEFIND_RANKING = {"termFrequency": 0.0, "termSimilarity": 10.0}


def _language_glob(site_dir: Path, other_prefixes: set[str]) -> str:
    """A glob of the HTML pages of the default language: every folder but the other languages'."""
    skip = {prefix.rstrip("/") for prefix in other_prefixes} | {PAGEFIND_DIR, "assets", "search"}
    folders = sorted(
        path.name
        for path in site_dir.iterdir()
        if path.is_dir() and path.name not in skip and not path.name.startswith(".")
    )
    return "{" + ",".join(["*.html", *(f"{folder}/**/*.html" for folder in folders)]) + "}"


def _index_languages(site_dir: Path, prefixes: list[str]) -> dict[str, int]:
    # The binary of the pagefind package, run once per language, side by side. Not its
    # service API (pagefind.index): closing the service ended the binary while it was still
    # writing, and left a truncated file in the bundle.
    from pagefind.service import get_executable

    binary = get_executable()
    if binary is None:
        raise RuntimeError("the Pagefind binary is missing: install pagefind[bin]")
    others = {prefix for prefix in prefixes if prefix}
    commands: list[list[str]] = []
    runs = []
    for prefix in prefixes:
        # Written beside the bundle, then put in its place: a dev server keeps serving the
        # last bundle whole while the next one is written.
        shutil.rmtree(site_dir / prefix / _NEW_BUNDLE, ignore_errors=True)
        command = [
            str(binary),
            "--site",
            str(site_dir / prefix),
            "--output-path",
            str(site_dir / prefix / _NEW_BUNDLE),
            # Heading permalinks ("¶") would end every title.
            "--exclude-selectors",
            ".headerlink",
            "--silent",
        ]
        if not prefix:
            command += ["--glob", _language_glob(site_dir, others)]
        commands.append(command)
        runs.append(subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True))
    failures = []
    for command, run in zip(commands, runs, strict=True):
        output = run.communicate()[0]
        if run.returncode:
            failures.append(f"{' '.join(command)}: {output.strip()}")
    if failures:
        raise RuntimeError("; ".join(failures))
    for prefix in prefixes:
        bundle, old = site_dir / prefix / PAGEFIND_DIR, site_dir / prefix / _OLD_BUNDLE
        shutil.rmtree(old, ignore_errors=True)
        if bundle.exists():
            bundle.rename(old)
        (site_dir / prefix / _NEW_BUNDLE).rename(bundle)
        shutil.rmtree(old, ignore_errors=True)
    # Pagefind's own count of the files it read includes those without data-pagefind-body.
    return {prefix: _indexed_pages(site_dir / prefix / PAGEFIND_DIR) for prefix in prefixes}


def _indexed_pages(bundle: Path) -> int:
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    return sum(int(language["page_count"]) for language in entry["languages"].values())


def write_pagefind_indexes(site_dir: Path, labels: Labels) -> dict[str, int]:
    """Index the built site with Pagefind: one bundle per language, at ``<prefix>pagefind/``.

    Each bundle holds only its language's pages (``it/`` for Italian, every other
    folder for the default language), with their addresses relative to the
    language's folder, so that a page searches its own language and can search
    the other one with a second bundle. Pagefind indexes only the pages that
    mark their content with ``data-pagefind-body``. Returns the number of pages
    indexed in each language, by prefix.
    """
    return _index_languages(site_dir.resolve(), [language.prefix for language in labels.languages])


def search_settings(labels: Labels, use_directory_urls: bool = True) -> dict[str, dict[str, Any]]:
    """What the search box of a page in each language needs: its bundle, labels and the other languages.

    Paths are relative to the site root; the page adds its own way up to the root.
    """
    keys = sorted(key for key in labels.strings if key.startswith("search."))
    return {
        language.code: {
            "root": language.prefix,
            "bundle": language.prefix + PAGEFIND_DIR + "/",
            "explore": urls.page_url(language.prefix + urls.EXPLORE, use_directory_urls),
            # The explorer's own data (see casebook.pages.explorer).
            "facets": explorer.FACETS_DIR,
            "cards": language.prefix + explorer.CARDS_DIR,
            "case_filter": explorer.CASE_FILTER,
            "ranking": PAGEFIND_RANKING,
            # A text, or (a count's label) its plural forms, which the page's script picks from.
            "labels": {key.removeprefix("search."): labels.strings[key][language.code] for key in keys},
            # The filters, moment code and card fields the explorer's data and script share.
            "explorer": explorer.facts(),
            "others": [
                {
                    "lang": other.code,
                    "name": other.name,
                    "root": other.prefix,
                    "bundle": other.prefix + PAGEFIND_DIR + "/",
                    "explore": urls.page_url(other.prefix + urls.EXPLORE, use_directory_urls),
                }
                for other in labels.languages
                if other != language
            ],
        }
        for language in labels.languages
    }


class BackgroundTask:
    """A job run on a thread of its own, once at a time: a dev server's indexing after each build.

    A build that ends while the job runs does not wait for it: the job runs once more
    when it is done (however many builds ended meanwhile), so that the last build is
    always indexed and an edit never waits for the index of the one before.
    """

    def __init__(self, on_error: Callable[[BaseException], None] = lambda error: None) -> None:
        self._thread: threading.Thread | None = None
        self._pending: Callable[[], None] | None = None
        self._running = False
        self._lock = threading.Lock()
        self._on_error = on_error

    def start(self, job: Callable[[], None]) -> None:
        """Run ``job`` now on a new thread, or after the running one if there is one."""
        with self._lock:
            if self._running:
                self._pending = job
                return
            self._running = True
            self._thread = threading.Thread(
                target=self._run, args=(job,), name="casebook-pagefind", daemon=True
            )
            self._thread.start()

    def _run(self, job: Callable[[], None]) -> None:
        if sys.platform == "linux":
            # On Linux a nice value is the calling thread's, and the Pagefind process started
            # from this thread inherits it: the next build's rendering goes first.
            with contextlib.suppress(OSError):
                os.nice(10)
        while True:
            try:
                job()
            except Exception as error:  # a dev server goes on serving the pages
                self._on_error(error)
            with self._lock:
                pending, self._pending = self._pending, None
                if pending is None:
                    self._running = False
                    return
            job = pending

    def wait(self) -> None:
        """Wait for the running job, and the one after it, if any."""
        thread = self._thread
        if thread is not None:
            thread.join()
