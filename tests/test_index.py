"""Related cases are ranked exactly as the methodology page says, however the ranking is computed.

``build_index`` scores only the candidates that can still make a case's list; these tests
compare it with the rule written out plainly (every case scored against every other) on
the seed cases, on synthetic libraries and on small libraries made up by Hypothesis.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest
from casebook.index import RankingMemo, build_index
from casebook.loader import load_cases, load_taxonomy
from casebook.model import Case, Company, Localized, Moment, PartialDate, Taxonomy
from casebook.resources import TAXONOMY_DIR
from hypothesis import given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from synthetic import write_cases  # noqa: E402

TAXONOMY = load_taxonomy(TAXONOMY_DIR)


def reference_related(cases: list[Case]) -> dict[str, list[str]]:
    """The methodology's rule, scoring every pair of cases: the listed ids, then by score and id."""
    by_id = {case.id: case for case in cases}
    related = {}
    for case in cases:
        chosen = [other for other in case.related if other in by_id]
        scores = {}
        for other in cases:
            if other.id == case.id or other.id in case.related:
                continue
            cells = {(moment.stage, moment.touchpoint) for moment in case.moments}
            other_cells = {(moment.stage, moment.touchpoint) for moment in other.moments}
            score = (
                3 * len(cells & other_cells)
                + 2 * (case.company.id == other.company.id)
                + len(set(case.tags) & set(other.tags))
            )
            if score:
                scores[other.id] = score
        ranked = sorted(scores, key=lambda other: (-scores[other], other))
        related[case.id] = chosen + ranked[: max(6 - len(chosen), 0)]
    return related


def indexed_related(cases: list[Case], taxonomy: Taxonomy) -> dict[str, list[str]]:
    """The related ids ``build_index`` gives each case."""
    index = build_index(cases, taxonomy)
    return {case_id: [case.id for case in related] for case_id, related in index.related.items()}


def test_seed_cases_rank_as_the_rule_says() -> None:
    library = load_cases(ROOT / "cases", TAXONOMY, display_root=ROOT)
    cases = list(library.cases.values())
    assert cases and library.errors == []
    assert indexed_related(cases, TAXONOMY) == reference_related(cases)


@pytest.mark.parametrize("seed", [1, 2])
def test_synthetic_libraries_rank_as_the_rule_says(tmp_path: Path, seed: int) -> None:
    write_cases(tmp_path / "cases", 300, seed=seed, taxonomy=TAXONOMY)
    library = load_cases(tmp_path / "cases", TAXONOMY, display_root=tmp_path)
    cases = list(library.cases.values())
    assert len(cases) == 300 and library.errors == []
    expected = reference_related(cases)
    assert indexed_related(cases, TAXONOMY) == expected
    # The library is big enough for full lists, so the comparison covers the ranking itself.
    assert sum(len(ids) == 6 for ids in expected.values()) > 250


# Few stages, touchpoints, companies and tags, so that cases share a lot and scores tie.
STAGES = list(TAXONOMY.kind("stages"))[:3]
TOUCHPOINTS = list(TAXONOMY.kind("touchpoints"))[:3]
TAGS = list(TAXONOMY.kind("tags"))[:5]
COMPANIES = ["acme", "globex", "initech"]
TEXT = Localized({"en": "Text."})


def make_case(
    case_id: str,
    company: str,
    cells: list[tuple[str, str]],
    tags: Sequence[str] = (),
    related: Sequence[str] = (),
) -> Case:
    """A case with just what the ranking looks at: one moment per cell, the company, tags, related."""
    return Case(
        id=case_id,
        number=1,
        path=f"cases/{case_id}.yaml",
        title=TEXT,
        language="en",
        company=Company(company, company.title()),
        when=PartialDate(2020),
        summary=TEXT,
        moments=tuple(
            Moment(position, stage, touchpoint, "success", TEXT)
            for position, (stage, touchpoint) in enumerate(cells, start=1)
        ),
        sources=(),
        tags=tuple(tags),
        related=tuple(related),
    )


# Five unrelated cases for a case to list itself, which leaves one place to rank.
FILLERS = [make_case(f"filler-{n}", "filler", [(STAGES[2], TOUCHPOINTS[2])]) for n in range(5)]
FILLER_IDS = [filler.id for filler in FILLERS]


def test_a_case_sharing_one_cell_and_every_tag_ties_with_one_sharing_a_cell_and_the_company() -> None:
    # Both score 3 + 2: the one sharing a single heavy thing comes first by id.
    first, second = (STAGES[0], TOUCHPOINTS[0]), (STAGES[0], TOUCHPOINTS[1])
    case = make_case("case", "acme", [first, second], TAGS[:2], FILLER_IDS)
    same_company = make_case("b", "acme", [first])
    same_tags = make_case("a", "globex", [second], TAGS[:2])
    cases = [case, same_company, same_tags, *FILLERS]
    assert indexed_related(cases, TAXONOMY)["case"] == [*FILLER_IDS, "a"]
    assert indexed_related(cases, TAXONOMY) == reference_related(cases)


def test_a_case_sharing_every_tag_ties_with_one_sharing_the_company() -> None:
    # Both score 2: the one sharing only tags comes first by id.
    case = make_case("case", "acme", [(STAGES[0], TOUCHPOINTS[0])], TAGS[:2], FILLER_IDS)
    same_company = make_case("b", "acme", [(STAGES[1], TOUCHPOINTS[1])])
    same_tags = make_case("a", "globex", [(STAGES[1], TOUCHPOINTS[0])], TAGS[:2])
    cases = [case, same_company, same_tags, *FILLERS]
    assert indexed_related(cases, TAXONOMY)["case"] == [*FILLER_IDS, "a"]
    assert indexed_related(cases, TAXONOMY) == reference_related(cases)


@st.composite
def libraries(draw: st.DrawFn) -> list[Case]:
    """A small library; related ids may name the case itself, a missing case, or more than six."""
    ids = draw(st.lists(st.text("abc", min_size=1, max_size=3), min_size=1, max_size=14, unique=True))
    cells = st.lists(st.tuples(st.sampled_from(STAGES), st.sampled_from(TOUCHPOINTS)), min_size=1)
    return [
        make_case(
            case_id,
            draw(st.sampled_from(COMPANIES)),
            draw(cells),
            draw(st.lists(st.sampled_from(TAGS), unique=True)),
            draw(st.lists(st.sampled_from([*ids, "missing"]), max_size=8, unique=True)),
        )
        for case_id in ids
    ]


@settings(max_examples=300, deadline=None)
@given(libraries())
def test_made_up_libraries_rank_as_the_rule_says(cases: list[Case]) -> None:
    assert indexed_related(cases, TAXONOMY) == reference_related(cases)


def test_ranking_again_after_edits_lists_the_current_cases(tmp_path: Path) -> None:
    """A dev server ranks again only when what the ranking reads changed, and lists the edited cases."""
    write_cases(tmp_path / "cases", 80, seed=3, taxonomy=TAXONOMY)
    cases = list(load_cases(tmp_path / "cases", TAXONOMY, display_root=tmp_path).cases.values())
    ranking = RankingMemo()
    build_index(cases, TAXONOMY, ranking)
    first_ranking = ranking.ranked
    # A new title leaves the ranking as it was, but the lists must show the case as it is now.
    retitled = [dataclasses.replace(case, title=Localized({"en": f"Edited {case.id}"})) for case in cases]
    current = {id(case) for case in retitled}
    index = build_index(retitled, TAXONOMY, ranking)
    assert ranking.ranked is first_ranking  # not ranked again
    assert all(id(case) in current for related in index.related.values() for case in related)
    # New tags and another company change the ranking.
    first, second, *rest = cases
    moved = [
        dataclasses.replace(first, tags=second.tags, company=second.company, moments=second.moments),
        dataclasses.replace(second, tags=first.tags, company=first.company, moments=first.moments),
        *rest,
    ]
    moved_index = build_index(moved, TAXONOMY, ranking)
    assert ranking.ranked is not first_ranking
    assert {key: [case.id for case in related] for key, related in moved_index.related.items()} == (
        reference_related(moved)
    )
    assert indexed_related(moved, TAXONOMY) == reference_related(moved)
    assert indexed_related(moved, TAXONOMY) != indexed_related(cases, TAXONOMY)
