#!/usr/bin/env python3
"""Search benchmark: Pagefind (the published site) against Material's lunr search, at N cases.

For each library size N the script

1. writes N synthetic cases with ``benchmarks/synthetic.py`` (``build.py``'s generator) into
   a copy of the project (or reuses a project kept by ``build.py --keep``);
2. builds it as published (Casebook runs Pagefind after the build) and with Material's
   lunr search (``search: material`` and the ``search`` plugin, as the offline site
   does), ``--repeat`` times each, alternating, and reports the ratio of the medians;
3. serves each site on loopback with gzip, as a static host would (Pagefind's own files
   are gzipped already and go as they are), and in headless Chromium, in both languages,
   opens a page, types a word from a case title into the search box and waits for the
   first result; for Pagefind also the case explorer, opened with the word and a stage
   filter in its address, opened with a stage and an outcome filter and no words, and
   opened plain, then typed into. It reports the bytes the search sent over the wire
   (gzipped: the index, the worker, Pagefind's files, the explorer's data and cards)
   until the first result, by kind of file, the time from typing (from opening the
   page, for an explorer opened with its query in the address) to the first result,
   and the time from opening the page.

The last line printed is ``cases=N pagefind_kb=… pagefind_s=… explorer_kb=… explorer_s=…
explorer_open_s=… lunr_kb=… lunr_s=… build_ratio=…`` for the largest size: the worse language,
medians of ``--tries`` runs; for the explorer the most bytes of its three first queries, the
time from typing and the longer time from opening it with filters in its address.
See ``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import yaml
from playwright.sync_api import Page, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))  # so that the script also runs without the editable install
sys.path.insert(0, str(ROOT / "benchmarks"))

from synthetic import write_cases  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
LANGUAGES = {"en": "", "it": "it/"}
#: The explorer's first queries: its address with words and a filter, with a filter only, and typing.
EXPLORER_MODES = ("explorer+filter", "explorer, filter", "explorer, typing")
NAN = float("nan")
#: What a search loads: lunr's index and worker, Pagefind's bundle, the explorer's data and cards.
SEARCH_FILES = re.compile(
    r"/(search/|assets/javascripts/workers/|pagefind/|explore/facets/|explore/cards/)"
    r"|casebook-search\.js|assets/javascripts/(labels\.js|explorer/)"
)
#: Where the bytes of a Pagefind query go, by kind of file (the first that matches).
KINDS = {
    "runtime": re.compile(r"pagefind/(pagefind\.js|pagefind-worker\.js|wasm\.)"),
    "metadata": re.compile(r"\.pf_meta|pagefind-entry\.json"),
    "words": re.compile(r"\.pf_index"),
    "filters": re.compile(r"\.pf_filter"),
    "passages": re.compile(r"\.pf_fragment"),
    "facets": re.compile(r"explore/facets/"),
    "cards": re.compile(r"explore/cards/"),
}
#: The offline site's search: Material's lunr, which Casebook splits per language.
LUNR_PLUGINS = """plugins:
  - search:
      pipeline: [stemmer, stopWordFilter, trimmer]
  - casebook:
      cases_dir: cases
      search: material
"""


class _Handler(http.server.SimpleHTTPRequestHandler):
    """A static host: gzip for what is not compressed already, and a count of the bytes sent."""

    sent: list[tuple[str, int]]

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""

    def do_GET(self) -> None:
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        if not os.path.isfile(path):
            super().do_GET()
            return
        body = Path(path).read_bytes()
        encoding = None
        already = path.endswith((".pf_fragment", ".pf_index", ".pf_meta", ".pf_filter", ".pagefind", ".gz"))
        if "gzip" in self.headers.get("Accept-Encoding", "") and not already:
            body, encoding = gzip.compress(body, 6), "gzip"
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        if encoding:
            self.send_header("Content-Encoding", encoding)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)
        self.sent.append((self.path, len(body)))


@contextmanager
def serve(site: Path) -> Iterator[tuple[str, list[tuple[str, int]]]]:
    """Serve ``site`` on loopback; yield its address and the list of (path, bytes) sent."""
    sent: list[tuple[str, int]] = []
    handler = functools.partial(type("Handler", (_Handler,), {"sent": sent}), directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", sent
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class Measure:
    engine: str
    lang: str
    mode: str
    kib: float
    from_typing: float
    from_opening: float
    kinds: str = ""

    def row(self) -> str:
        return (
            f"{self.engine:9} {self.lang}  {self.mode:18} {self.kib:9.1f} KiB  "
            f"{self.from_typing:6.2f} s from typing  {self.from_opening:6.2f} s from opening  {self.kinds}"
        )


def _search_bytes(sent: list[tuple[str, int]], start: int) -> float:
    return sum(size for path, size in sent[start:] if SEARCH_FILES.search(path)) / 1024


def _kinds(sent: list[tuple[str, int]], start: int) -> str:
    """The KiB sent since ``start`` by kind of file (:data:`KINDS`), e.g. ``runtime 95 words 20``."""
    totals: dict[str, float] = {}
    for path, size in sent[start:]:
        kind = next((name for name, pattern in KINDS.items() if pattern.search(path)), None)
        if kind:
            totals[kind] = totals.get(kind, 0) + size / 1024
    return " ".join(f"{kind} {kib:.0f}" for kind, kib in totals.items())


#: Installed in a page before it loads: the page's own clock (milliseconds from opening it)
#: at the first ``input`` event and when ``selector`` first matches. Waiting from the script
#: polled the page every 500 ms after the first few tries, which showed 0.35 s as 0.85 s.
WATCH = """(selector) => {
  const times = (window.__casebookBenchmark = {});
  addEventListener("input", () => (times.typed = times.typed ?? performance.now()), true);
  const check = () => {
    if (times.found === undefined && document.querySelector(selector)) times.found = performance.now();
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true });
}"""


def _watched(page: Page, selector: str, url: str) -> None:
    """Open ``url`` in ``page`` with :data:`WATCH` watching for ``selector``."""
    page.add_init_script(f"({WATCH})({json.dumps(selector)})")
    page.goto(url, wait_until="domcontentloaded")


def _times(page: Page) -> tuple[float, float]:
    """Wait for the watched selector; return (seconds from typing, seconds from opening)."""
    page.wait_for_function("() => window.__casebookBenchmark.found !== undefined", timeout=120_000)
    times = page.evaluate("() => window.__casebookBenchmark")
    typed = times.get("typed")
    return ((times["found"] - typed) / 1000 if typed is not None else NAN), times["found"] / 1000


def measure_box(
    page: Page, url: str, sent: list[tuple[str, int]], word: str, engine: str, lang: str
) -> Measure:
    """Open ``url``, type ``word`` into the header's search box, wait for the first result."""
    start = len(sent)
    _watched(page, ".md-search-result__item", url)
    box = page.locator("input.md-search__input").first
    box.click()
    box.fill(word)
    try:
        from_typing, from_opening = _times(page)
    except PlaywrightTimeout:
        return Measure(engine, lang, "search box (none)", _search_bytes(sent, start), NAN, NAN)
    kib = _search_bytes(sent, start)
    return Measure(engine, lang, "search box", kib, from_typing, from_opening, _kinds(sent, start))


def measure_explorer(
    page: Page, url: str, sent: list[tuple[str, int]], address: str, mode: str, lang: str
) -> Measure:
    """Open the explorer at ``address`` (its query string); wait for the first card."""
    start = len(sent)
    _watched(page, ".cb-card", f"{url}explore/?{address}")
    _, from_opening = _times(page)
    kib = _search_bytes(sent, start)
    return Measure("pagefind", lang, mode, kib, NAN, from_opening, _kinds(sent, start))


def measure_explorer_typing(
    page: Page, url: str, sent: list[tuple[str, int]], word: str, lang: str
) -> Measure:
    """Open the explorer, let it list the cases, type ``word``; wait for the first card with a passage.

    The bytes are all the explorer loaded, from opening it.
    """
    start = len(sent)
    _watched(page, "#cb-explorer:not([aria-busy]) .cb-card__excerpt mark", f"{url}explore/")
    page.locator(".cb-card").first.wait_for(state="visible", timeout=120_000)
    page.wait_for_selector("#cb-explorer:not([aria-busy])")
    box = page.locator(".cb-explorer__query")
    box.click()
    box.fill(word)
    from_typing, from_opening = _times(page)
    kib = _search_bytes(sent, start)
    return Measure("pagefind", lang, "explorer, typing", kib, from_typing, from_opening, _kinds(sent, start))


def _query(cases_dir: Path, lang: str) -> tuple[str, str]:
    """A word of a case title (the longest of the first case's title) and a stage of that case."""
    case = yaml.safe_load(sorted(cases_dir.glob("*.yaml"))[0].read_text(encoding="utf-8"))
    # Plain letters: lunr's Italian trimmer and Pagefind agree on them.
    words = re.findall(r"\b[a-z]{4,}\b", case["title"][lang])
    return max(words, key=len), case["moments"][0]["stage"]


def _build(project: Path, site: Path) -> float:
    if site.exists():
        shutil.rmtree(site)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)], cwd=project, env=env, check=True
    )
    return time.perf_counter() - started


def _lunr_project(project: Path) -> Path:
    """The same project, searched by Material's lunr (as the offline site is)."""
    lunr = project.parent / "project-lunr"
    if lunr.exists():
        shutil.rmtree(lunr)
    lunr.mkdir()
    for item in project.iterdir():
        if item.name not in {"mkdocs.yml", "site"}:
            (lunr / item.name).symlink_to(item.resolve())
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    head, _, rest = config.partition("plugins:\n")
    _, _, tail = rest.partition("\n\n")
    (lunr / "mkdocs.yml").write_text(f"{head}{LUNR_PLUGINS}\n{tail}", encoding="utf-8")
    return lunr


def _median(runs: list[Measure]) -> Measure:
    """One measure with the median bytes and times of ``runs`` (of the same query)."""
    first = runs[0]
    return Measure(
        first.engine,
        first.lang,
        first.mode,
        statistics.median(run.kib for run in runs),
        statistics.median(run.from_typing for run in runs),
        statistics.median(run.from_opening for run in runs),
        first.kinds,
    )


def run(
    count: int,
    seed: int,
    workdir: Path,
    log: Any,
    repeat: int = 2,
    tries: int = 5,
    engines: tuple[str, ...] = ("pagefind", "lunr"),
) -> dict[str, Any]:
    """Build, serve and measure one library size; return the figures (Pagefind's medians of ``tries``).

    ``engines`` may leave lunr out: at 5,000 cases its builds and first queries take most of the
    run, and the published site's targets are Pagefind's.
    """
    project = workdir / "project"
    if not (project / "mkdocs.yml").is_file():
        project.mkdir(parents=True, exist_ok=True)
        for name in ("mkdocs.yml", "docs", "overrides"):
            source = ROOT / name
            if source.is_dir():
                shutil.copytree(source, project / name)
            elif source.is_file():
                shutil.copy2(source, project / name)
        write_cases(project / "cases", count, seed)
    log(f"{count} cases in {project}")
    lunr = _lunr_project(project) if "lunr" in engines else project
    sites = {engine: workdir / f"site-{engine}" for engine in engines}
    # Alternating, and alternating which goes first: the first build after writing the cases
    # reads them from a cold cache.
    times: dict[str, list[float]] = {engine: [] for engine in engines}
    for round_ in range(repeat):
        order = ["lunr", "pagefind"] if round_ % 2 == 0 else ["pagefind", "lunr"]
        for engine in (engine for engine in order if engine in engines):
            times[engine].append(_build(project if engine == "pagefind" else lunr, sites[engine]))
    seconds = {engine: statistics.median(values) for engine, values in times.items()}
    log(
        f"build (median of {repeat}): "
        + ", ".join(f"{engine} {value:.1f} s" for engine, value in seconds.items())
        + f"; each: {times}"
    )
    measures: list[Measure] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for engine, site in sites.items():
            with serve(site) as (url, sent):
                for lang, prefix in LANGUAGES.items():
                    word, stage = _query(project / "cases", lang)
                    at = f"{url}{prefix}"
                    steps: list[Callable[[Page], Measure]] = [
                        functools.partial(
                            measure_box, url=f"{at}about/", sent=sent, word=word, engine=engine, lang=lang
                        )
                    ]
                    if engine == "pagefind":
                        explorer = functools.partial(measure_explorer, url=at, sent=sent, lang=lang)
                        steps += [
                            functools.partial(
                                explorer,
                                address=urlencode({"q": word, "stage": stage}),
                                mode="explorer+filter",
                            ),
                            functools.partial(
                                explorer,
                                address=urlencode({"stage": stage, "moment": "failure"}),
                                mode="explorer, filter",
                            ),
                            functools.partial(
                                measure_explorer_typing, url=at, sent=sent, word=word, lang=lang
                            ),
                        ]
                    # Each first query in a new browser context, so that nothing is cached;
                    # lunr's take most of a minute each at 5,000 cases: measured once.
                    for step in steps:
                        runs = []
                        for _ in range(tries if engine == "pagefind" else 1):
                            context = browser.new_context(viewport={"width": 1366, "height": 900})
                            runs.append(step(context.new_page()))
                            context.close()
                            log(runs[-1].row())
                        measures.append(_median(runs))
                        log(f"median of {len(runs)}: {measures[-1].row()}")
        browser.close()

    def worst(engine: str, mode: str, field: str) -> float:
        """The worst of both languages; NaN for an engine that was not measured."""
        found = [float(getattr(m, field)) for m in measures if m.engine == engine and m.mode == mode]
        return max(found) if found else math.nan

    return {
        "cases": count,
        "pagefind_kb": worst("pagefind", "search box", "kib"),
        "pagefind_s": worst("pagefind", "search box", "from_typing"),
        "explorer_kb": max(worst("pagefind", mode, "kib") for mode in EXPLORER_MODES),
        "explorer_s": worst("pagefind", "explorer, typing", "from_typing"),
        "explorer_open_s": max(
            worst("pagefind", "explorer+filter", "from_opening"),
            worst("pagefind", "explorer, filter", "from_opening"),
        ),
        "lunr_kb": worst("lunr", "search box", "kib"),
        "lunr_s": worst("lunr", "search box", "from_typing"),
        "lunr_from_opening_s": worst("lunr", "search box", "from_opening"),
        "build_ratio": seconds.get("pagefind", math.nan) / seconds.get("lunr", math.nan),
        "build_pagefind_s": seconds.get("pagefind", math.nan),
        "build_lunr_s": seconds.get("lunr", math.nan),
        "rows": [m.row() for m in measures],
    }


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark from the command line."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cases", type=int, default=100, help="number of cases (default 100)")
    parser.add_argument("--sizes", help="several sizes, e.g. 1000,5000")
    parser.add_argument("--seed", type=int, default=0, help="seed of the synthetic library")
    parser.add_argument("--repeat", type=int, default=2, help="builds of each kind; medians (default 2)")
    parser.add_argument(
        "--tries",
        type=int,
        default=5,
        help="times each Pagefind first query is measured; medians (default 5)",
    )
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (DIR/<N>/ per size)")
    parser.add_argument(
        "--engines",
        default="pagefind,lunr",
        help="engines to build and measure (default pagefind,lunr; lunr is the offline site's)",
    )
    args = parser.parse_args(argv)
    engines = tuple(engine for engine in ("pagefind", "lunr") if engine in args.engines.split(","))
    sizes = [int(size) for size in args.sizes.split(",")] if args.sizes else [args.cases]
    results = []
    for size in sizes:
        if args.keep:
            workdir = args.keep / str(size) if args.sizes else args.keep
            workdir.mkdir(parents=True, exist_ok=True)
            results.append(run(size, args.seed, workdir, print, args.repeat, args.tries, engines))
        else:
            with tempfile.TemporaryDirectory(prefix="casebook-search-") as scratch:
                results.append(run(size, args.seed, Path(scratch), print, args.repeat, args.tries, engines))
    for result in results:
        print(json.dumps({key: value for key, value in result.items() if key != "rows"}))
    last = results[-1]
    print(
        f"cases={last['cases']} pagefind_kb={last['pagefind_kb']:.0f} pagefind_s={last['pagefind_s']:.2f} "
        f"explorer_kb={last['explorer_kb']:.0f} explorer_s={last['explorer_s']:.2f} "
        f"explorer_open_s={last['explorer_open_s']:.2f} "
        f"lunr_kb={last['lunr_kb']:.0f} lunr_s={last['lunr_s']:.2f} build_ratio={last['build_ratio']:.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
