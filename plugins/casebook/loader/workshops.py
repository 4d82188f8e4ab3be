"""Load ``workshops/*.yaml``, checked like cases: schema, file name, the cases they use, and a plan
that adds up to the session's duration."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from casebook.errors import Problem, errors_only, format_field
from casebook.loader.case_file import nearest_ids, read_document
from casebook.loader.cases import LoadReport, display_path, yaml_files
from casebook.loader.reviews import REVIEWS_DIR, review_problems
from casebook.model import Case, Localized
from casebook.model.ids import reserved_id_problem
from casebook.model.workshop import CaseNotes, PlanPart, Workshop, WorkshopCase, WorkshopNotes


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
    if "notes" in data:
        notes_translations = data["notes"].get("translations", {})
        problems += review_problems(
            data["id"], display_path, notes_translations, document, reviews_dir, ("notes", "translations")
        )
    plan = _read_plan(data, at, problems)
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
            WorkshopCase(
                item["case"],
                tuple(Localized(question) for question in item["questions"]),
                _case_notes(item["notes"]) if "notes" in item else None,
            )
            for item in data["cases"]
        ),
        notes=WorkshopNotes(
            objectives=tuple(Localized(text) for text in data["notes"]["objectives"]),
            plan=plan,
            translations=dict(data["notes"].get("translations", {})),
        )
        if "notes" in data
        else None,
    )
    return workshop, problems


def _case_notes(notes: dict[str, Any]) -> CaseNotes:
    return CaseNotes(
        look_for=tuple(Localized(text) for text in notes["look_for"]),
        discussion=tuple(Localized(text) for text in notes["discussion"]),
        takeaway=Localized(notes["takeaway"]),
    )


def _read_plan(
    data: dict[str, Any], at: Callable[..., Problem], problems: list[Problem]
) -> tuple[PlanPart, ...]:
    """The plan's parts; a problem for a case that is not the workshop's, a case in two parts
    or none, and a total that is not the duration (the page's timings and the presenter's
    timer both come from here)."""
    if "notes" not in data:
        return ()
    workshop_cases = [item["case"] for item in data["cases"]]
    planned: dict[str, int] = {}
    for index, part in enumerate(data["notes"]["plan"]):
        for position, case_id in enumerate(part.get("cases", [])):
            where = ("notes", "plan", index, "cases", position)
            if case_id not in workshop_cases:
                problems.append(
                    at(
                        where,
                        f"'{case_id}' is not one of this workshop's cases",
                        nearest_ids(case_id, workshop_cases),
                    )
                )
            elif case_id in planned:
                problems.append(
                    at(
                        where,
                        f"the case '{case_id}' is already in part {planned[case_id] + 1} of the plan",
                        "give each case one part",
                    )
                )
            else:
                planned[case_id] = index
    for number, case_id in enumerate(workshop_cases):
        if case_id not in planned:
            problems.append(
                at(
                    ("notes", "plan"),
                    f"no part of the plan discusses the case '{case_id}' (cases[{number}])",
                    f"add cases: [{case_id}] to the part in which it is discussed",
                )
            )
    minutes = [part["minutes"] for part in data["notes"]["plan"]]
    if sum(minutes) != data["duration"]:
        problems.append(
            at(
                ("notes", "plan"),
                f"the plan adds up to {sum(minutes)} minutes ({' + '.join(map(str, minutes))}), "
                f"but the workshop lasts {data['duration']} (duration)",
                f"change the minutes of a part, or set duration: {sum(minutes)}",
            )
        )
    return tuple(
        PlanPart(part["minutes"], Localized(part["text"]), tuple(part.get("cases", ())))
        for part in data["notes"]["plan"]
    )
