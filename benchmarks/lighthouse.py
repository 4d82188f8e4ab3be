"""Lighthouse scores of the built site: home, a case and the journey map, in both languages.

Builds the site as the deploy workflow does (``CASEBOOK_SITE_URL`` and ``CASEBOOK_REPO_URL``
set, ``--strict``; the site's address is the loopback server's, so that canonical and
``hreflang`` links resolve to the pages measured), serves it and runs Lighthouse 12 (npm, in
``benchmarks/lighthouse/``; ``npm ci --prefix benchmarks/lighthouse`` installs it) with its
default mobile settings on Debian's Chromium. Prints one line per page: performance,
accessibility, best practices and SEO, and the command it ran. Not part of ``make test``:
a run takes a minute or two.

    .venv/bin/python benchmarks/lighthouse.py [--case ID] [--json-dir DIR]
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "benchmarks" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
REPO_URL = "https://github.com/example-org/casebook"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
LANGUAGES = {"en": "", "it": "it/"}


#: What the static host compresses (GitHub Pages, like most, gzips text): Python's server
#: does not, and uncompressed stylesheets and scripts would be measured instead of the site.
COMPRESSED = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt")


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site as a static host does: text gzipped for clients that accept it."""

    def log_message(self, format: str, *args: object) -> None:
        """No request log."""

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if (
            "gzip" not in self.headers.get("Accept-Encoding", "")
            or not path.is_file()
            or path.suffix not in COMPRESSED
            or not self.path.split("?")[0].endswith(("/", *COMPRESSED))
        ):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def build(site: Path, site_url: str) -> None:
    """Build the site with the deploy's settings into ``site``, to be served at ``site_url``."""
    environment = {
        **os.environ,
        "CASEBOOK_SITE_URL": site_url,
        "CASEBOOK_REPO_URL": REPO_URL,
        "NO_MKDOCS_2_WARNING": "1",
    }
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "--site-dir", str(site)],
        cwd=ROOT,
        env=environment,
        check=True,
    )


def command(url: str, output: Path) -> list[str]:
    """The Lighthouse command for one page (mobile is Lighthouse's default form factor)."""
    return [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={output}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=--headless --no-sandbox",
    ]


def scores(report: Path) -> dict[str, int]:
    """The four category scores of a Lighthouse JSON report, 0-100."""
    data = json.loads(report.read_text(encoding="utf-8"))
    return {name: round(data["categories"][name]["score"] * 100) for name in CATEGORIES}


def failing_audits(report: Path) -> list[str]:
    """The audits below full marks in accessibility, best practices and SEO, by id."""
    data = json.loads(report.read_text(encoding="utf-8"))
    found = []
    for name in CATEGORIES[1:]:
        for ref in data["categories"][name]["auditRefs"]:
            audit = data["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                found.append(f"{name}:{ref['id']}")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", default="boots-leappad-out-of-stock", help="the case page to measure")
    parser.add_argument("--json-dir", type=Path, help="keep the Lighthouse reports here")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit(f"{LIGHTHOUSE} is missing: run `npm ci --prefix benchmarks/lighthouse` first")
    with tempfile.TemporaryDirectory() as temporary:
        site = Path(temporary) / "site"
        reports = args.json_dir or Path(temporary) / "reports"
        reports.mkdir(parents=True, exist_ok=True)
        handler = functools.partial(_GzipHandler, directory=str(site))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        build(site, base)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        environment = {**os.environ, "CHROME_PATH": CHROMIUM}
        print("| page | performance | accessibility | best practices | SEO |")
        print("| --- | --- | --- | --- | --- |")
        problems = []
        for lang, prefix in LANGUAGES.items():
            for name, path in (("home", ""), ("case", f"cases/{args.case}/"), ("journey map", "journey/")):
                report = reports / f"{lang}-{name.replace(' ', '-')}.json"
                run = command(base + prefix + path, report)
                subprocess.run(run, env=environment, check=True, capture_output=True)
                values = scores(report)
                print(f"| {name} ({lang}) | " + " | ".join(str(values[c]) for c in CATEGORIES) + " |")
                problems += [f"{lang} {name}: {audit}" for audit in failing_audits(report)]
        server.shutdown()
        print()
        print("Command, per page: CHROME_PATH=" + CHROMIUM + " " + " ".join(command("<url>", Path("<file>"))))
        if problems:
            print("Below full marks: " + "; ".join(problems))


if __name__ == "__main__":
    main()
