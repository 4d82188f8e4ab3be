"""Compare two built sites page by page: what a pull request changes for readers.

``casebook diff-sites BASE HEAD`` lists the pages that are new, changed or removed in
HEAD (the pull request's site) against BASE (the target branch's), by address and in
every language; the changed case files each page shows; and the pages that changed
where no changed case file appears (a template, a label, the taxonomy, or a count).

Pages are the HTML files, compared byte for byte: two builds of the same input are
byte-identical (``tests/test_integrity.py``), so any difference is one a reader sees.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from casebook.i18n import Labels

#: How a page differs between the two sites.
NEW, CHANGED, REMOVED = "new", "changed", "removed"
#: Where the case files live in the repository: ``cases/<id>.yaml``.
CASE_FILE = re.compile(r"^cases/([a-z0-9]+(?:-[a-z0-9]+)*)\.yaml$")


@dataclass(frozen=True, order=True)
class PageChange:
    """One page that is new, changed or removed: its address (the same in every language) and language."""

    address: str
    lang: str
    path: str
    change: str


@dataclass
class SiteDiff:
    """Every page that differs, which changed case files each shows, and the pages none of them shows."""

    changes: list[PageChange] = field(default_factory=list)
    #: Changed case file -> the differing pages that show that case (its page, or a link to it).
    by_case_file: dict[str, list[PageChange]] = field(default_factory=dict)
    #: Differing pages where no changed case file appears.
    without_case_file: list[PageChange] = field(default_factory=list)
    #: The files the pull request changes that are not case files (templates, labels, docs...).
    other_files: list[str] = field(default_factory=list)

    def by_address(self) -> dict[str, dict[str, PageChange]]:
        """The changes grouped by address, then by language."""
        grouped: dict[str, dict[str, PageChange]] = {}
        for change in self.changes:
            grouped.setdefault(change.address, {})[change.lang] = change
        return grouped


def page_files(site: Path) -> dict[str, Path]:
    """Every page of a built site (its HTML files), by its path in the site (``it/cases/x/``)."""
    pages = {}
    for path in site.rglob("*.html"):
        relative = path.relative_to(site).as_posix()
        pages[relative.removesuffix("index.html")] = path
    return pages


def _case_link(case_id: str) -> re.Pattern[str]:
    # A link to the case's page from anywhere in the site, relative or absolute, with or without an anchor.
    return re.compile(rf'href="(?:[^"]*/)?cases/{re.escape(case_id)}/(?:index\.html)?(?:#[^"]*)?"')


def diff_sites(old: Path, new: Path, labels: Labels, changed_files: Iterable[str] | None = None) -> SiteDiff:
    """Compare the site built in ``old`` with the one built in ``new``, page by page.

    ``changed_files`` are the repository files the change touches (``git diff --name-only``);
    without them, a case counts as changed when its own page differs.
    """
    before, after = page_files(old), page_files(new)
    diff = SiteDiff()
    for path in sorted(before.keys() | after.keys()):
        if path not in before:
            kind = NEW
        elif path not in after:
            kind = REMOVED
        elif before[path].read_bytes() != after[path].read_bytes():
            kind = CHANGED
        else:
            continue
        language = labels.language_of(path)
        diff.changes.append(PageChange(path.removeprefix(language.prefix), language.code, path, kind))
    if changed_files is None:
        case_ids = sorted(
            {change.address.split("/")[1] for change in diff.changes if _is_case_page(change.address)}
        )
        case_files = [f"cases/{case_id}.yaml" for case_id in case_ids]
    else:
        files = sorted(set(changed_files))
        case_files = [name for name in files if CASE_FILE.match(name)]
        diff.other_files = [name for name in files if not CASE_FILE.match(name)]
    links = {name: _case_link(_case_id(name)) for name in case_files}
    shown: set[PageChange] = set()
    for change in diff.changes:
        texts = [
            site[change.path].read_text(encoding="utf-8", errors="replace")
            for site in (before, after)
            if change.path in site
        ]
        for name, link in links.items():
            if change.address == f"cases/{_case_id(name)}/" or any(link.search(text) for text in texts):
                diff.by_case_file.setdefault(name, []).append(change)
                shown.add(change)
    diff.without_case_file = [change for change in diff.changes if change not in shown]
    return diff


def _case_id(case_file: str) -> str:
    match = CASE_FILE.fullmatch(case_file)
    assert match is not None, case_file
    return match.group(1)


def _is_case_page(address: str) -> bool:
    parts = PurePosixPath(address).parts
    return len(parts) == 2 and parts[0] == "cases" and parts[1] not in ("page", "index.html")


def _code(text: str) -> str:
    """``text`` as inline code in Markdown (addresses and file names: nothing in them is markup)."""
    return "`" + text.replace("`", "'") + "`"


def to_markdown(diff: SiteDiff, labels: Labels, preview_url: str = "", limit: int = 200) -> str:
    """The comment a pull request gets: the differing pages by address and language, and their causes.

    ``preview_url`` is where the pull request's site is published, if anywhere: each new or
    changed page then links to its preview. Each list stops after ``limit`` rows, saying how
    many it leaves out (a comment has a size limit; a template change touches every page).
    """
    languages = [language.code for language in labels.languages]
    names = {language.code: language.name for language in labels.languages}
    lines = ["### Pages this pull request changes"]
    lines.append("")
    grouped = diff.by_address()
    if not grouped:
        lines.append("No page of the site changes.")
        return "\n".join(lines) + "\n"
    counts = {kind: sum(change.change == kind for change in diff.changes) for kind in (NEW, CHANGED, REMOVED)}
    lines.append(
        ", ".join(f"{count} {kind}" for kind, count in counts.items() if count)
        + f" (pages in all languages; {len(grouped)} addresses)."
    )
    lines.append("")
    lines.append("| Page | " + " | ".join(names[code] for code in languages) + " |")
    lines.append("| --- |" + " --- |" * len(languages))
    for address, by_lang in list(grouped.items())[:limit]:
        cells = [_cell(by_lang.get(code), preview_url) for code in languages]
        lines.append(f"| {_code(address or '/')} | " + " | ".join(cells) + " |")
    lines += _more(len(grouped), limit)
    if diff.by_case_file:
        lines += ["", "**Case files, and the pages that show them**", ""]
        for name, changes in diff.by_case_file.items():
            pages = sorted({change.path or "/" for change in changes})
            shown = ", ".join(_code(page) for page in pages[:limit])
            lines.append(
                f"- {_code(name)}: {shown}"
                + (f" and {len(pages) - limit} more" if len(pages) > limit else "")
            )
    if diff.without_case_file:
        pages = sorted({change.path or "/" for change in diff.without_case_file})
        lines += [
            "",
            "**Pages changed where no changed case file appears** (a template, a label, the taxonomy, "
            "or a count of the changed cases changed them)",
            "",
        ]
        if diff.other_files:
            lines.append(
                "Other files changed: " + ", ".join(_code(name) for name in diff.other_files[:limit])
            )
            lines.append("")
        lines += [f"- {_code(page)}" for page in pages[:limit]]
        lines += _more(len(pages), limit)
    return "\n".join(lines) + "\n"


def _cell(change: PageChange | None, preview_url: str) -> str:
    if change is None:
        return "—"
    if preview_url and change.change != REMOVED:
        return f"[{change.change}]({preview_url.rstrip('/')}/{change.path})"
    return change.change


def _more(total: int, limit: int) -> list[str]:
    return ["", f"… and {total - limit} more."] if total > limit else []


def to_text(diff: SiteDiff) -> str:
    """The differing pages, one a line: ``changed it/cases/x/``, then what caused them."""
    lines = [f"{change.change:8} {change.path or '/'}" for change in sorted(diff.changes, key=_path)]
    for name, changes in diff.by_case_file.items():
        lines.append(f"{name}: " + " ".join(sorted(change.path or "/" for change in changes)))
    if diff.without_case_file:
        lines.append(
            "no changed case file: " + " ".join(sorted(c.path or "/" for c in diff.without_case_file))
        )
    return "\n".join(lines) + ("\n" if lines else "")


def _path(change: PageChange) -> str:
    return change.path
