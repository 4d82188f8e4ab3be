"""The names that the site's own pages take in the folders where ids make addresses.

A case ``x`` is the page ``cases/x/``, a company ``x`` is ``companies/x/``, a tag and a
workshop likewise. The same folders hold pages that Casebook makes itself: the folder's
own page (``cases/`` lists every case) and the further pages of a list (``cases/page/2/``).
An id that took one of these names would replace that page, so no id may. The page
addresses (:mod:`casebook.pages.urls`) are made from these names, and a test checks every
generated page against them, so a new kind of page cannot take an id's address unnoticed.
"""

from __future__ import annotations

import re
import unicodedata

#: The name of a folder's own page: ``cases/index.md`` is the address ``cases/``.
INDEX = "index"
#: The folder that holds the further pages of a list: ``cases/page/2/``.
PAGER = "page"
#: What each reserved name is, for the message that refuses it.
RESERVED_IDS: dict[str, str] = {
    INDEX: "the page that lists every one of them",
    PAGER: "where that list goes on (its page 2 and after)",
}


#: What one page of each folder is, for the suggestion.
_ONE_OF = {"cases": "case", "companies": "company", "workshops": "workshop", "tags": "tag"}


def reserved_id_problem(value: object, folder: str) -> tuple[str, str] | None:
    """Why ``value`` cannot be an id whose page goes in ``folder`` (message, hint), or None if it can."""
    if not isinstance(value, str) or value not in RESERVED_IDS:
        return None
    return (
        f"the id '{value}' is reserved: {folder}/{value}/ is {RESERVED_IDS[value]}, "
        "so this page would replace it",
        f"choose another id, for example '{value}-{_ONE_OF.get(folder, 'page')}'",
    )


#: The longest id made from a title or a name (a person may write a longer one).
ID_MAX_LENGTH = 60
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def id_from_text(text: str) -> str:
    """An id made from a title or a name: ASCII letters and digits joined by hyphens, or "".

    Longer than :data:`ID_MAX_LENGTH`, it is cut after its last whole word that fits
    (one long word is cut where it must). The propose form makes ids the same way
    (``propose.js``, with the limit sent as data); a browser test compares the two.
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")
    if len(slug) <= ID_MAX_LENGTH:
        return slug
    words = slug[: ID_MAX_LENGTH + 1].rsplit("-", 1)[0]
    return words if words != slug[: ID_MAX_LENGTH + 1] else slug[:ID_MAX_LENGTH]
