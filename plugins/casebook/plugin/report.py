"""What a build says about the library: broken files, restored versions, missing translations."""

from __future__ import annotations

from collections.abc import Collection
from logging import Logger, LoggerAdapter
from typing import Any

from mkdocs.exceptions import PluginError

from casebook.errors import counted
from casebook.i18n import Labels
from casebook.loader import Library, WorkshopSet


def report_problems(
    library: Library,
    restored: Collection[str],
    workshops: WorkshopSet,
    labels: Labels,
    *,
    require_translations: bool,
    strict: bool,
    log: Logger | LoggerAdapter[Any],
) -> None:
    """Warn about every broken file; under ``--strict``, stop the build with all of them.

    MkDocs 1.6 stops counting warnings for ``--strict`` when ``-q`` hides them (mkdocs
    issue 4126), so a strict build would quietly publish a site without a broken case:
    the plugin fails the build itself, whatever the log level.
    """
    warnings = [
        f"{problem.location()}: {problem.describe()}" for problem in [*library.errors, *workshops.errors]
    ]
    if workshops.broken_files:
        warnings.append(
            f"{_not_on_the_site(len(workshops.broken_files), 'workshop file')}: "
            + ", ".join(workshops.broken_files)
        )
    if restored:
        warnings.append(f"showing the last good version of {', '.join(restored)} until its errors are fixed")
    dropped = [path for path in library.broken_files if path not in restored]
    if dropped:
        warnings.append(f"{_not_on_the_site(len(dropped), 'case file')}: {', '.join(dropped)}")
    untranslated = [
        f"{case.path}: no {language.name} text in {', '.join(missing)}"
        for case in library.cases.values()
        for language in labels.languages
        if (missing := case.untranslated_fields(language.code))
    ]
    if require_translations:
        warnings += untranslated
    else:
        for message in untranslated:
            log.info(message)
    if strict and warnings:
        raise PluginError("Casebook: the strict build stops here:\n" + "\n".join(warnings))
    for message in warnings:
        log.warning(message)
    loaded = counted(len(library.cases), "case", "cases")
    log.info(f"{loaded} loaded, {counted(len(library.broken_files), 'broken file', 'broken files')}")


def _not_on_the_site(count: int, noun: str) -> str:
    """ "1 case file has errors and is NOT on the site", "2 case files have errors and are ..."."""
    verbs = "has errors and is" if count == 1 else "have errors and are"
    return f"{counted(count, noun, noun + 's')} {verbs} NOT on the site"
