#!/usr/bin/env python3
"""Build benchmark: how long the Casebook plugin takes compared with plain MkDocs + Material.

For each library size N the script

1. copies ``mkdocs.yml``, ``docs/`` and ``overrides/`` into a temporary project and
   writes N synthetic, valid cases (seeded pseudo-words, both languages) into its
   ``cases/`` (the real cases are not copied: the site has exactly N cases);
2. checks them once with ``casebook.loader.load_cases`` (the ``check`` time);
3. times the plugin's own stages (load, index, generate), each run in a new process;
4. writes the same Markdown once with ``casebook.pages.tree.write_markdown_tree``
   (what ``casebook render`` writes) as the baseline project;
5. runs, alternating, ``python -m mkdocs build`` on the project (plugin) and on the
   baseline tree (plain MkDocs + Material, no plugin), ``--repeat`` times each,
   measuring wall time and each build's own peak RSS;
6. times the post-processing (search split and the per-page hooks) in-process.

The last line printed is always
``cases=N build_s=… baseline_s=… overhead=… peak_mib=…`` (for the largest size).
See ``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))  # so that the script also runs without the editable install

from casebook.i18n import Labels, load_labels  # noqa: E402
from casebook.loader import load_cases, load_taxonomy  # noqa: E402
from casebook.pages import Site, SiteOptions, render_site  # noqa: E402
from casebook.pages.tree import write_markdown_tree  # noqa: E402
from casebook.plugin.config import site_options  # noqa: E402
from casebook.plugin.language import alternates  # noqa: E402
from casebook.plugin.search import split_search_index  # noqa: E402
from casebook.resources import TAXONOMY_DIR  # noqa: E402
from mkdocs.config import load_config  # noqa: E402
from synthetic import LANGUAGES, count_words, generate_cases, mark_text, write_case  # noqa: E402

T = TypeVar("T")

PROJECT_FILES = ("mkdocs.yml", "docs", "overrides")
TIME_BINARY = "/usr/bin/time"

# --------------------------------------------------------------------------------------
# Measuring
# --------------------------------------------------------------------------------------

_RSS_RUNNER = """\
import resource, runpy, sys
out = sys.argv[1]
sys.argv = ["mkdocs", *sys.argv[2:]]
code = 0
try:
    runpy.run_module("mkdocs", run_name="__main__", alter_sys=True)
except SystemExit as stop:
    code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
with open(out, "w") as file:
    file.write(str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))
sys.exit(code)
"""


@dataclass
class BuildRun:
    seconds: float
    peak_mib: float
    warnings: list[str]


def run_build(project: Path, site: Path, scratch: Path, cache: bool = False) -> BuildRun:
    """``python -m mkdocs build -q -d SITE`` in ``project``: wall time and the build's own peak RSS.

    With ``cache``, as CI builds a pull request: ``CASEBOOK_BUILD_CACHE=true``, the build
    cache of the project's earlier cached builds (``.cache/casebook/``) reused.
    """
    if site.exists():
        shutil.rmtree(site)
    rss_file = scratch / "maxrss.txt"
    rss_file.unlink(missing_ok=True)
    build = ["build", "-q", "-d", str(site)]
    if os.access(TIME_BINARY, os.X_OK):
        # GNU time reports the maximum resident set size of the python process, in KiB.
        command = [TIME_BINARY, "-f", "%M", "-o", str(rss_file), sys.executable, "-m", "mkdocs", *build]
    else:
        command = [sys.executable, "-c", _RSS_RUNNER, str(rss_file), *build]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "CASEBOOK_BUILD_CACHE": "true" if cache else "false"}
    for variable in ("CASEBOOK_REPO_URL", "CASEBOOK_SITE_URL"):
        env.pop(variable, None)  # no edit links or absolute addresses: the baseline has neither
    started = time.perf_counter()
    completed = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if completed.returncode != 0:
        sys.exit(f"mkdocs build failed in {project}:\n{completed.stdout}{completed.stderr}")
    kib = int(rss_file.read_text().split()[-1])
    warnings = [line for line in completed.stderr.splitlines() if "WARNING" in line]
    return BuildRun(seconds, kib / 1024, warnings)


def timed(function: Callable[[], T]) -> tuple[T, float]:
    started = time.perf_counter()
    result = function()
    return result, time.perf_counter() - started


def _html_pages(site: Path) -> Iterator[Path]:
    return (path for path in site.rglob("*.html") if path.name != "404.html")


@dataclass
class Result:
    cases: int
    companies: int
    moments: int
    words: dict[str, float]
    generated_pages: int
    generated_files: int
    html_pages: int
    generate_s: float
    check_s: float
    tree_s: float
    builds: list[BuildRun] = field(default_factory=list)
    baselines: list[BuildRun] = field(default_factory=list)
    #: Cached builds (CASEBOOK_BUILD_CACHE=true): an empty cache first, then each after one case changed.
    cache_cold: list[BuildRun] = field(default_factory=list)
    cached: list[BuildRun] = field(default_factory=list)
    share: dict[str, float] = field(default_factory=dict)

    @property
    def build_s(self) -> float:
        return statistics.median(run.seconds for run in self.builds)

    @property
    def baseline_s(self) -> float:
        return statistics.median(run.seconds for run in self.baselines)

    @property
    def overhead(self) -> float:
        return self.build_s / self.baseline_s

    @property
    def cached_s(self) -> float:
        return statistics.median(run.seconds for run in self.cached)

    @property
    def cached_ratio(self) -> float:
        """A cached build after one case changed, as a share of a clean build."""
        return self.cached_s / self.build_s

    @property
    def peak_mib(self) -> float:
        return max(run.peak_mib for run in self.builds)

    @property
    def baseline_peak_mib(self) -> float:
        return max(run.peak_mib for run in self.baselines)

    def last_line(self) -> str:
        return (
            f"cases={self.cases} build_s={self.build_s:.2f} baseline_s={self.baseline_s:.2f} "
            f"overhead={self.overhead:.2f} peak_mib={self.peak_mib:.1f} "
            f"cached_s={self.cached_s:.2f} cached_ratio={self.cached_ratio:.2f}"
        )


def _make_project(workdir: Path) -> Path:
    project = workdir / "project"
    project.mkdir(parents=True)
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, project / name)
        elif source.is_file():
            shutil.copy2(source, project / name)
    return project


def _site_options(project: Path) -> SiteOptions:
    """The page settings the plugin makes from the project's mkdocs.yml (the same function)."""
    config = load_config(str(project / "mkdocs.yml"))
    return site_options(config, config.plugins["casebook"].config)


def _post_process(baseline_site: Path, labels: Labels, scratch: Path, pages: set[str]) -> float:
    """Time what the plugin does after MkDocs renders: per-page hooks and the search split.

    The per-page hooks (``on_page_context`` and ``on_post_page``) compute the language
    switcher of every page. The search split runs on the baseline's index, which holds
    both languages as Material writes it before the plugin splits it. Reading files is
    not timed.
    """
    seconds = 0.0
    started = time.perf_counter()
    for src_uri in pages:
        alternates(labels, src_uri, pages)  # on_page_context: this page's switcher
        alternates(labels, "", set())  # on_post_page: the default switcher back in place
    seconds += time.perf_counter() - started
    post = scratch / "post-process"
    if post.exists():
        shutil.rmtree(post)
    (post / "search").mkdir(parents=True)
    shutil.copy2(baseline_site / "search" / "search_index.json", post / "search" / "search_index.json")
    started = time.perf_counter()
    split_search_index(post, labels)
    return seconds + time.perf_counter() - started


def stage_seconds(cases_dir: Path, project: Path, options: SiteOptions) -> tuple[dict[str, float], int, int]:
    """Time load, index and generate once, as the plugin runs them; count the generated files."""
    labels = load_labels()
    started = time.perf_counter()
    taxonomy = load_taxonomy(TAXONOMY_DIR)
    library = load_cases(cases_dir, taxonomy, display_root=project)
    load_s = time.perf_counter() - started
    site, index_s = timed(lambda: Site.from_cases(library.cases, taxonomy, labels, options))
    generated, generate_s = timed(lambda: render_site(site))
    pages = sum(1 for page in generated if page.src_uri.endswith(".md"))
    return {"load": load_s, "index": index_s, "generate": generate_s}, pages, len(generated) - pages


def benchmark(count: int, repeat: int, seed: int, workdir: Path, log: Callable[[str], None]) -> Result:
    """Generate, check and build a library of ``count`` cases in ``workdir``."""
    project = _make_project(workdir)
    taxonomy = load_taxonomy(TAXONOMY_DIR)
    labels = load_labels()
    cases, generate_s = timed(lambda: generate_cases(count, seed, taxonomy))
    cases_dir = project / "cases"
    cases_dir.mkdir()
    started = time.perf_counter()
    for case in cases:
        write_case(cases_dir, case)
    generate_s += time.perf_counter() - started
    log(f"  generated {count} cases in {generate_s:.2f} s into {cases_dir}")

    library, check_s = timed(lambda: load_cases(cases_dir, taxonomy, display_root=project))
    if library.errors or len(library.cases) != count:
        problems = "\n".join(f"{p.location()}: {p.describe()}" for p in library.errors[:20])
        sys.exit(f"the synthetic cases do not load ({len(library.cases)} of {count}):\n{problems}")
    log(f"  check: load_cases found no error in {check_s:.2f} s")

    # The plugin's own stages, as on_config / on_files call them, each run in a new process:
    # in one process the later runs would find the caches (templates, URLs, ranking) warm.
    shares: dict[str, list[float]] = {"load": [], "index": [], "generate": []}
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=spawn, max_tasks_per_child=1) as pool:
        for _ in range(repeat):
            seconds_by_stage, generated_pages, generated_files = pool.submit(
                stage_seconds, cases_dir, project, _site_options(project)
            ).result()
            for name, seconds in seconds_by_stage.items():
                shares[name].append(seconds)
    log(
        "  plugin stages, one new process each: "
        + ", ".join(f"{name} {statistics.median(values):.2f} s" for name, values in shares.items())
    )

    tree = workdir / "baseline"
    site = Site.from_cases(library.cases, taxonomy, labels, _site_options(project))
    generated, tree_s = timed(lambda: write_markdown_tree(site, project / "docs", tree))
    log(f"  baseline tree written by write_markdown_tree in {tree_s:.2f} s into {tree}")

    result = Result(
        cases=count,
        companies=len({case["company"]["id"] for case in cases}),
        moments=sum(len(case["moments"]) for case in cases),
        words={lang: statistics.mean(count_words(case, lang) for case in cases) for lang in LANGUAGES},
        generated_pages=generated_pages,
        generated_files=generated_files,
        html_pages=0,
        generate_s=generate_s,
        check_s=check_s,
        tree_s=tree_s,
    )
    plugin_site, baseline_site = workdir / "site-plugin", workdir / "site-baseline"
    for round_number in range(repeat):
        # Alternate which build goes first, so that neither always runs on a warmer machine.
        order = ("plugin", "baseline") if round_number % 2 == 0 else ("baseline", "plugin")
        for which in order:
            if which == "plugin":
                run = run_build(project, plugin_site, workdir)
                result.builds.append(run)
            else:
                run = run_build(tree, baseline_site, workdir)
                result.baselines.append(run)
            log(
                f"  round {round_number + 1}/{repeat}: {which:8} {run.seconds:6.2f} s, {run.peak_mib:.0f} MiB"
            )
    for name, runs in (("plugin", result.builds), ("baseline", result.baselines)):
        if runs[0].warnings:
            log(f"  {name} build printed {len(runs[0].warnings)} warning(s), first: {runs[0].warnings[0]}")
    cached_builds(project, workdir, repeat, result, log)
    result.html_pages = sum(1 for _ in _html_pages(plugin_site))
    page_paths = {page.src_uri for page in generated if page.src_uri.endswith(".md")}
    post = [_post_process(baseline_site, labels, workdir, page_paths) for _ in range(repeat)]
    result.share = {name: statistics.median(values) for name, values in shares.items()}
    result.share["post-process"] = statistics.median(post)
    return result


def cached_builds(
    project: Path, workdir: Path, repeat: int, result: Result, log: Callable[[str], None]
) -> None:
    """CI's build of a pull request: with the build cache, after one case changed (``repeat`` times).

    The first cached build starts from an empty cache (it writes it); each one after it
    follows an edit of another case's summary. The case files are put back at the end.
    """
    shutil.rmtree(project / ".cache", ignore_errors=True)
    site = workdir / "site-cached"
    result.cache_cold.append(run_build(project, site, workdir, cache=True))
    log(f"  cached build, empty cache: {result.cache_cold[0].seconds:6.2f} s")
    case_files = sorted((project / "cases").glob("[!_]*.yaml"))
    originals = {path: path.read_text(encoding="utf-8") for path in case_files[:repeat]}
    try:
        for number, (path, text) in enumerate(originals.items(), start=1):
            path.write_text(mark_text(text, "summary", f"PULL{number}"), encoding="utf-8")
            run = run_build(project, site, workdir, cache=True)
            result.cached.append(run)
            log(f"  cached build {number}/{repeat}, one case changed: {run.seconds:6.2f} s")
    finally:
        for path, text in originals.items():
            path.write_text(text, encoding="utf-8")


# --------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------


def report(result: Result, repeat: int) -> str:
    runs = " ".join(f"{run.seconds:.2f}" for run in result.builds)
    base_runs = " ".join(f"{run.seconds:.2f}" for run in result.baselines)
    share_total = sum(result.share.values())
    lines = [
        f"Casebook build benchmark: {result.cases} cases (median of {repeat})",
        f"  library        {result.cases} cases, {result.companies} companies, {result.moments} moments, "
        f"words/case: en {result.words['en']:.0f}, it {result.words['it']:.0f}",
        f"  site           {result.generated_pages} generated pages (+{result.generated_files} other files), "
        f"{result.html_pages} HTML pages",
        f"  generate       {result.generate_s:8.2f} s   synthetic cases written (not part of any build)",
        f"  check          {result.check_s:8.2f} s   load_cases once, no errors",
        f"  render tree    {result.tree_s:8.2f} s   write_markdown_tree, once (baseline input)",
        f"  plugin build   {result.build_s:8.2f} s   mkdocs build with casebook   runs: {runs}",
        f"  baseline build {result.baseline_s:8.2f} s   plain mkdocs + Material      runs: {base_runs}",
        f"  overhead       {result.overhead:8.2f}     plugin build / baseline build",
        f"  cached build   {result.cached_s:8.2f} s   with the build cache, one case changed "
        f"({result.cached_ratio:.2f} of the plugin build; empty cache: {result.cache_cold[0].seconds:.2f} s)",
        f"  peak RSS       {result.peak_mib:8.1f} MiB plugin build ({result.baseline_peak_mib:.1f} baseline)",
        "  plugin's own share (median; stages each in a new process):",
        f"    load         {result.share['load']:8.2f} s   load_taxonomy + load_cases (YAML, schema, rules)",
        f"    index        {result.share['index']:8.2f} s   Site.from_cases -> build_index",
        f"    generate     {result.share['generate']:8.2f} s   render_site (Markdown of every page)",
        f"    post-process {result.share['post-process']:8.2f} s   split_search_index + per-page hooks",
        f"    total        {share_total:8.2f} s   {share_total / result.build_s:.0%} of the plugin build",
    ]
    return "\n".join(lines)


def table(results: list[Result]) -> str:
    header = f"{'cases':>7} {'build_s':>9} {'baseline_s':>11} {'overhead':>9} {'peak_mib':>9} {'check_s':>8}"
    rows = [
        f"{r.cases:>7} {r.build_s:>9.2f} {r.baseline_s:>11.2f} {r.overhead:>9.2f} {r.peak_mib:>9.1f} "
        f"{r.check_s:>8.2f}"
        for r in results
    ]
    return "\n".join([header, *rows])


def _sizes(text: str) -> list[int]:
    try:
        sizes = sorted({int(part) for part in text.split(",") if part.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a comma-separated list of numbers: {text!r}") from None
    if not sizes or sizes[0] < 1:
        raise argparse.ArgumentTypeError("sizes must be positive")
    return sizes


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Time `mkdocs build` with the Casebook plugin against plain MkDocs + Material "
        "on the same generated Markdown, for a synthetic library of N cases.",
    )
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--cases", type=_positive, default=100, help="number of cases (default: 100)")
    size.add_argument("--sizes", type=_sizes, help="comma-separated numbers of cases, e.g. 100,1000,5000")
    parser.add_argument("--repeat", type=_positive, default=3, help="builds of each kind (default: 3)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the synthetic library (default: 0)")
    parser.add_argument(
        "--keep", type=Path, metavar="DIR", help="write everything into DIR (new or empty) and keep it"
    )
    args = parser.parse_args(argv)
    sizes = args.sizes or [args.cases]
    if args.keep is not None and args.keep.exists() and any(args.keep.iterdir()):
        parser.error(f"--keep {args.keep}: the folder is not empty")

    def log(message: str) -> None:
        print(message, flush=True)

    log(
        f"python {platform.python_version()}, {os.cpu_count()} CPU(s), "
        f"peak RSS via {TIME_BINARY if os.access(TIME_BINARY, os.X_OK) else 'resource.getrusage'}"
    )
    results = []
    for count in sizes:
        log(f"\n== {count} cases ==")
        if args.keep is not None:
            workdir = args.keep / str(count) if len(sizes) > 1 else args.keep
            workdir.mkdir(parents=True, exist_ok=True)
            result = benchmark(count, args.repeat, args.seed, workdir, log)
        else:
            with tempfile.TemporaryDirectory(prefix=f"casebook-bench-{count}-") as temporary:
                result = benchmark(count, args.repeat, args.seed, Path(temporary), log)
        results.append(result)
        log("")
        log(report(result, args.repeat))
    if len(results) > 1:
        log("")
        log(table(results))
    log("")
    print(results[-1].last_line(), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
