"""The render memo: what earlier renders of a dev server made, reused while its inputs are equal."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from casebook.index import RankingMemo
from casebook.model import Case, CaseEntry

T = TypeVar("T")
#: Sanitized HTML of contributor Markdown, with the cases its links showed, by (text, language, path to root).
MarkdownCache = dict[tuple[str, str, str], tuple[str, dict[str, "CaseEntry | None"]]]


def entry_of(case: Case | None) -> CaseEntry | None:
    """What listings and links show of ``case`` (None for a case that does not exist)."""
    return case.entry if case is not None else None


def links_unchanged(cases: Mapping[str, Case], linked: Mapping[str, CaseEntry | None]) -> bool:
    """Whether every case a text linked to still shows as it did (links show titles)."""
    return all(entry_of(cases.get(case_id)) == entry for case_id, entry in linked.items())


@dataclass
class RenderMemo:
    """What earlier renders made, so that rendering again only redoes pages whose inputs changed.

    A dev server renders the whole site after every saved edit, and most pages show
    nothing of the edited case. Each page is remembered with its inputs: the values
    its template received (listings receive :class:`CaseEntry` values, so a list
    changes only when what it shows of a case does) and the cases its text links
    resolved to. Inputs are compared with ``==``; the loader hands back the very
    same object for an unchanged file, so the comparison is mostly identity checks.
    A change of settings or templates forgets everything.
    """

    settings: object = None
    previous: dict[str, tuple[object, Any]] = field(default_factory=dict)
    current: dict[str, tuple[object, Any]] = field(default_factory=dict)
    #: What the last render made anew rather than reused, by name (e.g. ``en:cases/x.md``).
    remade: list[str] = field(default_factory=list)
    #: Contributor Markdown rendered so far (see ``Site.markdown_cache``).
    markdown: MarkdownCache = field(default_factory=dict)
    #: The last ranking of related cases (see :func:`casebook.index.build_index`).
    ranking: RankingMemo = field(default_factory=RankingMemo)

    def start(self, settings: object) -> None:
        """Begin a render with these settings; forget everything if they changed."""
        if settings != self.settings:
            self.previous, self.current = {}, {}
            self.markdown.clear()  # in place: the site being rendered holds it already
        self.settings = settings
        self.previous = {**self.previous, **self.current}
        self.current = {}
        self.remade = []

    def finish(self) -> None:
        """End a render: forget what it no longer made (the pages of a deleted case)."""
        self.previous = {}

    def get(
        self,
        name: str,
        inputs: object,
        make: Callable[[], T],
        still_valid: Callable[[T], bool] = lambda output: True,
    ) -> T:
        """Return what ``make`` made for ``name`` from equal inputs before, else make it now."""
        entry = self.previous.get(name)
        if entry is not None and entry[0] == inputs and still_valid(entry[1]):
            self.current[name] = entry
            return entry[1]  # type: ignore[no-any-return]
        output = make()
        self.current[name] = (inputs, output)
        self.remade.append(name)
        return output


def remembered(
    memo: RenderMemo | None,
    name: str,
    inputs: object,
    make: Callable[[], T],
    still_valid: Callable[[T], bool] = lambda output: True,
) -> T:
    """``make()``, or what it made from equal ``inputs`` in an earlier render (without a memo: ``make()``)."""
    return make() if memo is None else memo.get(name, inputs, make, still_valid)
