"""The rules across case files: every id, number and old id leads to one case; links lead to cases."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from casebook.errors import FieldPath, Problem, format_field
from casebook.loader.case_file import nearest_ids
from casebook.loader.history import files_on_main
from casebook.loader.yaml_reader import YamlDocument
from casebook.markup import case_link_targets
from casebook.model import Case
from casebook.model.dates import PartialDate


def check_permanent_addresses(
    cases: Mapping[str, Case], documents: Mapping[str, YamlDocument], files: Mapping[str, Path]
) -> list[Problem]:
    """Numbers and old ids are addresses too: each must lead to exactly one case.

    ``files`` gives each case's file, to ask git which of two files claiming one
    number is already on the main branch.
    """
    problems = _number_clashes(cases, documents, files)
    addresses: dict[str, str] = {case_id: case_id for case_id in cases}
    for case in sorted(cases.values(), key=lambda case: case.path):
        document = documents[case.id]
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


def _number_clashes(
    cases: Mapping[str, Case], documents: Mapping[str, YamlDocument], files: Mapping[str, Path]
) -> list[Problem]:
    # The number stays with the file the main branch already has (its pages are published),
    # else with the case published first: the newcomer is told which number to take.
    claims: dict[int, list[Case]] = {}
    for case in cases.values():
        claims.setdefault(case.number, []).append(case)
    clashes = [group for group in claims.values() if len(group) > 1]
    if not clashes:
        return []
    folders = {files[case.id].parent for group in clashes for case in group}
    found = [files_on_main(folder) for folder in folders]
    on_main = None if None in found else set().union(*(files for files in found if files is not None))
    next_free = max(case.number for case in cases.values()) + 1
    problems = []
    for group in sorted(clashes, key=lambda group: group[0].number):

        def age(case: Case) -> tuple[bool, PartialDate, str]:
            newcomer = on_main is not None and files[case.id].resolve() not in on_main
            return (newcomer, case.published, case.path)

        keeper, *newcomers = sorted(group, key=age)
        if on_main is not None and files[keeper.id].resolve() in on_main:
            why = "which is already on the main branch"
        elif keeper.published < newcomers[0].published:
            why = f"published earlier ({keeper.published.iso()})"
        else:
            why = "which comes first by file name (both were published the same day)"
        for case in sorted(newcomers, key=lambda case: case.path):
            line, column = documents[case.id].position(("number",))
            problems.append(
                Problem(
                    case.path,
                    line,
                    column,
                    "number",
                    f"the number {case.number} is already taken by {keeper.path}, {why}",
                    f"take the number {next_free}, the next free one "
                    "(the number a form or casebook new gave is provisional until the case is merged)",
                )
            )
            next_free += 1
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
