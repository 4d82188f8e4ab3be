"""The facts the explorer's data and its script share, written once (``pages/explorer.py``).

Which filters match a whole case and which one moment, how a moment is coded as a number,
and which fields a card shows: Python writes them into the page's search settings and
codes ``explore/facets/`` by them; the script (``explorer/facets.js``, run here under Node)
decodes by them. Each test changes a fact and sees both sides follow.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from typing import Any

import pytest
from casebook.i18n import load_labels
from casebook.loader import load_cases, load_taxonomy
from casebook.model import Case
from casebook.pages import Site, explorer
from casebook.plugin.search import search_settings
from casebook.resources import TAXONOMY_DIR

from tests.conftest import ROOT

TAXONOMY = load_taxonomy(TAXONOMY_DIR)


@pytest.fixture(scope="module")
def site() -> Site:
    return Site.from_cases(load_cases(ROOT / "cases", TAXONOMY).cases, TAXONOMY, load_labels())


def decoded(site: Site) -> list[dict[str, Any]]:
    """The explorer's data as the page's script decodes it, by the facts the page is given."""
    node = shutil.which("node")
    assert node, "node is needed (Debian's nodejs)"
    facts = search_settings(site.labels)["en"]["explorer"]
    request = {"files": explorer.facet_files(site), "facts": facts, "dir": explorer.FACETS_DIR}
    answer = subprocess.run(
        [node, str(ROOT / "tests/js/explorer_data.mjs")],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        check=True,
    )
    return list(json.loads(answer.stdout))


def expected(case: Case) -> dict[str, Any]:
    """A case as the explorer should have it: its moments' options, its whole-case options."""
    moments = [
        {
            "stage": moment.stage,
            "touchpoint": moment.touchpoint,
            "moment": moment.outcome,
            "cell": f"{moment.stage}/{moment.touchpoint}",
        }
        for moment in case.moments
    ]
    facets = {
        "outcome": [case.outcome],
        "sector": [case.sector] if case.sector else [],
        "company": [case.company.id],
        "country": [case.country] if case.country else [],
        "year": [str(case.when.year)] if case.when.year is not None else [],
        "language": [case.language],
        "tag": list(dict.fromkeys(case.tags)),
        "translation": [
            f"{lang}-{'stale' if case.stale_fields(lang) else case.translation_status(lang)}"
            for lang in ("en", "it")
            if lang != case.language
        ],
    }
    return {
        "number": case.number,
        "moments": [{key: moment[key] for key in explorer.MOMENT_FACETS} for moment in moments],
        "facets": {key: facets[key] for key in explorer.CASE_FACETS},
    }


@pytest.mark.parametrize(
    "change",
    [
        {},
        {"MOMENT_CODE": ("moment", "touchpoint", "stage")},
        {"CASE_FACETS": ("tag", "outcome", "year")},
        {"MOMENT_FACETS": ("moment", "cell")},
    ],
    ids=["as-is", "moment-code-reordered", "fewer-case-filters", "fewer-moment-filters"],
)
def test_python_codes_and_the_script_decodes_by_the_same_facts(
    site: Site, change: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in change.items():
        monkeypatch.setattr(explorer, name, value)
    cases = sorted(site.index.cases, key=lambda case: case.number)
    assert decoded(site) == [expected(case) for case in cases]


def test_the_card_fields_are_the_page_metadata_and_the_settings_name_them(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fields a card shows are sent to the script, and each is in the case's metadata
    (its card file and its page's Pagefind metadata, from one function)."""
    monkeypatch.setattr(explorer, "CARD_FIELDS", (("year", None), ("outcome", "outcome_id")))
    fields = search_settings(site.labels)["it"]["explorer"]["card_fields"]
    assert fields == [{"key": "year", "modifier": None}, {"key": "outcome", "modifier": "outcome_id"}]
    case = site.index.cases[0]
    card = json.loads(explorer._card(site, case, "it"))
    for field in fields:
        assert field["key"] in card["meta"]
        assert field["modifier"] is None or field["modifier"] in card["meta"]
