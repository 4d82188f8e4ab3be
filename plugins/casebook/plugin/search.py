"""One search index per language, so that a search finds pages in the reader's language only."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jinja2

from casebook.i18n import Labels
from casebook.plugin.language import SEARCH_WORKER


def split_search_index(site_dir: Path, labels: Labels, docs: list[dict[str, Any]] | None = None) -> None:
    """Split Material's ``search/search_index.json`` into one index per language.

    The default language keeps ``search/search_index.json``; each other language
    gets ``<prefix>search/search_index.json`` with locations relative to its folder
    and its own ``lang`` (Italian stop words for ``it/``). ``docs``, when given,
    replaces the entries Material wrote (see :mod:`casebook.plugin.incremental`).
    """
    source = site_dir / "search" / "search_index.json"
    if not source.is_file():
        return
    # Material's offline plugin inlines the index as a script for pages opened from disk.
    offline = (site_dir / "search" / "search_index.js").is_file()
    data = json.loads(source.read_text(encoding="utf-8"))
    if docs is not None:
        data["docs"] = docs
    for language in labels.languages:
        docs = [
            {**doc, "location": doc["location"].removeprefix(language.prefix)}
            for doc in data["docs"]
            if labels.language_of(doc["location"]) == language
        ]
        index = {"config": {**data["config"], "lang": [language.code]}, "docs": docs}
        target = site_dir / language.prefix / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
        target.write_text(text, encoding="utf-8")
        if offline:
            target.with_suffix(".js").write_text(f"var __index = {text}", encoding="utf-8")


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
