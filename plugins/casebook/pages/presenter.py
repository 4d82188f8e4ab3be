"""What the presenter shows, as data a page carries: its cases, moments, lessons, questions and notes.

The presenter (``assets/javascripts/presenter.js``) builds its steps from this data and
sets every text with ``textContent``; the page template prints it with ``json_data`` in a
``<script type="application/json">``, which the browser never runs. Texts are plain
(contributor Markdown reduced to its words) in the page's language, and every label comes
from ``data/labels.yaml``: the script holds no text of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from babel.lists import format_list

from casebook.markup import excerpt
from casebook.model import Case, Localized
from casebook.model.workshop import Workshop, WorkshopCase
from casebook.pages.context import PageContext

#: No moment, lesson or note is this long: the presenter shows whole texts.
_ALL_WORDS = 100_000
#: The labels the presenter's script uses.
LABELS = (
    "presenter.dialog",
    "presenter.exit",
    "presenter.exit.label",
    "presenter.previous",
    "presenter.next",
    "presenter.reveal",
    "presenter.show_outcomes",
    "presenter.notes",
    "presenter.notes.label",
    "presenter.notes.blocked",
    "presenter.fullscreen",
    "presenter.step",
    "presenter.case",
    "presenter.moment",
    "presenter.hidden",
    "presenter.lessons",
    "presenter.questions",
    "presenter.timer",
    "presenter.timer.label",
    "presenter.keys",
    "presenter.notes.title",
    "presenter.notes.now",
    "workshop.notes.objectives",
    "workshop.notes.minutes",
    "workshop.notes.look_for",
    "workshop.notes.discussion",
    "workshop.notes.takeaway",
    "workshop.notes.draft",
)


def presenter_data(
    page: PageContext,
    cases: Sequence[tuple[WorkshopCase | None, Case]],
    workshop: Workshop | None = None,
) -> dict[str, Any]:
    """The presenter's data for a case page (one case, no workshop) or a workshop page."""

    def words(text: Localized, case: Case | None = None) -> str:
        return excerpt(page.plain(text, case), _ALL_WORDS)

    notes = workshop.notes if workshop else None
    data: dict[str, Any] = {
        "lang": page.lang,
        "labels": {key: page.t(key) for key in LABELS},
        "title": words(workshop.title) if workshop else words(cases[0][1].title, cases[0][1]),
        "objectives": [words(text) for text in notes.objectives] if notes else [],
        "draft": bool(notes and notes.translations.get(page.lang) == "draft"),
        "cases": [],
    }
    for item, case in cases:
        part = workshop.part_of(case.id) if workshop else None
        entry: dict[str, Any] = {
            "number": page.case_number(case),
            "title": words(case.title, case),
            "company": case.company.market or case.company.name,
            "moments": [
                {
                    "stage": page.label("stages", moment.stage),
                    "touchpoint": page.label("touchpoints", moment.touchpoint),
                    "outcome": moment.outcome,
                    "outcomeLabel": page.label("outcomes", moment.outcome),
                    "symbol": page.symbol(moment.outcome),
                    "text": words(moment.text, case),
                }
                for moment in case.moments
            ],
            "lessons": [words(lesson, case) for lesson in case.lessons],
            # A workshop asks its own questions about a case; a case page, the case's.
            "questions": [words(question) for question in item.questions]
            if item
            else [words(question, case) for question in case.questions],
            "part": None,
            "notes": None,
        }
        if part is not None and workshop is not None:
            entry["part"] = {
                "index": workshop.notes.plan.index(part) if workshop.notes else 0,
                "seconds": part.minutes * 60,
                "planned": page.n("workshop.minutes", part.minutes),
            }
        if item and item.notes:
            entry["notes"] = {
                "minutes": minutes_of(page, workshop, case.id) if workshop else "",
                "lookFor": [words(text) for text in item.notes.look_for],
                "discussion": [words(text) for text in item.notes.discussion],
                "takeaway": words(item.notes.takeaway),
            }
        data["cases"].append(entry)
    return data


def case_numbers(page: PageContext, workshop: Workshop, case_ids: Sequence[str]) -> str:
    """'case 2' or 'cases 1 and 2': the cases of a part of the plan, by their place in the session."""
    places = [page.number(workshop.case_number(case_id)) for case_id in case_ids]
    numbers = format_list(places, locale=page.lang)
    return page.n("workshop.timings.cases", len(case_ids), numbers=numbers)


def minutes_of(page: PageContext, workshop: Workshop, case_id: str) -> str:
    """A case's time in the plan: "20 minutes", or "25 minutes, together with case 2"."""
    part = workshop.part_of(case_id)
    if part is None:
        return ""
    minutes = page.n("workshop.minutes", part.minutes)
    others = [other for other in part.case_ids if other != case_id]
    if not others:
        return minutes
    return page.t("workshop.notes.shared", minutes=minutes, cases=case_numbers(page, workshop, others))
