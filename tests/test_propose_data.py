"""What the "Propose a case" page carries: one source for fields, lists and rules (no browser)."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path
from typing import Any

from casebook.i18n import load_labels
from casebook.loader import load_cases, load_taxonomy
from casebook.loader.case_file import TAXONOMY_FIELDS
from casebook.loader.yaml_reader import MAX_FILE_BYTES
from casebook.markup import PARSER
from casebook.model.ids import ID_MAX_LENGTH
from casebook.pages import Site, SiteOptions
from casebook.pages.propose import form_data, new_case_url, render_propose
from casebook.resources import SCHEMA_DIR, TAXONOMY_DIR

from tests.conftest import ROOT

TAXONOMY = load_taxonomy(TAXONOMY_DIR)
LIBRARY = load_cases(ROOT / "cases", TAXONOMY)
LABELS = load_labels()


def site(**options: Any) -> Site:
    return Site.from_cases(LIBRARY.cases, TAXONOMY, LABELS, SiteOptions(**options))


def test_each_case_goes_to_the_form_byte_for_byte_as_its_file() -> None:
    # A correction edits the file's own text: the form must get exactly what the file holds.
    pages = {page.src_uri: page.content for page in render_propose(site(source_root=ROOT))}
    for case in LIBRARY.cases.values():
        assert pages[f"propose/cases/{case.id}.yaml"] == (ROOT / case.path).read_text(encoding="utf-8")


def test_a_case_without_its_file_goes_to_the_form_without_one(tmp_path: Path) -> None:
    # A dev server keeps a renamed file's last good case: nothing to correct, nothing fails.
    pages = {page.src_uri for page in render_propose(site(source_root=tmp_path))}
    assert not any(uri.startswith("propose/cases/") for uri in pages)
    assert "propose/index.md" in pages


def test_the_form_reads_the_schema_taxonomy_and_labels_it_is_given() -> None:
    data = form_data(site(new_case_url=new_case_url("https://github.com/o/r/", "cases")), "it")
    assert data["schema"] == json.loads((SCHEMA_DIR / "case.schema.json").read_text(encoding="utf-8"))
    assert data["taxonomy_fields"] == TAXONOMY_FIELDS
    assert [term["id"] for term in data["taxonomy"]["stages"]] == list(TAXONOMY.kind("stages"))
    assert data["taxonomy"]["stages"][0]["label"] == TAXONOMY.stages[0].label.texts["it"]
    # Every label of the form, in the page's language, and every field of the schema has one.
    assert data["labels"]["title"] == LABELS.t("propose.title", "it")
    fields = set(data["schema"]["properties"]) | {
        f"{name}.{key}"
        for name, ref in (("moments", "moment"), ("sources", "source"))
        for key in data["schema"]["$defs"][ref]["properties"]
    }
    assert {f"field.{name}" for name in fields} <= set(data["labels"])
    assert data["taken"]["next_number"] == max(case.number for case in LIBRARY.cases.values()) + 1
    assert set(data["taken"]["ids"]) == set(LIBRARY.cases)
    assert {case_id for case_id, owner in data["taken"]["addresses"].items() if case_id == owner} == set(
        LIBRARY.cases
    )
    assert data["new_case_url"] == "https://github.com/o/r/new/main/cases"
    # The rules check applies, as data: the form does not type them again.
    assert (data["id_max"], data["max_file_bytes"], data["markdown"]) == (
        ID_MAX_LENGTH,
        MAX_FILE_BYTES,
        PARSER,
    )
    assert [code for code, _ in data["choices"]["sources.kind"]] == (
        data["schema"]["$defs"]["source"]["properties"]["kind"]["enum"]
    )


def test_without_a_repository_the_form_has_no_github_address() -> None:
    assert new_case_url("", "cases") == ""
    assert form_data(site(), "en")["new_case_url"] == ""


def test_the_page_data_cannot_close_its_script_element() -> None:
    # A label (or any text the data carries) that tries to end the script element.
    hostile = "</script><script>alert('PWNED')</script>"
    strings = {key: dict(texts) for key, texts in LABELS.strings.items()}
    strings["propose.use_id"]["it"] = hostile
    labels = dataclasses.replace(LABELS, strings=strings)
    rendered = render_propose(Site.from_cases(LIBRARY.cases, TAXONOMY, labels, SiteOptions(source_root=ROOT)))
    pages = {page.src_uri: page.content for page in rendered}
    page = pages["it/propose/index.md"]
    data = re.search(r'<script type="application/json" id="cb-propose-data">(.*?)</script>', page, re.S)
    assert data is not None
    assert "<" not in data.group(1)
    assert json.loads(data.group(1))["labels"]["use_id"] == hostile
    assert f"propose/cases/{next(iter(LIBRARY.cases))}.yaml" in pages


def test_casebook_new_and_the_schema_list_fields_in_the_same_order() -> None:
    # The form writes fields in the schema's order; casebook new's skeleton must agree.
    scaffold = (Path(__file__).parent.parent / "plugins/casebook/templates/scaffold/case.yaml.j2").read_text(
        encoding="utf-8"
    )
    keys = re.findall(r"^[ #-]*([a-z_]+):(?: |$)", scaffold, flags=re.MULTILINE)
    written = list(dict.fromkeys(keys))
    schema = json.loads((SCHEMA_DIR / "case.schema.json").read_text(encoding="utf-8"))
    top = [key for key in written if key in schema["properties"]]
    assert top == [key for key in schema["properties"] if key in top]
    source = list(schema["$defs"]["source"]["properties"])
    after_sources = keys[keys.index("sources") + 1 :]
    assert [key for key in after_sources if key in source] == source
