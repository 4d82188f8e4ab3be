"""A case: one company's service, moment by moment."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

from casebook.errors import FieldPath, format_field
from casebook.model.dates import PartialDate
from casebook.model.text import Localized


@dataclass(frozen=True)
class Company:
    """The company a case is about, and the brand or market involved."""

    id: str
    name: str
    market: str = ""


@dataclass(frozen=True)
class Moment:
    """One step of a case: where in the journey, through which touchpoint, and how it went."""

    position: int
    stage: str
    touchpoint: str
    outcome: str
    text: Localized


@dataclass(frozen=True)
class Source:
    """Where facts come from. Everything the source does not say stays empty."""

    title: Localized
    language: str
    kind: str = ""
    author: str = ""
    publisher: str = ""
    date: PartialDate = field(default_factory=PartialDate)
    url: str = ""


@dataclass(frozen=True)
class CaseEntry:
    """What a listing shows of a case: enough to name it, date it and link to it.

    Listings get entries rather than cases, so that a page listing a case does
    not change (and is not rendered again) when the case's other fields do.
    """

    id: str
    number: int
    title: Localized
    #: Language the case was written in, shown when the title lacks a translation.
    language: str
    company: Company
    when: PartialDate
    published: PartialDate
    outcome: str


@dataclass(frozen=True)
class Case:
    """One customer-experience case, as read from ``cases/<id>.yaml``."""

    id: str
    #: Short permanent number, shown as CX-0007 and used by the short address c/7/.
    number: int
    path: str
    title: Localized
    language: str
    company: Company
    when: PartialDate
    summary: Localized
    moments: tuple[Moment, ...]
    sources: tuple[Source, ...]
    translations: dict[str, str] = field(default_factory=dict)
    country: str = ""
    sector: str = ""
    lessons: tuple[Localized, ...] = ()
    questions: tuple[Localized, ...] = ()
    tags: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    published: PartialDate = field(default_factory=PartialDate)
    #: Ids the case had before a rename; their addresses redirect here.
    old_ids: tuple[str, ...] = ()
    #: What its sources dispute about the story, and who disputes it (None: not disputed).
    disputed: Localized | None = None
    #: Per language, the translated fields whose original changed after the translation was
    #: reviewed (see casebook.loader.reviews), e.g. ``{"it": ("summary", "moments[1].text")}``.
    stale: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def outcome(self) -> str:
        """Overall outcome id, derived from the moments (see methodology).

        ``success`` when every moment succeeded; ``recovered`` when a moment failed
        and a later one succeeded (a failure put right, even if another follows);
        ``failure`` when a moment failed and no later one succeeded.
        """
        outcomes = [moment.outcome for moment in self.moments]
        if "failure" not in outcomes:
            return "success"
        if "success" in outcomes[outcomes.index("failure") :]:
            return "recovered"
        return "failure"

    @cached_property
    def entry(self) -> CaseEntry:
        """This case as listings show it."""
        return CaseEntry(
            self.id,
            self.number,
            self.title,
            self.language,
            self.company,
            self.when,
            self.published,
            self.outcome,
        )

    def texts(self) -> Iterator[tuple[FieldPath, Localized, bool]]:
        """Yield every human-readable text as (field path, text, is Markdown)."""
        yield ("title",), self.title, False
        if self.disputed is not None:
            yield ("disputed",), self.disputed, True
        yield ("summary",), self.summary, True
        for index, moment in enumerate(self.moments):
            yield ("moments", index, "text"), moment.text, True
        for index, lesson in enumerate(self.lessons):
            yield ("lessons", index), lesson, True
        for index, question in enumerate(self.questions):
            yield ("questions", index), question, True
        for index, source in enumerate(self.sources):
            yield ("sources", index, "title"), source.title, False

    def untranslated_fields(self, lang: str) -> list[str]:
        """Return the fields whose text is missing in ``lang``, e.g. ``moments[1].text``."""
        return [format_field(path) for path, text, _ in self.texts() if not text.has(lang)]

    def stale_fields(self, lang: str) -> tuple[str, ...]:
        """The fields of the reviewed ``lang`` translation whose original changed since the review."""
        return self.stale.get(lang, ())

    def translation_status(self, lang: str) -> str:
        """Return ``original``, ``reviewed``, ``draft`` or ``missing`` for ``lang``."""
        if lang == self.language:
            return "original"
        if self.untranslated_fields(lang):
            return "missing"
        return self.translations.get(lang, "draft")
