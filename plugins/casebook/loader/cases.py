"""Load ``cases/*.yaml`` into :class:`~casebook.model.Case` objects and check every rule."""

from __future__ import annotations

import datetime
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from casebook.errors import Problem, errors_only
from casebook.loader.case_file import read_case
from casebook.loader.cross_file import check_permanent_addresses, check_references
from casebook.loader.reviews import REVIEWS_DIR, check_review_records
from casebook.loader.yaml_reader import YamlDocument, read_yaml
from casebook.model import Case, Taxonomy


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
    #: The id each broken file says it holds, where it can be read (a renamed file keeps its id).
    claimed_ids: dict[str, str] = field(default_factory=dict)

    def restore(self, last_good: Mapping[str, Case]) -> dict[str, str]:
        """Put back the last good version of each broken file, as a dev server should.

        The last good version is the one the file had, or, for a file renamed
        (whose name no longer matches its id), the case of the id it holds.
        Returns each file restored with the id of the case shown for it. A broken
        file without a previous good version stays out, and stays listed in ``broken_files``.
        """
        by_id = {case.id: case for case in last_good.values()}
        restored = {}
        for path in self.broken_files:
            previous = last_good.get(path) or by_id.get(self.claimed_ids.get(path, ""))
            if previous is not None and previous.id not in self.cases:
                self.cases[previous.id] = previous
                restored[path] = previous.id
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
    case_files: dict[str, Path] = {}
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
            data = document.data if document is not None else None
            claimed = data.get("id") if isinstance(data, dict) else None
            if isinstance(claimed, str):
                library.claimed_ids[display_path] = claimed
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
        case_files[case.id] = resolved
    # A file that failed to load still holds the case its name promises: links to it are
    # not errors of their own (that file is reported), so one typo does not spread to
    # every case that links there.
    # A dict keeps the sorted order for hints and answers "in" at once (a list made
    # checking every case's references quadratic in the size of the library).
    known = dict.fromkeys(sorted(set(library.cases) | {path.stem for path in files}))
    for case in library.cases.values():
        library.problems += check_references(case, documents[case.id], known)
    library.problems += check_permanent_addresses(library.cases, documents, case_files)
    reviews = check_review_records(library.cases, documents, cases_dir.parent / REVIEWS_DIR)
    library.problems += reviews.problems
    for case_id, stale in reviews.stale.items():
        library.cases[case_id] = replace(library.cases[case_id], stale=stale)
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
