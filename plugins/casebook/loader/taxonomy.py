"""Load the taxonomy data files into a :class:`~casebook.model.Taxonomy`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from casebook.errors import CasebookError, Problem
from casebook.loader.schema import validate
from casebook.loader.yaml_reader import read_yaml
from casebook.model import Localized, Taxonomy, Term
from casebook.model.ids import reserved_id_problem

TAXONOMY_FILES = ("stages", "touchpoints", "outcomes", "sectors", "tags")


def load_taxonomy(directory: Path) -> Taxonomy:
    """Read ``stages``, ``touchpoints``, ``outcomes``, ``sectors`` and ``tags`` YAML files.

    Raises :class:`CasebookError` listing every problem in every file.
    """
    data: dict[str, Any] = {}
    problems: list[Problem] = []
    for name in TAXONOMY_FILES:
        path = directory / f"{name}.yaml"
        document, found = read_yaml(path, str(path))
        problems += found
        if document is not None:
            problems += validate(document, "taxonomy")
            data[name] = document.data
    if problems:
        raise CasebookError(problems)
    try:
        taxonomy = Taxonomy(
            stages=_terms(data["stages"]),
            channels=_terms(data["touchpoints"]["channels"]),
            touchpoints=_terms(data["touchpoints"]["touchpoints"]),
            outcomes=_terms(data["outcomes"]["moment"]),
            case_outcomes=_terms(data["outcomes"]["case"]),
            sectors=_terms(data["sectors"]),
            tags=_terms(data["tags"]),
        )
    except (KeyError, TypeError) as error:
        raise CasebookError(
            [Problem(str(directory), None, None, "", f"a taxonomy file has the wrong shape: {error}")]
        ) from None
    channels = taxonomy.kind("channels")
    problems = [
        Problem(
            str(directory / "touchpoints.yaml"),
            None,
            None,
            f"touchpoints.{term.id}.channel",
            f"unknown channel '{term.group}'",
            "use one of: " + ", ".join(channels),
        )
        for term in taxonomy.touchpoints
        if term.group not in channels
    ]
    # Every term of these kinds has a page in the folder of its kind (stages/buy/, tags/refunds/).
    for kind in ("stages", "touchpoints", "outcomes", "tags"):
        for term_id in taxonomy.kind(kind):
            reserved = reserved_id_problem(term_id, kind)
            if reserved:
                problems.append(Problem(str(directory / f"{kind}.yaml"), None, None, term_id, *reserved))
    if problems:
        raise CasebookError(problems)
    return taxonomy


def _terms(entries: list[dict[str, Any]]) -> tuple[Term, ...]:
    return tuple(
        Term(
            id=entry["id"],
            label=Localized(entry["label"]),
            description=Localized(entry.get("description", {})),
            group=entry.get("channel", ""),
            symbol=entry.get("symbol", ""),
        )
        for entry in entries
    )
