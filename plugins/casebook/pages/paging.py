"""Long lists in pages of a fixed size: the pager each page shows, and groups that run across pages."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby
from operator import itemgetter
from typing import Generic, NamedTuple, TypeVar

from casebook.pages import urls

T = TypeVar("T")


class Pager(NamedTuple):
    """Where a page of a paged list stands: its number (from 1) and the source paths of all pages."""

    number: int
    pages: list[str]

    @property
    def here(self) -> str:
        """This page's source path."""
        return self.pages[self.number - 1]


def paged(first: str, items: Sequence[T], size: int) -> list[tuple[Pager, Sequence[T]]]:
    """Split ``items`` into pages of ``size``; the first page keeps the address ``first``.

    A list of the whole library would grow without end, and an edit would render it all again.
    """
    chunks = [items[start : start + size] for start in range(0, len(items), size)] or [items[:0]]
    pages = [urls.list_page(first, number) for number in range(1, len(chunks) + 1)]
    return [(Pager(number, pages), chunk) for number, chunk in enumerate(chunks, start=1)]


class Group(NamedTuple, Generic[T]):
    """The part of a group (the failures of a tag, say) that one page of a paged list shows."""

    #: What the items share: an outcome.
    key: str
    #: How many items the whole group has, on every page.
    total: int
    items: Sequence[T]


def paged_groups(
    first: str, groups: Sequence[tuple[str, Sequence[T]]], size: int
) -> list[tuple[Pager, list[Group[T]]]]:
    """Split grouped items into pages like :func:`paged`; a group may go on over the next page."""
    totals = {key: len(items) for key, items in groups}
    flat = [(key, item) for key, items in groups for item in items]
    return [
        (
            pager,
            [
                Group(key, totals[key], [item for _, item in run])
                for key, run in groupby(chunk, itemgetter(0))
            ],
        )
        for pager, chunk in paged(first, flat, size)
    ]
