"""Load ``cases/*.yaml`` into :class:`~casebook.model.Case` objects and check every rule."""

from __future__ import annotations

import datetime
import difflib
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from babel import Locale

from casebook.errors import FieldPath, Problem, errors_only, format_field
from casebook.loader.schema import validate
from casebook.loader.yaml_reader import YamlDocument, read_yaml
from casebook.markup import case_link_targets
from casebook.model import Case, Company, Localized, Moment, PartialDate, Source, Taxonomy

SCHEMA_COMMENT = "# yaml-language-server: $schema="
#: ISO 3166-1 alpha-2 codes a case's ``country`` may use.
COUNTRY_CODES = frozenset(
    code for code in map(str, Locale("en").territories) if len(code) == 2 and code.isalpha()
)


def english_name(code: str) -> str:
    """The English name of a language code (``it`` -> ``Italian``), for messages to contributors."""
    return str(Locale.parse(code).get_display_name("en"))


#: A case or taxonomy id: lowercase letters and digits in words joined by hyphens.
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


@dataclass
class LoadReport:
    """Every problem found while loading a folder of files, and the files left out."""

    problems: list[Problem] = field(default_factory=list)
    #: Files that could not be loaded, so that nothing disappears unnoticed.
    broken_files: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        """Problems that must be fixed."""
        return errors_only(self.problems)


@dataclass
class Library(LoadReport):
    """Every case that loaded, and every problem found on the way."""

    cases: dict[str, Case] = field(default_factory=dict)

    def restore(self, last_good: Mapping[str, Case]) -> list[str]:
        """Put back the last good version of each broken file, as a dev server should.

        Returns the paths of the files restored. A broken file without a previous
        good version stays out, and stays listed in ``broken_files``.
        """
        restored = []
        for path in self.broken_files:
            previous = last_good.get(path)
            if previous is not None and previous.id not in self.cases:
                self.cases[previous.id] = previous
                restored.append(path)
        return restored


CaseReading = tuple[Case | None, YamlDocument | None, list[Problem]]


@dataclass
class ReadCache:
    """What :func:`read_case` made of each file, valid while the file, taxonomy and day stay the same."""

    entries: dict[Path, tuple[tuple[int, int], CaseReading]] = field(default_factory=dict)
    #: The taxonomy and day of the entries, compared once per load rather than once per file.
    context: tuple[Taxonomy, datetime.date] | None = None

    def start(self, taxonomy: Taxonomy, today: datetime.date) -> None:
        """Begin a load: forget every reading if the taxonomy or the day changed since the last one."""
        if self.context is None or self.context[1] != today or self.context[0] != taxonomy:
            self.entries.clear()
        self.context = (taxonomy, today)

    def read(self, path: Path, display_path: str) -> CaseReading:
        """Return the cached reading of ``path`` if still valid, else read it again."""
        assert self.context is not None, "call start() first"
        stat = path.stat()
        signature = (stat.st_mtime_ns, stat.st_size)
        cached = self.entries.get(path)
        if cached is not None and cached[0] == signature:
            case, document, problems = cached[1]
            if case is not None and document is not None and case.path == display_path:
                return case, document, list(problems)
        reading = read_case(path, display_path, *self.context)
        self.entries[path] = (signature, reading)
        return reading[0], reading[1], list(reading[2])


def yaml_files(folder: Path) -> list[Path]:
    """Return the case or workshop files in ``folder``: ``*.yaml`` not starting with ``_``, by name.

    A folder that does not exist has none.
    """
    # scandir knows each entry's type without a stat per file, and names sort faster than
    # paths: a dev server lists the folder at every rebuild.
    if not folder.is_dir():
        return []
    with os.scandir(folder) as entries:
        names = [
            entry.name
            for entry in entries
            if entry.name.endswith(".yaml") and not entry.name.startswith("_") and entry.is_file()
        ]
    return [folder / name for name in sorted(names)]


def known_case_ids(library: Library, cases_dir: Path) -> set[str]:
    """The ids that other files may name: every loaded case, and every case file even if broken.

    A broken case is reported on its own; a workshop or link that names it is not wrong too.
    """
    return library.cases.keys() | {path.stem for path in yaml_files(cases_dir)}


def load_cases(
    cases_dir: Path,
    taxonomy: Taxonomy,
    *,
    only: Sequence[Path] | None = None,
    display_root: Path | None = None,
    today: datetime.date | None = None,
    cache: ReadCache | None = None,
) -> Library:
    """Read and check every case file in ``cases_dir``.

    ``only`` limits which files are reported on (the rest are still read, so
    that related ids resolve). File names in problems are relative to
    ``display_root`` (default: the current directory) when possible.
    ``cache`` keeps what was read from each file between calls (a dev server
    rebuilding after one edit), re-reading only files whose size or time changed.
    Never raises for anything in the files: problems are collected.
    """
    today = today or datetime.date.today()
    library = Library()
    documents: dict[str, YamlDocument] = {}
    seen_ids: dict[str, str] = {}
    # Files named on the command line are checked even when they live elsewhere.
    extra = [path for path in only or () if path.resolve().parent != cases_dir.resolve()]
    files = yaml_files(cases_dir) + sorted(extra)
    base = (display_root or Path.cwd()).resolve()  # once, not once per file
    # The folder is resolved once: resolving each file took much of a dev server's reload.
    folder = cases_dir.resolve()
    if cache is not None:
        cache.start(taxonomy, today)
    for path in files:
        resolved = folder / path.name if path.parent == cases_dir else path.resolve()
        display_path = _display_path(resolved, path, base)
        if cache is None:
            case, document, problems = read_case(path, display_path, taxonomy, today)
        else:
            case, document, problems = cache.read(path, display_path)
        library.problems += problems
        if case is None or document is None:
            library.broken_files.append(display_path)
            continue
        if case.id in seen_ids:
            line, column = document.position(("id",))
            library.problems.append(
                Problem(
                    display_path,
                    line,
                    column,
                    "id",
                    f"the id '{case.id}' is already used by {seen_ids[case.id]}",
                    "choose another id and rename the file to match",
                )
            )
            library.broken_files.append(display_path)
            continue
        seen_ids[case.id] = display_path
        library.cases[case.id] = case
        documents[case.id] = document
    # A file that failed to load still holds the case its name promises: links to it are
    # not errors of their own (that file is reported), so one typo does not spread to
    # every case that links there.
    # A dict keeps the sorted order for hints and answers "in" at once (a list made
    # checking every case's references quadratic in the size of the library).
    known = dict.fromkeys(sorted(set(library.cases) | {path.stem for path in files}))
    for case in library.cases.values():
        library.problems += _check_references(case, documents[case.id], known)
    library.problems += _check_permanent_addresses(library.cases, documents)
    if only is not None:
        wanted = {_display_path(path.resolve(), path, base) for path in only}
        library.problems = [p for p in library.problems if p.file in wanted]
    library.problems.sort()
    return library


def next_free_number(cases_dir: Path) -> int:
    """Return one more than the highest case number in ``cases_dir`` (1 for an empty library).

    Broken files count too when their number can be read, so that two new cases
    never get the same number.
    """
    numbers = [0]
    for path in yaml_files(cases_dir):
        document, _ = read_yaml(path, str(path))
        number = (
            document.data.get("number") if document is not None and isinstance(document.data, dict) else None
        )
        if isinstance(number, int) and not isinstance(number, bool):
            numbers.append(number)
    return max(numbers) + 1


def display_path(path: Path, root: Path | None) -> str:
    """Return ``path`` relative to ``root`` (default: the current folder) when it is inside it."""
    return _display_path(path.resolve(), path, (root or Path.cwd()).resolve())


def _display_path(resolved: Path, path: Path, base: Path) -> str:
    """``path`` (resolved: ``resolved``) as named in problems: relative to ``base`` when inside it."""
    try:
        return str(resolved.relative_to(base))
    except ValueError:
        return str(path)


def read_document(
    path: Path, display_path: str, schema: str
) -> tuple[YamlDocument | None, list[Problem], list[Problem]]:
    """Read a YAML file that must name ``schemas/<schema>.schema.json`` on its first line and follow it.

    Returns the document (None if unreadable), all problems, and the schema problems alone.
    """
    document, problems = read_yaml(path, display_path)
    if document is None:
        return None, problems, []
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
            problems.append(at(field_path, f"'{value}' is in the future", "write the date the case happened"))
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


def _check_permanent_addresses(
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


def _check_references(case: Case, document: YamlDocument, cases: Mapping[str, None]) -> list[Problem]:
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
