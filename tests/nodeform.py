"""The propose form's own JavaScript, run under Node for tests that need many files fast.

``tests/js/case_yaml.mjs`` loads the same scripts the page loads (``vendor/yaml.js`` and
``case-yaml.js``) and answers one JSON request a line, so a test can write, read and edit
hundreds of case files with the form's code without a browser per file.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from typing import Any

from casebook.i18n import load_labels
from casebook.loader.case_file import SCHEMA_COMMENT

from tests.conftest import ROOT


class FormYaml:
    """One Node process running the form's YAML code; close() ends it."""

    def __init__(self) -> None:
        node = shutil.which("node")
        assert node, "node is needed (Debian's nodejs)"
        languages = [language.code for language in load_labels().languages]
        settings = json.dumps([f"{SCHEMA_COMMENT}../plugins/casebook/schemas/case.schema.json", languages])
        self._process = subprocess.Popen(
            [node, str(ROOT / "tests/js/case_yaml.mjs"), settings],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )

    def _ask(self, **request: Any) -> Any:
        assert self._process.stdin is not None and self._process.stdout is not None
        self._process.stdin.write(json.dumps(request) + "\n")
        self._process.stdin.flush()
        answer = json.loads(self._process.stdout.readline())
        assert "error" not in answer, answer["error"]
        return answer

    def write(self, data: dict[str, Any]) -> str:
        """A new case's file, as the form writes it."""
        return str(self._ask(op="write", data=data)["text"])

    def read(self, text: str) -> dict[str, Any]:
        """A file's case as the form holds it."""
        return dict(self._ask(op="read", text=text)["data"])

    def edit(self, text: str, data: dict[str, Any]) -> str:
        """``text`` corrected to hold ``data``, as the form writes a correction."""
        return str(self._ask(op="edit", text=text, data=data)["text"])

    def close(self) -> None:
        """End the Node process."""
        if self._process.stdin is not None:
            self._process.stdin.close()
        self._process.wait(timeout=10)
