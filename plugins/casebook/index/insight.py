"""Where service fails: shares of failed moments by stage, channel, sector and year, and recoveries.

One pure function, :func:`insight`, computes every figure of the insight pages from the
cases and the taxonomy; the pages only lay them out. Every figure counts moments, not
cases: a case with three failed moments adds three to its groups.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from casebook.model import Case, Taxonomy

#: A group with fewer moments than this is marked on the page: its share can swing with one case.
FEW_MOMENTS = 5


@dataclass(frozen=True)
class Share:
    """The moments of one group (a stage, a channel, a sector, a year): ``count`` failed of ``total``."""

    id: str
    count: int
    total: int

    @property
    def ratio(self) -> float:
        """The share of failed moments, 0 to 1 (0 for an empty group)."""
        return self.count / self.total if self.total else 0.0

    @property
    def few(self) -> bool:
        """Whether the group has too few moments for its share to say much."""
        return self.total < FEW_MOMENTS


@dataclass(frozen=True)
class Tally:
    """The recovering moments at one stage or touchpoint: ``count`` of all ``total`` recoveries."""

    id: str
    count: int
    total: int

    @property
    def ratio(self) -> float:
        """This group's share of all recoveries, 0 to 1."""
        return self.count / self.total if self.total else 0.0

    @property
    def few(self) -> bool:
        """Whether the figure rests on too few moments to say much."""
        return self.count < FEW_MOMENTS


@dataclass(frozen=True)
class Recoveries:
    """Where companies put a failure right: the first successful moment after a failed one.

    ``at_stage`` and ``at_touchpoint`` count recovering moments, each group as a share of
    all of them.
    """

    moments: int
    at_stage: tuple[Tally, ...]
    at_touchpoint: tuple[Tally, ...]
    #: Cases with at least one failed moment, and those of them with a later successful moment.
    cases_failed: int
    cases_recovered: int


@dataclass(frozen=True)
class Insight:
    """Every figure of the insight pages."""

    cases: int
    moments: int
    failed: int
    by_stage: tuple[Share, ...]
    #: By channel: the touchpoints' groups (``channels`` in the taxonomy).
    by_channel: tuple[Share, ...]
    #: Highest share first; groups with too few moments after the others.
    by_sector: tuple[Share, ...]
    #: Oldest year first.
    by_year: tuple[Share, ...]
    #: The moments of cases without a sector, and of cases whose year is unknown (left out above).
    without_sector: Share
    without_year: Share
    recoveries: Recoveries


def recovering_moments(case: Case) -> list[int]:
    """Positions of the moments that put a failure right: each first success after a failure."""
    found, pending = [], False
    for at, moment in enumerate(case.moments):
        if moment.outcome == "failure":
            pending = True
        elif pending:
            found.append(at)
            pending = False
    return found


def insight(cases: Iterable[Case], taxonomy: Taxonomy) -> Insight:
    """Compute the figures of the insight pages from ``cases``.

    Groups with no moments are left out; the others come in taxonomy order (stages,
    channels), by year, or (sectors) by share of failed moments, highest first.
    """
    channel_of = {touchpoint.id: touchpoint.group for touchpoint in taxonomy.touchpoints}
    cases = list(cases)
    # One row per moment: the group it falls in for each kind, and whether it failed.
    kinds = ("stage", "channel", "sector", "year")
    rows = [
        ((moment.stage, channel_of[moment.touchpoint], case.sector, year), moment.outcome == "failure")
        for case in cases
        for year in [str(case.when.year) if case.when.year is not None else ""]
        for moment in case.moments
    ]
    totals = {kind: Counter(groups[at] for groups, _ in rows) for at, kind in enumerate(kinds)}
    failures = {
        kind: Counter(groups[at] for groups, failed in rows if failed) for at, kind in enumerate(kinds)
    }
    recovered_at: dict[str, Counter[str]] = {"stage": Counter(), "touchpoint": Counter()}
    cases_failed = cases_recovered = 0
    for case in cases:
        recovering = recovering_moments(case)
        for at in recovering:
            recovered_at["stage"][case.moments[at].stage] += 1
            recovered_at["touchpoint"][case.moments[at].touchpoint] += 1
        if any(moment.outcome == "failure" for moment in case.moments):
            cases_failed += 1
            cases_recovered += bool(recovering)

    def shares(kind: str, order: Iterable[str]) -> tuple[Share, ...]:
        return tuple(
            Share(group, failures[kind][group], totals[kind][group]) for group in order if totals[kind][group]
        )

    def counted(counter: Mapping[str, int], order: Iterable[str]) -> tuple[Tally, ...]:
        everything = sum(counter.values())
        return tuple(Tally(group, counter[group], everything) for group in order if counter.get(group))

    sectors = sorted(
        shares("sector", (group for group in totals["sector"] if group)),
        key=lambda share: (share.few, -share.ratio, -share.total, share.id),
    )
    years = sorted((group for group in totals["year"] if group), key=int)
    return Insight(
        cases=len(cases),
        moments=len(rows),
        failed=sum(failures["stage"].values()),
        by_stage=shares("stage", taxonomy.kind("stages")),
        by_channel=shares("channel", taxonomy.kind("channels")),
        by_sector=tuple(sectors),
        by_year=shares("year", years),
        without_sector=Share("", failures["sector"][""], totals["sector"][""]),
        without_year=Share("", failures["year"][""], totals["year"][""]),
        recoveries=Recoveries(
            moments=sum(recovered_at["stage"].values()),
            at_stage=counted(recovered_at["stage"], taxonomy.kind("stages")),
            at_touchpoint=counted(recovered_at["touchpoint"], taxonomy.kind("touchpoints")),
            cases_failed=cases_failed,
            cases_recovered=cases_recovered,
        ),
    )
