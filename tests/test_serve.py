"""``mkdocs serve`` picks up case edits, survives a broken case and recovers."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import ProjectFactory

CASE = "boots-leappad-out-of-stock"
TIMEOUT = 90.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def wait_for(condition: Callable[[], bool], what: str) -> float:
    """Poll ``condition`` until it holds; return the seconds it took."""
    start = time.monotonic()
    while time.monotonic() - start < TIMEOUT:
        if condition():
            return time.monotonic() - start
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def server(make_project: ProjectFactory, tmp_path: Path) -> Iterator[tuple[Path, str, Path]]:
    project = make_project()
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project,
            stdout=output,
            stderr=subprocess.STDOUT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
        try:
            yield project, f"http://127.0.0.1:{port}/", log
        finally:
            process.terminate()
            process.wait(timeout=30)


def test_serve_survives_a_broken_case_and_recovers(server: tuple[Path, str, Path]) -> None:
    project, url, log = server
    page = f"{url}it/cases/{CASE}/"
    case_file = project / "cases" / f"{CASE}.yaml"
    original = case_file.read_text(encoding="utf-8")
    wait_for(lambda: "Boots online vende" in fetch(page), "the first build")

    edited = original.replace("Boots online vende", "EDITED Boots online vende", 1)
    case_file.write_text(edited, encoding="utf-8")
    wait_for(lambda: "EDITED Boots online vende" in fetch(page), "the edited title")

    broken = edited.replace("stage: buy", "stage: purchase", 1).replace("EDITED", "BROKEN", 1)
    case_file.write_text(broken, encoding="utf-8")
    wait_for(
        lambda: f"cases/{CASE}.yaml" in log.read_text() and "unknown stage 'purchase'" in log.read_text(),
        "the error report",
    )
    # The last good version stays on the site while the file is broken.
    assert "EDITED Boots online vende" in fetch(page)
    assert "showing the last good version of cases/" in log.read_text()
    assert "Traceback" not in log.read_text()

    fixed = edited.replace("EDITED", "FIXED", 1)
    case_file.write_text(fixed, encoding="utf-8")
    wait_for(lambda: "FIXED Boots online vende" in fetch(page), "the fixed case")
