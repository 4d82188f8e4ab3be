"""Rules across files: unique ids, related cases and case links that exist, every problem
of every file in one run, and the dev server's read cache."""

from __future__ import annotations

import dataclasses
import datetime
from pathlib import Path

import pytest
from casebook.loader import Library, ReadCache, load_cases, load_taxonomy
from casebook.loader.yaml_reader import MAX_FILE_BYTES
from casebook.model import Taxonomy
from casebook.resources import TAXONOMY_DIR

from tests.casefiles import LINE, TAXONOMY, TODAY, assert_problem, edit, load, one_problem, valid_text

# --------------------------------------------------------------------------- several files


def test_duplicate_id_in_the_same_folder(tmp_path: Path) -> None:
    library = load(tmp_path, {"minimal-case.yaml": valid_text(), "copied-case.yaml": valid_text()})
    problem = one_problem(library)
    assert_problem(
        problem,
        "cases/copied-case.yaml",
        LINE["id"],
        5,
        "id",
        "the id 'minimal-case' differs from the file name 'copied-case.yaml', "
        "and 'minimal-case.yaml' already exists",
        "each case needs its own id",
    )
    assert "rename the file to 'minimal-case.yaml'" not in problem.hint
    assert list(library.cases) == ["minimal-case"]
    assert library.broken_files == ["cases/copied-case.yaml"]


def test_duplicate_id_in_a_file_named_outside_the_folder(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere" / "minimal-case.yaml"
    elsewhere.parent.mkdir()
    elsewhere.write_text(valid_text(), encoding="utf-8")
    library = load(tmp_path, {"minimal-case.yaml": valid_text()}, only=[elsewhere])
    assert_problem(
        one_problem(library),
        "elsewhere/minimal-case.yaml",
        LINE["id"],
        5,
        "id",
        "the id 'minimal-case' is already used by cases/minimal-case.yaml",
        "choose another id",
    )
    assert library.broken_files == ["elsewhere/minimal-case.yaml"]


def test_related_to_a_case_that_exists(tmp_path: Path) -> None:
    library = load(
        tmp_path,
        {
            "minimal-case.yaml": valid_text() + "related:\n  - other-case\n",
            "other-case.yaml": valid_text("other-case"),
        },
    )
    assert library.problems == []
    assert library.cases["minimal-case"].related == ("other-case",)


def test_related_id_that_does_not_exist(tmp_path: Path) -> None:
    library = load(
        tmp_path,
        {
            "minimal-case.yaml": valid_text() + "related:\n  - other-case\n  - other-cases\n",
            "other-case.yaml": valid_text("other-case"),
        },
    )
    assert_problem(
        one_problem(library),
        "cases/minimal-case.yaml",
        LINE["end"] + 2,
        5,
        "related[1]",
        "no case has the id 'other-cases'",
        "nearest valid ids: other-case",
    )
    assert library.errors


def test_related_to_itself(tmp_path: Path) -> None:
    library = load(tmp_path, {"minimal-case.yaml": valid_text() + "related:\n  - minimal-case\n"})
    assert_problem(
        one_problem(library),
        "cases/minimal-case.yaml",
        LINE["end"] + 1,
        5,
        "related[0]",
        "a case cannot be related to itself",
        "remove it",
    )


def test_related_twice(tmp_path: Path) -> None:
    library = load(
        tmp_path,
        {
            "minimal-case.yaml": valid_text() + "related:\n  - other-case\n  - other-case\n",
            "other-case.yaml": valid_text("other-case"),
        },
    )
    assert_problem(
        one_problem(library),
        "cases/minimal-case.yaml",
        LINE["end"] + 1,
        3,
        "related",
        "lists the same value twice",
        "remove the duplicate",
    )


def test_case_link_to_a_missing_case(tmp_path: Path) -> None:
    text = edit(
        valid_text(),
        ("  en: A parcel arrives late.", "  en: A parcel arrives late, [again](case:missing-id)."),
    )
    library = load(tmp_path, {"minimal-case.yaml": text, "other-case.yaml": valid_text("other-case")})
    assert_problem(
        one_problem(library),
        "cases/minimal-case.yaml",
        LINE["summary.en"],
        7,
        "summary.en",
        "the link (case:missing-id) points to no case",
        "valid ids: minimal-case, other-case",
    )


def test_case_link_in_a_moment_names_the_language(tmp_path: Path) -> None:
    text = edit(valid_text(), ("      it: Il pacco è in ritardo.", "      it: Come [qui](case:other-cse)."))
    library = load(tmp_path, {"minimal-case.yaml": text, "other-case.yaml": valid_text("other-case")})
    assert_problem(
        one_problem(library),
        "cases/minimal-case.yaml",
        LINE["moments[1].text.it"],
        11,
        "moments[1].text.it",
        "the link (case:other-cse) points to no case",
        "nearest valid ids: other-case",
    )


def test_case_link_to_an_existing_case(tmp_path: Path) -> None:
    text = edit(valid_text(), ("  en: A parcel arrives late.", "  en: Like [this one](case:other-case)."))
    library = load(tmp_path, {"minimal-case.yaml": text, "other-case.yaml": valid_text("other-case")})
    assert library.problems == []


def test_a_broken_case_does_not_break_the_cases_that_link_to_it(tmp_path: Path) -> None:
    """One typo is one error: links and related ids to the broken file are not errors too."""
    linking = edit(valid_text(), ("  en: A parcel arrives late.", "  en: Like [this one](case:other-case)."))
    broken = edit(valid_text("other-case"), ("stage: buy", "stage: buyy"))
    library = load(
        tmp_path,
        {
            "minimal-case.yaml": linking + "related:\n  - other-case\n",
            "other-case.yaml": broken,
        },
    )
    assert_problem(
        one_problem(library),
        "cases/other-case.yaml",
        LINE["moments[0]"],
        12,
        "moments[0].stage",
        "unknown stage 'buyy'",
        "nearest valid ids: buy",
    )
    assert list(library.cases) == ["minimal-case"]


def test_every_problem_in_every_file_in_one_run(tmp_path: Path) -> None:
    first = edit(
        valid_text("first-case"),
        ("  - stage: wait-for-delivery", "  - stage: wait"),
        ("country: GB", "country: XX"),
        ("url: https://example.org/post", "url: javascript:alert(1)"),
    )
    second = edit(
        valid_text("second-case"),
        ("  name: Acme\n", "  name: Acme\n  nmae: Acme\n"),
        ("when: 2020-05-17", "when: 2023-02-30"),
        ("outcome: failure", "outcome: fail"),
    )
    library = load(
        tmp_path,
        {"first-case.yaml": first, "second-case.yaml": second, "third-case.yaml": valid_text("third-case")},
    )
    found = [(p.file, p.line, p.field) for p in library.problems]
    assert found == [
        ("cases/first-case.yaml", LINE["country"], "country"),
        ("cases/first-case.yaml", LINE["moments[1]"], "moments[1].stage"),
        ("cases/first-case.yaml", LINE["sources[0].url"], "sources[0].url"),
        ("cases/second-case.yaml", LINE["company.name"] + 1, "company.nmae"),
        ("cases/second-case.yaml", LINE["when"] + 1, "when"),
        ("cases/second-case.yaml", LINE["moments[1].outcome"] + 1, "moments[1].outcome"),
    ]
    assert list(library.cases) == ["third-case"]
    assert library.broken_files == ["cases/first-case.yaml", "cases/second-case.yaml"]


def test_files_starting_with_underscore_are_ignored(tmp_path: Path) -> None:
    library = load(
        tmp_path,
        {
            "minimal-case.yaml": valid_text(),
            "_draft.yaml": "this: [is not: valid\n",
            "_template.yaml": valid_text("template"),
        },
    )
    assert library.problems == []
    assert list(library.cases) == ["minimal-case"]


def test_only_reports_on_the_named_files_but_reads_all(tmp_path: Path) -> None:
    cases = tmp_path / "cases"
    library = load(
        tmp_path,
        {
            "minimal-case.yaml": valid_text() + "related:\n  - other-case\n",
            "other-case.yaml": edit(valid_text("other-case"), ("country: GB", "country: XX")),
        },
        only=[cases / "minimal-case.yaml"],
    )
    assert library.problems == []


def test_problems_sort_across_files_with_and_without_lines(tmp_path: Path) -> None:
    library = load(
        tmp_path,
        {
            "big-case.yaml": valid_text("big-case") + "#" + "x" * MAX_FILE_BYTES,
            "minimal-case.yaml": edit(valid_text(), ("country: GB", "country: XX")),
        },
    )
    assert [(p.file, p.line) for p in library.problems] == [
        ("cases/big-case.yaml", None),
        ("cases/minimal-case.yaml", LINE["country"]),
    ]


@pytest.mark.parametrize(
    "link",
    ["[again](case&#58;missing-id)", "[again](&#99;ase:missing-id)", "[again](case\\:missing-id)"],
)
def test_a_case_link_spelled_with_references_or_escapes_is_checked(tmp_path: Path, link: str) -> None:
    """The parser decodes ``&#58;`` and ``\\:`` in a link: such texts are not skipped as link-free."""
    text = edit(valid_text(), ("  en: A parcel arrives late.", f"  en: A parcel arrives late, {link}."))
    library = load(tmp_path, {"minimal-case.yaml": text})
    problem = one_problem(library)
    assert (problem.line, problem.field) == (LINE["summary.en"], "summary.en")
    assert problem.message == "the link (case:missing-id) points to no case"


# --------------------------------------------------------------------------- dev-server cache


def test_the_read_cache_reads_again_only_a_changed_file(tmp_path: Path) -> None:
    """A dev server keeps each file's reading until the file, the taxonomy or the day change."""
    cases = tmp_path / "cases"
    cases.mkdir()
    (cases / "first-case.yaml").write_text(valid_text("first-case"), encoding="utf-8")
    (cases / "second-case.yaml").write_text(valid_text("second-case"), encoding="utf-8")
    cache = ReadCache()

    def read(taxonomy: Taxonomy = TAXONOMY, today: datetime.date = TODAY) -> Library:
        return load_cases(cases, taxonomy, display_root=tmp_path, today=today, cache=cache)

    before = read()
    # An equal taxonomy loaded again (each rebuild does) keeps every reading.
    again = read(load_taxonomy(TAXONOMY_DIR))
    assert again.cases["first-case"] is before.cases["first-case"]
    assert again.cases["second-case"] is before.cases["second-case"]

    changed = edit(valid_text("first-case"), ("  en: A minimal case", "  en: An edited case"))
    (cases / "first-case.yaml").write_text(changed, encoding="utf-8")
    edited = read()
    assert edited.cases["first-case"].title.texts["en"] == "An edited case"
    assert edited.cases["second-case"] is before.cases["second-case"]
    assert [problem.file for problem in edited.problems] == []

    # Another day can make a publication date valid or not: everything is read again.
    assert (
        read(today=TODAY + datetime.timedelta(days=1)).cases["second-case"] is not before.cases["second-case"]
    )
    # So does another taxonomy, which decides which terms exist.
    without_tags = read(dataclasses.replace(TAXONOMY, tags=()))
    assert without_tags.cases == {}
    assert {problem.field for problem in without_tags.problems} == {"tags[0]"}
