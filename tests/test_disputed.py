"""The optional ``disputed`` text: read, checked like other texts, and shown on the case page."""

from __future__ import annotations

import json
from pathlib import Path

from casebook.cli import main
from casebook.loader import Library
from click.testing import CliRunner

from tests.casefiles import load, valid_text
from tests.conftest import ROOT, ProjectFactory, run_build

SEED_CASES = {
    "amazon-it-apology-email-to-child",
    "amazon-it-proactive-delay-email",
    "amazon-uk-preorder-missed-launch",
    "boots-leappad-out-of-stock",
    "pottery-barn-broken-table-photo",
}
SEED_WORKSHOPS = {"recovering-from-a-delivery-failure"}
DISPUTED = (
    "disputed:\n"
    "  en: The *test notice* names [](case:amazon-uk-preorder-missed-launch) and <b>raw</b> HTML.\n"
    "  it: L'*avviso di prova* cita [](case:amazon-uk-preorder-missed-launch) e HTML <b>grezzo</b>.\n"
)


def with_disputed(text: str, block: str = DISPUTED) -> str:
    """The case text with ``block`` right after its ``when:`` line."""
    lines = text.splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith("when:")) + 1
    return "".join(lines[:at]) + block + "".join(lines[at:])


def load_with(folder: Path, block: str) -> Library:
    """Load the minimal valid case with ``block`` after ``when:``, alone in ``folder``."""
    folder.mkdir()
    return load(folder, {"minimal-case.yaml": with_disputed(valid_text(), block)})


def test_disputed_is_read_and_checked_like_other_texts(tmp_path: Path) -> None:
    library = load_with(tmp_path / "ok", "disputed:\n  en: Who disputes it.\n")
    assert library.errors == []
    case = library.cases["minimal-case"]
    assert case.disputed is not None and case.disputed.texts == {"en": "Who disputes it."}
    # It counts for the translation status like every other text.
    assert "disputed" in case.untranslated_fields("it")

    missing_original = load_with(tmp_path / "lang", "disputed:\n  it: Chi la contesta.\n")
    assert [(p.field, p.message) for p in missing_original.errors] == [
        ("disputed", "the English text is missing")
    ]

    bad_link = load_with(tmp_path / "link", "disputed:\n  en: See [this](case:no-such-case).\n")
    assert [(p.field, p.message) for p in bad_link.errors] == [
        ("disputed.en", "the link (case:no-such-case) points to no case")
    ]

    empty = load_with(tmp_path / "empty", 'disputed:\n  en: ""\n')
    assert [p.field for p in empty.errors] == ["disputed.en"]

    misspelt = load_with(tmp_path / "key", "dispute:\n  en: x\n")
    assert any("did you mean 'disputed'?" in p.message + p.hint for p in misspelt.errors), misspelt.errors


def test_scaffold_offers_disputed_commented_out(tmp_path: Path) -> None:
    (tmp_path / "cases").mkdir()
    result = CliRunner().invoke(
        main,
        [
            "new",
            "--title",
            "A title",
            "--company",
            "Acme",
            "--language",
            "en",
            "--cases-dir",
            str(tmp_path / "cases"),
        ],
    )
    assert result.exit_code == 0, result.output
    text = next((tmp_path / "cases").glob("*.yaml")).read_text(encoding="utf-8")
    assert '\n# disputed:\n#   en: ""\n' in text
    assert text.index("# disputed:") > text.index("\nwhen:")


def test_disputed_notice_on_the_case_page_in_both_languages(
    make_project: ProjectFactory, tmp_path: Path
) -> None:
    project = make_project()
    # Only the seed library, so that cases added meanwhile cannot change this build.
    for path in (project / "cases").glob("*.yaml"):
        if path.stem not in SEED_CASES:
            path.unlink()
    for path in (project / "workshops").glob("*.yaml"):
        if path.stem not in SEED_WORKSHOPS:
            path.unlink()
    case_file = project / "cases/pottery-barn-broken-table-photo.yaml"
    case_file.write_text(with_disputed(case_file.read_text(encoding="utf-8")), encoding="utf-8")
    result = run_build(project, tmp_path / "site", "--strict")
    assert result.returncode == 0, result.output

    expected = {
        "": ("Disputed story", "test notice", "cases/amazon-uk-preorder-missed-launch/"),
        "it/": ("Storia contestata", "avviso di prova", "it/cases/amazon-uk-preorder-missed-launch/"),
    }
    for prefix, (title, emphasis, link) in expected.items():
        page = result.html(f"{prefix}cases/pottery-barn-broken-table-photo/")
        notice = page.select_one(".admonition.warning.cb-disputed")
        assert notice is not None, prefix
        assert notice.select_one(".admonition-title").get_text(strip=True) == title
        assert notice.em is not None and notice.em.get_text() == emphasis
        assert notice.a is not None and notice.a["href"].endswith(link.split("/", 1)[-1])
        # Contributors' HTML is shown as text, never as markup.
        assert notice.b is None and "<b>" in notice.get_text()
        # Near the top: right under the title, before the summary.
        assert page.h1.find_next("div", class_="cb-disputed") is notice
        assert notice.find_next("div", class_="cb-summary") is not None
        # A case without the field has no notice.
        assert result.html(f"{prefix}cases/boots-leappad-out-of-stock/").select_one(".cb-disputed") is None

    records = {
        r["id"]: r for r in json.loads((result.site / "cases.json").read_text(encoding="utf-8"))["cases"]
    }
    assert records["boots-leappad-out-of-stock"]["disputed"] is None
    disputed = records["pottery-barn-broken-table-photo"]["disputed"]
    assert set(disputed) == {"en", "it"} and "test notice" in disputed["en"]


def test_schema_places_disputed_after_when() -> None:
    schema = json.loads((ROOT / "plugins/casebook/schemas/case.schema.json").read_text(encoding="utf-8"))
    fields = list(schema["properties"])
    assert fields.index("disputed") == fields.index("when") + 1
    assert schema["properties"]["disputed"]["$ref"] == "#/$defs/richText"
    assert "disputed" not in schema["required"]
