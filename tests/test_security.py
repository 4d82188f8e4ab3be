"""Untrusted case text must never become live markup anywhere on the built site."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from bs4 import BeautifulSoup

from tests.conftest import ROOT, ProjectFactory, run_build

PAYLOADS = [
    '<script>alert("PWNED-script")</script>',
    "<img src=x onerror=\"alert('PWNED-img')\">",
    '<iframe src="https://evil.example/PWNED-iframe"></iframe>',
    "<object data='PWNED-object'></object><style>body{display:none}/*PWNED-style*/</style>",
    "[click](javascript:alert('PWNED-js')) [data](data:text/html;base64,PWNED)",
    '<a href="javascript:alert(1)">x</a>',
    "{{ 7 * 191 }} {% raw %}PWNED-jinja{% endraw %} {: onclick=\"alert('PWNED-attr')\" }",
    '"><svg onload=alert("PWNED-svg")>',
    "---\ntitle: PWNED-frontmatter\n---",
]
PAYLOAD = " ".join(PAYLOADS)
# Titles and names have length limits: the most dangerous payloads, shortened.
SHORT = '<script>alert("PWNED")</script><img src=x onerror=alert(1)>{{ 7 * 191 }}"><svg onload=alert(1)>'


def poison(value: Any, key: str = "") -> Any:
    """Replace every text of a case (both languages) with the payloads."""
    if isinstance(value, dict):
        if key != "translations" and set(value) <= {"en", "it"}:
            return {lang: (SHORT if key == "title" else PAYLOAD) for lang in value}
        return {name: poison(item, name) for name, item in value.items()}
    if isinstance(value, list):
        return [poison(item, key) for item in value]
    return value


def test_poisoned_case_leaves_no_live_markup_on_any_page(
    make_project: ProjectFactory, tmp_path: Path
) -> None:
    text = (ROOT / "cases/boots-leappad-out-of-stock.yaml").read_text(encoding="utf-8")
    data = poison(yaml.safe_load(text))
    assert len(SHORT) <= 120
    data["company"].update(name=SHORT, market=SHORT)
    data["sources"][0].update(author=PAYLOAD, publisher=PAYLOAD)
    poisoned = text.splitlines()[0] + "\n" + yaml.safe_dump(data, allow_unicode=True)
    project = make_project({"boots-leappad-out-of-stock.yaml": poisoned})
    result = run_build(project, tmp_path / "site", "--strict")
    assert result.returncode == 0, result.output

    pages = list((tmp_path / "site").rglob("*.html"))
    case_page = tmp_path / "site/it/cases/boots-leappad-out-of-stock/index.html"
    assert case_page in pages
    # The payload text is on the page, as text.
    assert "PWNED-script" in BeautifulSoup(case_page.read_text(encoding="utf-8"), "html.parser").get_text()
    for page in pages:
        html = page.read_text(encoding="utf-8")
        soup = BeautifulSoup(html, "html.parser")
        where = page.relative_to(tmp_path / "site")
        for element in soup.find_all(True):
            assert element.name not in {"iframe", "object", "embed", "svg"} or "PWNED" not in str(element), (
                where
            )
            if element.name == "script" and element.get("type") == "application/ld+json":
                # Structured data carries the text as JSON strings, never as markup: nothing
                # in it can close the script element, and it parses.
                assert not set("<>&") & set(element.string or ""), where
                json.loads(element.string or "")
            elif element.name == "script" and element.get("type") == "application/json":
                # A page's data for its script (the presenter's steps, the form's schema): JSON
                # that holds the text as strings and cannot close its element or open a comment.
                text = element.string or ""
                assert "</" not in text and "<!--" not in text, where
                json.loads(text)
            elif element.name in {"script", "style"}:
                assert "PWNED" not in (element.string or "") + str(element.attrs), where
            for attribute, value in element.attrs.items():
                joined = " ".join(value) if isinstance(value, list) else str(value)
                assert not attribute.lower().startswith("on"), (where, element.name, attribute)
                if attribute in {"href", "src", "data", "action"}:
                    assert not joined.strip().lower().startswith(("javascript:", "data:")), (where, joined)
        # Template expressions are never evaluated: 7 * 191 = 1337 must not appear.
        assert "1337" not in html, where
        assert "PWNED-frontmatter</title>" not in html
