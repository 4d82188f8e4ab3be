"""Workshops: validated like cases, one page per language, linking cases in that language."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml
from casebook.cli import main
from casebook.i18n import load_labels
from casebook.loader import load_cases, load_taxonomy, load_workshops
from casebook.pages import Site, SiteOptions, render_site
from casebook.resources import TAXONOMY_DIR
from click.testing import CliRunner
from playwright.sync_api import Browser, expect

from tests.conftest import ROOT, BuildResult, ProjectFactory, copy_library, run_build
from tests.test_browser import browser, serve  # noqa: F401  (fixtures)

WORKSHOP = "recovering-from-a-delivery-failure"
SOURCE = (ROOT / "workshops" / f"{WORKSHOP}.yaml").read_text(encoding="utf-8")
DATA = yaml.safe_load(SOURCE)
#: The same workshop with both its translation and its teaching notes' translation in draft,
#: whatever their status in the library: valid without a review record.
DRAFT = re.sub(r"(?m)^(    |  )it: reviewed$", r"\1it: draft", SOURCE)
LANGS = {"en": "", "it": "it/"}
#: The line of the Boots case in the workshop, where an unknown case id is reported.
BOOTS_LINE = SOURCE.splitlines().index("  - case: boots-leappad-out-of-stock") + 1
#: Lines of the file that the broken variants below are reported at.
DURATION_LINE = SOURCE.splitlines().index("duration: 90") + 1
TITLE_LINE = next(n for n, line in enumerate(SOURCE.splitlines(), 1) if line.startswith("  en: Recovering"))
AUDIENCE_LINE = SOURCE.splitlines().index("audience:") + 1

#: Where a plan that does not add up is reported: its first part.
PLAN_LINE = SOURCE.splitlines().index("  plan:") + 2  # the position of its value: the first part


def line_of(text: str, line: str, last: bool = False) -> int:
    """The line number of ``line`` in ``text`` (its last occurrence with ``last``)."""
    lines = text.splitlines()
    return len(lines) - lines[::-1].index(line) if last else lines.index(line) + 1


UNKNOWN_IN_PLAN = SOURCE.replace(
    "        - amazon-it-apology-email-to-child\n", "        - amazon-it-apology-mail\n", 1
)
TWICE_IN_PLAN = SOURCE.replace(
    "        - boots-leappad-out-of-stock\n", "        - amazon-it-apology-email-to-child\n", 1
)

# name -> (file text, expected line (None: any), expected fragment of the message)
BROKEN = {
    "syntax": (SOURCE.replace("duration: 90", "duration: [90", 1), DURATION_LINE + 1, "YAML syntax error"),
    "tab": (SOURCE.replace("  en: Recovering", "\ten: Recovering", 1), TITLE_LINE, "tab character"),
    "unknown-key": (
        SOURCE.replace("duration: 90", "duration: 90\nlength: 90", 1),
        DURATION_LINE + 1,
        "unknown field 'length'",
    ),
    "duplicate-key": (
        SOURCE.replace("duration: 90", "duration: 90\nduration: 60", 1),
        DURATION_LINE + 1,
        "duplicate key",
    ),
    "missing-italian": (
        SOURCE.replace("  it: Team di assistenza clienti ed e-commerce\n", "", 1),
        AUDIENCE_LINE + 1,
        "'it'",
    ),
    "unknown-case": (
        SOURCE.replace("  - case: boots-leappad-out-of-stock", "  - case: boots-leappad", 1),
        BOOTS_LINE,
        "no case has the id 'boots-leappad'",
    ),
    "wrong-type": (
        SOURCE.replace("duration: 90", "duration: ninety", 1),
        DURATION_LINE,
        "expected a whole number",
    ),
    "alias": (SOURCE.replace("duration: 90", "duration: &d 90\nextra: *d", 1), DURATION_LINE + 1, "aliases"),
    "own-language": (
        SOURCE.replace("  it: reviewed", "  en: draft\n  it: reviewed", 1),
        SOURCE.splitlines().index("  it: reviewed") + 1,
        "the workshop's own language is not a translation",
    ),
    # Teaching notes: the plan adds up to the duration, and names each of the workshop's cases once.
    "plan-total": (
        SOURCE.replace("    - minutes: 10\n", "    - minutes: 15\n", 1),
        PLAN_LINE,
        "the plan adds up to 95 minutes (15 + ",
    ),
    "plan-unknown-case": (
        UNKNOWN_IN_PLAN,
        line_of(UNKNOWN_IN_PLAN, "        - amazon-it-apology-mail"),
        "'amazon-it-apology-mail' is not one of this workshop's cases",
    ),
    "plan-case-twice": (
        TWICE_IN_PLAN,
        line_of(TWICE_IN_PLAN, "        - amazon-it-apology-email-to-child", last=True),
        "the case 'amazon-it-apology-email-to-child' is already in part 3 of the plan",
    ),
    "notes-without-takeaway": (
        SOURCE.replace("      takeaway:\n", "      closing:\n", 1),
        None,
        "unknown field 'closing'",
    ),
}


def test_a_reviewed_workshop_translation_needs_its_record_and_a_draft_is_counted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy_library(tmp_path)
    (tmp_path / "reviews" / f"{WORKSHOP}.yaml").unlink()
    (tmp_path / "workshops").mkdir()
    workshop = tmp_path / "workshops" / f"{WORKSHOP}.yaml"
    workshop.write_text(SOURCE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check"])
    line = SOURCE.splitlines().index("  it: reviewed") + 1
    assert result.exit_code == 1
    assert f"workshops/{WORKSHOP}.yaml:{line}:" in result.stdout
    assert f"reviews/{WORKSHOP}.yaml does not exist" in result.stdout
    # Set back to draft, it is valid, and the library's summary counts it among the drafts.
    workshop.write_text(DRAFT, encoding="utf-8")
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 0, result.output
    assert "1 draft," in result.stderr
    # The teaching notes have a status of their own, held to the same record.
    notes_reviewed = DRAFT.replace("  translations:\n    it: draft", "  translations:\n    it: reviewed", 1)
    workshop.write_text(notes_reviewed, encoding="utf-8")
    result = CliRunner().invoke(main, ["check"])
    line = notes_reviewed.splitlines().index("    it: reviewed") + 1
    assert result.exit_code == 1
    assert f"workshops/{WORKSHOP}.yaml:{line}:" in result.stdout
    assert "notes.translations.it" in result.stdout


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_workshop_is_reported_by_check_with_file_and_line(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text, line, fragment = BROKEN[name]
    copy_library(tmp_path)
    (tmp_path / "workshops").mkdir()
    (tmp_path / "workshops" / f"{WORKSHOP}.yaml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert f"workshops/{WORKSHOP}.yaml:{line or ''}" in result.stdout, result.stdout
    assert fragment in result.stdout, result.stdout


def test_unknown_case_in_a_large_library_names_the_nearest_ids_not_all(tmp_path: Path) -> None:
    """With thousands of cases, "valid ids: ..." listing them all would bury the message."""
    case_ids = {f"{company}-case-{number}" for company in ("acme", "globex") for number in range(500)}
    case_ids |= {item["case"] for item in DATA["cases"]}
    (tmp_path / "workshops").mkdir()
    # In the cases and in the plan; in draft, as there is no review record here.
    text = DRAFT.replace("boots-leappad-out-of-stock", "zzzz")
    (tmp_path / "workshops" / f"{WORKSHOP}.yaml").write_text(text, encoding="utf-8")
    result = load_workshops(tmp_path / "workshops", case_ids, display_root=tmp_path)
    [problem] = result.problems
    assert (problem.file, problem.line) == (f"workshops/{WORKSHOP}.yaml", BOOTS_LINE)
    assert problem.message == "no case has the id 'zzzz'"
    assert problem.hint.startswith("nearest valid ids: ")
    assert len(problem.hint.removeprefix("nearest valid ids: ").split(", ")) == 3
    assert set(problem.hint.removeprefix("nearest valid ids: ").split(", ")) <= case_ids
    assert result.workshops == {}


def test_broken_workshop_fails_the_strict_build(make_project: ProjectFactory, tmp_path: Path) -> None:
    project = make_project()
    text, line, fragment = BROKEN["unknown-case"]
    (project / "workshops" / f"{WORKSHOP}.yaml").write_text(text, encoding="utf-8")
    loose = run_build(project, tmp_path / "site")
    assert loose.returncode == 0
    assert f"workshops/{WORKSHOP}.yaml:{line}:" in loose.output and fragment in loose.output
    assert f"1 workshop file has errors and is NOT on the site: workshops/{WORKSHOP}.yaml" in loose.output
    strict = run_build(project, tmp_path / "strict", "--strict")
    assert strict.returncode != 0 and "Traceback" not in strict.output


@pytest.mark.parametrize("lang", LANGS)
def test_workshop_page_lists_its_cases_in_order_with_questions(built_site: BuildResult, lang: str) -> None:
    page = built_site.html(f"{LANGS[lang]}workshops/{WORKSHOP}/")
    assert page.html["lang"] == lang
    assert page.find("h1").get_text(strip=True) == DATA["title"][lang]
    blocks = page.select(".cb-workshop-case")
    assert len(blocks) == len(DATA["cases"])
    for block, item in zip(blocks, DATA["cases"], strict=True):
        questions = [li.get_text(" ", strip=True) for li in block.select("ol.cb-questions > li")]
        assert questions == [question[lang] for question in item["questions"]]
        case = yaml.safe_load((ROOT / "cases" / f"{item['case']}.yaml").read_text(encoding="utf-8"))
        assert block.find("h2").get_text(strip=True).endswith(case["title"][lang])


@pytest.fixture(scope="module")
def site_url(built_site: BuildResult) -> Iterator[str]:
    yield from serve(built_site.site)


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_workshop_links_its_cases_in_the_same_language(
    browser: Browser,  # noqa: F811
    site_url: str,
    lang: str,
) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{site_url}{LANGS[lang]}workshops/{WORKSHOP}/")
    first = DATA["cases"][0]["case"]
    page.locator(".cb-workshop-case").first.locator(".cb-number a").click()
    page.wait_for_url(urljoin(site_url, f"{LANGS[lang]}cases/{first}/"))
    expect(page.locator("html")).to_have_attribute("lang", lang)
    context.close()


@pytest.mark.parametrize("path", sorted((ROOT / "workshops").glob("*.yaml")), ids=lambda path: path.stem)
def test_every_workshop_has_teaching_notes_in_both_languages(path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    notes = data["notes"]
    texts = [*notes["objectives"], *(part["text"] for part in notes["plan"])]
    for item in data["cases"]:
        case_notes = item["notes"]
        texts += [*case_notes["look_for"], *case_notes["discussion"], case_notes["takeaway"]]
    assert all(text["en"].strip() and text["it"].strip() for text in texts)
    # The notes are new text: a review record may not claim a reading that did not cover them,
    # and notes marked reviewed need that reading on record. The translation is the language
    # the workshop was not written in (a workshop written in Italian is translated into English).
    translation = next(lang for lang in LANGS if lang != data["language"])
    record = ROOT / "reviews" / path.name
    if notes.get("translations", {}).get(translation) != "reviewed":
        assert not record.exists() or "not_read" in yaml.safe_load(record.read_text(encoding="utf-8"))
    else:
        assert "notes_read" in yaml.safe_load(record.read_text(encoding="utf-8"))


#: A line of the suggested timings on a workshop page: "20 minutes: case 1, ...".
TIMING = {"en": re.compile(r"^(\d+) minutes?: "), "it": re.compile(r"^(\d+) minut[oi]: ")}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", sorted((ROOT / "workshops").glob("*.yaml")), ids=lambda path: path.stem)
def test_the_page_shows_the_plan_as_timings_that_add_up_to_the_duration(
    built_site: BuildResult, path: Path, lang: str
) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    page = built_site.html(f"{LANGS[lang]}workshops/{data['id']}/")
    lines = [li.get_text(" ", strip=True) for li in page.select("ul.cb-timings > li")]
    minutes = [int(TIMING[lang].match(line)[1]) for line in lines]  # type: ignore[index]
    assert minutes == [part["minutes"] for part in data["notes"]["plan"]]
    assert sum(minutes) == data["duration"]
    order = [item["case"] for item in data["cases"]]
    for line, part in zip(lines, data["notes"]["plan"], strict=True):
        assert line.endswith(part["text"][lang])
        for case_id in part.get("cases", []):
            assert str(order.index(case_id) + 1) in line.split(":", 1)[1].split(",")[0]
    # The notes are for trainers: closed on the page, with every case's takeaway in it.
    notes = page.select_one("details.cb-teaching-notes")
    assert notes is not None and not notes.has_attr("open")
    text = notes.get_text(" ", strip=True)
    assert all(item["notes"]["takeaway"][lang] in text for item in data["cases"])


@pytest.mark.parametrize(("status", "noticed"), [("draft", True), ("reviewed", False)])
def test_a_draft_workshop_translation_says_so_on_its_page_only(status: str, noticed: bool) -> None:
    taxonomy = load_taxonomy(TAXONOMY_DIR)
    library = load_cases(ROOT / "cases", taxonomy, display_root=ROOT)
    workshop = load_workshops(ROOT / "workshops", library.cases).workshops[WORKSHOP]
    workshop = dataclasses.replace(workshop, translations={"it": status})
    used = {item.case_id: library.cases[item.case_id] for item in workshop.cases}
    site = Site.from_cases(used, taxonomy, load_labels(), SiteOptions(), {WORKSHOP: workshop})
    pages = {page.src_uri: page.content for page in render_site(site)}
    # The workshop's own notice (its teaching notes have one of their own, with the same title).
    notice = {
        lang: text.split("{")[0]
        for lang, text in load_labels().strings["translation.draft.workshop_text"].items()
    }
    assert (notice["it"] in pages[f"it/workshops/{WORKSHOP}.md"]) is noticed
    # The original never carries the notice.
    assert notice["en"] not in pages[f"workshops/{WORKSHOP}.md"]


@pytest.mark.parametrize("count", [1, 2])
def test_a_shared_part_of_the_plan_names_the_other_cases_in_correct_italian(count: int) -> None:
    # "il caso 3" / "i casi 2 e 3" start with an article, which Italian merges into a
    # preceding "a", "di", "da", "in", "su" ("al caso", not "a il caso").
    labels = load_labels()
    cases = labels.n("workshop.timings.cases", "it", count, numbers="3")
    text = labels.t("workshop.notes.shared", "it", minutes="25 minuti", cases=cases)
    assert not re.search(r"\b(a|di|da|in|su) (il|lo|la|i|gli|le|l')\b", text), text
