"""Ids that would replace a page of the site, and characters the site's files cannot carry.

The reserved names come from :mod:`casebook.model.ids`; the test at the end holds every
page the builders make against them, so a new kind of page cannot take an id's address.
"""

from __future__ import annotations

import json
import posixpath
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from casebook.cli import main
from casebook.loader.characters import UNCARRIABLE, UNCARRIABLE_PATTERN
from casebook.model.ids import RESERVED_IDS
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.casefiles import LINE, TAXONOMY, assert_problem, edit, find, load, valid_text
from tests.conftest import ROOT, ProjectFactory, run_build

# --------------------------------------------------------------------------- reserved ids


@pytest.mark.parametrize("reserved", sorted(RESERVED_IDS))
def test_a_case_cannot_take_a_reserved_id(tmp_path: Path, reserved: str) -> None:
    library = load(tmp_path, {f"{reserved}.yaml": valid_text(reserved)})
    problem = find(library, "id", "reserved")
    assert_problem(
        problem, f"cases/{reserved}.yaml", LINE["id"], 5, "id", f"the id '{reserved}' is reserved", "choose"
    )
    assert f"cases/{reserved}/" in problem.message
    assert library.cases == {}


@pytest.mark.parametrize("reserved", sorted(RESERVED_IDS))
def test_a_company_and_an_old_id_cannot_take_a_reserved_id(tmp_path: Path, reserved: str) -> None:
    text = edit(
        valid_text(),
        ("  id: acme\n", f"  id: {reserved}\n"),
        ("number: 1\n", f"number: 1\nold_ids: [{reserved}]\n"),
    )
    library = load(tmp_path, {"minimal-case.yaml": text})
    assert f"companies/{reserved}/" in find(library, "company.id", "reserved").message
    assert f"cases/{reserved}/" in find(library, "old_ids[0]", "reserved").message
    assert library.cases == {}


def test_a_workshop_cannot_take_a_reserved_id(
    make_project: ProjectFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_project()
    workshop = next((project / "workshops").glob("*.yaml"))
    text = workshop.read_text(encoding="utf-8").replace(f"\nid: {workshop.stem}\n", "\nid: index\n", 1)
    (project / "workshops" / "index.yaml").write_text(text, encoding="utf-8")
    workshop.unlink()
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 1
    assert "workshops/index.yaml:" in result.output
    assert "the id 'index' is reserved: workshops/index/" in result.output


def test_casebook_new_refuses_a_reserved_id_and_never_suggests_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    refused = CliRunner().invoke(
        main, ["new", "--title", "X", "--company", "Y", "--language", "en", "--id", "page"]
    )
    assert refused.exit_code == 2
    assert "reserved" in refused.output and not (tmp_path / "cases/page.yaml").exists()
    made = CliRunner().invoke(main, ["new", "--title", "Index", "--company", "Index", "--language", "en"])
    assert made.exit_code == 0, made.output
    (written,) = (tmp_path / "cases").glob("*.yaml")
    assert written.stem not in RESERVED_IDS
    company_id = re.search(r"^  id: (\S+)$", written.read_text(encoding="utf-8"), re.MULTILINE)
    assert company_id is not None and company_id[1] not in RESERVED_IDS


def test_every_page_the_builders_make_in_an_id_folder_is_an_id_or_reserved(
    built_site_pages: set[str],
) -> None:
    """No page the site makes itself may sit where an id's page would: its name is reserved."""
    ids = _ids_by_folder()
    for page in built_site_pages:
        parts = page.split("/")
        if parts[0] == "it":
            parts = parts[1:]
        if len(parts) < 2 or parts[0] not in ids:
            continue
        name = posixpath.splitext(parts[1])[0]
        assert name in ids[parts[0]] or name in RESERVED_IDS, (
            f"{page} takes the address of a possible id '{name}' in {parts[0]}/: add it to casebook.model.ids"
        )


@pytest.fixture(scope="module")
def built_site_pages() -> set[str]:
    """The source path of every page the real library generates, in both languages."""
    from casebook.i18n import load_labels
    from casebook.loader import load_cases, load_workshops
    from casebook.loader.cases import known_case_ids
    from casebook.pages import Site, SiteOptions, render_site

    library = load_cases(ROOT / "cases", TAXONOMY)
    workshops = load_workshops(ROOT / "workshops", known_case_ids(library, ROOT / "cases"))
    # Lists of two: every list goes on to further pages, where the pager folder is.
    options = SiteOptions(list_page_size=2)
    site = Site.from_cases(library.cases, TAXONOMY, load_labels(), options, workshops.workshops)
    return {page.src_uri for page in render_site(site)}


def _ids_by_folder() -> dict[str, set[str]]:
    """The folders where ids make addresses, with the ids there now."""
    from casebook.loader import load_cases

    cases = load_cases(ROOT / "cases", TAXONOMY).cases.values()
    return {
        "cases": {case.id for case in cases} | {old for case in cases for old in case.old_ids},
        "companies": {case.company.id for case in cases},
        "workshops": {path.stem for path in (ROOT / "workshops").glob("*.yaml")},
        **{kind: set(TAXONOMY.kind(kind)) for kind in ("stages", "touchpoints", "outcomes", "tags")},
    }


# --------------------------------------------------------------------------- characters

#: (escape in a double-quoted YAML string, the Unicode name check prints, a word of its likely cause)
ESCAPES = [
    ("\\v", "U+000B LINE TABULATION", "manual line break"),
    ("\\0", "U+0000 NULL", "broken copy"),
    ("\\a", "U+0007 BELL", "bell"),
    ("\\f", "U+000C FORM FEED", "page break"),
    ("\\e", "U+001B ESCAPE", "copy and paste"),
    ("\\uFFFE", "U+FFFE a noncharacter", "encoding"),
]


@pytest.mark.parametrize(("escape", "name", "cause"), ESCAPES)
def test_check_names_a_character_the_site_cannot_carry(
    tmp_path: Path, escape: str, name: str, cause: str
) -> None:
    text = edit(valid_text(), ("  en: A minimal case\n", f'  en: "A minimal{escape}case"\n'))
    library = load(tmp_path, {"minimal-case.yaml": text})
    problem = find(library, "title.en", name)
    assert_problem(
        problem, "cases/minimal-case.yaml", LINE["title.en"], 7, "title.en", "character 10 of the text"
    )
    assert cause in problem.hint
    assert library.cases == {}


def test_check_names_a_lone_surrogate_escape(tmp_path: Path) -> None:
    text = edit(valid_text(), ("  en: A minimal case\n", '  en: "A minimal \\ud83d case"\n'))
    library = load(tmp_path, {"minimal-case.yaml": text})
    (problem,) = library.problems
    assert (problem.line, problem.column) == (LINE["title.en"], 20)
    assert "\\ud83d writes U+D83D a lone surrogate" in problem.message
    assert "cut in two" in problem.hint


def test_a_raw_control_character_is_named_with_its_cause(tmp_path: Path) -> None:
    text = edit(valid_text(), ("  en: A minimal case\n", "  en: A minimal\x0bcase\n"))
    library = load(tmp_path, {"minimal-case.yaml": text})
    (problem,) = library.problems
    assert (problem.line, problem.column) == (LINE["title.en"], 16)
    assert "U+000B LINE TABULATION" in problem.message and "manual line break" in problem.hint


def test_feeds_sitemap_and_json_stay_valid_whatever_a_file_holds(
    make_project: ProjectFactory, tmp_path: Path
) -> None:
    """A file with characters XML cannot carry is reported and kept off the site; every file stays valid."""
    boots = (ROOT / "cases/boots-leappad-out-of-stock.yaml").read_text(encoding="utf-8")
    title = re.search(r"^title:\n  en: (.*)$", boots, re.MULTILINE)
    assert title is not None
    hostile = boots.replace(title[0], 'title:\n  en: "Bell\\a vertical\\v null\\0 end"', 1)
    project = make_project({"boots-leappad-out-of-stock.yaml": hostile})
    result = run_build(project, tmp_path / "site")
    assert "U+0007 BELL" in result.output
    strict = run_build(project, tmp_path / "strict", "--strict")
    assert strict.returncode != 0
    for path in (tmp_path / "site").rglob("*"):
        if path.suffix == ".xml":
            ET.parse(path)
        elif path.suffix == ".json":
            json.loads(path.read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- one contract with the form

SAMPLES = [
    "plain",
    "tab\tand\nline",
    "vt\x0b",
    "nul\x00",
    "\x1f",
    "\x7f ok",
    "emoji 😀",
    "lone \ud83d",
    "\udc00",
    "\ufffe",
    "\uffff",
    "\ufffd ok",
    "é",
    "\u2028 ok",
    "\x85 ok",
]


def _js_verdicts(samples: list[str]) -> list[bool]:
    script = (
        "const data = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "const re = new RegExp(data.pattern, 'u');"
        "process.stdout.write(JSON.stringify(data.samples.map((s) => re.test(s))));"
    )
    # json.dumps writes a lone surrogate as an escape, which JavaScript reads back as one.
    given_input = json.dumps({"pattern": UNCARRIABLE_PATTERN, "samples": samples})
    completed = subprocess.run(
        ["node", "-e", script], input=given_input, capture_output=True, text=True, check=True
    )
    return list(json.loads(completed.stdout))


def test_the_form_and_check_refuse_the_same_characters() -> None:
    assert _js_verdicts(SAMPLES) == [UNCARRIABLE.search(sample) is not None for sample in SAMPLES]


@settings(max_examples=30, deadline=None)
@given(st.lists(st.text(st.characters(exclude_categories=()), max_size=6), min_size=1, max_size=40))
def test_the_form_and_check_agree_on_any_text(samples: list[str]) -> None:
    assert _js_verdicts(samples) == [UNCARRIABLE.search(sample) is not None for sample in samples]
