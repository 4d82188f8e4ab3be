"""One contract: the propose form and casebook check give the same verdict on every input.

Each input of the corpus is a case as the form holds it (the minimal valid case with one
thing changed). The form's own rules (case-rules.js, run under Node with the page's
vendored validator, yaml and markdown-it) judge it; the file the form writes for it goes
to casebook check, among the library's cases. Both must accept it, or both refuse it,
and as the corpus says: a corpus that drifted along with both sides would not pass.
"""

from __future__ import annotations

import copy
import datetime
import json
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from casebook.i18n import load_labels
from casebook.loader import ReadCache, load_cases, load_taxonomy
from casebook.pages import Site, SiteOptions
from casebook.pages.propose import form_data
from casebook.resources import TAXONOMY_DIR

from tests.conftest import ROOT, copy_library
from tests.test_propose import as_the_form_reads

TAXONOMY = load_taxonomy(TAXONOMY_DIR)
TODAY = datetime.date(2030, 1, 1)
EXISTING = "boots-leappad-out-of-stock"
BASE = {
    **as_the_form_reads((ROOT / "tests/fixtures/valid/minimal-case.yaml").read_text(encoding="utf-8")),
    "id": "corpus-case",
    "number": 90_000,
}
Change = Callable[[dict[str, Any]], None]


def at(*path: str | int, value: Any) -> Change:
    """Set the value at ``path`` (a new key or list item included)."""

    def change(data: dict[str, Any]) -> None:
        target: Any = data
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = value

    return change


def summary(text: str) -> Change:
    return at("summary", "en", value=text)


def link(target: str) -> Change:
    return summary(target)


VALID, INVALID = True, False
CORPUS: dict[str, tuple[bool, Change]] = {
    "the minimal case": (VALID, lambda data: None),
    # Case links, in every spelling markdown-it takes for one, and some it does not.
    "a link to a case": (VALID, link(f"See [x](case:{EXISTING}).")),
    "an empty link text": (VALID, link(f"See [](case:{EXISTING}).")),
    "a link to no case": (INVALID, link("See [x](case:no-such-case).")),
    "spaces around the target": (INVALID, link("See [x]( case:no-such-case ).")),
    "a target in angle brackets": (INVALID, link("See [x](<case:no-such-case>).")),
    "a link with a title": (INVALID, link('See [x](case:no-such-case "t").')),
    "an autolink": (INVALID, link("See <case:no-such-case>.")),
    "a character reference": (INVALID, link("See [x](case&#58;no-such-case).")),
    "an escaped colon": (INVALID, link("See [x](case\\:no-such-case).")),
    "a link in a list": (INVALID, link("Points:\n\n- [x](case:no-such-case)")),
    "an empty target": (INVALID, link("See [x](case:).")),
    "a target with an anchor": (INVALID, link(f"See [x](case:{EXISTING}#moment-2).")),
    "a link in a code span": (VALID, link("Write `[x](case:no-such-case)`.")),
    "an escaped bracket": (VALID, link("Not \\[x](case:no-such-case).")),
    "another scheme's case": (VALID, link("See [x](CASE:no-such-case).")),
    "a reference link": (VALID, link("See [x][r].\n\n[r]: case:no-such-case")),
    "a link in a title (plain text)": (VALID, at("title", "en", value="[x](case:no-such-case)")),
    "a link in a lesson": (INVALID, at("lessons", value=[{"en": "[x](case:no-such-case)"}])),
    # Dates.
    "a full date": (VALID, at("when", value="2017-05-27")),
    "a day that does not exist": (INVALID, at("when", value="2017-02-30")),
    "a leap day": (VALID, at("when", value="2016-02-29")),
    "no leap day": (INVALID, at("when", value="2017-02-29")),
    "month 13": (INVALID, at("when", value="2017-13")),
    "year 0": (INVALID, at("when", value="0000")),
    "year 50": (VALID, at("when", value="0050")),
    "a source from year 50": (VALID, at("sources", 0, "date", value="0050")),
    "tomorrow": (INVALID, at("when", value="2030-01-02")),
    "this month": (VALID, at("when", value="2030-01")),
    "published tomorrow": (INVALID, at("published", value="2030-01-02")),
    "published today": (VALID, at("published", value="2030-01-01")),
    "published as a month": (INVALID, at("published", value="2017-05")),
    "unknown": (VALID, at("when", value="unknown")),
    "Unknown, capitalised": (INVALID, at("when", value="Unknown")),
    "a two-digit year": (INVALID, at("when", value="17-05-27")),
    "a one-digit month": (INVALID, at("when", value="2017-5-27")),
    "a source dated tomorrow": (INVALID, at("sources", 0, "date", value="2030-01-02")),
    # Addresses.
    "a port out of range": (VALID, at("sources", 0, "url", value="https://example.org:99999/")),
    "an unclosed bracket": (VALID, at("sources", 0, "url", value="https://[bad")),
    "ftp": (INVALID, at("sources", 0, "url", value="ftp://example.org/")),
    "javascript": (INVALID, at("sources", 0, "url", value="javascript:alert(1)")),
    "a space in an address": (INVALID, at("sources", 0, "url", value="https://exa mple.org/")),
    "a scheme alone": (INVALID, at("sources", 0, "url", value="https://")),
    # Characters.
    "a vertical tab": (INVALID, at("title", "en", value="A line\vbreak")),
    "a NUL": (INVALID, at("title", "en", value="A\x00B")),
    "a lone surrogate": (INVALID, summary("Broken \ud800 text")),
    "U+FFFE": (INVALID, at("title", "en", value="A\ufffeB")),
    "a next-line character": (VALID, at("title", "en", value="A\x85B")),
    "a line separator": (VALID, at("title", "en", value="A\u2028B")),
    "DEL": (VALID, at("title", "en", value="A\x7fB")),
    "a tab inside a title": (VALID, at("title", "en", value="A\tB")),
    "emoji": (VALID, at("title", "en", value="🎉 A party")),
    "a control character in a key": (INVALID, at("company", "a\x01b", value="x")),
    # Ids and numbers.
    "a reserved id": (INVALID, at("id", value="index")),
    "capitals in the id": (INVALID, at("id", value="Not-A-Slug")),
    "a double hyphen": (INVALID, at("id", value="a--b")),
    "an id taken": (INVALID, at("id", value=EXISTING)),
    "a reserved company id": (INVALID, at("company", "id", value="page")),
    "another case's address as an old id": (
        INVALID,
        at("old_ids", value=["amazon-uk-preorder-missed-launch"]),
    ),
    "an old id of its own": (VALID, at("old_ids", value=["corpus-case-old"])),
    "a number taken": (INVALID, at("number", value=1)),
    "number 0": (INVALID, at("number", value=0)),
    # Taxonomy and lists.
    "an unknown stage": (INVALID, at("moments", 0, "stage", value="teleport")),
    "an unknown topic": (INVALID, at("tags", value=["no-such-topic"])),
    "an unknown sector": (INVALID, at("sector", value="no-such-sector")),
    "an unknown country": (INVALID, at("country", value="XX")),
    "Norway (NO)": (VALID, at("country", value="NO")),
    "a related case": (VALID, at("related", value=[EXISTING])),
    "a related case that does not exist": (INVALID, at("related", value=["no-such-case"])),
    "related to itself": (INVALID, at("related", value=["corpus-case"])),
    "related twice": (INVALID, at("related", value=[EXISTING, EXISTING])),
    "no moments": (INVALID, at("moments", value=[])),
    "no sources": (INVALID, at("sources", value=[])),
    # Texts and fields.
    "the original language missing": (INVALID, at("summary", value={"it": "Solo italiano."})),
    "a title at its limit": (VALID, at("title", "en", value="x" * 300)),
    "a title over its limit": (INVALID, at("title", "en", value="x" * 301)),
    "a file over 1 MiB": (INVALID, at("lessons", value=[{"en": "word " * 3999 + "end"}] * 60)),
    "an unknown field": (INVALID, at("foo", value="bar")),
    "a __proto__ key": (INVALID, at("__proto__", value={"id": "x"})),
    "the case's own language as a translation": (INVALID, at("translations", value={"en": "draft"})),
    "a reviewed translation without its record": (INVALID, at("translations", value={"it": "reviewed"})),
}


@pytest.fixture(scope="module")
def form_rules(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[dict[str, Any]], Any]]:
    library = load_cases(ROOT / "cases", TAXONOMY, today=TODAY)
    site = Site.from_cases(library.cases, TAXONOMY, load_labels(), SiteOptions(source_root=ROOT))
    data_file = tmp_path_factory.mktemp("form") / "data.json"
    data_file.write_text(json.dumps(form_data(site, "en")), encoding="utf-8")
    node = shutil.which("node")
    assert node, "node is needed"
    process = subprocess.Popen(
        [node, str(ROOT / "tests/js/case_rules.mjs"), str(data_file), TODAY.isoformat()],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    assert process.stdin is not None and process.stdout is not None

    def ask(case: dict[str, Any]) -> Any:
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write(json.dumps(case) + "\n")
        process.stdin.flush()
        answer = json.loads(process.stdout.readline())
        assert "error" not in answer, answer["error"]
        return answer

    yield ask
    process.stdin.close()
    process.wait(timeout=10)


@pytest.fixture(scope="module")
def library_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # As CI checks a pull request: in a git repository whose main branch has the library.
    folder = copy_library(tmp_path_factory.mktemp("library"))
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    for command in (["init", "-q", "-b", "main"], ["add", "."], ["commit", "-q", "-m", "library"]):
        subprocess.run([*git, *command], cwd=folder.parent, check=True, capture_output=True)
    return folder


CACHE = ReadCache()


def check_verdict(folder: Path, data: dict[str, Any], text: str) -> list[Any]:
    """casebook check's errors for the file the form wrote, named as the form names it."""
    case_id = data.get("id")
    name = (
        f"{case_id}.yaml"
        if isinstance(case_id, str) and not (folder / f"{case_id}.yaml").exists()
        else "x.yaml"
    )
    target = folder / name
    target.write_text(text, encoding="utf-8")
    try:
        library = load_cases(
            folder, TAXONOMY, only=[target], today=TODAY, display_root=folder.parent, cache=CACHE
        )
    finally:
        target.unlink()
    return library.errors


def test_the_corpus_is_large_and_has_both_verdicts() -> None:
    assert len(CORPUS) >= 60
    assert {verdict for verdict, _ in CORPUS.values()} == {VALID, INVALID}


@pytest.mark.parametrize("name", CORPUS)
def test_the_form_and_check_agree(
    form_rules: Callable[[dict[str, Any]], Any], library_copy: Path, name: str
) -> None:
    expected, change = CORPUS[name]
    data = copy.deepcopy(BASE)
    change(data)
    answer = form_rules(data)
    errors = check_verdict(library_copy, data, answer["text"])
    form_says = not answer["problems"]
    check_says = not errors
    assert (form_says, check_says) == (expected, expected), (answer["problems"], errors)
