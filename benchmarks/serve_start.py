"""Start-up time of `mkdocs serve --dirty` (what `make serve` runs): until the first page is served.

A benchmark, not a test. On a copy of a project it starts the dev server, waits for a
case page to be served over loopback HTTP, and stops it, in three situations:

- **cold**: no build cache (``.cache/casebook/`` removed first);
- **unchanged**: the cache the last start left, nothing changed since;
- **changed**: the cache the last start left, then ``--changed`` case files edited (their
  English summary), as after a ``git checkout`` that brought in other cases' edits.

Each is timed ``--repeat`` times (cold starts ``--cold-repeat`` times) and reported as
medians; the last line is
``cases=N cold_s=… unchanged_s=… changed_s=… changed=K``::

    python benchmarks/build.py --cases 1000 --repeat 1 --keep /tmp/cb-1000
    python benchmarks/serve_start.py --project /tmp/cb-1000/project
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))  # so that the script also runs without the editable install

from serve_edit import _fetch, _free_port  # noqa: E402
from synthetic import mark_text  # noqa: E402

PROJECT_PARTS = ("mkdocs.yml", "docs", "cases", "workshops", "reviews", "overrides")
_BUILT = re.compile(r"Documentation built in ([0-9.]+) seconds")


def copy_project(source: Path, target: Path) -> None:
    """Copy what a build reads of ``source`` (not its site nor its cache) into ``target``."""
    for name in PROJECT_PARTS:
        path = source / name
        if path.is_dir():
            shutil.copytree(path, target / name)
        elif path.is_file():
            target.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, target / name)


def start_seconds(project: Path, url_path: str, port: int, timeout: float, log: Path) -> tuple[float, str]:
    """Start ``mkdocs serve --dirty``: the seconds until ``url_path`` is served, and what the log says.

    Every start uses the same ``port``, as ``make serve`` does: pages show the server's
    address, which is part of the build cache's key.
    """
    url = f"http://127.0.0.1:{port}/{url_path}"
    with log.open("w", encoding="utf-8") as output:
        started = time.monotonic()
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project,
            stdout=output,
            stderr=subprocess.STDOUT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
            start_new_session=True,  # its own process group: stopping it stops its Pagefind runs too
        )
        try:
            while "<h1" not in _fetch(url):
                if time.monotonic() - started > timeout or server.poll() is not None:
                    raise SystemExit(f"the server did not serve {url} (log: {log.read_text()[-2000:]})")
                time.sleep(0.05)
            seconds = time.monotonic() - started
        finally:
            # The whole group: a server stopped alone leaves its Pagefind runs indexing, which
            # would slow the next start down.
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=300)
    text = log.read_text(encoding="utf-8")
    built = _BUILT.search(text)
    cache = [
        line.split("casebook: ", 1)[1]
        for line in text.splitlines()
        if "casebook: " in line and "cache" in line
    ]
    return seconds, "; ".join([f"MkDocs built in {built.group(1) if built else '?'} s", *cache])


def main() -> None:
    """Time cold, unchanged and changed starts of the dev server, and print their medians."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--project", type=Path, default=ROOT, help="project folder with mkdocs.yml and cases/"
    )
    parser.add_argument("--repeat", type=int, default=3, help="starts of each kind (default: 3)")
    parser.add_argument("--cold-repeat", type=int, help="cold starts, the slow ones (default: as --repeat)")
    parser.add_argument(
        "--changed", type=int, default=10, help="case files changed before a start (default: 10)"
    )
    parser.add_argument("--timeout", type=float, default=900, help="seconds to wait for any one start")
    parser.add_argument(
        "--kinds", default="cold,unchanged,changed", help="which starts, in order (default: all three)"
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="cb-start-") as scratch:
        project = Path(scratch) / "project"
        copy_project(args.project, project)
        case_files = sorted((project / "cases").glob("[!_]*.yaml"))
        url_path = f"cases/{case_files[0].stem}/"
        log = Path(scratch) / "serve.log"
        port = _free_port()
        times: dict[str, list[float]] = {kind: [] for kind in args.kinds.split(",")}
        for kind in times:
            repeat = args.cold_repeat if kind == "cold" and args.cold_repeat else args.repeat
            for run in range(1, repeat + 1):
                if kind == "cold":
                    shutil.rmtree(project / ".cache", ignore_errors=True)
                if kind == "changed":
                    for path in case_files[: args.changed]:
                        text = path.read_text(encoding="utf-8")
                        path.write_text(mark_text(text, "summary", f"START{run}"), encoding="utf-8")
                seconds, note = start_seconds(project, url_path, port, args.timeout, log)
                times[kind].append(seconds)
                print(f"{kind} start {run}: first page after {seconds:.2f} s ({note})", flush=True)
        medians = " ".join(f"{kind}_s={statistics.median(values):.2f}" for kind, values in times.items())
        print(f"cases={len(case_files)} {medians} changed={args.changed}")


if __name__ == "__main__":
    main()
