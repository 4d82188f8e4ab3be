"""The "Propose a case" page: a form that writes a case file, for contributors who do not use Git.

The page carries everything its script needs, so that no field, list or rule is
written a second time: the case schema itself, the taxonomy in the page's
language, the fields that name taxonomy terms (the loader's own table), the ids
and numbers already taken, the rules of ``casebook check`` that are data (limits,
reserved ids, the characters no file may hold, how case links are parsed) and the
form's labels. Each case file is also served as ``propose/cases/<id>.yaml``, byte
for byte as its author wrote it, so that any case page can open its case in the
form ("Suggest a correction"), which edits that text and changes only what changed.
"""

from __future__ import annotations

import json
import posixpath
from pathlib import Path
from typing import TYPE_CHECKING, Any

from casebook.loader.case_file import COUNTRY_CODES, SCHEMA_COMMENT, TAXONOMY_FIELDS
from casebook.loader.characters import UNCARRIABLE_PATTERN
from casebook.loader.yaml_reader import MAX_FILE_BYTES
from casebook.markup import PARSER
from casebook.model.ids import ID_MAX_LENGTH, RESERVED_IDS
from casebook.pages import urls
from casebook.pages.builders import render_page
from casebook.pages.context import CASE_NUMBER_PREFIX, PageContext
from casebook.pages.values import GeneratedPage
from casebook.resources import SCHEMA_DIR

if TYPE_CHECKING:
    from casebook.pages.site import Site

#: Prefix of the labels the form's script uses (in ``data/labels.yaml``).
LABEL_PREFIX = "propose."
#: Taxonomy kinds a case names, in the order the form lists them.
KINDS = ("stages", "touchpoints", "outcomes", "sectors", "tags")


def new_case_url(repo_url: str, cases_dir: str) -> str:
    """GitHub's "create a new file" page for the cases folder, or "" without a repository address."""
    if not repo_url:
        return ""
    folder = posixpath.basename(cases_dir.rstrip("/")) if cases_dir.startswith("/") else cases_dir
    return f"{repo_url.rstrip('/')}/new/main/{folder.strip('/') or 'cases'}"


def form_data(site: Site, lang: str) -> dict[str, Any]:
    """Everything the form's script needs on the page of ``lang``."""
    page = PageContext(site, lang, urls.PROPOSE)
    schema = json.loads((SCHEMA_DIR / "case.schema.json").read_text(encoding="utf-8"))
    channels = site.taxonomy.kind("channels")

    def terms(kind: str) -> list[dict[str, str]]:
        return [
            {
                "id": term.id,
                "label": page.label(kind, term.id),
                "description": page.describe(kind, term.id),
            }
            | ({"group": page.label("channels", term.group)} if term.group in channels else {})
            for term in site.taxonomy.kind(kind).values()
        ]

    cases = site.index.cases
    prefix = LABEL_PREFIX
    # Each label in the page's language: a text, or (a count's label) its plural forms.
    labels = {
        key.removeprefix(prefix): texts[lang]
        for key, texts in site.labels.strings.items()
        if key.startswith(prefix)
    }
    # The page's language first: its column comes first wherever texts sit side by side.
    languages = sorted((language.code for language in site.labels.languages), key=lambda code: code != lang)
    return {
        "lang": lang,
        "schema": schema,
        "schema_comment": f"{SCHEMA_COMMENT}../plugins/casebook/schemas/case.schema.json",
        "languages": {code: _capitalized(page.language_name(code)) for code in languages},
        #: As a sentence says them ("il testo in inglese").
        "language_names": {code: page.language_name(code) for code in languages},
        "taxonomy": {kind: terms(kind) for kind in KINDS},
        "taxonomy_fields": TAXONOMY_FIELDS,
        "choices": {
            "country": sorted(
                ([code, page.country(code)] for code in COUNTRY_CODES), key=lambda item: item[1].casefold()
            ),
            "sources.kind": [[kind, page.t(f"source.kind.{kind}")] for kind in _source_kinds(schema)],
            "translations": [
                [status, page.t(f"translation.status.{status}")] for status in _statuses(schema)
            ],
        },
        "taken": {
            "ids": sorted(case.id for case in cases),
            # Every address a case answers to (its id, its old ids), and the case it leads to.
            "addresses": {old: case.id for case in cases for old in case.old_ids}
            | {case.id: case.id for case in cases},
            "numbers": sorted(case.number for case in cases),
            "next_number": max((case.number for case in cases), default=0) + 1,
            # Names the site's own pages take where ids make addresses (casebook.model.ids).
            "reserved": sorted(RESERVED_IDS),
            # The translations whose reading is on record (casebook.loader.reviews): the only ones
            # check lets say "reviewed", as every case on the site passed check.
            "reviewed": {
                case.id: sorted(lang for lang, status in case.translations.items() if status == "reviewed")
                for case in cases
                if "reviewed" in case.translations.values()
            },
        },
        # The characters casebook check refuses, as the same regular expression.
        "uncarriable": UNCARRIABLE_PATTERN,
        # The longest id made from a title (casebook new's too), and the largest file check reads.
        "id_max": ID_MAX_LENGTH,
        "max_file_bytes": MAX_FILE_BYTES,
        # How check's Markdown parser finds case links: the form sets up markdown-it the same way.
        "markdown": PARSER,
        "number_prefix": CASE_NUMBER_PREFIX,
        "case_data": page.link_to_file(urls.PROPOSE_CASES, in_language=False) + "/",
        "new_case_url": site.options.new_case_url,
        "edit_url": site.options.edit_url,
        "labels": labels,
    }


def _capitalized(name: str) -> str:
    # Italian language names are lowercase ("inglese"); they head columns and fill lists here.
    return name[:1].upper() + name[1:]


def _source_kinds(schema: dict[str, Any]) -> list[str]:
    return list(schema["$defs"]["source"]["properties"]["kind"]["enum"])


def _statuses(schema: dict[str, Any]) -> list[str]:
    return list(schema["properties"]["translations"]["additionalProperties"]["enum"])


def _data_json(data: dict[str, Any]) -> str:
    # Inside <script type="application/json">: "<" never appears raw, so nothing closes the tag.
    return json.dumps(data, ensure_ascii=False, sort_keys=False).replace("<", "\\u003c")


def render_propose(site: Site) -> list[GeneratedPage]:
    """Render the form page in every language, and each case's file for "Suggest a correction"."""
    pages = []
    for language in site.labels.languages:
        data = form_data(site, language.code)
        pages.append(render_page(site, "propose.md.j2", language.code, urls.PROPOSE, data=_data_json(data)))
    default = site.labels.default.code
    root = site.options.source_root or Path.cwd()
    for case in site.index.cases:
        try:
            text = (root / case.path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            # A dev server keeps a renamed or broken file's last good case: it has no file to correct.
            continue
        pages.append(GeneratedPage(urls.proposal_data(case.id), default, text))
    return pages
