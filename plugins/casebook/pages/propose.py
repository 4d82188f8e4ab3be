"""The "Propose a case" page: a form that writes a case file, for contributors who do not use Git.

The page carries everything its script needs, so that no field, list or rule is
written a second time: the case schema itself, the taxonomy in the page's
language, the fields that name taxonomy terms (the loader's own table), the ids
and numbers already taken, and the form's labels. Each case is also written as
``propose/cases/<id>.json``, the file as its author wrote it, so that any case
page can open its case in the form ("Suggest a correction").
"""

from __future__ import annotations

import json
import posixpath
from functools import partial
from typing import TYPE_CHECKING, Any

from casebook.loader.case_file import COUNTRY_CODES, SCHEMA_COMMENT, TAXONOMY_FIELDS
from casebook.loader.characters import UNCARRIABLE_PATTERN
from casebook.model import Case, Localized
from casebook.model.ids import RESERVED_IDS
from casebook.pages import urls
from casebook.pages.builders import render_page
from casebook.pages.context import CASE_NUMBER_PREFIX, PageContext
from casebook.pages.memo import remembered
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


def _texts(text: Localized) -> dict[str, str]:
    return {lang: body for lang, body in text.texts.items() if body}


def case_source(case: Case) -> dict[str, Any]:
    """A case as its file says it, fields in the schema's order: what the form loads to correct it."""
    data: dict[str, Any] = {"id": case.id, "number": case.number}
    if case.old_ids:
        data["old_ids"] = list(case.old_ids)
    data |= {
        "title": _texts(case.title),
        "language": case.language,
        "translations": dict(case.translations),
        "company": {"id": case.company.id, "name": case.company.name}
        | ({"market": case.company.market} if case.company.market else {}),
    }
    if case.country:
        data["country"] = case.country
    if case.sector:
        data["sector"] = case.sector
    data["when"] = case.when.iso()
    if case.disputed is not None:
        data["disputed"] = _texts(case.disputed)
    data |= {
        "published": case.published.iso(),
        "summary": _texts(case.summary),
        "moments": [
            {
                "stage": moment.stage,
                "touchpoint": moment.touchpoint,
                "outcome": moment.outcome,
                "text": _texts(moment.text),
            }
            for moment in case.moments
        ],
        "lessons": [_texts(lesson) for lesson in case.lessons],
        "questions": [_texts(question) for question in case.questions],
        "tags": list(case.tags),
        "related": list(case.related),
        "sources": [_source(source) for source in case.sources],
    }
    return data


def _source(source: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"title": _texts(source.title)}
    optional = {
        "kind": source.kind,
        "author": source.author,
        "publisher": source.publisher,
    }
    data |= {key: value for key, value in optional.items() if value}
    data["language"] = source.language
    if source.date.known:
        data["date"] = source.date.iso()
    if source.url:
        data["url"] = source.url
    return data


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
        },
        # The characters casebook check refuses, as the same regular expression.
        "uncarriable": UNCARRIABLE_PATTERN,
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
    for case in site.index.cases:
        text = remembered(
            site.memo,
            f"propose:{case.id}",
            case,
            partial(lambda case: json.dumps(case_source(case), ensure_ascii=False) + "\n", case),
        )
        pages.append(GeneratedPage(urls.proposal_data(case.id), default, text))
    return pages
