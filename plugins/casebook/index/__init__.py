"""Cross-references between cases: by stage, touchpoint, outcome, company and tag.

Everything here is built in one pass over the cases plus one pass per bucket,
so the cost grows with the number of cases and moments, not with its square.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from casebook.model import Case, Moment, Taxonomy

T = TypeVar("T")

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

    def newest(self, count: int) -> list[Case]:
        """Return the ``count`` cases most recently added to the library."""
        return sorted(self.cases, key=lambda case: (case.published, case.id), reverse=True)[:count]


def case_order(case: Case) -> tuple[bool, tuple[int, int, int], str]:
    """Sort key for listings: by the date the case happened, unknown last, then by id."""
    date = case.when
    return (date.year is None, (date.year or 0, date.month or 0, date.day or 0), case.id)


def build_index(cases: Iterable[Case], taxonomy: Taxonomy) -> Index:
    """Build every listing and cross-link of the site from the loaded cases."""
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
    index.related = _rank_related(ordered, by_cell, by_company, by_tag)
    index.neighbours = _stage_neighbours(index.by_stage)
    return index


def _in_order(buckets: Mapping[str, list[T]], terms: Mapping[str, object]) -> dict[str, list[T]]:
    return {term: buckets[term] for term in terms if term in buckets}


def _rank_related(
    cases: list[Case],
    by_cell: Mapping[tuple[str, str], list[Placement]],
    by_company: Mapping[str, list[Case]],
    by_tag: Mapping[str, list[Case]],
) -> dict[str, list[Case]]:
    by_id = {case.id: case for case in cases}
    related: dict[str, list[Case]] = {}
    for case in cases:
        chosen = [by_id[other] for other in case.related if other in by_id]
        scores: Counter[str] = Counter()
        for cell in {(moment.stage, moment.touchpoint) for moment in case.moments}:
            for other in {placement.case.id for placement in by_cell[cell]}:
                scores[other] += SHARED_STAGE_TOUCHPOINT_POINTS
        for other_case in by_company[case.company.id]:
            scores[other_case.id] += SAME_COMPANY_POINTS
        for tag in case.tags:
            for other_case in by_tag[tag]:
                scores[other_case.id] += SHARED_TAG_POINTS
        excluded = {case.id, *case.related}
        ranked = sorted(
            (other for other in scores if other not in excluded),
            key=lambda other: (-scores[other], other),
        )
        room = max(MAX_RELATED - len(chosen), 0)
        related[case.id] = chosen + [by_id[other] for other in ranked[:room]]
    return related


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
