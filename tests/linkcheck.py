"""Check every internal link in a built site's pages: it must reach a page, in the page's own language.

Only the content is checked: the navigation of a tree written by ``casebook render`` shows
both languages on purpose (see the README).

Used on the MkDocs build by the tests, and on other engines' builds of the tree that
``casebook render`` writes (``python -m tests.linkcheck SITE_DIR`` in CI).
"""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

from bs4 import BeautifulSoup

#: Links that lead to the other language on purpose: the language switcher and hreflang.
_CROSS_LANGUAGE = ".md-select__link, link[hreflang], a[hreflang]"


def page_url(site: Path, html: Path) -> str:
    """The address MkDocs serves ``html`` at, as a path from the site root (``/it/cases/x/``)."""
    relative = html.relative_to(site).as_posix()
    return "/" + (relative[: -len("index.html")] if relative.endswith("index.html") else relative)


def _target(site: Path, url: str) -> Path | None:
    path = site / unquote(url).lstrip("/")
    for candidate in (path / "index.html", path) if url.endswith("/") else (path, path / "index.html"):
        if candidate.is_file():
            return candidate
    return None


def broken_links(site: Path, italian_prefix: str = "/it/") -> list[str]:
    """Every internal link that leads nowhere, or from an Italian page to an English one."""
    problems = []
    for html in sorted(site.rglob("*.html")):
        here = page_url(site, html)
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        if soup.find("meta", attrs={"http-equiv": "refresh"}) is not None:
            continue  # a redirect page: its one link is checked as its target
        cross = {id(tag) for tag in soup.select(_CROSS_LANGUAGE)}
        for tag in soup.select(".md-content a[href]"):
            href = str(tag["href"])
            parsed = urlparse(href)
            if parsed.scheme or parsed.netloc or href.startswith(("#", "mailto:")) or not parsed.path:
                continue
            url = urlparse(urljoin(here, href)).path
            if _target(site, url) is None:
                problems.append(f"{here}: {href} -> {url} does not exist")
            elif (
                url.endswith(("/", ".html"))
                and here.startswith(italian_prefix)
                and not url.startswith(italian_prefix)
                and id(tag) not in cross
                and not url.startswith("/assets/")
            ):
                problems.append(f"{here}: {href} -> {url} leaves the Italian pages")
    return problems


if __name__ == "__main__":
    found = broken_links(Path(sys.argv[1]))
    print("\n".join(found))
    print(f"{len(found)} broken internal link(s) in {sys.argv[1]}", file=sys.stderr)
    sys.exit(1 if found else 0)
