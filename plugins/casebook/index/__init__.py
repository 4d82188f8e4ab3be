"""Cross-references between cases: by stage, touchpoint, outcome, company and tag.

Everything here is built in one pass over the cases plus one pass per bucket,
so the cost grows with the number of cases and moments, not with its square.
Ranking related cases is the exception: each case scores the cases that share two
journey cells, or a cell and the company, with it (and more only when those are too
few), which still grows with the library, if far more slowly than scoring all of them.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import combinations
from typing import NamedTuple, TypeVar

from casebook.model import Case, Moment, Taxonomy

T = TypeVar("T")
#: Something two cases can share: a (stage, touchpoint) cell, or a company or tag id.
_Shared = tuple[str, str] | str

#: How many related cases a case page shows at most.
MAX_RELATED = 6
#: Points for each kind of overlap, documented on the methodology page.
SHARED_STAGE_TOUCHPOINT_POINTS = 3
SAME_COMPANY_POINTS = 2
SHARED_TAG_POINTS = 1


@dataclass(frozen=True)
class Placement:
    """A case placed on an index page by one of its moments."""

    case: Case
    moment: Moment


@dataclass(frozen=True)
class Neighbours:
    """The previous and next case within one stage."""

    stage: str
    previous: Case | None
    next: Case | None


@dataclass
class Index:
    """Every way to reach a case, ready for the page builders."""

    cases: list[Case]
    #: Placements by stage, touchpoint and moment outcome id.
    by_stage: dict[str, list[Placement]] = field(default_factory=dict)
    by_touchpoint: dict[str, list[Placement]] = field(default_factory=dict)
    by_outcome: dict[str, list[Placement]] = field(default_factory=dict)
    #: Placements for each (stage, touchpoint) cell of the journey map.
    by_cell: dict[tuple[str, str], list[Placement]] = field(default_factory=dict)
    by_company: dict[str, list[Case]] = field(default_factory=dict)
    by_tag: dict[str, list[Case]] = field(default_factory=dict)
    related: dict[str, list[Case]] = field(default_factory=dict)
    neighbours: dict[str, list[Neighbours]] = field(default_factory=dict)

    def latest_first(self) -> list[Case]:
        """Every case, the most recent events first (unknown dates last), as "All cases" lists them."""
        return sorted(self.cases, key=latest_first_order)

    def newest(self, count: int) -> list[Case]:
        """Return the ``count`` cases most recently added to the library."""
        return sorted(self.cases, key=lambda case: (case.published, case.id), reverse=True)[:count]


def case_order(case: Case) -> tuple[bool, tuple[int, int, int], str]:
    """Sort key for listings: by the date the case happened, unknown last, then by id."""
    date = case.when
    return (date.year is None, (date.year or 0, date.month or 0, date.day or 0), case.id)


def latest_first_order(case: Case) -> tuple[bool, tuple[int, int, int], str]:
    """Sort key for "All cases": by the date the case happened, latest first, unknown last, then by id."""
    date = case.when
    return (date.year is None, (-(date.year or 0), -(date.month or 0), -(date.day or 0)), case.id)


def build_index(cases: Iterable[Case], taxonomy: Taxonomy, ranking: RankingMemo | None = None) -> Index:
    """Build every listing and cross-link of the site from the loaded cases.

    With ``ranking`` (a dev server's, kept between builds), related cases are ranked
    again only when what the ranking reads of the cases changed.
    """
    ordered = sorted(cases, key=case_order)
    index = Index(ordered)
    by_stage: dict[str, list[Placement]] = defaultdict(list)
    by_touchpoint: dict[str, list[Placement]] = defaultdict(list)
    by_outcome: dict[str, list[Placement]] = defaultdict(list)
    by_cell: dict[tuple[str, str], list[Placement]] = defaultdict(list)
    by_company: dict[str, list[Case]] = defaultdict(list)
    by_tag: dict[str, list[Case]] = defaultdict(list)
    for case in ordered:
        by_company[case.company.id].append(case)
        for tag in case.tags:
            by_tag[tag].append(case)
        for moment in case.moments:
            placement = Placement(case, moment)
            by_stage[moment.stage].append(placement)
            by_touchpoint[moment.touchpoint].append(placement)
            by_outcome[moment.outcome].append(placement)
            by_cell[(moment.stage, moment.touchpoint)].append(placement)
    index.by_stage = _in_order(by_stage, taxonomy.kind("stages"))
    index.by_touchpoint = _in_order(by_touchpoint, taxonomy.kind("touchpoints"))
    index.by_outcome = _in_order(by_outcome, taxonomy.kind("outcomes"))
    index.by_cell = dict(by_cell)
    index.by_company = dict(sorted(by_company.items()))
    index.by_tag = _in_order(by_tag, taxonomy.kind("tags"))
    index.related = _rank_related(ordered, ranking)
    index.neighbours = _stage_neighbours(index.by_stage)
    return index


def _in_order(buckets: Mapping[str, list[T]], terms: Mapping[str, object]) -> dict[str, list[T]]:
    return {term: buckets[term] for term in terms if term in buckets}


class _Relatedness(NamedTuple):
    """What ranking related cases reads of a case."""

    id: str
    company: str
    #: The case's (stage, touchpoint) cells, sorted.
    cells: tuple[tuple[str, str], ...]
    tags: tuple[str, ...]
    #: The related ids its file names, which come first.
    related: tuple[str, ...]


@dataclass
class RankingMemo:
    """The last ranking of related cases, with what it read of every case.

    A dev server keeps one (in its render memo) from build to build: most edits
    (a summary, a title) change nothing the ranking reads, and ranking is the one
    part of indexing that grows faster than the library.
    """

    read: tuple[_Relatedness, ...] = ()
    ranked: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def rank(self, cases: tuple[_Relatedness, ...]) -> dict[str, tuple[str, ...]]:
        """The related ids of ``cases``: the last ranking if it read the same, else a new one."""
        if cases != self.read:
            self.read, self.ranked = cases, _related_ids(cases)
        return self.ranked


def _rank_related(cases: list[Case], ranking: RankingMemo | None) -> dict[str, list[Case]]:
    """Each case's related cases, best first, as the methodology page describes."""
    by_id = {case.id: case for case in cases}
    read = tuple(
        _Relatedness(
            case.id,
            case.company.id,
            tuple(sorted({(moment.stage, moment.touchpoint) for moment in case.moments})),
            case.tags,
            case.related,
        )
        for case in cases
    )
    ranked = ranking.rank(read) if ranking is not None else _related_ids(read)
    return {case_id: [by_id[other] for other in ids] for case_id, ids in ranked.items()}


def _related_ids(cases: tuple[_Relatedness, ...]) -> dict[str, tuple[str, ...]]:
    """Rank each case's related cases by id.

    Scoring every case that shares anything would be quadratic: a common tag or journey
    cell links a large part of the library. So each case scores its candidates in widening
    rings, and stops as soon as no case outside the rings scored so far can reach its list:

    1. cases sharing two heavy things (journey cells or the company): any other case
       shares at most one, so it scores at most a cell's points plus the case's tags';
    2. cases sharing one heavy thing: any other case shares only tags;
    3. cases sharing a tag: any other case scores 0 and is never listed.

    The lists are exactly those of scoring every candidate. Tags are unique within a case
    (the loader rejects duplicates), which the point masks rely on.
    """
    known = {case.id for case in cases}
    company = {case.id: case.company for case in cases}
    masks = _point_masks(cases)
    # The ids in each bucket, listed once for all cases.
    cell_ids: dict[tuple[str, str], list[str]] = defaultdict(list)
    company_ids: dict[str, list[str]] = defaultdict(list)
    tag_ids: dict[str, list[str]] = defaultdict(list)
    for case in cases:
        for cell in case.cells:
            cell_ids[cell].append(case.id)
        company_ids[case.company].append(case.id)
        for tag in case.tags:
            tag_ids[tag].append(case.id)
    # The company comes after the sorted cells, so every case lists a pair in the same order.
    heavy: dict[str, list[_Shared]] = {case.id: [*case.cells, case.company] for case in cases}
    pair_ids: dict[tuple[_Shared, _Shared], list[str]] = defaultdict(list)
    for case in cases:
        for pair in combinations(heavy[case.id], 2):
            pair_ids[pair].append(case.id)
    heaviest = max(SHARED_STAGE_TOUCHPOINT_POINTS, SAME_COMPANY_POINTS)

    related: dict[str, tuple[str, ...]] = {}
    for case in cases:
        chosen = tuple(other for other in case.related if other in known)
        room = MAX_RELATED - len(chosen)
        if room <= 0:
            related[case.id] = chosen
            continue
        mask, own_company = masks[case.id], case.company
        tag_points = SHARED_TAG_POINTS * len(case.tags)
        rings = (
            ([pair_ids[pair] for pair in combinations(heavy[case.id], 2)], heaviest + tag_points),
            ([*(cell_ids[cell] for cell in case.cells), company_ids[own_company]], tag_points),
            ([tag_ids[tag] for tag in case.tags], 0),
        )
        seen = {case.id, *case.related}
        scored: list[tuple[int, str]] = []  # (-score, id), so that the best sort first
        for buckets, ceiling in rings:
            fresh = set().union(*buckets) - seen
            seen |= fresh
            scored += [
                (
                    -(mask & masks[other]).bit_count()
                    - SAME_COMPANY_POINTS * (company[other] == own_company),
                    other,
                )
                for other in fresh
            ]
            best = heapq.nsmallest(room, scored)
            if len(best) == room and -best[-1][0] > ceiling:
                break
        related[case.id] = chosen + tuple(other for _, other in best)
    return related


def _point_masks(cases: tuple[_Relatedness, ...]) -> dict[str, int]:
    """Give each case a bit mask of its cells and tags, each as many bits as it is worth points.

    The points two cases share through cells and tags are then the bits their masks
    share, counted in one step; the masks are as wide as the taxonomy, whatever the library.
    """
    offsets: dict[_Shared, int] = {}
    width = 0
    masks: dict[str, int] = {}
    for case in cases:
        worth: list[tuple[_Shared, int]] = [(cell, SHARED_STAGE_TOUCHPOINT_POINTS) for cell in case.cells]
        worth += [(tag, SHARED_TAG_POINTS) for tag in case.tags]
        mask = 0
        for shared, points in worth:
            if shared not in offsets:
                offsets[shared] = width
                width += points
            mask |= ((1 << points) - 1) << offsets[shared]
        masks[case.id] = mask
    return masks


def _stage_neighbours(by_stage: Mapping[str, list[Placement]]) -> dict[str, list[Neighbours]]:
    neighbours: dict[str, list[Neighbours]] = defaultdict(list)
    for stage, placements in by_stage.items():
        # A case with two moments in one stage appears once in that stage's sequence.
        sequence = list(dict.fromkeys(placement.case.id for placement in placements))
        cases = {placement.case.id: placement.case for placement in placements}
        for position, case_id in enumerate(sequence):
            previous = cases[sequence[position - 1]] if position > 0 else None
            following = cases[sequence[position + 1]] if position + 1 < len(sequence) else None
            neighbours[case_id].append(Neighbours(stage, previous, following))
    return dict(neighbours)
