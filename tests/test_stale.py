# ruff: noqa: F811  (the fixtures of test_serve, imported, are parameters here)
"""Stale translations: a reviewed translation knows when its original changed since the review.

``casebook review`` records a fingerprint of each original the reader compared; a field whose
original changed since is stale: a warning in ``casebook check`` (an error with
``--require-translations``), a notice under that field on the page, a row on the translation
status page, an option of the explorer's translation filter. Folding a line again is no change.
"""

from __future__ import annotations

import datetime
import logging
import re
import subprocess
import sys
from functools import partial
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from casebook.cli import main
from casebook.errors import Severity
from casebook.i18n import load_labels
from casebook.loader import Library, WorkshopSet
from casebook.loader.fingerprints import fingerprint
from casebook.loader.review_writer import MARK, ReviewRefused, record_review
from casebook.pages import Site, SiteOptions, render_site
from casebook.pages.explorer import facet_files
from casebook.plugin.report import report_problems
from click.testing import CliRunner
from mkdocs.exceptions import PluginError

from tests.casefiles import LINE, TAXONOMY, edit, load, valid_text
from tests.test_serve import CASE as SERVED_CASE
from tests.test_serve import fetch, server, wait_for  # noqa: F401  (fixture)

LABELS = load_labels()
#: The minimal case with a whole Italian translation, marked reviewed.
REVIEWED = edit(
    valid_text(),
    ("\nlanguage: en\n", "\nlanguage: en\ntranslations: {it: reviewed}\n"),
    ("      en: A blog post\n", "      en: A blog post\n      it: Un post su un blog\n"),
)
HEAD = "file: cases/minimal-case.yaml\ntranslation: it\nreader: A second reader\ndate: 2026-12-07\n"
#: Every field the Italian translates, in file order.
FIELDS = ["title", "summary", "moments[0].text", "moments[1].text", "sources[0].title"]
DAY = datetime.date(2026, 12, 8)


def _reviewed_library(tmp_path: Path, case_text: str = REVIEWED) -> Library:
    """The library after a reader recorded the reading of ``REVIEWED`` with ``casebook review``."""
    (tmp_path / "reviews").mkdir(exist_ok=True)
    (tmp_path / "reviews/minimal-case.yaml").write_text(HEAD, encoding="utf-8")
    first = load(tmp_path, {"minimal-case.yaml": REVIEWED})
    record_review(first.cases["minimal-case"], "it", tmp_path / "reviews", None, DAY)
    return load(tmp_path, {"minimal-case.yaml": case_text})


def _stale(library: Library) -> list[tuple[str, int | None]]:
    return [(p.field, p.line) for p in library.problems if p.severity is Severity.WARNING]


# --------------------------------------------------------------------------- fingerprints


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("A parcel arrives late.", "A parcel\n  arrives   late.\n"),
        ("A parcel arrives *late*.", "A parcel arrives\n*late*."),
        ("First.\n\nSecond.", "First.\n\n\n  Second. "),
        ("See [the other](case:acme-late-parcel).", "See [the\nother](case:acme-late-parcel)."),
    ],
)
def test_folding_and_spacing_keep_the_fingerprint(before: str, after: str) -> None:
    assert fingerprint(before, True) == fingerprint(after, True)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("A parcel arrives late.", "A parcel arrives very late."),
        ("A parcel arrives late.", "A parcel arrives *late*."),
        ("First. Second.", "First.\n\nSecond."),
        ("See [it](case:acme-late-parcel).", "See [it](case:acme-lost-parcel)."),
        ("See [it](https://example.org/a).", "See [it](https://example.org/b)."),
        ("- one\n- two", "- one - two"),
    ],
)
def test_what_a_reader_sees_changes_the_fingerprint(before: str, after: str) -> None:
    assert fingerprint(before, True) != fingerprint(after, True)


def test_a_plain_field_keeps_its_fingerprint_when_refolded_only() -> None:
    assert fingerprint("A blog post", False) == fingerprint("A  blog\npost", False)
    assert fingerprint("A blog post", False) != fingerprint("A blog posts", False)


# --------------------------------------------------------------------------- casebook check


def test_a_reviewed_translation_just_recorded_is_not_stale(tmp_path: Path) -> None:
    library = _reviewed_library(tmp_path)
    assert library.problems == []
    record = yaml.safe_load((tmp_path / "reviews/minimal-case.yaml").read_text(encoding="utf-8"))
    assert list(record["fingerprints"]) == FIELDS
    assert (tmp_path / "reviews/minimal-case.yaml").read_text(encoding="utf-8").startswith(HEAD + MARK)


def test_a_changed_original_marks_exactly_its_translated_field_stale(tmp_path: Path) -> None:
    changed = edit(REVIEWED, ("  en: The parcel is late.\n", "  en: The parcel is two weeks late.\n"))
    library = _reviewed_library(tmp_path, changed)
    # At the line of the Italian text (REVIEWED has one line more before it: translations).
    assert _stale(library) == [("moments[1].text.it", LINE["moments[1].text.it"] + 1)]
    (warning,) = library.problems
    assert warning.file == "cases/minimal-case.yaml"
    assert "the English text changed after this Italian translation was reviewed" in warning.message
    assert "casebook review minimal-case --lang it" in warning.hint
    case = library.cases["minimal-case"]
    assert case.stale_fields("it") == ("moments[1].text",)
    assert library.errors == []


def test_folding_an_original_again_marks_nothing(tmp_path: Path) -> None:
    folded = edit(
        REVIEWED, ("  en: A parcel arrives late.\n", "  en: >-\n    A parcel\n    arrives   late.\n")
    )
    library = _reviewed_library(tmp_path, folded)
    assert library.cases["minimal-case"].summary.texts["en"] != "A parcel arrives late."
    assert library.problems == []


def test_a_field_added_after_the_review_is_stale(tmp_path: Path) -> None:
    lesson = "lessons:\n  - en: Say when it comes.\n    it: Dite quando arriva.\n"
    library = _reviewed_library(tmp_path, edit(REVIEWED, ("tags:\n", lesson + "tags:\n")))
    assert [field for field, _ in _stale(library)] == ["lessons[0].it"]
    assert "was added after" in library.problems[0].message


def test_a_changed_translation_alone_is_not_stale(tmp_path: Path) -> None:
    """Stale means the original moved; the reader's own corrections are what a review is for."""
    retouched = edit(REVIEWED, ("  it: Un pacco arriva in ritardo.\n", "  it: Un pacco arriva tardi.\n"))
    assert _reviewed_library(tmp_path, retouched).problems == []


def test_a_record_without_fingerprints_is_an_error_that_names_the_command(tmp_path: Path) -> None:
    (tmp_path / "reviews").mkdir()
    (tmp_path / "reviews/minimal-case.yaml").write_text(HEAD, encoding="utf-8")
    library = load(tmp_path, {"minimal-case.yaml": REVIEWED})
    (error,) = library.errors
    assert error.field == "translations.it"
    assert "casebook review minimal-case --lang it" in error.hint


def test_check_warns_and_require_translations_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    changed = edit(REVIEWED, ("  en: A parcel arrives late.\n", "  en: A parcel arrives a week late.\n"))
    _reviewed_library(tmp_path, changed)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    plain = runner.invoke(main, ["check"])
    assert plain.exit_code == 0, plain.output
    line = LINE["summary.en"] + 2  # the Italian, after the English and the added translations line
    assert re.search(
        rf"cases/minimal-case\.yaml:{line}:7: warning: summary\.it: the English text", plain.output
    )
    assert "1 warning in 1 file" in plain.output
    github = runner.invoke(main, ["check", "--format", "github"])
    assert github.exit_code == 0
    assert github.output.startswith(f"::warning file=cases/minimal-case.yaml,line={line},col=7::summary.it: ")
    strict = runner.invoke(main, ["check", "--require-translations"])
    assert strict.exit_code == 1
    assert "error: summary.it" in strict.output


# --------------------------------------------------------------------------- casebook review


def test_casebook_review_clears_a_stale_field_and_records_the_rereading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    changed = edit(REVIEWED, ("  en: A parcel arrives late.\n", "  en: A parcel arrives a week late.\n"))
    _reviewed_library(tmp_path, changed)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    anonymous = runner.invoke(main, ["review", "minimal-case", "--lang", "it"])
    assert anonymous.exit_code == 1
    assert "summary changed in the original since the last reading" in anonymous.output
    done = runner.invoke(main, ["review", "minimal-case", "--lang", "it", "--reader", "Another reader"])
    assert done.exit_code == 0, done.output
    assert "the new reading of summary" in done.output
    text = (tmp_path / "reviews/minimal-case.yaml").read_text(encoding="utf-8")
    assert text.startswith(HEAD)  # the reader's own lines are kept byte for byte
    record = yaml.safe_load(text)
    assert record["rereadings"] == [
        {"reader": "Another reader", "date": datetime.date.today().isoformat(), "fields": ["summary"]}
    ]
    assert load(tmp_path, {"minimal-case.yaml": changed}).problems == []
    again = runner.invoke(main, ["review", "minimal-case", "--lang", "it"])
    assert again.exit_code == 0 and "Nothing to record" in again.output


def test_casebook_review_writes_a_new_record_only_with_a_reader(tmp_path: Path) -> None:
    library = load(tmp_path, {"minimal-case.yaml": REVIEWED})
    case = library.cases["minimal-case"]
    with pytest.raises(ReviewRefused, match="--reader"):
        record_review(case, "it", tmp_path / "reviews", None, DAY)
    recorded = record_review(case, "it", tmp_path / "reviews", "A second reader", DAY)
    assert recorded is not None and recorded.created
    assert load(tmp_path, {"minimal-case.yaml": REVIEWED}).problems == []
    with pytest.raises(ReviewRefused, match=r"language .* was written in"):
        record_review(case, "en", tmp_path / "reviews", "A second reader", DAY)


def test_casebook_review_refuses_a_translation_with_missing_text(tmp_path: Path) -> None:
    library = load(tmp_path, {"minimal-case.yaml": valid_text()})
    with pytest.raises(ReviewRefused, match=r"no 'it' text in sources\[0\]\.title"):
        record_review(library.cases["minimal-case"], "it", tmp_path / "reviews", "A reader", DAY)


# --------------------------------------------------------------------------- the pages


def _pages(library: Library) -> dict[str, BeautifulSoup]:
    site = Site.from_cases(library.cases, TAXONOMY, LABELS, SiteOptions())
    return {
        page.src_uri: BeautifulSoup(page.content, "html.parser")
        for page in render_site(site)
        if page.src_uri.endswith(".md")
    }


def test_the_page_marks_only_the_stale_field_and_the_status_page_counts_it(tmp_path: Path) -> None:
    changed = edit(REVIEWED, ("  en: The parcel is late.\n", "  en: The parcel is two weeks late.\n"))
    pages = _pages(_reviewed_library(tmp_path, changed))
    italian = pages["it/cases/minimal-case.md"]
    notices = italian.select(".cb-stale")
    assert len(notices) == 1
    assert (
        notices[0]
        .get_text(" ", strip=True)
        .endswith(LABELS.t("translation.stale.text", "it", original="inglese"))
    )
    moments = italian.select(".cb-moment")
    assert [bool(moment.select(".cb-stale")) for moment in moments] == [False, True]
    assert pages["cases/minimal-case.md"].select(".cb-stale") == []  # the original is not marked
    status = pages["it/translations/index.md"]
    (row,) = status.select("tr.cb-stale-row")
    assert row["data-lang"] == "it" and row["data-count"] == "1"
    assert "moments[1].text" in row.get_text()
    assert LABELS.n("translations.stale.count", "it", 1) in row.get_text()
    cell = status.select_one("tr.cb-translation-row [data-lang='it']")
    assert cell["data-stale"] == "1"


def test_nothing_stale_shows_no_notice_and_says_so(tmp_path: Path) -> None:
    pages = _pages(_reviewed_library(tmp_path))
    assert pages["it/cases/minimal-case.md"].select(".cb-stale") == []
    status = pages["translations/index.md"]
    assert status.select("tr.cb-stale-row") == []
    assert status.select_one(".cb-stale-none").get_text() == LABELS.t("translations.stale.none", "en")


def test_the_explorer_filters_by_translation_state(tmp_path: Path) -> None:
    changed = edit(REVIEWED, ("  en: A parcel arrives late.\n", "  en: A parcel arrives a week late.\n"))
    _reviewed_library(tmp_path, changed)  # writes the record of minimal-case
    draft = edit(
        valid_text("second-case"), ("      en: A blog post\n", "      en: A blog post\n      it: Un post\n")
    )
    library = load(tmp_path, {"minimal-case.yaml": changed, "second-case.yaml": draft})
    site = Site.from_cases(library.cases, TAXONOMY, LABELS, SiteOptions(explorer=True))
    data = facet_files(site)["explore/facets/translation.json"]
    by_case = {
        case.id: [data["values"][at] for at in values]
        for case, values in zip(sorted(site.index.cases, key=lambda c: c.number), data["cases"], strict=True)
    }
    assert by_case == {"minimal-case": ["it-stale"], "second-case": ["it-draft"]}
    explore = BeautifulSoup(
        next(page.content for page in render_site(site) if page.src_uri == "it/explore/index.md"),
        "html.parser",
    )
    boxes = explore.select(".cb-facet[data-facet='translation'] input")
    assert [box["value"] for box in boxes] == ["it-stale", "it-draft"]


# --------------------------------------------------------------------------- the build


def test_a_strict_build_fails_on_a_stale_field_only_with_require_translations(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """What the plugin does with a stale field (the quiet strict build itself: tests/test_site_diff.py)."""
    changed = edit(REVIEWED, ("  en: A parcel arrives late.\n", "  en: A parcel arrives a week late.\n"))
    library = _reviewed_library(tmp_path, changed)
    log = logging.getLogger("mkdocs.plugins.casebook.test")
    report = partial(report_problems, library, [], WorkshopSet(), LABELS, strict=True, log=log)
    report(require_translations=False)
    assert "summary.it: the English text changed" in capsys.readouterr().err
    with pytest.raises(PluginError, match=r"summary\.it: the English text changed"):
        report(require_translations=True)


def test_on_a_dev_server_the_notice_comes_with_the_edit_and_goes_with_casebook_review(
    server: tuple[Path, str, Path],
) -> None:
    project, url, log = server
    page = f"{url}it/cases/{SERVED_CASE}/"
    case_file = project / "cases" / f"{SERVED_CASE}.yaml"
    text = case_file.read_text(encoding="utf-8")
    assert yaml.safe_load(text)["translations"] == {"it": "reviewed"}
    wait_for(lambda: "cb-moment" in fetch(page), "the first build")
    assert 'class="cb-stale"' not in fetch(page)
    english = yaml.safe_load(text)["summary"]["en"]
    first = " ".join(english.split()[:2])
    case_file.write_text(text.replace(first, f"{first} (edited)", 1), encoding="utf-8")
    wait_for(lambda: 'class="cb-stale"' in fetch(page), "the stale notice")
    assert "summary.it: the English text changed" in log.read_text()
    reviewed = subprocess.run(
        [
            str(Path(sys.executable).parent / "casebook"),
            "review",
            SERVED_CASE,
            "--lang",
            "it",
            "--reader",
            "A",
        ],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert reviewed.returncode == 0, reviewed.stdout + reviewed.stderr
    wait_for(lambda: 'class="cb-stale"' not in fetch(page), "the notice to go")
