"""MkDocs hooks that log when each step of a build starts, for ``serve_edit.py --steps``.

Each event appends ``<unix time> <step>`` to the file named by ``CASEBOOK_STEPS_LOG``.
Hooks run after the plugins, so each time marks the end of the plugins' work at that event.
"""

from __future__ import annotations

import os
import time
from typing import Any


def _log(step: str) -> None:
    with open(os.environ["CASEBOOK_STEPS_LOG"], "a", encoding="utf-8") as log:
        log.write(f"{time.time():.3f} {step}\n")


def on_config(config: Any) -> None:
    """Configuration loaded: MkDocs has noticed the change and starts a build."""
    _log("config")


def on_files(files: Any, config: Any) -> None:
    """Files collected, Casebook's pages generated."""
    _log("files")


def on_env(env: Any, config: Any, files: Any) -> None:
    """Navigation built, changed pages converted to HTML."""
    _log("pages")


def on_post_build(config: Any) -> None:
    """Pages written; the search index is written next."""
    _log("written")
