"""What a build says about the library: broken files, restored versions, missing translations."""

from __future__ import annotations

from logging import Logger, LoggerAdapter
from typing import Any

from mkdocs.exceptions import PluginError

from casebook.i18n import Labels
from casebook.loader import Library, WorkshopSet


def report_problems(
    library: Library,
    restored: list[str],
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
            f"{len(workshops.broken_files)} workshop file(s) have errors and are NOT on the site: "
            + ", ".join(workshops.broken_files)
        )
    if restored:
        warnings.append(f"showing the last good version of {', '.join(restored)} until its errors are fixed")
    dropped = [path for path in library.broken_files if path not in restored]
    if dropped:
        warnings.append(
            f"{len(dropped)} case file(s) have errors and are NOT on the site: {', '.join(dropped)}"
        )
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
    log.info(f"{len(library.cases)} case(s) loaded, {len(library.broken_files)} broken file(s)")
