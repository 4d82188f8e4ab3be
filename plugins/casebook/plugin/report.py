"""What a build says about the library: broken files, restored versions, missing translations."""

from __future__ import annotations

import logging
import sys
from collections.abc import Collection
from logging import Logger, LoggerAdapter
from typing import Any

from mkdocs.exceptions import PluginError

from casebook.errors import Severity, counted
from casebook.i18n import Labels
from casebook.loader import Library, WorkshopSet


class _StandardError(logging.Handler):
    """Writes to ``sys.stderr`` as it is when a record comes (a test may have replaced it)."""

    def emit(self, record: logging.LogRecord) -> None:
        sys.stderr.write(self.format(record) + "\n")


def _notice_logger() -> logging.Logger:
    """A logger outside MkDocs' own: neither ``-q`` hides it nor ``--strict`` counts it."""
    logger = logging.getLogger("casebook.notices")
    if not logger.handlers:
        handler = _StandardError()
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  casebook: %(message)s"))
        logger.addHandler(handler)
        logger.propagate = False
        logger.setLevel(logging.INFO)
    return logger


notices = _notice_logger()


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

    A stale translation is shown, but stops a strict build only with ``require_translations``.

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
    stale = [f"{p.location()}: {p.describe()}" for p in library.problems if p.severity is Severity.WARNING]
    if require_translations:
        warnings += untranslated + stale
    else:
        for message in untranslated:
            log.info(message)
        # Not a build warning (--strict would fail on it), yet shown even under -q: a stale
        # translation is something to do, not a broken page.
        for message in stale:
            notices.warning(message)
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
