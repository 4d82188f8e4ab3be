"""The presenter, as a trainer uses it: Present, keys and clicker keys, a swipe and a tap on a
phone, the step in the address, outcomes hidden until revealed, the notes window, the timer,
and focus back on the Present control on exit; no policy violation, no other host."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
import yaml
from casebook.i18n import load_labels
from casebook.loader import load_taxonomy
from casebook.resources import PACKAGE_DIR, TAXONOMY_DIR
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.conftest import ROOT, BuildResult
from tests.seen import expect_seen, seen
from tests.test_a11y import blocking_violations, format_violations
from tests.test_browser import browser, serve  # noqa: F401  (fixtures)
from tests.test_policy import RECORD_VIOLATIONS

pytestmark = pytest.mark.browser

LABELS = load_labels()
OUTCOMES = load_taxonomy(TAXONOMY_DIR).kind("outcomes")
LANGS = {"en": "", "it": "it/"}
#: The workshop whose plan has a part with two cases (the timer runs on across them).
WORKSHOP = "recovering-after-a-service-outage"
DESKTOP = {"viewport": {"width": 1920, "height": 1080}}
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "has_touch": True,
    "is_mobile": True,
    "device_scale_factor": 2,
}


def load(folder: str, item_id: str) -> dict[str, Any]:
    return yaml.safe_load((ROOT / folder / f"{item_id}.yaml").read_text(encoding="utf-8"))


def case_steps(case: dict[str, Any], questions: list[Any]) -> int:
    """Title, each moment, the lessons and the questions, as the presenter counts them."""
    return 1 + len(case["moments"]) + bool(case.get("lessons")) + bool(questions)


def workshop_steps(workshop: dict[str, Any]) -> list[int]:
    return [case_steps(load("cases", item["case"]), item["questions"]) for item in workshop["cases"]]


@pytest.fixture(scope="module")
def site_url(built_site: BuildResult) -> Iterator[str]:
    yield from serve(built_site.site)


class Room:
    """A browser tab in a room: the page, the requests it made and its policy violations."""

    def __init__(self, browser: Browser, **options: Any) -> None:  # noqa: F811
        self.context: BrowserContext = browser.new_context(**options)
        self.context.add_init_script(RECORD_VIOLATIONS)
        self.hosts: set[str] = set()
        self.context.on("request", lambda request: self.hosts.add(urlparse(request.url).netloc))
        self.page: Page = self.context.new_page()

    def at(self, step: int | None) -> None:
        """Wait for the address to name ``step`` (None: no step); the page updates it as it goes."""
        expect(self.page).to_have_url(re.compile(f"#step-{step}$" if step else r"^[^#]*$"))

    def dialog(self):  # type: ignore[no-untyped-def]
        return self.page.locator(".cb-presenter")

    def check_clean(self, site_url: str) -> None:
        assert self.page.evaluate("window.__violations") == []
        assert self.hosts <= {urlparse(site_url).netloc}, self.hosts
        self.context.close()


@pytest.fixture
def room(browser: Browser) -> Iterator[Room]:  # noqa: F811
    room = Room(browser, **DESKTOP)
    yield room


def outcome_hit(page: Page) -> str:
    """The text a person sees where the outcome is: hit-test the middle of its box."""
    return page.evaluate(
        """() => {
        const box = document.querySelector(".cb-presenter__outcome").getBoundingClientRect();
        const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
        return hit.closest("p").textContent;
    }"""
    )


@pytest.mark.parametrize("lang", LANGS)
def test_a_workshop_steps_through_its_cases_with_keys_and_outcomes_hidden_until_revealed(
    room: Room, site_url: str, lang: str
) -> None:
    workshop = load("workshops", WORKSHOP)
    first = load("cases", workshop["cases"][0]["case"])
    second = load("cases", workshop["cases"][1]["case"])
    counts = workshop_steps(workshop)
    total = sum(counts)
    page = room.page
    page.goto(f"{site_url}{LANGS[lang]}workshops/{WORKSHOP}/")
    present = page.locator("#cb-present")
    expect(present).to_have_text(LABELS.t("presenter.present", lang))
    present.click()
    expect_seen(room.dialog())
    assert page.evaluate("document.fullscreenElement === document.querySelector('.cb-presenter')")
    room.at(1)
    expect(page.locator(".cb-presenter__title")).to_have_text(first["title"][lang])
    expect(page.locator(".cb-presenter__count")).to_have_text(
        LABELS.t("presenter.step", lang, step=1, total=total)
    )
    # The quiet timer: this part's minutes from the plan (cases 1 and 2 share 25).
    minutes = LABELS.n("workshop.minutes", lang, workshop["notes"]["plan"][1]["minutes"])
    expect(page.locator(".cb-presenter__timer")).to_contain_text(minutes)
    assert page.locator(".cb-presenter__live").get_attribute("aria-live") == "polite"

    # A moment: stage and touchpoint, the outcome hidden until revealed.
    page.keyboard.press("ArrowRight")
    room.at(2)
    moment = first["moments"][0]
    outcome = OUTCOMES[moment["outcome"]]
    expect_seen(page.locator(".cb-presenter__outcome--hidden"))
    assert outcome_hit(page).strip() == f"? {LABELS.t('presenter.hidden', lang)}"
    assert not seen(page.locator(f".cb-presenter__outcome--{moment['outcome']}"))
    expect(page.locator(".cb-presenter__live")).to_contain_text(
        LABELS.t("presenter.step", lang, step=2, total=total)
    )
    page.keyboard.press(" ")  # Space reveals first, as a slide build does
    room.at(2)
    expect_seen(page.locator(f".cb-presenter__outcome--{moment['outcome']}"))
    assert outcome_hit(page).strip() == f"{outcome.symbol} {outcome.label.texts[lang]}"

    page.keyboard.press("PageDown")  # a clicker
    room.at(3)
    page.keyboard.press("PageUp")
    room.at(2)
    expect_seen(page.locator(f".cb-presenter__outcome--{moment['outcome']}"))  # as it was left
    page.keyboard.press("Shift+Space")
    room.at(1)
    page.keyboard.press("End")
    room.at(total)
    expect(page.locator(".cb-presenter__heading")).to_have_text(LABELS.t("presenter.questions", lang))
    page.keyboard.press("Home")
    room.at(1)

    # The workshop goes on to its next case.
    target = LABELS.t("presenter.step", lang, step=counts[0] + 1, total=total)
    for _ in range(2 * counts[0]):
        if page.locator(".cb-presenter__count").text_content() == target:
            break
        page.keyboard.press("ArrowRight")
    room.at(counts[0] + 1)
    expect(page.locator(".cb-presenter__title")).to_have_text(second["title"][lang])
    expect(page.locator(".cb-presenter__where")).to_contain_text(
        LABELS.t("presenter.case", lang, number=2, total=len(workshop["cases"]))
    )

    page.keyboard.press("Escape")
    expect(room.dialog()).to_have_count(0)
    assert page.evaluate("document.fullscreenElement") is None
    assert page.evaluate("document.activeElement.id") == "cb-present"
    room.at(None)
    room.check_clean(site_url)


@pytest.mark.parametrize("lang", LANGS)
def test_a_reload_or_a_shared_link_resumes_at_its_step(room: Room, site_url: str, lang: str) -> None:
    workshop = load("workshops", WORKSHOP)
    total = sum(workshop_steps(workshop))
    page = room.page
    page.goto(f"{site_url}{LANGS[lang]}workshops/{WORKSHOP}/#step-4")
    expect_seen(room.dialog())
    expect(page.locator(".cb-presenter__count")).to_have_text(
        LABELS.t("presenter.step", lang, step=4, total=total)
    )
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    room.at(5)
    page.reload()
    expect_seen(room.dialog())
    expect(page.locator(".cb-presenter__count")).to_have_text(
        LABELS.t("presenter.step", lang, step=5, total=total)
    )
    # Full screen needs a gesture: a resumed presenter offers it as a button.
    expect_seen(page.get_by_role("button", name=LABELS.t("presenter.fullscreen", lang), exact=True))
    room.check_clean(site_url)


@pytest.mark.parametrize("lang", LANGS)
def test_outcomes_can_show_at_once(room: Room, site_url: str, lang: str) -> None:
    case_id = load("workshops", WORKSHOP)["cases"][0]["case"]
    moment = load("cases", case_id)["moments"][0]
    page = room.page
    page.goto(f"{site_url}{LANGS[lang]}cases/{case_id}/")
    page.locator("#cb-present").click()
    page.get_by_label(LABELS.t("presenter.show_outcomes", lang)).check()
    page.locator(".cb-presenter__slide").focus()
    page.keyboard.press("ArrowRight")
    room.at(2)
    expect_seen(page.locator(f".cb-presenter__outcome--{moment['outcome']}"))
    assert not seen(page.get_by_role("button", name=LABELS.t("presenter.reveal", lang), exact=True))
    room.check_clean(site_url)


def swipe(page: Page, context: BrowserContext, left: bool) -> None:
    """A finger across the screen, as Chromium's touch input delivers it."""
    cdp = context.new_cdp_session(page)
    y = 400
    xs = [320, 240, 160, 80] if left else [80, 160, 240, 320]
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": xs[0], "y": y}]})
    for x in xs[1:]:
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x, "y": y}]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    cdp.detach()


@pytest.mark.parametrize("lang", LANGS)
def test_on_a_phone_a_tap_presents_and_a_swipe_steps(browser: Browser, site_url: str, lang: str) -> None:  # noqa: F811
    room = Room(browser, **PHONE)
    case_id = "boots-leappad-out-of-stock"
    case = load("cases", case_id)
    page = room.page
    page.goto(f"{site_url}{LANGS[lang]}cases/{case_id}/")
    page.locator("#cb-present").tap()
    expect_seen(room.dialog())
    expect(page.locator(".cb-presenter__title")).to_have_text(case["title"][lang])
    swipe(page, room.context, left=True)
    room.at(2)
    expect_seen(page.locator(".cb-presenter__outcome--hidden"))
    swipe(page, room.context, left=True)  # reveals
    expect_seen(page.locator(f".cb-presenter__outcome--{case['moments'][0]['outcome']}"))
    swipe(page, room.context, left=True)
    room.at(3)
    swipe(page, room.context, left=False)
    room.at(2)
    next_button = page.locator(".cb-presenter__next")
    expect(next_button).to_contain_text(LABELS.t("presenter.next", lang))
    next_button.tap()
    room.at(3)
    exit_button = page.get_by_role("button", name=LABELS.t("presenter.exit.label", lang), exact=True)
    expect_seen(exit_button)
    exit_button.tap()
    expect(room.dialog()).to_have_count(0)
    assert page.evaluate("document.activeElement.id") == "cb-present"
    room.check_clean(site_url)


@pytest.mark.parametrize("lang", LANGS)
def test_the_notes_window_shows_the_case_on_screen_and_the_room_never_sees_notes(
    room: Room, site_url: str, lang: str
) -> None:
    workshop = load("workshops", WORKSHOP)
    notes = [item["notes"] for item in workshop["cases"]]
    page = room.page
    page.goto(f"{site_url}{LANGS[lang]}workshops/{WORKSHOP}/")
    page.locator("#cb-present").click()
    with room.context.expect_page() as opened:
        page.get_by_role("button", name=LABELS.t("presenter.notes.label", lang), exact=True).click()
    window = opened.value
    expect(window.locator("main")).to_contain_text(notes[0]["takeaway"][lang])
    expect(window.locator("main")).to_contain_text(notes[0]["look_for"][0][lang])
    expect(window.locator("main")).to_contain_text(workshop["notes"]["objectives"][0][lang])
    assert window.evaluate("document.documentElement.lang") == lang
    # Only in the notes window: never on the audience's screen.
    for item in notes:
        assert item["takeaway"][lang] not in room.dialog().inner_text()
    page.bring_to_front()
    page.locator(".cb-presenter__slide").focus()
    page.keyboard.press("End")
    expect(window.locator("main")).to_contain_text(notes[-1]["takeaway"][lang])
    page.keyboard.press("Escape")
    for _ in range(50):
        if window.is_closed():
            break
        page.wait_for_timeout(100)
    assert window.is_closed()
    room.check_clean(site_url)


@pytest.mark.parametrize("lang", LANGS)
def test_a_case_page_presents_its_own_lessons_and_questions(room: Room, site_url: str, lang: str) -> None:
    case_id = "boots-leappad-out-of-stock"
    case = load("cases", case_id)
    total = case_steps(case, case.get("questions", []))
    page = room.page
    page.goto(f"{site_url}{LANGS[lang]}cases/{case_id}/")
    page.locator("#cb-present").click()
    page.keyboard.press("End")
    room.at(total)
    last = "presenter.questions" if case.get("questions") else "presenter.lessons"
    expect(page.locator(".cb-presenter__heading")).to_have_text(LABELS.t(last, lang))
    # A case page has no plan: no timer, no notes window.
    assert not seen(page.locator(".cb-presenter__timer"))
    assert not seen(page.get_by_role("button", name=LABELS.t("presenter.notes.label", lang), exact=True))
    room.check_clean(site_url)


def test_printing_leaves_out_the_present_control_and_the_teaching_notes(room: Room, site_url: str) -> None:
    page = room.page
    page.goto(f"{site_url}workshops/{WORKSHOP}/")
    expect_seen(page.locator("#cb-present"))
    page.locator("details.cb-teaching-notes > summary").click()
    expect_seen(page.locator(".cb-teaching-notes__case").first)
    page.emulate_media(media="print")
    for selector in ("#cb-present", "details.cb-teaching-notes"):
        assert (
            page.locator(selector).evaluate(
                "node => getComputedStyle(node.closest('.cb-present, details')).display"
            )
            == "none"
        )
    room.check_clean(site_url)


def test_the_presenter_script_is_a_fresh_bundle_of_its_modules(tmp_path: Path) -> None:
    fresh = tmp_path / "presenter.js"
    subprocess.run(["node", str(ROOT / "tools/presenter.mjs"), str(fresh)], check=True, cwd=tmp_path)
    shipped = PACKAGE_DIR / "templates/theme/assets/javascripts/presenter.js"
    assert shipped.read_bytes() == fresh.read_bytes(), "run make vendor"


@pytest.mark.parametrize("lang", LANGS)
def test_the_presenter_passes_axe_on_a_4_3_projector(browser: Browser, site_url: str, lang: str) -> None:  # noqa: F811
    """Contrast (WCAG AA) and names of the presenter's screen, outcome hidden and revealed."""
    room = Room(browser, viewport={"width": 1024, "height": 768})
    page = room.page
    page.goto(f"{site_url}{LANGS[lang]}workshops/{WORKSHOP}/#step-3")
    expect_seen(page.locator(".cb-presenter__outcome--hidden"))
    blocking = blocking_violations(page)
    assert not blocking, format_violations(page.url, blocking)
    page.locator(".cb-presenter__reveal").click()
    expect_seen(page.locator(".cb-presenter__outcome:not(.cb-presenter__outcome--hidden)"))
    blocking = blocking_violations(page)
    assert not blocking, format_violations(page.url, blocking)
    room.check_clean(site_url)
