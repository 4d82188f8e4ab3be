"""Shared fixtures: the real site built once, and throw-away projects for edge cases."""

from __future__ import annotations

import fcntl
import importlib.util
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Browser, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
# The benchmark scripts' modules (the synthetic-library generator among them) import as top-level modules.
sys.path.insert(0, str(ROOT / "benchmarks"))
#: The engine the builds run on: MkDocs, or ProperDocs (the maintained fork) in its CI job.
MKDOCS = [sys.executable, "-m", os.environ.get("CASEBOOK_ENGINE", "mkdocs")]
REPO_URL = "https://github.com/example-org/casebook"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Without these flags Chromium keeps trying to reach Google's hosts from a closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SITE_URL = "https://casebook.test/"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", help="write tests/golden/ again from the current output"
    )


def pagefind_unstable(path: str) -> bool:
    """Whether ``path`` (relative to the site) is a Pagefind file that differs between identical builds.

    Pagefind writes its filter and metadata indexes in an arbitrary order, so their
    names and bytes change from one build to the next (Pagefind/pagefind#638); the
    pages it indexed (``fragment/``) and the word index do not.
    """
    parts = Path(path).parts
    return "pagefind" in parts and (
        "filter" in parts or parts[-1].endswith(".pf_meta") or parts[-1] == "pagefind-entry.json"
    )


@dataclass
class BuildResult:
    """A finished ``mkdocs build``: its output folder and what it printed."""

    site: Path
    returncode: int
    output: str

    def html(self, path: str) -> BeautifulSoup:
        """Parse a built page, given its URL path such as ``it/cases/x/``."""
        file = self.site / path / "index.html" if not path.endswith(".html") else self.site / path
        return BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")


def run_build(project: Path, site: Path, *extra: str, env: dict[str, str] | None = None) -> BuildResult:
    """Run ``mkdocs build`` on ``project`` into ``site`` and return the result."""
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    completed = subprocess.run(
        [*MKDOCS, "build", "--site-dir", str(site), *extra],
        cwd=project,
        env=environment,
        capture_output=True,
        text=True,
        timeout=1200,  # against a hang only: a loaded machine can take minutes for one build
    )
    return BuildResult(site, completed.returncode, completed.stdout + completed.stderr)


def built_once(
    tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], BuildResult]
) -> BuildResult:
    """``build(folder)`` into an empty folder, run once per test run and shared by every xdist worker.

    Each worker is a process of its own with its own session fixtures, so a session
    fixture alone builds once per worker. The first worker to ask builds into the
    folder the run's workers share, under a file lock, and records the result; the
    others wait for the lock and read the record. Tests only read what was built.
    """
    if "PYTEST_XDIST_WORKER" not in os.environ:
        return build(tmp_path_factory.mktemp(name))
    shared = tmp_path_factory.getbasetemp().parent  # the run's folder, above each worker's
    record = shared / f"{name}.json"
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if record.exists():
            saved = json.loads(record.read_text(encoding="utf-8"))
            return BuildResult(Path(saved["site"]), saved["returncode"], saved["output"])
        folder = shared / name
        shutil.rmtree(folder, ignore_errors=True)  # a worker that died while building
        folder.mkdir()
        result = build(folder)
        saved = {"site": str(result.site), "returncode": result.returncode, "output": result.output}
        record.write_text(json.dumps(saved), encoding="utf-8")
        return result


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The real project, built once per run with ``--strict``, with repository and site addresses set."""
    environment = {"CASEBOOK_REPO_URL": REPO_URL, "CASEBOOK_SITE_URL": SITE_URL}
    result = built_once(
        tmp_path_factory, "site", lambda folder: run_build(ROOT, folder, "--strict", env=environment)
    )
    assert result.returncode == 0, result.output
    return result


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    """One headless Chromium (Debian's) for every browser test of a worker: a launch takes seconds."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


ProjectFactory = Callable[..., Path]

#: The folders of a Casebook project: the site's pages, the library and its review records, overrides.
PROJECT_FOLDERS = ("docs", "cases", "workshops", "reviews", "overrides")


def copy_library(target: Path) -> Path:
    """Copy the case files and their review records into ``target``; return ``target / "cases"``."""
    for name in ("cases", "reviews"):
        shutil.copytree(ROOT / name, target / name)
    return target / "cases"


def copy_project(project: Path, cases: dict[str, str | None] | None = None, plugin_options: str = "") -> Path:
    """Copy the project (config, docs, cases, workshops, overrides) into ``project``.

    ``cases`` maps file names to text to add (or, with None, remove);
    ``plugin_options`` are YAML lines added to the ``casebook`` plugin's options.
    """
    for name in PROJECT_FOLDERS:
        shutil.copytree(ROOT / name, project / name)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    anchor = "      cases_dir: cases\n"
    assert anchor in config
    options = "".join(f"      {line}\n" for line in plugin_options.splitlines())
    (project / "mkdocs.yml").write_text(config.replace(anchor, anchor + options), encoding="utf-8")
    for name, text in (cases or {}).items():
        path = project / "cases" / name
        if text is None:
            path.unlink()
        else:
            path.write_text(text, encoding="utf-8")
    return project


@pytest.fixture
def make_project(tmp_path: Path) -> ProjectFactory:
    """A copy of the project in a temporary folder (see :func:`copy_project`)."""

    def make(cases: dict[str, str | None] | None = None, plugin_options: str = "") -> Path:
        return copy_project(tmp_path / "project", cases, plugin_options)

    return make


@pytest.fixture(scope="session")
def benchmark() -> ModuleType:
    """``benchmarks/build.py`` imported as a module (it is a script, not a package)."""
    spec = importlib.util.spec_from_file_location(
        "casebook_build_benchmark", ROOT / "benchmarks" / "build.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module
