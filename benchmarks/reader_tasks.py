#!/usr/bin/env python3
"""Reader tasks: what a reader does to find cases, counted in taps (or clicks) and seconds.

Each task is done the way a person does it, in headless Chromium, on a phone (390 x 844,
by touch) and on a desktop (1366 x 800, with the mouse), in both languages, on the real
library built as published. A task ends when its first result is *seen*: hit-tested with
``document.elementFromPoint`` (``tests/seen.py``), so an element at opacity 0, off screen
or under another does not count, and nothing is scrolled to find it.

For each run the script prints the taps or clicks (typing is shown apart: a word typed
is not a tap), and the seconds from opening the first page to the first result seen.
The values each task looks for come from the built site's ``cases.json``.

    . .venv/bin/activate
    python benchmarks/reader_tasks.py                 # builds the site into a temporary folder
    python benchmarks/reader_tasks.py --site site/    # or uses a site built already

It is not part of ``make test``; the figures are on the benchmarks page.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from playwright.sync_api import Page, ViewportSize, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.seen import expect_seen, seen  # noqa: E402  (the tests' notion of what a person sees)

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
LANGUAGES = {"en": "", "it": "it/"}
#: Scroll the explorer's filters (the column on a desktop, the sheet on a phone) to an element
#: in them, the way a person scrolls that list; false for an element elsewhere.
SCROLL_FILTERS = """element => {
    const list = element.closest(".cb-explorer__filters");
    if (!list) return false;
    const box = element.getBoundingClientRect(), frame = list.getBoundingClientRect();
    if (box.top < frame.top || box.bottom > frame.bottom - 80) {
        list.scrollTop += box.top - frame.top - frame.height / 3;
    }
    return true;
}"""
#: The first result of the header's search box.
RESULT = ".md-search-result__item h1"
SCREENS: dict[str, ViewportSize] = {
    "phone": {"width": 390, "height": 844},
    "desktop": {"width": 1366, "height": 800},
}


@dataclass
class Reader:
    """A person at a screen: taps on a phone, clicks on a desktop, and counts them."""

    page: Page
    device: str
    base: str
    taps: int = 0
    typed: list[str] = field(default_factory=list)

    @property
    def phone(self) -> bool:
        return self.device == "phone"

    def open(self, path: str) -> None:
        self.page.goto(self.base + path)

    def press(self, selector: str) -> None:
        """One tap or click on what ``selector`` finds (which a person must see first)."""
        target = self.page.locator(selector).first
        target.wait_for(state="attached", timeout=30_000)
        # As a finger or a mouse wheel would: the filters' column or sheet scrolls, not the page.
        if not target.evaluate(SCROLL_FILTERS):
            target.scroll_into_view_if_needed()
        expect_seen(target, timeout=30_000)
        if self.phone:
            target.tap()
        else:
            target.click()
        self.taps += 1

    def type(self, text: str) -> None:
        self.page.keyboard.type(text, delay=40)
        self.typed.append(text)

    def search_box(self) -> None:
        """Into the header's search box: its icon on a phone, the box itself on a desktop."""
        self.press("label.md-header__button[for='__search']" if self.phone else "input.md-search__input")

    def filter(self, name: str, value: str) -> None:
        """Tick an explorer option: on a phone through the Filters sheet, on a desktop opening its list."""
        if self.phone and not self.page.locator(".cb-explorer--sheet").count():
            self.press(".cb-explorer__open-filters")
        details = self.page.locator(f"details.cb-facet[data-facet='{name}']")
        if details.count() and details.get_attribute("open") is None:
            self.press(f"details.cb-facet[data-facet='{name}'] > summary")
        self.press(f".cb-facet input[name='{name}'][value='{value}']")

    def choose(self, name: str, value: str) -> None:
        """Pick a value in a select: two taps, one to open it and one for the value."""
        if self.phone and not self.page.locator(".cb-explorer--sheet").count():
            self.press(".cb-explorer__open-filters")
        select = self.page.locator(f"select[name='{name}']")
        select.evaluate(SCROLL_FILTERS)
        select.select_option(value)
        self.taps += 2

    def close_filters(self) -> None:
        """On a phone, "Show N cases" closes the sheet."""
        if self.phone and self.page.locator(".cb-explorer--sheet").count():
            self.press(".cb-explorer__show")


@dataclass
class Task:
    """A reader's task: what they want, and what they do, until ``result`` is seen."""

    name: str
    steps: Callable[[Reader, str], None]
    #: What the reader looks for, or what it is in a language.
    result: str | Callable[[str], str]

    def looked_for(self, lang: str) -> str:
        return self.result if isinstance(self.result, str) else self.result(lang)


@dataclass
class Run:
    task: str
    lang: str
    device: str
    taps: int
    typed: str
    seconds: float
    seen: bool


def library(site: Path) -> list[dict[str, Any]]:
    return list(json.loads((site / "cases.json").read_text(encoding="utf-8"))["cases"])


def title_word(cases: list[dict[str, Any]], lang: str) -> tuple[str, str]:
    """A case id and a long word of its title that no other title or summary starts with."""
    for case in cases:
        others = " ".join(
            f"{other['title'][lang] or ''} {other['summary'][lang] or ''}"
            for other in cases
            if other is not case
        ).casefold()
        for word in sorted(re.findall(r"[^\W\d_]{7,}", case["title"][lang] or ""), key=len, reverse=True):
            if word.casefold()[:5] not in others:
                return case["id"], word
    raise SystemExit("no case has a title word of its own")


def tasks(cases: list[dict[str, Any]]) -> list[Task]:
    """The reader tasks, with their values taken from the library."""

    def support_calls(reader: Reader, lang: str) -> None:
        reader.open(f"{LANGUAGES[lang]}explore/")
        for name, value in (("cell", "get-support/phone"), ("moment", "failure"), ("sector", "airlines")):
            reader.filter(name, value)

    def title(reader: Reader, lang: str) -> None:
        reader.open(LANGUAGES[lang])
        reader.search_box()
        reader.type(title_word(cases, lang)[1])

    company = max(
        {case["company"]["name"] for case in cases},
        key=lambda name: sum(case["company"]["name"] == name for case in cases),
    )

    def by_company(reader: Reader, lang: str) -> None:
        reader.open(LANGUAGES[lang])
        reader.search_box()
        reader.type(company)

    def other_language(reader: Reader, lang: str) -> None:
        # A word of the other language only: "refund" on an Italian page, "rimborso" on an English one.
        reader.open(LANGUAGES[lang])
        reader.search_box()
        reader.type({"it": "refund", "en": "rimborso"}[lang])
        reader.press(".cb-search__other a")

    def miss(reader: Reader, lang: str) -> None:
        reader.open(LANGUAGES[lang])
        reader.search_box()
        reader.type("chitarra")

    years = sorted({case["when"][:4] for case in cases if case["when"] != "unknown"})

    def year_range(reader: Reader, lang: str) -> None:
        reader.open(f"{LANGUAGES[lang]}explore/")
        reader.choose("year_from", years[len(years) // 4])
        reader.choose("year_to", years[3 * len(years) // 4])
        reader.close_filters()

    def home_to_explorer(reader: Reader, lang: str) -> None:
        reader.open(LANGUAGES[lang])
        reader.press(".cb-entry a[href$='explore/']")

    def checkout_failures(reader: Reader, lang: str) -> None:
        reader.open(f"{LANGUAGES[lang]}explore/")
        for name, value in (("stage", "buy"), ("touchpoint", "website"), ("moment", "failure")):
            reader.filter(name, value)
        reader.close_filters()

    tag = max(
        {tag["id"] for case in cases for tag in case["tags"]},
        key=lambda tag_id: sum(tag_id in {tag["id"] for tag in case["tags"]} for case in cases),
    )

    def topic(reader: Reader, lang: str) -> None:
        reader.open(f"{LANGUAGES[lang]}explore/")
        reader.filter("tag", tag)
        reader.close_filters()

    def refine(reader: Reader, lang: str) -> None:
        reader.open(LANGUAGES[lang])
        reader.search_box()
        reader.type({"en": "refund", "it": "rimborso"}[lang])
        reader.press(".cb-search__explore")

    def where_it_failed(reader: Reader, lang: str) -> None:
        reader.open(f"{LANGUAGES[lang]}explore/?{urlencode({'moment': 'failure'})}")
        reader.press(".cb-card__moment--match .cb-card__moment-button")

    return [
        Task(
            "a case by a word of its title: the first result",
            title,
            lambda lang: (
                f".md-search-result__item:first-child a[href*='cases/{title_word(cases, lang)[0]}/'] h1"
            ),
        ),
        Task("the support calls that failed at an airline", support_calls, ".cb-card__title"),
        Task(
            f"the cases of the company with most cases ({company})", by_company, ".md-search-result__item h1"
        ),
        Task(
            "a word only the other language has, then its results there",
            other_language,
            ".md-search-result__item h1",
        ),
        Task("a word no case has ('chitarra'): the miss is said", miss, ".cb-search .md-search-result__meta"),
        Task("the cases of a range of years", year_range, ".cb-card__title"),
        Task("from the home page to the explorer's cases", home_to_explorer, ".cb-card__title"),
        Task("failures on the website at the buy stage", checkout_failures, ".cb-card__title"),
        Task(f"the cases of the most used topic ({tag})", topic, ".cb-card__title"),
        Task("words in the search box, refined in the explorer", refine, ".cb-card__title"),
        Task("where a failure happened, from a card's strip", where_it_failed, ".cb-card__moment-text"),
    ]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """Keep the output clean."""


@contextmanager
def serve(site: Path) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def measure(site: Path) -> list[Run]:
    runs = []
    cases = library(site)
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for task in tasks(cases):
            for lang in LANGUAGES:
                for device, viewport in SCREENS.items():
                    touch = device == "phone"
                    context = browser.new_context(viewport=viewport, is_mobile=touch, has_touch=touch)
                    reader = Reader(context.new_page(), device, base)
                    start = time.monotonic()
                    ok = True
                    try:
                        task.steps(reader, lang)
                        expect_seen(reader.page.locator(task.looked_for(lang)), timeout=30_000)
                    except Exception as error:  # a task that cannot be done is a finding, not a crash
                        print(f"  {task.name} [{lang}, {device}]: {error}".splitlines()[0], file=sys.stderr)
                        ok = seen(reader.page.locator(task.looked_for(lang)))
                    seconds = time.monotonic() - start
                    runs.append(
                        Run(task.name, lang, device, reader.taps, " + ".join(reader.typed), seconds, ok)
                    )
                    context.close()
        browser.close()
    return runs


def table(runs: list[Run]) -> str:
    lines = [
        "| task | language | device | taps or clicks | typed | seconds to the first result seen |",
        "| --- | --- | --- | ---: | --- | ---: |",
    ]
    for run in runs:
        seconds = f"{run.seconds:.2f}" if run.seen else "not seen"
        lines.append(
            f"| {run.task} | {run.lang} | {run.device} | {run.taps} | {run.typed or '-'} | {seconds} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--site", type=Path, help="a site built already (default: build one)")
    args = parser.parse_args(argv)
    if args.site:
        runs = measure(args.site.resolve())
    else:
        with tempfile.TemporaryDirectory(prefix="casebook-reader-") as scratch:
            site = Path(scratch) / "site"
            subprocess.run(
                [sys.executable, "-m", "mkdocs", "build", "-q", "--site-dir", str(site)], cwd=ROOT, check=True
            )
            runs = measure(site)
    print(table(runs))
    return 0 if all(run.seen for run in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
