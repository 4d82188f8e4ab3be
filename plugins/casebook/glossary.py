"""The glossary: Casebook's terms in English and Italian, and the Italian variants not to use."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from casebook.errors import CasebookError, Problem
from casebook.loader.yaml_reader import read_yaml
from casebook.resources import DATA_DIR


@dataclass(frozen=True)
class GlossaryTerm:
    """One term: its English and Italian words, a definition in each language, variants to avoid."""

    en: str
    it: str
    #: The definition by language code.
    definition: dict[str, str]
    #: Italian variants wrong anywhere in Casebook's Italian, cases included.
    avoid: tuple[str, ...]
    #: Italian variants wrong in the site's own words (labels, taxonomy, pages, workshops),
    #: which a case may still use in their everyday sense.
    avoid_in_interface: tuple[str, ...]
    #: Italian words wrong as the first word of an interface label (an order on a button or link).
    avoid_at_label_start: tuple[str, ...]


@cache
def load_glossary(path: Path = DATA_DIR / "glossary.yaml") -> tuple[GlossaryTerm, ...]:
    """Read the terms of ``data/glossary.yaml``, in their order."""
    document, problems = read_yaml(path, str(path))
    if document is None or problems:
        raise CasebookError(problems)
    terms = []
    for index, entry in enumerate(document.data["terms"]):
        missing = [key for key in ("en", "it", "definition") if key not in entry]
        if missing or sorted(entry["definition"]) != ["en", "it"]:
            raise CasebookError(
                [
                    Problem(
                        str(path),
                        *document.position(("terms", index)),
                        f"terms[{index}]",
                        "a term needs en, it and a definition in en and it",
                        "add the missing fields",
                    )
                ]
            )
        terms.append(
            GlossaryTerm(
                entry["en"],
                entry["it"],
                dict(entry["definition"]),
                tuple(entry.get("avoid", ())),
                tuple(entry.get("avoid_in_interface", ())),
                tuple(entry.get("avoid_at_label_start", ())),
            )
        )
    return tuple(terms)
