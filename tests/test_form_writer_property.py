"""Property: any valid case, written by the propose form's writer, passes casebook check and
loads back with exactly its values (the writer runs under Node, as the page's own script)."""

from __future__ import annotations

import datetime
import string
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from casebook.loader import load_cases, load_taxonomy
from casebook.resources import TAXONOMY_DIR
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.nodeform import FormYaml

TAXONOMY = load_taxonomy(TAXONOMY_DIR)
TODAY = datetime.date(2030, 1, 1)

# Text as people paste it: YAML's and Markdown's characters, quotes, accents, emoji, the line
# separators YAML treats apart, never a character check refuses for every file (C0 controls).
ALPHABET = st.sampled_from(
    [
        *string.ascii_letters,
        *string.digits,
        *" .,:;#&*!|>'\"%@`{}[]-?~=\\/",
        *"àèéìòù«»\u201c\u201d\u2019—…€\u00a0\x85\u2028🎉",
    ]
)
TEXT_MAX = 60


def text(markdown: bool = False) -> st.SearchStrategy[str]:
    chars = ALPHABET | st.just("\n") if markdown else ALPHABET
    # The form trims what is typed: a value neither starts nor ends with white space.
    # (Markdown bodies with "case:" would need links to real cases: left to the corpus.)
    return (
        st.text(chars, min_size=1, max_size=TEXT_MAX)
        .map(str.strip)
        .filter(
            lambda value: bool(value) and "case:" not in value and value.strip("\u2028\x85\u00a0") == value
        )
    )


def both(markdown: bool = False) -> st.SearchStrategy[dict[str, str]]:
    return st.fixed_dictionaries({"en": text(markdown)}, optional={"it": text(markdown)})


SLUG = st.from_regex(r"\A[a-z][a-z0-9]{0,8}(-[a-z0-9]{1,6}){0,3}\Z").filter(
    lambda value: value not in {"index", "page"}
)
DATES = st.dates(datetime.date(1, 1, 1), TODAY).map(lambda date: date.isoformat())
PARTIAL = st.one_of(
    DATES, DATES.map(lambda date: date[:7]), DATES.map(lambda date: date[:4]), st.just("unknown")
)


def terms(kind: str) -> st.SearchStrategy[str]:
    return st.sampled_from(list(TAXONOMY.kind(kind)))


MOMENT = st.fixed_dictionaries(
    {
        "stage": terms("stages"),
        "touchpoint": terms("touchpoints"),
        "outcome": terms("outcomes"),
        "text": both(True),
    }
)
SOURCE = st.fixed_dictionaries(
    {"title": both(), "language": st.sampled_from(["en", "it"])},
    optional={
        "kind": st.sampled_from(["news-article", "blog-post", "official-statement"]),
        "author": text(),
        "publisher": text(),
        "date": PARTIAL.filter(lambda value: value != "unknown"),
        "url": st.from_regex(r"\Ahttps?://[a-z]{1,10}\.example/[A-Za-z0-9%?&=#:._~-]{0,20}\Z"),
    },
)
CASE = st.fixed_dictionaries(
    {
        "id": SLUG,
        "number": st.integers(1000, 100_000),
        "title": both(),
        "language": st.just("en"),
        "company": st.fixed_dictionaries({"id": SLUG, "name": text()}, optional={"market": text()}),
        "when": PARTIAL,
        "published": DATES,
        "summary": both(True),
        "moments": st.lists(MOMENT, min_size=1, max_size=3),
        "sources": st.lists(SOURCE, min_size=1, max_size=2),
    },
    optional={
        "lessons": st.lists(both(True), max_size=2),
        "questions": st.lists(both(True), max_size=2),
        "tags": st.lists(terms("tags"), max_size=3, unique=True),
        "sector": terms("sectors"),
        "disputed": both(True),
    },
)


@pytest.fixture(scope="module")
def form() -> Iterator[FormYaml]:
    node = FormYaml()
    yield node
    node.close()


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("written") / "cases"
    path.mkdir()
    return path


def texts(localized: Any) -> dict[str, str]:
    return {lang: body for lang, body in localized.texts.items() if body}


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(data=CASE)
def test_a_case_the_form_writes_passes_check_and_loads_as_written(
    form: FormYaml, folder: Path, data: dict[str, Any]
) -> None:
    data = {**data, "language": "en", "translations": {"it": "draft"}}
    if data["company"]["id"] == data["id"]:
        data["company"]["id"] += "-co"
    for path in folder.glob("*.yaml"):
        path.unlink()
    (folder / f"{data['id']}.yaml").write_text(form.write(data), encoding="utf-8")
    library = load_cases(folder, TAXONOMY, today=TODAY, display_root=folder.parent)
    assert not library.errors, (library.errors, (folder / f"{data['id']}.yaml").read_text(encoding="utf-8"))
    case = library.cases[data["id"]]
    assert (case.number, case.language, case.when.iso(), case.published.iso()) == (
        data["number"],
        "en",
        data["when"],
        data["published"],
    )
    assert texts(case.title) == data["title"] and texts(case.summary) == data["summary"]
    assert (case.company.id, case.company.name, case.company.market) == (
        data["company"]["id"],
        data["company"]["name"],
        data["company"].get("market", ""),
    )
    assert [(m.stage, m.touchpoint, m.outcome, texts(m.text)) for m in case.moments] == [
        (m["stage"], m["touchpoint"], m["outcome"], m["text"]) for m in data["moments"]
    ]
    assert [texts(lesson) for lesson in case.lessons] == data.get("lessons", [])
    assert [texts(question) for question in case.questions] == data.get("questions", [])
    assert list(case.tags) == data.get("tags", []) and case.sector == data.get("sector", "")
    assert (texts(case.disputed) if case.disputed else None) == data.get("disputed")
    for source, wanted in zip(case.sources, data["sources"], strict=True):
        assert texts(source.title) == wanted["title"]
        assert (source.language, source.kind, source.author, source.publisher, source.url) == (
            wanted["language"],
            wanted.get("kind", ""),
            wanted.get("author", ""),
            wanted.get("publisher", ""),
            wanted.get("url", ""),
        )
        assert (source.date.iso() if source.date.known else None) == wanted.get("date")
