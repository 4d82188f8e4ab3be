"""Load ``workshops/*.yaml``, checked like cases: schema, file name, and the cases they use."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from casebook.errors import Problem, errors_only, format_field
from casebook.loader.case_file import nearest_ids, read_document
from casebook.loader.cases import LoadReport, display_path, yaml_files
from casebook.loader.reviews import REVIEWS_DIR, review_problems
from casebook.model import Case, Localized
from casebook.model.ids import reserved_id_problem
from casebook.model.workshop import Workshop, WorkshopCase


@dataclass
class WorkshopSet(LoadReport):
    """Every workshop that loaded, and every problem found."""

    workshops: dict[str, Workshop] = field(default_factory=dict)


def load_workshops(
    workshops_dir: Path, case_ids: Mapping[str, Case] | set[str], *, display_root: Path | None = None
) -> WorkshopSet:
    """Read and check every workshop file; ``case_ids`` are the cases they may use."""
    result = WorkshopSet()
    reviews_dir = workshops_dir.parent / REVIEWS_DIR
    for path in yaml_files(workshops_dir):
        display = display_path(path, display_root)
        workshop, problems = read_workshop(path, display, case_ids, reviews_dir)
        result.problems += problems
        if workshop is None:
            result.broken_files.append(display)
        else:
            result.workshops[workshop.id] = workshop
    result.problems.sort()
    return result


def read_workshop(
    path: Path, display_path: str, case_ids: Mapping[str, Case] | set[str], reviews_dir: Path
) -> tuple[Workshop | None, list[Problem]]:
    """Read one workshop file and check it against the schema, the known cases and its review."""
    document, problems, shape_problems = read_document(path, display_path, "workshop")
    if document is None or shape_problems:
        return None, problems
    data = document.data

    def at(field_path: tuple[str | int, ...], message: str, hint: str) -> Problem:
        line, column = document.position(field_path)
        return Problem(display_path, line, column, format_field(field_path), message, hint)

    reserved = reserved_id_problem(data["id"], "workshops")
    if reserved:
        problems.append(at(("id",), *reserved))
    if data["id"] != path.stem:
        problems.append(
            at(
                ("id",),
                f"the id '{data['id']}' differs from the file name '{path.name}'",
                f"rename the file to '{data['id']}.yaml' or set id: {path.stem}",
            )
        )
    for index, item in enumerate(data["cases"]):
        if item["case"] not in case_ids:
            problems.append(
                at(
                    ("cases", index, "case"),
                    f"no case has the id '{item['case']}'",
                    nearest_ids(item["case"], sorted(case_ids)),
                )
            )
    language, translations = data["language"], data.get("translations", {})
    if language in translations:
        problems.append(
            at(
                ("translations", language),
                "the workshop's own language is not a translation",
                f"remove '{language}' from translations",
            )
        )
    problems += review_problems(data["id"], display_path, translations, document, reviews_dir)
    if errors_only(problems):
        return None, problems
    workshop = Workshop(
        id=data["id"],
        path=display_path,
        title=Localized(data["title"]),
        audience=Localized(data["audience"]),
        duration=data["duration"],
        introduction=Localized(data["introduction"]) if "introduction" in data else None,
        language=language,
        translations=dict(translations),
        cases=tuple(
            WorkshopCase(item["case"], tuple(Localized(question) for question in item["questions"]))
            for item in data["cases"]
        ),
    )
    return workshop, problems
