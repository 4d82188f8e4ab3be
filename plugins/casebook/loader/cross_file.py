"""The rules across case files: every id, number and old id leads to one case; links lead to cases."""

from __future__ import annotations

from collections.abc import Mapping

from casebook.errors import FieldPath, Problem, format_field
from casebook.loader.case_file import nearest_ids
from casebook.loader.yaml_reader import YamlDocument
from casebook.markup import case_link_targets
from casebook.model import Case


def check_permanent_addresses(
    cases: Mapping[str, Case], documents: Mapping[str, YamlDocument]
) -> list[Problem]:
    """Numbers and old ids are addresses too: each must lead to exactly one case."""
    problems = []
    numbers: dict[int, str] = {}
    addresses: dict[str, str] = {case_id: case_id for case_id in cases}
    for case in sorted(cases.values(), key=lambda case: case.path):
        document = documents[case.id]
        if case.number in numbers:
            line, column = document.position(("number",))
            problems.append(
                Problem(
                    case.path,
                    line,
                    column,
                    "number",
                    f"the number {case.number} is already used by {numbers[case.number]}",
                    "use the next free number (casebook new picks one)",
                )
            )
        numbers.setdefault(case.number, case.path)
        for index, old in enumerate(case.old_ids):
            if addresses.setdefault(old, case.id) != case.id:
                line, column = document.position(("old_ids", index))
                problems.append(
                    Problem(
                        case.path,
                        line,
                        column,
                        f"old_ids[{index}]",
                        f"'{old}' already leads to the case '{addresses[old]}'",
                        "an old id must not be the id or old id of another case",
                    )
                )
    return problems


def check_references(case: Case, document: YamlDocument, cases: Mapping[str, None]) -> list[Problem]:
    """Check ids that point at other cases (``cases``): ``related`` and ``[text](case:id)`` links."""
    problems = []

    def at(field_path: FieldPath, message: str, hint: str) -> None:
        line, column = document.position(field_path)
        problems.append(Problem(case.path, line, column, format_field(field_path), message, hint))

    for index, other in enumerate(case.related):
        if other == case.id:
            at(("related", index), "a case cannot be related to itself", "remove it")
        elif other not in cases:
            at(("related", index), f"no case has the id '{other}'", nearest_ids(other, cases))
    for field_path, text, is_markdown in case.texts():
        if not is_markdown:
            continue
        for lang, body in text.texts.items():
            for target in case_link_targets(body):
                if target not in cases:
                    at(
                        (*field_path, lang),
                        f"the link (case:{target}) points to no case",
                        nearest_ids(target, cases),
                    )
    return problems
