"""One search index per language, so that a search finds pages in the reader's language only."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import ExitStack
from functools import partial
from pathlib import Path
from typing import Any

import jinja2

from casebook.i18n import Labels
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
