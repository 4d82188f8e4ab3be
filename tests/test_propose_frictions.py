"""The propose form as a contributor meets it: what it offers, what it says, in both languages."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from casebook.model.ids import id_from_text
from playwright.sync_api import Page, expect

from tests.test_browser import browser
from tests.test_propose import (
    DRAFT_KEY,
    EXISTING,
    LABELS,
    draft,
    error_at,
    existing_case,
    field,
    page,
    site_url,
    t,
    wait_valid,
    yaml_text,
)
from tests.test_site import LANGUAGES

pytestmark = pytest.mark.browser
#: Between the parts of a field's name in the list of problems ("Source 1", SEP, "Title").
SEP = "\u203a"

__all__ = ["browser", "page", "site_url"]


def fresh(page: Page, site_url: str, prefix: str = "", query: str = "") -> None:
    page.goto(f"{site_url}{prefix}propose/{query}")
    page.evaluate("localStorage.clear()")
    page.reload()


def test_earlier_ids_are_asked_only_when_correcting_a_case(page: Page, site_url: str) -> None:
    fresh(page, site_url)
    expect(field(page, "/id")).to_be_visible()
    assert field(page, "/old_ids").count() == 0
    page.goto(f"{site_url}propose/?case={EXISTING}")
    expect(field(page, "/old_ids")).to_be_visible()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_problem_says_which_field_it_is_about(page: Page, site_url: str, lang: str) -> None:
    data = existing_case()
    data.update(id="a-new-one", title={"it": "Solo italiano"})
    data["sources"][0]["title"] = {}
    draft(page, site_url, LANGUAGES[lang], data)
    problems = page.locator(".cb-propose__summary li").all_text_contents()
    required = t("error.required", lang)
    source_title = f" {SEP} ".join([t("field.sources.item", lang, number=1), t("field.sources.title", lang)])
    assert f"{source_title}: {required}" in problems, problems
    # The case's own title reads differently: "Title: …", not "Title: Required." twice.
    english = "English" if lang == "en" else "inglese"
    case_title = f"{t('field.title', lang)}: {t('error.original_missing', lang, language=english)}"
    assert case_title in problems, problems


def test_ids_are_cut_after_a_whole_word_as_casebook_new_cuts_them(page: Page, site_url: str) -> None:
    fresh(page, site_url)
    titles = [
        "A courier keeps a parcel for a week and the shop blames the customer for it",
        "Überraschung: Kundendienst antwortet in weniger als einer Minute auf jede Beschwerde",
        "x" * 70,
        "Short title",
    ]
    for title in titles:
        field(page, "/title/en").fill(title)
        suggested = page.locator(".cb-field:has(> [name='/id']) .cb-field__suggest")
        expect(suggested).to_have_attribute("data-value", id_from_text(title))


def test_a_missing_or_malformed_case_in_the_address_says_what_happened(page: Page, site_url: str) -> None:
    for lang, prefix in LANGUAGES.items():
        fresh(page, site_url, prefix, "?case=no-such-case")
        notice = page.locator(".cb-propose__notice--error")
        expect(notice).to_have_text(t("unknown_case_param", lang, id="no-such-case"))
        expect(field(page, "/id")).to_have_value("")
        fresh(page, site_url, prefix, "?case=../../x")
        expect(notice).to_have_text(t("bad_case_param", lang, id="../../x"))
        expect(field(page, "/title/en")).to_be_editable()


def test_the_italian_form_takes_italian_words_and_gives_italian_date_hints(page: Page, site_url: str) -> None:
    fresh(page, site_url, "it/")
    expect(field(page, "/when")).to_have_value("non nota")
    help_text = page.locator(".cb-field:has(> [name='/when']) .cb-field__help").text_content() or ""
    assert "AAAA-MM-GG" in help_text and "YYYY" not in help_text
    field(page, "/when").fill("2019-03")
    field(page, "/when").fill("Non nota")
    page.wait_for_timeout(300)
    assert "when: unknown\n" in yaml_text(page)
    field(page, "/when").fill("marzo")
    expect(error_at(page, "/when")).to_have_text(t("error.date_format", "it"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_text_past_a_limit_is_kept_and_the_limit_is_said(page: Page, site_url: str, lang: str) -> None:
    fresh(page, site_url, LANGUAGES[lang])
    title = field(page, f"/title/{lang}")
    count = page.locator(f".cb-field__language:has(> [name='/title/{lang}']) .cb-field__count")
    title.fill("x" * 250)
    expect(count).to_be_visible()
    expect(count).to_have_text(LABELS.n("propose.limit.left", lang, 50))
    # Pasted past the limit: nothing is cut, the count and the error say by how much.
    title.fill("x" * 310)
    expect(title).to_have_value("x" * 310)
    expect(count).to_have_text(LABELS.n("propose.limit.over", lang, 10))
    expect(error_at(page, f"/title/{lang}")).to_contain_text(LABELS.n("propose.error.too_long", lang, 300))


def test_the_number_is_explained_as_provisional(page: Page, site_url: str) -> None:
    for lang, prefix in LANGUAGES.items():
        fresh(page, site_url, prefix)
        help_text = page.locator(".cb-field:has(> [name='/number']) .cb-field__help")
        expect(help_text).to_have_text(t("help.number", lang))


def test_a_stored_draft_with_a_proto_key_is_refused_not_written_without_its_id(
    page: Page, site_url: str
) -> None:
    data: dict[str, Any] = existing_case()
    data["id"] = "a-case-with-a-proto-key"
    page.goto(f"{site_url}propose/")
    # JSON.parse makes "__proto__" an own key, as a hand-edited draft would hold it.
    page.evaluate(
        """([key, state]) => localStorage.setItem(key,
             JSON.stringify({state, editing: ''}).replace('{"id"', '{"__proto__":{"x":1},"id"'))""",
        [DRAFT_KEY, data],
    )
    page.reload()
    expect(page.locator("#cb-propose")).to_have_attribute("data-state", "invalid")
    text = yaml_text(page)
    assert "\nid: a-case-with-a-proto-key\n" in text and "__proto__:" in text
    expect(page.locator(".cb-propose__summary")).to_contain_text(
        t("error.unknown_field", "en", value="__proto__")
    )


def test_a_correction_saved_unchanged_is_the_file_and_a_change_is_one_line(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}propose/?case={EXISTING}")
    wait_valid(page, "en")
    original = yaml_text(page)
    field(page, "/moments/1/outcome").select_option("success")
    wait_valid(page, "en")
    before, after = original.splitlines(), yaml_text(page).splitlines()
    assert len(before) == len(after)
    assert [(a, b) for a, b in zip(before, after, strict=True) if a != b] == [
        ("    outcome: failure", "    outcome: success")
    ]


def test_added_on_is_the_day_in_utc_as_ci_counts_it(browser: Any, site_url: str) -> None:
    # From UTC+14 the local date is a day ahead of UTC for most of the day: check, in UTC, would
    # call it the future. (Between 00:00 and 10:00 UTC both dates agree and this proves less.)
    context = browser.new_context(timezone_id="Pacific/Kiritimati")
    page = context.new_page()
    page.goto(f"{site_url}propose/")
    page.evaluate("localStorage.clear()")
    page.reload()
    today = datetime.datetime.now(datetime.UTC).date().isoformat()
    expect(field(page, "/published")).to_have_value(today)
    context.close()
