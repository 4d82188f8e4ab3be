"""The case schema: the minimal valid case, every one-line mistake with its position and
hint, and the quick check against jsonschema."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from casebook.errors import Problem
from casebook.loader import schema
from casebook.loader.schema import load_validator, validate
from casebook.loader.yaml_reader import YamlDocument, read_yaml
from casebook.resources import SCHEMA_DIR, TAXONOMY_DIR

from tests.casefiles import (
    LINE,
    PLAIN_FILES,
    VALID,
    assert_problem,
    edit,
    find,
    load,
    one_problem,
    valid_text,
)

# --------------------------------------------------------------------------- the valid fixture


def test_minimal_case_is_valid_and_fully_read(tmp_path: Path) -> None:
    library = load(tmp_path, {"minimal-case.yaml": valid_text()})
    assert library.problems == []
    assert library.broken_files == []
    case = library.cases["minimal-case"]
    assert case.path == "cases/minimal-case.yaml"
    assert case.title.texts == {"en": "A minimal case", "it": "Un caso minimo"}
    assert [m.stage for m in case.moments] == ["buy", "wait-for-delivery"]
    assert case.when.iso() == "2020-05-17"
    assert case.sources[0].url == "https://example.org/post"


def test_minimal_case_starts_with_the_schema_comment() -> None:
    first = VALID.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../plugins/casebook/schemas/case.schema.json"


def test_missing_schema_comment_is_reported(tmp_path: Path) -> None:
    text = valid_text().split("\n", 1)[1]
    library = load(tmp_path, {"minimal-case.yaml": text})
    assert_problem(
        one_problem(library),
        "cases/minimal-case.yaml",
        1,
        1,
        "",
        "does not name the case schema",
        "yaml-language-server",
    )


def test_line_table_matches_the_fixture() -> None:
    """The named lines above really are where those fields stand (guards the table itself)."""
    lines = valid_text().splitlines()
    assert lines[LINE["id"] - 1] == "id: minimal-case"
    assert lines[LINE["moments[1]"] - 1] == "  - stage: wait-for-delivery"
    assert lines[LINE["sources[0].url"] - 1] == "    url: https://example.org/post"
    assert len(lines) == LINE["end"] - 1


# --------------------------------------------------------------------------- one-line mistakes

#: The whole ``moments:`` block of the minimal case.
MOMENTS = valid_text()[valid_text().index("moments:\n") : valid_text().index("tags:\n")]

# id -> (changes, (line, column, field, message fragment, hint fragment))
VARIANTS: dict[str, tuple[list[tuple[str, str]], tuple[int, int, str, str, str]]] = {
    # wrong types
    "title-as-text": (
        [("title:\n  en: A minimal case\n  it: Un caso minimo\n", "title: A minimal case\n")],
        (
            LINE["title"],
            8,
            "title",
            "expected a mapping (key: value), found text",
            "Short headline of the case",
        ),
    ),
    "published-as-number": (
        [("published: 2024-01-10", "published: 2024")],
        (LINE["published"], 12, "published", "expected text, found number", "YYYY-MM-DD"),
    ),
    "outcome-as-list": (
        [("    outcome: failure\n", "    outcome: [failure]\n")],
        (
            LINE["moments[1].outcome"],
            14,
            "moments[1].outcome",
            "expected text, found list",
            "Outcome id from `data/taxonomy/outcomes.yaml`: did the service succeed or fail at this moment?; "
            'e.g. "failure"',
        ),
    ),
    "tags-as-text": (
        [("tags:\n  - delivery-delay\n", "tags: delivery-delay\n")],
        (LINE["tags"], 7, "tags", "expected a list (lines starting with '-'), found text", "Topic tag ids"),
    ),
    "title-text-as-boolean": (
        [("  en: A minimal case", "  en: true")],
        (LINE["title.en"], 7, "title.en", "expected text, found true/false", "English text"),
    ),
    "company-as-list": (
        [("company:\n  id: acme\n  name: Acme\n", "company: [acme, Acme]\n")],
        (7, 10, "company", "expected a mapping (key: value), found list", "The company the case is about"),
    ),
    # unknown keys
    "unknown-top-level-key": (
        [("country: GB\n", "country: GB\nsumary: oops\n")],
        (LINE["country"] + 1, 1, "sumary", "unknown field 'sumary'", "did you mean 'summary'?"),
    ),
    "unknown-company-key": (
        [("  name: Acme\n", "  name: Acme\n  nmae: Acme\n")],
        (LINE["company.name"] + 1, 3, "company.nmae", "unknown field 'nmae'", "did you mean 'name'?"),
    ),
    "unknown-source-key": (
        [("    url: https://example.org/post\n", "    ulr: https://example.org/post\n")],
        (LINE["sources[0].url"], 5, "sources[0].ulr", "unknown field 'ulr'", "did you mean 'url'?"),
    ),
    "unknown-language-in-text": (
        [("  it: Un caso minimo", "  fr: Un caso minimo")],
        (LINE["title.en"] + 1, 3, "title.fr", "unknown field 'fr'", "allowed fields: en, it"),
    ),
    # unknown taxonomy ids
    "unknown-stage": (
        [("  - stage: wait-for-delivery", "  - stage: wait-delivery")],
        (
            LINE["moments[1]"],
            12,
            "moments[1].stage",
            "unknown stage 'wait-delivery'",
            "nearest valid ids: wait-for-delivery",
        ),
    ),
    "unknown-touchpoint": (
        [("touchpoint: email", "touchpoint: e-mail")],
        (
            LINE["moments[1].touchpoint"],
            17,
            "moments[1].touchpoint",
            "unknown touchpoint 'e-mail'",
            "nearest valid ids: email",
        ),
    ),
    "unknown-outcome": (
        [("outcome: failure", "outcome: failed")],
        (
            LINE["moments[1].outcome"],
            14,
            "moments[1].outcome",
            "unknown outcome 'failed'",
            "nearest valid ids: failure",
        ),
    ),
    "unknown-sector": (
        [("sector: online-retail", "sector: online-retailer")],
        (LINE["sector"], 9, "sector", "unknown sector 'online-retailer'", "nearest valid ids: online-retail"),
    ),
    "unknown-tag": (
        [("  - delivery-delay", "  - delivery-delays")],
        (LINE["tags[0]"], 5, "tags[0]", "unknown tag 'delivery-delays'", "nearest valid ids: delivery-delay"),
    ),
    # A short taxonomy kind is listed whole when nothing is close ...
    "unknown-sector-far-from-all": (
        [("sector: online-retail", "sector: zzzz")],
        (LINE["sector"], 9, "sector", "unknown sector 'zzzz'", "valid ids: online-retail, "),
    ),
    # ... a long one (tags have more than 20 ids) by its three least far ids.
    "unknown-tag-far-from-all": (
        [("  - delivery-delay", "  - zzzz")],
        (LINE["tags[0]"], 5, "tags[0]", "unknown tag 'zzzz'", "nearest valid ids: "),
    ),
    # ids
    "id-differs-from-file-name": (
        [("id: minimal-case", "id: another-case")],
        (
            LINE["id"],
            5,
            "id",
            "the id 'another-case' differs from the file name 'minimal-case.yaml'",
            "rename the file to 'another-case.yaml' or set id: minimal-case",
        ),
    ),
    "sector-not-a-slug": (
        [("sector: online-retail", "sector: Online Retail")],
        (LINE["sector"], 9, "sector", '"Online Retail" is not valid', 'e.g. "online-retail"'),
    ),
    "company-id-not-a-slug": (
        [("  id: acme", "  id: Acme Corp")],
        (LINE["company.id"], 7, "company.id", '"Acme Corp" is not valid', "Slug of the company"),
    ),
    # missing fields
    "missing-when": (
        [("when: 2020-05-17\n", "")],
        (LINE["id"], 1, "when", "the required field 'when' is missing", "When the case happened"),
    ),
    "missing-moment-touchpoint": (
        [("    touchpoint: email\n", "")],
        (
            LINE["moments[1]"],
            5,
            "moments[1].touchpoint",
            "the required field 'touchpoint' is missing",
            "Touchpoint id",
        ),
    ),
    "missing-source-language": (
        [("    language: en\n", "")],
        (
            LINE["sources[0]"],
            5,
            "sources[0].language",
            "the required field 'language' is missing",
            "Language the source is written in",
        ),
    ),
    "moments-as-mapping": (
        [
            (
                MOMENTS,
                "moments:\n  stage: buy\n  touchpoint: website\n  outcome: success\n  text: {en: Bought.}\n",
            )
        ],
        (
            LINE["moments"] + 1,
            3,
            "moments",
            "expected a list (lines starting with '-'), found mapping",
            "The story",
        ),
    ),
    "no-moments": (
        [(MOMENTS, "moments: []\n")],
        (LINE["moments"], 10, "moments", "needs at least 1 item", "The story"),
    ),
    # the case's own language
    "summary-without-english": (
        [("  en: A parcel arrives late.\n", "")],
        (LINE["summary"] + 1, 3, "summary", "the English text is missing", "every text needs 'en:'"),
    ),
    "moment-without-english": (
        [("      en: The parcel is late.\n", "")],
        (
            LINE["moments[1].text.it"] - 1,
            7,
            "moments[1].text",
            "the English text is missing",
            "the case's language is 'en'",
        ),
    ),
    "italian-case-without-italian-title": (
        [
            ("\nlanguage: en\n", "\nlanguage: it\n"),
            ("      en: A blog post\n", "      en: A blog post\n      it: Un post\n"),
            ("  it: Un caso minimo\n", ""),
        ],
        (LINE["title.en"], 3, "title", "the Italian text is missing", "every text needs 'it:'"),
    ),
    "own-language-as-translation": (
        [("\nlanguage: en\n", "\nlanguage: en\ntranslations: {en: draft}\n")],
        (
            LINE["language"] + 1,
            20,
            "translations.en",
            "the case's own language is not a translation",
            "remove 'en' from translations",
        ),
    ),
    "unknown-case-language": (
        [("\nlanguage: en\n", "\nlanguage: fr\n")],
        (LINE["language"], 11, "language", "'fr' is not one of: en, it", ""),
    ),
    "case-language-as-list": (
        [("\nlanguage: en\n", "\nlanguage: [en]\n")],
        (LINE["language"], 11, "language", "is not one of: en, it", ""),
    ),
    # empty strings
    "empty-company-name": (
        [("  name: Acme", "  name: ''")],
        (LINE["company.name"], 9, "company.name", "must not be empty", "Name of the company"),
    ),
    "empty-title": (
        [("  en: A minimal case", '  en: ""')],
        (LINE["title.en"], 7, "title.en", "must not be empty", "English text"),
    ),
    # dates
    "date-that-does-not-exist": (
        [("when: 2020-05-17", "when: 2023-02-30")],
        (LINE["when"], 7, "when", "'2023-02-30' is not a real date", "check the day and the month"),
    ),
    "month-that-does-not-exist": (
        [("when: 2020-05-17", "when: 2023-13")],
        (LINE["when"], 7, "when", "'2023-13' is not a real date", "check the day and the month"),
    ),
    "year-zero": (
        [("when: 2020-05-17", "when: '0000'")],
        (LINE["when"], 7, "when", "'0000' is not a real date", "check the day and the month"),
    ),
    "year-zero-month": (
        [("when: 2020-05-17", "when: 0000-05")],
        (LINE["when"], 7, "when", "'0000-05' is not a real date", "check the day and the month"),
    ),
    "date-in-the-future": (
        [("when: 2020-05-17", "when: 2999-01")],
        (LINE["when"], 7, "when", "'2999-01' is in the future", "the date the case happened"),
    ),
    "when-as-words": (
        [("when: 2020-05-17", "when: last spring")],
        (LINE["when"], 7, "when", '"last spring" is not valid', "When the case happened: a full date"),
    ),
    "when-before-1900": (
        [("when: 2020-05-17", "when: 1850")],
        (LINE["when"], 7, "when", "1850 is not valid", "YYYY-MM-DD"),
    ),
    "published-without-day": (
        [("published: 2024-01-10", "published: 2024-01")],
        (LINE["published"], 12, "published", '"2024-01" is not valid', "(YYYY-MM-DD)"),
    ),
    "published-without-padding": (
        [("published: 2024-01-10", "published: 2024-1-10")],
        (LINE["published"], 12, "published", '"2024-1-10" is not valid', "(YYYY-MM-DD)"),
    ),
    "published-not-a-day": (
        [("published: 2024-01-10", "published: 2024-02-30")],
        (
            LINE["published"],
            12,
            "published",
            "'2024-02-30' is not a real date",
            "check the day and the month",
        ),
    ),
    "source-date-not-a-day": (
        [("    url: https", "    date: 2021-02-29\n    url: https")],
        (LINE["sources[0].url"], 11, "sources[0].date", "'2021-02-29' is not a real date", "check the day"),
    ),
    # sources and country
    "javascript-url": (
        [("url: https://example.org/post", "url: javascript:alert(1)")],
        (LINE["sources[0].url"], 10, "sources[0].url", '"javascript:alert(1)" is not valid', "http or https"),
    ),
    "ftp-url": (
        [("url: https://example.org/post", "url: ftp://example.org/post")],
        (
            LINE["sources[0].url"],
            10,
            "sources[0].url",
            '"ftp://example.org/post" is not valid',
            "http or https",
        ),
    ),
    "url-with-space": (
        [("url: https://example.org/post", "url: https://example.org/a post")],
        (LINE["sources[0].url"], 10, "sources[0].url", "is not valid", "http or https"),
    ),
    "unknown-source-kind": (
        [("    language: en\n", "    language: en\n    kind: blogpost\n")],
        (
            LINE["sources[0].url"],
            11,
            "sources[0].kind",
            "'blogpost' is not one of",
            "did you mean 'blog-post'?",
        ),
    ),
    "unknown-country": (
        [("country: GB", "country: XX")],
        (LINE["country"], 10, "country", "unknown country code 'XX'", "ISO 3166-1 alpha-2"),
    ),
    "uk-is-not-a-country-code": (
        [("country: GB", "country: UK")],
        (LINE["country"], 10, "country", "unknown country code 'UK'", "such as GB or IT"),
    ),
    # YAML features that have no place in a case
    "python-tag": (
        [("country: GB", "country: !!python/object:os.system GB")],
        (
            LINE["country"],
            10,
            "country",
            "the YAML tag 'tag:yaml.org,2002:python/object:os.system' is not allowed",
            "remove the tag",
        ),
    ),
    "two-documents": (
        [("sources:\n", "---\nsources:\n")],
        (LINE["sources[0]"] - 1, 1, "", "YAML syntax error", ""),
    ),
    "number-too-long": (
        [("when: 2020-05-17", "when: " + "9" * 5000)],
        (
            LINE["when"],
            7,
            "when",
            "'9999999999999999999999999999999999999...' is not a valid value",
            "quote it",
        ),
    ),
}


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_one_line_mistake(tmp_path: Path, name: str) -> None:
    changes, (line, column, field, message, hint) = VARIANTS[name]
    library = load(tmp_path, {"minimal-case.yaml": edit(valid_text(), *changes)})
    problem = find(library, field, message)
    assert_problem(problem, "cases/minimal-case.yaml", line, column, field, message, hint)
    assert library.cases == {}
    assert library.broken_files == ["cases/minimal-case.yaml"]


@pytest.mark.parametrize(
    "changes",
    [changes for changes, _ in VARIANTS.values()],
    ids=sorted(VARIANTS, key=list(VARIANTS).index),
)
def test_one_line_mistake_has_no_unrelated_problems(tmp_path: Path, changes: list[tuple[str, str]]) -> None:
    """Each variant breaks one thing: at most two problems (the thing and its direct echo)."""
    library = load(tmp_path, {"minimal-case.yaml": edit(valid_text(), *changes)})
    assert 1 <= len(library.problems) <= 2, "\n".join(map(repr, library.problems))


def test_missing_fields_are_all_reported(tmp_path: Path) -> None:
    text = edit(
        valid_text(),
        ("title:\n  en: A minimal case\n  it: Un caso minimo\n", ""),
        ("\nlanguage: en\n", "\n"),
        ("published: 2024-01-10\n", ""),
    )
    library = load(tmp_path, {"minimal-case.yaml": text})
    missing = {p.field for p in library.problems if "required field" in p.message}
    assert missing == {"title", "language", "published"}
    assert {(p.line, p.column) for p in library.problems} == {(LINE["id"], 1)}


@pytest.mark.parametrize(
    "bad_id", ["minimal case", "../minimal-case", "cases/minimal-case", "Minimal-Case", "-minimal"]
)
def test_id_that_is_not_a_slug(tmp_path: Path, bad_id: str) -> None:
    text = edit(valid_text(), ("id: minimal-case\n", f"id: '{bad_id}'\n"))
    library = load(tmp_path, {"minimal-case.yaml": text})
    problem = find(library, "id", "is not valid")
    assert_problem(
        problem,
        "cases/minimal-case.yaml",
        LINE["id"],
        5,
        "id",
        f'"{bad_id}" is not valid',
        "lowercase letters, digits and hyphens",
    )
    assert library.cases == {}


def test_future_relative_to_today(tmp_path: Path) -> None:
    library = load(tmp_path, {"minimal-case.yaml": valid_text()}, today=datetime.date(2020, 5, 16))
    assert [(p.line, p.field) for p in library.problems] == [
        (LINE["when"], "when"),
        (LINE["published"], "published"),
    ]
    assert all("is in the future" in p.message for p in library.problems)
    on_the_day = load(tmp_path, {"minimal-case.yaml": valid_text()}, today=datetime.date(2024, 1, 10))
    assert on_the_day.problems == []


def test_a_month_is_not_in_the_future_during_that_month(tmp_path: Path) -> None:
    text = edit(valid_text(), ("when: 2020-05-17", "when: 2020-05"))
    library = load(tmp_path, {"minimal-case.yaml": text}, today=datetime.date(2024, 1, 10))
    assert library.problems == []
    later = load(tmp_path, {"minimal-case.yaml": text}, today=datetime.date(2020, 4, 30))
    assert find(later, "when", "is in the future").line == LINE["when"]


# --------------------------------------------------------------------------- validate directly


def test_validate_returns_problems_in_file_order(tmp_path: Path) -> None:
    path = tmp_path / "minimal-case.yaml"
    path.write_text(
        edit(valid_text(), ("country: GB", "country: gb"), ("  name: Acme", "  name: ''")), "utf-8"
    )
    document, problems = read_yaml(path, "x.yaml")
    assert problems == [] and document is not None
    found = validate(document, "case")
    assert [(p.line, p.field) for p in found] == [
        (LINE["company.name"], "company.name"),
        (LINE["country"], "country"),
    ]


def full_schema_problems(document: YamlDocument, name: str, monkeypatch: pytest.MonkeyPatch) -> list[Problem]:
    with monkeypatch.context() as patched:
        patched.setattr(schema, "_quick_check", lambda name: lambda value: False)
        return validate(document, name)


@pytest.mark.parametrize("path", PLAIN_FILES, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_the_quick_schema_check_passes_every_shipped_file(path: Path) -> None:
    """The quick check compiles for every shipped schema and passes the files that follow it."""
    name = (
        "taxonomy"
        if path.parent == TAXONOMY_DIR
        else "workshop"
        if path.parent.name == "workshops"
        else "case"
    )
    document, problems = read_yaml(path, path.name)
    assert document is not None and problems == []
    assert list(load_validator(name).iter_errors(document.data)) == []
    assert schema._quick_check(name)(document.data)


def test_the_files_above_cover_every_shipped_schema() -> None:
    """A new schema needs its files in the test above, or its quick check could go unchecked."""
    assert {path.name.removesuffix(".schema.json") for path in SCHEMA_DIR.glob("*.schema.json")} == {
        "case",
        "workshop",
        "taxonomy",
    }


@pytest.mark.parametrize(
    ("change", "valid"),
    [
        # JSON Schema counts 1.0 as a whole number; the quick check leaves floats to jsonschema.
        (lambda data: data.update(number=1.0), True),
        (lambda data: data.update(number=True), False),
        (lambda data: data.update(number=1.5), False),
        (lambda data: data.update(number=float("nan")), False),
        (lambda data: data.update(number=0), False),
        (lambda data: data.update(tags=[1, True]), False),
        (lambda data: data.update(tags=["apology", "apology"]), False),
        (lambda data: data.update(language=True), False),
        (lambda data: data.update(when=2015), True),
        (lambda data: data.update(when=2015.0), True),
        (lambda data: data.update(extra="field"), False),
        (lambda data: data["company"].pop("name"), False),
        (lambda data: data["title"].update(fr="Titre"), False),
        (lambda data: data["title"].update(en=""), False),
        (lambda data: data.update(country="GB\n"), True),  # re.search("^[A-Z]{2}$") lets a final newline pass
    ],
)
def test_the_quick_schema_check_never_passes_what_jsonschema_refuses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: object, valid: bool
) -> None:
    document, _ = read_yaml(VALID, "minimal-case.yaml")
    assert document is not None
    change(document.data)  # type: ignore[operator]
    full = full_schema_problems(document, "case", monkeypatch)
    assert (full == []) is valid
    if schema._quick_check("case")(document.data):
        assert full == []
    assert validate(document, "case") == full


def test_a_schema_keyword_the_quick_check_does_not_know_leaves_every_value_to_jsonschema() -> None:
    for unknown in ({"oneOf": [{"type": "string"}]}, {"$ref": "#/nowhere"}, {"enum": [1, True]}):
        with pytest.raises(schema._NotCompiled):
            schema._compile_check({"properties": {"a": unknown}}, {}, ())


def test_a_schema_that_refers_to_itself_is_left_to_jsonschema() -> None:
    root = {"$defs": {"node": {"type": "array", "items": {"$ref": "#/$defs/node"}}}}
    with pytest.raises(schema._NotCompiled):
        schema._compile_check({"$ref": "#/$defs/node"}, root, ())
