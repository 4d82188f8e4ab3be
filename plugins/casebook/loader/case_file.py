"""One case file: read it, validate it against the schema, and check every rule within the file.

The rules across files (ids, numbers, links) are in :mod:`casebook.loader.cross_file`.
"""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from babel import Locale

from casebook.errors import FieldPath, Problem, errors_only, format_field
from casebook.loader.characters import uncarriable_problems
from casebook.loader.schema import validate
from casebook.loader.yaml_reader import YamlDocument, read_yaml
from casebook.model import Case, Company, Localized, Moment, PartialDate, Source, Taxonomy
from casebook.model.ids import reserved_id_problem

SCHEMA_COMMENT = "# yaml-language-server: $schema="
#: ISO 3166-1 alpha-2 codes a case's ``country`` may use.
COUNTRY_CODES = frozenset(
    code for code in map(str, Locale("en").territories) if len(code) == 2 and code.isalpha()
)

#: What a date in the future should be instead, by the field that holds it.
_FUTURE_HINTS = {
    "when": "write the date the case happened",
    "published": "write the day the case is added to Casebook, today or earlier (in UTC, as CI reads it)",
    "sources": "write the date the source was published",
}


def english_name(code: str) -> str:
    """The English name of a language code (``it`` -> ``Italian``), for messages to contributors."""
    return str(Locale.parse(code).get_display_name("en"))


#: A case or taxonomy id: lowercase letters and digits in words joined by hyphens.
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def _addressed_ids(data: dict[str, Any]) -> list[tuple[FieldPath, Any, str]]:
    """The ids of a case file that make page addresses, with the folder each page goes in."""
    found: list[tuple[FieldPath, Any, str]] = [(("id",), data.get("id"), "cases")]
    company = data.get("company")
    if isinstance(company, dict):
        found.append((("company", "id"), company.get("id"), "companies"))
    old_ids = data.get("old_ids")
    if isinstance(old_ids, list):
        found += [(("old_ids", index), old, "cases") for index, old in enumerate(old_ids)]
    return found


def read_document(
    path: Path, display_path: str, schema: str
) -> tuple[YamlDocument | None, list[Problem], list[Problem]]:
    """Read a YAML file that must name ``schemas/<schema>.schema.json`` on its first line and follow it.

    Returns the document (None if unreadable), all problems, and the schema problems alone.
    """
    document, problems = read_yaml(path, display_path)
    if document is None:
        return None, problems, []
    problems += uncarriable_problems(document, display_path)
    if not (
        document.first_line.startswith(SCHEMA_COMMENT)
        and document.first_line.endswith(f"{schema}.schema.json")
    ):
        problems.append(
            Problem(
                display_path,
                1,
                1,
                "",
                f"the first line does not name the {schema} schema",
                f"start the file with '{SCHEMA_COMMENT}../plugins/casebook/schemas/{schema}.schema.json'",
            )
        )
    shape_problems = validate(document, schema)
    return document, problems + shape_problems, shape_problems


def read_case(
    path: Path, display_path: str, taxonomy: Taxonomy, today: datetime.date
) -> tuple[Case | None, YamlDocument | None, list[Problem]]:
    """Read one case file and check everything that needs no other file."""
    document, problems, shape_problems = read_document(path, display_path, "case")
    if document is None:
        return None, None, problems
    data = document.data

    def at(field_path: FieldPath, message: str, hint: str = "") -> Problem:
        line, column = document.position(field_path)
        return Problem(display_path, line, column, format_field(field_path), message, hint)

    # The rules below look only at the parts that have the right shape, so that a
    # contributor sees every problem of the file in one run.
    if not isinstance(data, dict):
        return None, None, problems
    if isinstance(data.get("id"), str) and data["id"] != path.stem:
        twin = f"{data['id']}.yaml"
        message = f"the id '{data['id']}' differs from the file name '{path.name}'"
        hint = f"rename the file to '{twin}' or set id: {path.stem}"
        if SLUG.fullmatch(data["id"]) and (path.parent / twin).is_file():
            # Renaming would clash with the other file: say so instead of suggesting it.
            message += f", and '{twin}' already exists"
            hint = f"each case needs its own id: choose a new one and rename the file, or set id: {path.stem}"
        problems.append(at(("id",), message, hint))
    for field_path, value, folder in _addressed_ids(data):
        reserved = reserved_id_problem(value, folder)
        if reserved:
            problems.append(at(field_path, *reserved))
    language = data.get("language")
    already_wrong = {problem.field for problem in shape_problems}
    # The schema has checked the language code: an unknown one is reported there, once.
    if isinstance(language, str) and "language" not in already_wrong:
        for field_path, text in _localized_values(data):
            if language not in text:
                problems.append(
                    at(
                        field_path,
                        f"the {english_name(language)} text is missing",
                        f"the case's language is '{language}', so every text needs '{language}:'",
                    )
                )
    for field_path, kind, value in _taxonomy_ids(data):
        terms = taxonomy.kind(kind)
        if value not in terms and format_field(field_path) not in already_wrong:
            problems.append(at(field_path, f"unknown {kind[:-1]} '{value}'", nearest_ids(value, terms)))
    if isinstance(data.get("country"), str) and data["country"] not in COUNTRY_CODES:
        problems.append(
            at(
                ("country",),
                f"unknown country code '{data['country']}'",
                "use an ISO 3166-1 alpha-2 code such as GB or IT",
            )
        )

    def date(field_path: FieldPath, value: Any) -> PartialDate:
        try:
            parsed = PartialDate.parse(value)
            earliest = parsed.earliest()  # raises for year 0
        except (ValueError, OverflowError):
            problems.append(at(field_path, f"'{value}' is not a real date", "check the day and the month"))
            return PartialDate()
        if earliest is not None and earliest > today:
            problems.append(at(field_path, f"'{value}' is in the future", _FUTURE_HINTS[str(field_path[0])]))
        return parsed

    # Dates that have the right shape are checked even when other fields are wrong.
    date_values: list[tuple[FieldPath, Any]] = [
        (("when",), data.get("when")),
        (("published",), data.get("published")),
    ]
    date_values += [
        (("sources", index, "date"), source.get("date"))
        for index, source in _items(data, "sources")
        if isinstance(source, dict)
    ]
    dates = {
        field_path: date(field_path, value)
        for field_path, value in date_values
        if value is not None and format_field(field_path) not in already_wrong
    }
    translations = data.get("translations")
    if isinstance(language, str) and isinstance(translations, dict) and language in translations:
        problems.append(
            at(
                ("translations", language),
                "the case's own language is not a translation",
                f"remove '{language}' from translations",
            )
        )
    if shape_problems:
        return None, None, problems

    moments = tuple(
        Moment(index, moment["stage"], moment["touchpoint"], moment["outcome"], Localized(moment["text"]))
        for index, moment in enumerate(data["moments"])
    )
    sources = tuple(
        Source(
            title=Localized(source["title"]),
            language=source["language"],
            kind=source.get("kind", ""),
            author=source.get("author", ""),
            publisher=source.get("publisher", ""),
            date=dates.get(("sources", index, "date"), PartialDate()),
            url=source.get("url", ""),
        )
        for index, source in enumerate(data["sources"])
    )
    case = Case(
        id=data["id"],
        number=data["number"],
        old_ids=tuple(data.get("old_ids", [])),
        path=display_path,
        title=Localized(data["title"]),
        language=data["language"],
        translations=dict(data.get("translations", {})),
        company=Company(**data["company"]),
        country=data.get("country", ""),
        sector=data.get("sector", ""),
        when=dates[("when",)],
        disputed=Localized(data["disputed"]) if "disputed" in data else None,
        summary=Localized(data["summary"]),
        moments=moments,
        lessons=tuple(Localized(text) for text in data.get("lessons", [])),
        questions=tuple(Localized(text) for text in data.get("questions", [])),
        tags=tuple(data.get("tags", [])),
        related=tuple(data.get("related", [])),
        published=dates[("published",)],
        sources=sources,
    )
    return (None if errors_only(problems) else case), document, problems


#: When no id is close, up to this many valid ids are all listed (a taxonomy kind);
#: a longer list (the case ids of a library) would bury the message.
_LIST_ALL_UP_TO = 20


def nearest_ids(value: str, terms: Iterable[str]) -> str:
    """Return a hint naming the valid ids closest to ``value``.

    With nothing close, a short list of ids is given whole, and a long one by the
    three least far from ``value``.
    """
    options = list(terms)
    close = difflib.get_close_matches(value, options, n=3, cutoff=0.5)
    close += [option for option in options if (value in option or option in value) and option not in close]
    if not close and len(options) > _LIST_ALL_UP_TO:
        close = difflib.get_close_matches(value, options, n=3, cutoff=0)
    if close:
        return "nearest valid ids: " + ", ".join(close[:3])
    return "valid ids: " + ", ".join(options)


def _items(data: dict[str, Any], name: str) -> list[tuple[int, Any]]:
    value = data.get(name)
    return list(enumerate(value)) if isinstance(value, list) else []


def _localized_values(data: dict[str, Any]) -> Iterable[tuple[FieldPath, dict[str, str]]]:
    candidates: list[tuple[FieldPath, Any]] = [
        (("title",), data.get("title")),
        (("disputed",), data.get("disputed")),
        (("summary",), data.get("summary")),
    ]
    candidates += [
        (("moments", i, "text"), m.get("text")) for i, m in _items(data, "moments") if isinstance(m, dict)
    ]
    candidates += [((name, i), text) for name in ("lessons", "questions") for i, text in _items(data, name)]
    candidates += [
        (("sources", i, "title"), s.get("title")) for i, s in _items(data, "sources") if isinstance(s, dict)
    ]
    return [(path, text) for path, text in candidates if isinstance(text, dict) and text]


#: The fields that hold taxonomy ids, with the kind of term each names: a field of each
#: moment, a field of the case, or (tags) a list of ids. The "Propose a case" form reads it too.
TAXONOMY_FIELDS: dict[str, str] = {
    "moments.stage": "stages",
    "moments.touchpoint": "touchpoints",
    "moments.outcome": "outcomes",
    "sector": "sectors",
    "tags": "tags",
}


def _taxonomy_ids(data: dict[str, Any]) -> Iterable[tuple[FieldPath, str, str]]:
    found: list[tuple[FieldPath, str, Any]] = []
    moment_fields = [
        (name.split(".")[1], kind) for name, kind in TAXONOMY_FIELDS.items() if name.startswith("moments.")
    ]
    for index, moment in _items(data, "moments"):
        if isinstance(moment, dict):
            found += [(("moments", index, key), kind, moment.get(key)) for key, kind in moment_fields]
    for name, kind in TAXONOMY_FIELDS.items():
        if "." in name:
            continue
        if isinstance(data.get(name), list):
            found += [((name, index), kind, value) for index, value in _items(data, name)]
        else:
            found.append(((name,), kind, data.get(name)))
    return [(path, kind, value) for path, kind, value in found if isinstance(value, str)]
