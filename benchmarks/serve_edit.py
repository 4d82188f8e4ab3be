"""Edit-to-visible time of `mkdocs serve --dirty`: save a case file, poll its page over HTTP.

A benchmark, not a test. It serves a copy of a project on loopback, then
``--edits`` times changes the English title (or summary) of one case and
measures the seconds until the served page shows the change. Prints the median last:

    python benchmarks/serve_edit.py                      # the seed library
    python benchmarks/serve_edit.py --project DIR        # e.g. a library kept by build.py --keep
    python benchmarks/serve_edit.py --field summary      # a text edit: fewer pages show it
    python benchmarks/serve_edit.py --steps              # and when each build step ended

A title shows on every page that lists the case (its company, tags, journey
cells, related cases, the list of all cases); a summary only on its own page.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))  # so that the script also runs without the editable install

from synthetic import mark_text  # noqa: E402


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def _wait(url: str, text: str, timeout: float) -> float:
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if text in _fetch(url):
            return time.monotonic() - start
        time.sleep(0.05)
    raise SystemExit(f"timed out after {timeout:.0f} s waiting for {text!r} at {url}")


def _steps_since(steps_log: Path, saved: float) -> str:
    """The build steps logged since ``saved``, as seconds after it: "" without ``--steps``."""
    if not steps_log.is_file():
        return ""
    lines = [line.split() for line in steps_log.read_text(encoding="utf-8").splitlines()]
    steps = [f"{step} {float(stamp) - saved:.2f}" for stamp, step in lines if float(stamp) >= saved]
    return f" ({', '.join(steps)})"


def main() -> None:
    """Measure and print the edit-to-visible seconds of `mkdocs serve --dirty`."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--project", type=Path, default=ROOT, help="project folder with mkdocs.yml and cases/"
    )
    parser.add_argument("--edits", type=int, default=5, help="number of edits to time (default: 5)")
    parser.add_argument(
        "--field", choices=("title", "summary"), default="title", help="what to edit (default: title)"
    )
    parser.add_argument("--timeout", type=float, default=900, help="seconds to wait for any one build")
    parser.add_argument(
        "--steps",
        action="store_true",
        help="also show when each build step ended after a save (adds build_steps_hook.py to the copy)",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="cb-serve-") as scratch:
        project = Path(scratch) / "project"
        for name in ("mkdocs.yml", "docs", "cases", "workshops", "reviews", "overrides"):
            source = args.project / name
            if source.is_dir():
                shutil.copytree(source, project / name)
            elif source.is_file():
                project.mkdir(parents=True, exist_ok=True)
                shutil.copy(source, project / name)
        case_files = sorted((project / "cases").glob("[!_]*.yaml"))
        case_file = case_files[0]
        url_path = f"cases/{case_file.stem}/"
        steps_log = Path(scratch) / "steps.log"
        if args.steps:
            config = project / "mkdocs.yml"
            if "\nhooks:" in config.read_text(encoding="utf-8"):
                raise SystemExit("--steps adds a hooks: entry, and this mkdocs.yml has one already")
            shutil.copy(Path(__file__).with_name("build_steps_hook.py"), project / "build_steps_hook.py")
            with config.open("a", encoding="utf-8") as file:
                file.write("\nhooks:\n  - build_steps_hook.py\n")
        port = _free_port()
        log = open(Path(scratch) / "serve.log", "w")  # noqa: SIM115  (open for the server's lifetime)
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project,
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "CASEBOOK_STEPS_LOG": str(steps_log)},
        )
        url = f"http://127.0.0.1:{port}/{url_path}"
        try:
            first = _wait(url, "<h1", args.timeout)
            print(f"first build served after {first:.2f} s ({len(case_files)} cases)")
            text = case_file.read_text(encoding="utf-8")
            times = []
            for edit in range(1, args.edits + 1):
                marker = f"EDIT{edit}x{os.getpid()}"
                saved = time.time()
                case_file.write_text(mark_text(text, args.field, marker), encoding="utf-8")
                seconds = _wait(url, marker, args.timeout)
                times.append(seconds)
                print(f"edit {edit}: visible after {seconds:.2f} s{_steps_since(steps_log, saved)}")
                time.sleep(1.0)  # let the server settle before the next save
        finally:
            server.terminate()
            server.wait(timeout=60)
            log.close()
        median = statistics.median(times)
        print(f"edit_to_visible_median_s={median:.2f} edits={len(times)} field={args.field} page={url_path}")


if __name__ == "__main__":
    main()
