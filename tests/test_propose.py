"""The "Propose a case" form, in headless Chromium: the file it writes is a case the library accepts."""

from __future__ import annotations

import datetime
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
import yaml
from casebook.i18n import load_labels
from casebook.loader import load_cases, load_taxonomy
from casebook.markup import case_link_targets
from casebook.resources import PACKAGE_DIR, TAXONOMY_DIR
from playwright.sync_api import Browser, Page, expect

from tests.conftest import PROJECT_FOLDERS, REPO_URL, ROOT, BuildResult, copy_library, run_build
from tests.test_a11y import blocking_violations, format_violations
from tests.test_browser import browser, serve
from tests.test_security import PAYLOAD, SHORT, poison
from tests.test_site import LANGUAGES

pytestmark = pytest.mark.browser

__all__ = ["browser"]

CASEBOOK = Path(sys.executable).parent / "casebook"
LABELS = load_labels()
DRAFT_KEY = "casebook.propose.draft"
EXISTING = "boots-leappad-out-of-stock"
#: Markup that the form's messages repeat (no space and no parenthesis, so a case link takes it).
ECHOED = "<img/src=x/onerror=alert`1`>"


@pytest.fixture(scope="module")
def site_url(built_site: BuildResult) -> Iterator[str]:
    """The session's site (built with the repository address set), served on loopback."""
    yield from serve(built_site.site)


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    yield page
    context.close()


def t(key: str, lang: str, **values: Any) -> str:
    return LABELS.t(f"propose.{key}", lang, **values)


def field(page: Page, pointer: str) -> Any:
    """The form field (or group) whose value is at ``pointer``, e.g. ``/moments/1/stage``."""
    return page.locator(f"[name='{pointer}']")


def error_at(page: Page, pointer: str) -> Any:
    """The error message shown next to the control at ``pointer``."""
    return page.locator(f".cb-field:has(> [name='{pointer}']) > .cb-field__error").or_(
        page.locator(f".cb-field__language:has(> [name='{pointer}']) > .cb-field__error")
    )


def yaml_text(page: Page) -> str:
    return str(page.locator(".cb-propose__yaml").input_value())


def wait_valid(page: Page, lang: str) -> None:
    """Wait until the form has checked what was typed last, and found it valid."""
    expect(page.locator("#cb-propose")).to_have_attribute("data-state", "valid", timeout=5000)
    expect(page.locator(".cb-propose__ok")).to_have_text(t("output.valid", lang))


def check(tmp: Path, files: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run the real ``casebook check`` on a copy of the library with ``files`` added to cases/."""
    shutil.rmtree(tmp, ignore_errors=True)
    copy_library(tmp)
    shutil.copytree(ROOT / "workshops", tmp / "workshops")
    for name, text in files.items():
        (tmp / "cases" / name).write_text(text, encoding="utf-8")
    return subprocess.run(
        [str(CASEBOOK), "check"], cwd=tmp, capture_output=True, text=True, timeout=120, check=False
    )


def fill_new_case(page: Page, lang: str, case_id: str) -> None:
    """Type a new case of two moments and two sources, in the page's language only for the body."""
    other = "it" if lang == "en" else "en"
    field(page, f"/title/{lang}").fill(f"A form-made case <b>{lang}</b>: “quotes”, colons: and #hashes")
    # The id the title makes, offered as casebook new would make it; then the one wanted.
    suggested = f"a-form-made-case-b-{lang}-b-quotes-colons-and-hashes"
    page.get_by_role("button", name=t("use_id", lang, value=suggested)).click()
    expect(field(page, "/id")).to_have_value(suggested)
    field(page, "/id").fill(case_id)
    field(page, f"/title/{other}").fill("Translated title")
    field(page, "/language").select_option(lang)
    field(page, "/company/id").fill("form-company")
    field(page, "/company/name").fill("Form & Co.")
    field(page, "/country").select_option("NO")  # YAML 1.1 would read a bare NO as false
    field(page, "/sector").select_option(index=1)
    field(page, "/when").fill("2019-03")
    field(page, f"/summary/{lang}").fill(
        "Two lines of summary,\nwith a [link](case:boots-leappad-out-of-stock)."
    )
    page.get_by_role("button", name=t("add.moments", lang)).click()
    for index, (stage, touchpoint, outcome) in enumerate(
        [("buy", "website", "failure"), ("get-support", "phone", "success")]
    ):
        field(page, f"/moments/{index}/stage").select_option(stage)
        field(page, f"/moments/{index}/touchpoint").select_option(touchpoint)
        field(page, f"/moments/{index}/outcome").select_option(outcome)
        field(page, f"/moments/{index}/text/{lang}").fill(f"Moment {index + 1}: - not a list\n\n* a list")
    page.get_by_role("button", name=t("add.sources", lang)).click()
    for index in range(2):
        field(page, f"/sources/{index}/title/{lang}").fill(f"Source {index + 1}")
        field(page, f"/sources/{index}/kind").select_option("news-article")
        field(page, f"/sources/{index}/language").select_option(lang)
        field(page, f"/sources/{index}/publisher").fill("The Daily Form")
        field(page, f"/sources/{index}/date").fill(f"2019-03-0{index + 1}")
        field(page, f"/sources/{index}/url").fill(f"https://example.org/{index}?a=1&b=2")
    page.locator(".cb-field__choices input[value='apology']").check()
    field(page, "/related").fill(EXISTING)


def scaffold_order() -> list[str]:
    """Field names in the order ``casebook new`` writes them, commented-out ones included."""
    text = (PACKAGE_DIR / "templates/scaffold/case.yaml.j2").read_text(encoding="utf-8")
    return list(dict.fromkeys(re.findall(r"^[ #-]*([a-z_]+):(?: |$)", text, flags=re.MULTILINE)))


def keys_in_order(text: str) -> list[str]:
    return list(dict.fromkeys(re.findall(r"^[ -]*([a-z_]+):(?: |$)", text, flags=re.MULTILINE)))


def test_form_writes_new_cases_that_check_accepts_and_build(
    page: Page, site_url: str, tmp_path: Path
) -> None:
    files = {}
    for lang, prefix in LANGUAGES.items():
        case_id = f"form-made-case-{lang}"
        page.goto(f"{site_url}{prefix}propose/")
        page.evaluate("localStorage.clear()")
        page.reload()
        fill_new_case(page, lang, case_id)
        wait_valid(page, lang)
        text = yaml_text(page)
        # The file as casebook new lays it out: the schema line, then the fields in its order.
        assert text.startswith(
            "# yaml-language-server: $schema=../plugins/casebook/schemas/case.schema.json\n"
        )
        order = scaffold_order()
        keys = [key for key in keys_in_order(text) if key not in ("en", "it")]
        assert keys == [key for key in order if key in keys], keys
        with page.expect_download() as download:
            page.get_by_role("link", name=t("download", lang, file=f"{case_id}.yaml")).click()
        assert download.value.suggested_filename == f"{case_id}.yaml"
        assert Path(download.value.path()).read_text(encoding="utf-8") == text
        data = yaml.safe_load(text)
        assert data["country"] == "NO" and len(data["moments"]) == 2 and len(data["sources"]) == 2
        assert data["title"][lang].startswith("A form-made case <b>")
        assert data["moments"][0]["text"][lang] == "Moment 1: - not a list\n\n* a list"
        files[f"{case_id}.yaml"] = text
    # Both numbers are the next free one: two proposals at once would clash; one is checked at a time.
    for name, text in files.items():
        result = check(tmp_path / "check", {name: text})
        assert result.returncode == 0, result.stdout + result.stderr
    # And they build into pages (the second with the number after the first).
    second = list(files)[1]
    files[second] = files[second].replace(
        f"number: {yaml.safe_load(files[second])['number']}",
        f"number: {yaml.safe_load(files[second])['number'] + 1}",
    )
    project = tmp_path / "project"
    for name in PROJECT_FOLDERS:
        shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    for name, text in files.items():
        (project / "cases" / name).write_text(text, encoding="utf-8")
    result = run_build(project, tmp_path / "site", "--strict")
    assert result.returncode == 0, result.output
    for lang, prefix in LANGUAGES.items():
        html = result.html(f"{prefix}cases/form-made-case-{lang}/")
        assert "A form-made case <b>" in html.h1.get_text()
        assert html.h1.find("b") is None


def test_fields_carry_the_taxonomy_in_the_page_language(page: Page, site_url: str) -> None:
    taxonomy = load_taxonomy(TAXONOMY_DIR)
    for lang, prefix in LANGUAGES.items():
        page.goto(f"{site_url}{prefix}propose/")
        stage = field(page, "/moments/0/stage")
        labels = stage.locator("option").all_text_contents()[1:]
        assert labels == [term.label.get(lang, "en") for term in taxonomy.stages]
        stage.select_option("buy")
        definition = page.locator(".cb-field:has(> [name='/moments/0/stage']) .cb-field__definition")
        expect(definition).to_have_text(taxonomy.kind("stages")["buy"].description.get(lang, "en"))
        tags = page.locator(".cb-field__choices label").all_text_contents()
        assert tags == [term.label.get(lang, "en") for term in taxonomy.tags]


def draft(page: Page, site_url: str, prefix: str, data: dict[str, Any]) -> None:
    """Put ``data`` in the form as a draft kept from an earlier visit, and reload."""
    page.goto(f"{site_url}{prefix}propose/")
    page.evaluate(
        "([key, state]) => localStorage.setItem(key, JSON.stringify({state, editing: ''}))",
        [DRAFT_KEY, data],
    )
    page.reload()


def as_the_form_reads(text: str) -> dict[str, Any]:
    """A case file's data as the form holds it: dates as the text they are written as."""

    def dated(value: Any) -> Any:
        if isinstance(value, dict):
            return {key: dated(item) for key, item in value.items()}
        if isinstance(value, list):
            return [dated(item) for item in value]
        return value.isoformat() if isinstance(value, datetime.date) else value

    return dict(dated(yaml.safe_load(text)))


def existing_case(case_id: str = EXISTING) -> dict[str, Any]:
    """A case of the library as the form reads it, to stand in for a new proposal: its translation a
    draft again, since only a case already reviewed on the site may say reviewed."""
    data = as_the_form_reads((ROOT / "cases" / f"{case_id}.yaml").read_text(encoding="utf-8"))
    data["translations"] = dict.fromkeys(data.get("translations", {}), "draft")
    return data


@pytest.mark.parametrize("lang", LANGUAGES)
def test_wrong_values_show_an_error_at_their_field_in_the_page_language(
    page: Page, site_url: str, lang: str
) -> None:
    data = existing_case()
    future = (datetime.date.today() + datetime.timedelta(days=40)).isoformat()
    data["moments"][1]["stage"] = "teleport"
    data["sources"].append({**data["sources"][0], "url": "javascript:alert(1)"})
    data["sources"][0]["date"] = future
    data["old_ids"] = ["amazon-uk-preorder-missed-launch"]  # another case's address
    del data["summary"]["en"]  # the case's language
    draft(page, site_url, LANGUAGES[lang], data)
    english = "English" if lang == "en" else "inglese"
    summary = page.locator("fieldset:has([name='/summary/en']) > .cb-field__error")
    expect(summary).to_have_text(t("error.original_missing", lang, language=english))
    expect(error_at(page, "/id")).to_have_text(t("error.duplicate_id", lang, value=EXISTING))
    expect(error_at(page, "/moments/1/stage")).to_have_text(t("error.unknown_term", lang, value="teleport"))
    expect(error_at(page, "/sources/0/date")).to_have_text(t("error.future_date", lang, value=future))
    expect(error_at(page, "/sources/1/url")).to_have_text(t("error.url", lang))
    old = "amazon-uk-preorder-missed-launch"
    expect(error_at(page, "/old_ids")).to_have_text(t("error.old_id_taken", lang, value=old, case=old))
    expect(page.locator(".cb-propose__problems")).to_have_text(LABELS.n("propose.output.errors", lang, 6))
    # Typed ones too, as the contributor types them; and nothing can be sent meanwhile.
    field(page, "/id").fill("Not A Slug")
    expect(error_at(page, "/id")).to_have_text(t("error.slug", lang, example="example-case-id"))
    field(page, "/when").fill("2023-02-30")
    expect(error_at(page, "/when")).to_have_text(t("error.not_a_date", lang, value="2023-02-30"))
    assert page.locator(".cb-propose__actions a[aria-disabled='true']").count() == 2
    assert page.locator(".cb-propose__actions button").is_disabled()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_form_refuses_reserved_ids_and_characters_the_site_cannot_carry(
    page: Page, site_url: str, lang: str
) -> None:
    """The same ids and characters as casebook check (casebook.model.ids, loader.characters)."""
    data = existing_case()
    data.update(id="index", title={**data["title"], "en": "A line\vbreak from Word"})
    data["company"]["id"] = "page"
    draft(page, site_url, LANGUAGES[lang], data)
    expect(error_at(page, "/id")).to_have_text(t("error.reserved_id", lang, value="index"))
    expect(error_at(page, "/company/id")).to_have_text(t("error.reserved_id", lang, value="page"))
    expect(error_at(page, "/title/en")).to_have_text(t("error.character", lang, code="U+000B"))
    # The id the form suggests from a title is never a reserved one.
    field(page, "/id").fill("")
    field(page, "/title/en").fill("Index")
    suggested = page.locator(".cb-field:has(> [name='/id']) .cb-field__suggest")
    expect(suggested).to_have_attribute("data-value", "index-2")


def github_link(page: Page, lang: str) -> tuple[str, dict[str, list[str]]]:
    """The GitHub button's address without its query, and its query."""
    link = page.get_by_role("link", name=t("github.new", lang))
    url = urlparse(str(link.get_attribute("href")))
    return f"{url.scheme}://{url.netloc}{url.path}", parse_qs(url.query, strict_parsing=True)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_github_link_carries_the_file_name_and_content(page: Page, site_url: str, lang: str) -> None:
    data = existing_case()
    data.update(id="a-new-case-from-the-form", summary={"en": "Short — “quoted” & 100% <b>kept</b>."})
    data.update(moments=data["moments"][:1], lessons=[], questions=[])
    draft(page, site_url, LANGUAGES[lang], data)
    wait_valid(page, lang)
    address, query = github_link(page, lang)
    assert address == f"{REPO_URL}/new/main/cases"
    assert query["filename"] == ["a-new-case-from-the-form.yaml"]
    assert query["value"] == [yaml_text(page)]
    assert yaml.safe_load(query["value"][0])["summary"]["en"] == "Short — “quoted” & 100% <b>kept</b>."
    expect(page.get_by_text(t("github.new.help", lang))).to_be_visible()


def test_a_file_too_long_for_an_address_goes_to_github_by_the_clipboard(page: Page, site_url: str) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    data = existing_case()
    data.update(id="a-new-case-from-the-form")
    draft(page, site_url, "", data)
    wait_valid(page, "en")
    address, query = github_link(page, "en")
    # GitHub answers 414 to addresses over 8,191 bytes: the name goes, the file is copied.
    assert (address, query) == (f"{REPO_URL}/new/main/cases", {"filename": ["a-new-case-from-the-form.yaml"]})
    expect(page.get_by_text(t("github.new.long", "en"))).to_be_visible()
    # The click opens GitHub in a new tab: answered here, so the test reaches no other host.
    page.context.route(f"{REPO_URL}/**", lambda route: route.fulfill(body="GitHub"))
    with page.context.expect_page() as opened:
        page.get_by_role("link", name=t("github.new", "en")).click()
    opened.value.close()
    assert page.evaluate("navigator.clipboard.readText()") == yaml_text(page)


CORRECTED = sorted(path.stem for path in (ROOT / "cases").glob("*.yaml"))[::4]


def test_a_case_loaded_and_saved_unchanged_is_the_same_file(
    page: Page, site_url: str, tmp_path: Path
) -> None:
    # Every case, byte for byte, runs under Node in test_case_yaml.py; here a sample, as people do it.
    files = {}
    for case_id in CORRECTED:
        page.goto(f"{site_url}it/propose/?case={case_id}")
        wait_valid(page, "it")
        text = yaml_text(page)
        original = (ROOT / "cases" / f"{case_id}.yaml").read_text(encoding="utf-8")
        assert text == original, case_id
        with page.expect_download() as download:
            page.get_by_role("link", name=t("download", "it", file=f"{case_id}.yaml")).click()
        assert Path(download.value.path()).read_bytes() == original.encode("utf-8"), case_id
        files[f"{case_id}.yaml"] = text
    # A correction goes to the case's own file on GitHub, not to a new one.
    link = page.get_by_role("link", name=t("github.edit", "it"))
    assert link.get_attribute("href") == f"{REPO_URL}/edit/main/cases/{CORRECTED[-1]}.yaml"
    result = check(tmp_path, files)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_case_page_opens_its_case_in_the_form(page: Page, site_url: str) -> None:
    for lang, prefix in LANGUAGES.items():
        page.goto(f"{site_url}{prefix}cases/{EXISTING}/")
        page.get_by_role("link", name=LABELS.t("propose.suggest", lang)).click()
        expect(field(page, "/id")).to_have_value(EXISTING)
        expect(field(page, "/id")).not_to_be_editable()
        expect(page.locator("h1")).to_contain_text(LABELS.t("propose.title", lang))


def test_the_draft_survives_a_reload_and_can_be_cleared(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}propose/")
    page.evaluate("localStorage.clear()")
    page.reload()
    field(page, "/title/en").fill("Kept across reloads")
    page.wait_for_timeout(300)
    page.reload()
    expect(field(page, "/title/en")).to_have_value("Kept across reloads")
    # The draft is all the form keeps, as the publisher page says: no cookie, nothing per session.
    stored = page.evaluate("[Object.keys(localStorage), Object.keys(sessionStorage)]")
    assert [key for key in stored[0] if not key.endswith("__palette")] == [DRAFT_KEY] and stored[1] == []
    assert page.context.cookies() == []
    for lang, words in {
        "en": "keeps your draft in its local storage",
        "it": "conserva anche la vostra bozza",
    }.items():
        text = " ".join(
            (ROOT / "docs" / LANGUAGES[lang] / "publisher.md").read_text(encoding="utf-8").split()
        )
        assert words in text
    page.get_by_role("button", name=t("clear", "en")).click()
    expect(field(page, "/title/en")).to_have_value("")
    page.reload()
    expect(field(page, "/title/en")).to_have_value("")
    assert page.evaluate(f"localStorage.getItem('{DRAFT_KEY}')") is None


def test_poisoned_case_shows_no_live_markup_in_the_form(page: Page, site_url: str, tmp_path: Path) -> None:
    text = (ROOT / "cases" / f"{EXISTING}.yaml").read_text(encoding="utf-8")
    data = poison(yaml.safe_load(text))
    data["company"].update(name=SHORT, market=SHORT)
    data["sources"][0].update(author=PAYLOAD, publisher=PAYLOAD)
    (tmp_path / "cases").mkdir()
    (tmp_path / "cases" / f"{EXISTING}.yaml").write_text(
        text.splitlines()[0] + "\n" + yaml.safe_dump(data, allow_unicode=True), encoding="utf-8"
    )
    record = (tmp_path / "cases" / f"{EXISTING}.yaml").read_text(encoding="utf-8")
    assert EXISTING in load_cases(tmp_path / "cases", load_taxonomy(TAXONOMY_DIR)).cases
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: dialogs.append(dialog.message))
    page.route(f"**/propose/cases/{EXISTING}.yaml", lambda route: route.fulfill(body=record))
    page.goto(f"{site_url}propose/?case={EXISTING}")
    expect(field(page, "/title/en")).to_have_value(SHORT)
    # A one-line field shows the text without its line breaks, as any input does.
    expect(field(page, "/sources/0/publisher")).to_have_value(PAYLOAD.replace("\n", ""))
    assert yaml.safe_load(yaml_text(page))["summary"] == {"en": PAYLOAD, "it": PAYLOAD}
    # The same text as a draft (what a reload shows), and echoed by the messages next to fields:
    # a link to no case, an unknown field of a stored draft.
    field(page, "/company/id").fill("<img src=x onerror=alert(2)>")
    field(page, "/summary/en").fill(f"{PAYLOAD} [](case:{ECHOED})")
    expect(page.locator("#cb-propose")).to_have_attribute("data-state", "invalid")
    page.evaluate(
        """([key, field]) => {
          const saved = JSON.parse(localStorage.getItem(key));
          saved.state[field] = "x";
          localStorage.setItem(key, JSON.stringify(saved));
        }""",
        [f"{DRAFT_KEY}:{EXISTING}", ECHOED],
    )
    page.reload()
    expect(field(page, "/company/name")).to_have_value(SHORT)
    # The link's target as casebook check's parser reads it (markdown-it percent-encodes it).
    (target,) = case_link_targets(f"[](case:{ECHOED})")
    expect(error_at(page, "/summary/en")).to_contain_text(f"(case:{target})")
    expect(page.locator(".cb-propose__summary")).to_contain_text(ECHOED)
    page.wait_for_timeout(300)
    live = page.evaluate(
        """() => {
          const form = document.getElementById("cb-propose");
          const tags = [...form.querySelectorAll("script, img, iframe, object, embed, svg, style, b")];
          const handlers = [...form.querySelectorAll("*")].flatMap(
            (node) => [...node.attributes].filter((a) => a.name.startsWith("on")).map((a) => a.name));
          return {tags: tags.map((node) => node.tagName), handlers};
        }"""
    )
    assert live == {"tags": [], "handlers": []}
    assert dialogs == []


def test_the_form_page_asks_no_other_host(page: Page, site_url: str) -> None:
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(urlparse(request.url).netloc))
    page.goto(f"{site_url}it/propose/?case={EXISTING}", wait_until="networkidle")
    wait_valid(page, "it")
    assert hosts == {urlparse(site_url).netloc}


def test_the_vendored_validator_is_the_schema_compiled_now(tmp_path: Path) -> None:
    """The form's validator, compiled ahead (no eval), is what the schema and Ajv give today."""
    if not (ROOT / "node_modules/ajv/package.json").is_file():
        pytest.fail("node_modules is missing: run make node_modules")
    fresh = tmp_path / "case-validator.js"
    subprocess.run(["node", str(ROOT / "tools/case-validator.mjs"), str(fresh)], check=True, cwd=ROOT)
    vendored = PACKAGE_DIR / "templates/theme/assets/javascripts/vendor/case-validator.js"
    assert vendored.read_bytes() == fresh.read_bytes(), "run make vendor"


def test_the_vendored_libraries_are_a_fresh_build(tmp_path: Path) -> None:
    """yaml and markdown-it as the form runs them: what npm's locked versions bundle to today."""
    if not (ROOT / "node_modules/yaml/package.json").is_file():
        pytest.fail("node_modules is missing: run make node_modules")
    subprocess.run(["node", str(ROOT / "tools/vendor-libraries.mjs"), str(tmp_path)], check=True, cwd=ROOT)
    vendor = PACKAGE_DIR / "templates/theme/assets/javascripts/vendor"
    for name in ("yaml.js", "yaml.LICENSE.txt", "markdown-it.js", "markdown-it.LICENSE.txt"):
        assert (vendor / name).read_bytes() == (tmp_path / name).read_bytes(), f"{name}: run make vendor"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_form_has_no_serious_axe_violations(page: Page, site_url: str, lang: str) -> None:
    # With messages showing: a draft with a duplicate id and a source without a title.
    data = existing_case()
    data["sources"][0]["title"] = {}
    draft(page, site_url, LANGUAGES[lang], data)
    expect(page.locator("#cb-propose")).to_have_attribute("data-state", "invalid")
    blocking = blocking_violations(page)
    assert not blocking, format_violations(page.url, blocking)


def test_without_a_repository_address_there_is_no_github_link(page: Page, site_url: str) -> None:
    # The page as a build without CASEBOOK_REPO_URL writes it: no new-file address, no edit address.
    def without_repository(route: Any) -> None:
        body = route.fetch().text()
        assert f'"new_case_url": "{REPO_URL}/new/main/cases"' in body
        body = body.replace(f'"new_case_url": "{REPO_URL}/new/main/cases"', '"new_case_url": ""')
        body = body.replace(f'"edit_url": "{REPO_URL}/edit/main/{{path}}"', '"edit_url": ""')
        route.fulfill(body=body, content_type="text/html")

    page.route("**/propose/?case=*", without_repository)
    page.goto(f"{site_url}propose/?case={EXISTING}")
    wait_valid(page, "en")
    github = page.locator(".cb-propose__actions a[target='_blank']")
    expect(github).to_be_hidden()
    assert github.get_attribute("href") is None
    expect(page.get_by_text(t("github.none", "en"))).to_be_visible()


def test_a_draft_of_another_shape_gives_an_empty_form(page: Page, site_url: str) -> None:
    draft(page, site_url, "", {"moments": "not a list", "title": 7})
    expect(page.locator("#cb-propose")).to_have_attribute("data-state", "invalid")
    expect(field(page, "/moments/0/stage")).to_have_value("")
    assert page.evaluate(f"localStorage.getItem('{DRAFT_KEY}')") is None


def test_moments_move_and_go_one_by_one(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}it/propose/?case={EXISTING}")
    wait_valid(page, "it")
    stages = [moment["stage"] for moment in existing_case()["moments"]]
    title = t("field.moments.item", "it", number=1)
    page.get_by_role("button", name=f"{t('move_down', 'it')}: {title}").click()
    expect(field(page, "/moments/0/stage")).to_have_value(stages[1])
    expect(field(page, "/moments/1/stage")).to_have_value(stages[0])
    # The keyboard stays with the moved moment.
    focused = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert focused == f"{t('move_down', 'it')}: {t('field.moments.item', 'it', number=2)}"
    page.get_by_role("button", name=f"{t('remove', 'it')}: {title}").click()
    expect(field(page, "/moments/0/stage")).to_have_value(stages[0])
    assert page.locator("[name$='/stage']").count() == len(stages) - 1
    wait_valid(page, "it")
    assert [m["stage"] for m in yaml.safe_load(yaml_text(page))["moments"]] == [stages[0], *stages[2:]]
