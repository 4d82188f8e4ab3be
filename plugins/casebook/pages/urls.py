"""Where each generated page lives. These paths are a public contract: trainers print them."""

from __future__ import annotations

import posixpath
from functools import lru_cache

from casebook.model.ids import INDEX, PAGER

#: The kinds of term that get an index page and one page per term.
TERM_KINDS = ("stages", "touchpoints", "outcomes", "companies", "tags")

HOME = f"{INDEX}.md"
JOURNEY = f"journey/{INDEX}.md"
ALL_CASES = f"cases/{INDEX}.md"
TRANSLATIONS = f"translations/{INDEX}.md"
WORKSHOPS = f"workshops/{INDEX}.md"
#: The case explorer: a query and filters over every case (Pagefind), its state in the URL.
EXPLORE = f"explore/{INDEX}.md"
#: Where service fails: shares of failed moments and recoveries, charts with their tables.
INSIGHT = f"insight/{INDEX}.md"
#: The hand-written methodology page, which defines the outcomes.
METHODOLOGY = "methodology.md"
#: The "Propose a case" form, and the folder of the case files it loads for corrections.
PROPOSE = f"propose/{INDEX}.md"
PROPOSE_CASES = "propose/cases/"


def list_page(first: str, number: int) -> str:
    """Source path of page ``number`` of a list split into pages: the first keeps ``first``.

    The others go below the first page's address: ``list_page("cases/index.md", 3)``
    is ``cases/page/3.md`` (URL ``cases/page/3/``), ``list_page("tags/refunds.md", 2)``
    is ``tags/refunds/page/2.md`` (URL ``tags/refunds/page/2/``).
    """
    if number == 1:
        return first
    stem = first.removesuffix(".md")
    folder = posixpath.dirname(stem) if posixpath.basename(stem) == INDEX else stem
    return f"{folder}/{PAGER}/{number}.md"


def workshop_page(workshop_id: str) -> str:
    """Source path of a workshop page: ``workshops/<id>/``, which doubles as the printable handout."""
    return f"workshops/{workshop_id}.md"


def case_page(case_id: str) -> str:
    """Source path of a case page: ``cases/<id>.md`` -> URL ``cases/<id>/``."""
    return f"cases/{case_id}.md"


def proposal_data(case_id: str) -> str:
    """Path of a case's file as the form loads it (``propose/cases/<id>.yaml``), in no language."""
    return f"{PROPOSE_CASES}{case_id}.yaml"


def term_page(kind: str, term_id: str) -> str:
    """Source path of a stage, touchpoint, outcome, company or tag page."""
    return f"{kind}/{term_id}.md"


def kind_index(kind: str) -> str:
    """Source path of the page that lists every term of one kind."""
    return f"{kind}/{INDEX}.md"


def cell_page(stage: str, touchpoint: str) -> str:
    """Source path of one journey-map cell: ``journey/<stage>/<touchpoint>/``."""
    return f"journey/{stage}/{touchpoint}.md"


def short_page(number: int) -> str:
    """Source path of the short address of a case: ``c/<number>/``, for slides and handouts."""
    return f"c/{number}/index.md"


def output_file(src_uri: str, use_directory_urls: bool = True) -> str:
    """Return the file that serves the page ``src_uri``, e.g. ``cases/x/index.html``."""
    url = page_url(src_uri, use_directory_urls)
    return f"{url}index.html" if url.endswith("/") or not url else url


@lru_cache(maxsize=1 << 16)  # every link of every page asks; a site has as many answers as pages
def page_url(src_uri: str, use_directory_urls: bool = True) -> str:
    """Return the URL of a Markdown source path, as MkDocs computes it."""
    stem, _ = posixpath.splitext(src_uri)
    directory, name = posixpath.split(stem)
    if name == "README":
        stem = posixpath.join(directory, "index")
    if not use_directory_urls:
        return f"{stem}.html"
    if posixpath.basename(stem) == "index":
        return f"{directory}/" if directory else ""
    return f"{stem}/"
