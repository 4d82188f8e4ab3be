"""Hostile text in every text field the schemas declare, through every kind of page and file.

Hypothesis fills each free-text field of a case and a workshop (every string the schema
leaves free: no pattern, enum or format) with strings made of markup from every layer
the text passes through: HTML, Python-Markdown and its extensions, Jinja, YAML front
matter, XML and JSON. The site is built with ``--strict`` and every file it wrote is
scanned: no markup made from a field, no file that does not parse, nothing fetched from
another host. Plain fields carry the marker ``plainpwn``, rich (Markdown) fields
``richpwn``: a rich field may make an emphasis or an http(s) link, a plain field nothing.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import yaml
from bs4 import BeautifulSoup
from casebook.resources import SCHEMA_DIR
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from tests.conftest import ROOT, copy_project, run_build

#: The two cases and the workshop the hostile library is made of.
CASE, OTHER = "boots-leappad-out-of-stock", "amazon-uk-preorder-missed-launch"

#: Pieces of markup, ``{m}`` standing for the field's marker.
PIECES = [
    "{{: {m}attr=1 onfocus=alert(1) }}",
    "{{#{m}id .{m}class}}",
    "[{m}link](https://{m}.example/x)",
    "![{m}img](https://{m}.example/i.png)",
    "<{m}-x {m}attr=1>",
    "<script>{m}script()</script>",
    "<img src=https://{m}.example/y.png onerror=alert(1)>",
    "*{m}em*",
    "__{m}strong__",
    "`{m}code`",
    "\n# {m}head\n",
    '\n!!! note "{m}adm"\n    {m}adm\n',
    "\n    {m}indented\n",
    "\n- {m}item\n",
    "<https://{m}.example/auto>",
    "&lt;{m}-x&gt;",
    "&#60;{m}-x&#62;",
    "{{{{ 7*7 }}}}{m}jinja",
    "{{% raw %}}{m}",
    "]]></summary><{m}-x>",
    "</script><{m}-x>",
    '--8<-- "README.md"',
    "=={m}mark== ~~{m}del~~ ^^{m}ins^^ ++ctrl+{m}++",
    "javascript:{m}()",
    '" onmouseover="{m}()',
    "' {m}attr='",
    "[TOC]",
    "\n---\ntitle: {m}front\n---\n",
    "\u2028\u202e\x85 😀",
    "\\",
    "|a|b|\n|-|-|",
]
#: Characters that start syntax somewhere, for the pieces around the markup.
SPECIALS = "\\`*_{}[]()#+-.!|<>&\"'=~^$:;/ab \n"


def hostile(marker: str, limit: int) -> st.SearchStrategy[str]:
    piece = st.one_of(
        st.sampled_from(PIECES).map(lambda text: text.format(m=marker)),
        st.text(alphabet=SPECIALS, min_size=1, max_size=6),
    )
    return (
        st.lists(piece, min_size=1, max_size=5)
        .map(lambda parts: (marker + " " + "".join(parts)).strip()[:limit].strip())
        .filter(lambda text: bool(text) and "case:" not in text)
    )


# --------------------------------------------------------------------------- the schema's text fields


def _resolve(schema: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        target: Any = root
        for part in schema["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        schema = {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
    return schema


def _schema_at(root: dict[str, Any], path: tuple[str | int, ...]) -> dict[str, Any] | None:
    schema = _resolve(root, root)
    for part in path:
        if isinstance(part, int):
            schema = _resolve(schema.get("items", {}), root)
        else:
            properties = schema.get("properties", {})
            if part not in properties:
                return None
            schema = _resolve(properties[part], root)
    return schema


def _is_free_text(schema: dict[str, Any]) -> bool:
    return schema.get("type") == "string" and not ({"pattern", "enum", "format", "const"} & set(schema))


def _is_rich(root: dict[str, Any], path: tuple[str | int, ...]) -> bool:
    """Whether the field at ``path`` is Markdown: the schema says so of it or of a field it is part of."""
    return any(
        "Markdown" in str((_schema_at(root, path[:end]) or {}).get("description", ""))
        for end in range(1, len(path) + 1)
    )


def text_leaves(
    data: Any, root: dict[str, Any], path: tuple[str | int, ...] = ()
) -> list[tuple[tuple[str | int, ...], int]]:
    """Every free-text value of ``data`` by the schema ``root``, with its length limit."""
    if isinstance(data, dict):
        return [leaf for key, value in data.items() for leaf in text_leaves(value, root, (*path, key))]
    if isinstance(data, list):
        return [leaf for index, value in enumerate(data) for leaf in text_leaves(value, root, (*path, index))]
    schema = _schema_at(root, path)
    if isinstance(data, str) and schema is not None and _is_free_text(schema):
        return [(path, int(schema.get("maxLength", 400)))]
    return []


def _set(data: Any, path: tuple[str | int, ...], value: str) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def _load(path: Path) -> dict[str, Any]:
    return dict(yaml.safe_load(path.read_text(encoding="utf-8")))


def _every_field(case: dict[str, Any]) -> dict[str, Any]:
    """The case with every optional text field present, in both languages."""
    both = {"en": "x", "it": "x"}
    case["disputed"] = dict(both)
    case["company"]["market"] = "x"
    case["lessons"] = [dict(both)]
    case["questions"] = [dict(both)]
    for source in case["sources"]:
        source.update(author="x", publisher="x", title=dict(both))
    for key in ("title", "summary"):
        case[key] = dict(both)
    for moment in case["moments"]:
        moment["text"] = dict(both)
    return case


CASE_SCHEMA = json.loads((SCHEMA_DIR / "case.schema.json").read_text(encoding="utf-8"))
WORKSHOP_SCHEMA = json.loads((SCHEMA_DIR / "workshop.schema.json").read_text(encoding="utf-8"))
BASE_CASE = _every_field(_load(ROOT / "cases" / f"{CASE}.yaml"))
BASE_CASE["related"] = [OTHER]
WORKSHOP_FILE = next(iter(sorted((ROOT / "workshops").glob("*.yaml"))))
BASE_WORKSHOP = _load(WORKSHOP_FILE)
BASE_WORKSHOP["cases"] = [
    {
        "case": case_id,
        "questions": [{"en": "x", "it": "x"}],
        "notes": {
            "look_for": [{"en": "x", "it": "x"}],
            "discussion": [{"en": "x", "it": "x"}],
            "takeaway": {"en": "x", "it": "x"},
        },
    }
    for case_id in (CASE, OTHER)
]
BASE_WORKSHOP["introduction"] = {"en": "x", "it": "x"}
# Teaching notes: objectives, and a plan that names the two cases and adds up to the duration.
BASE_WORKSHOP["notes"] = {
    "objectives": [{"en": "x", "it": "x"}],
    "plan": [
        {"minutes": BASE_WORKSHOP["duration"] - 10, "cases": [CASE, OTHER], "text": {"en": "x", "it": "x"}},
        {"minutes": 10, "text": {"en": "x", "it": "x"}},
    ],
    "translations": {"it": "draft"},
}
CASE_LEAVES = text_leaves(BASE_CASE, CASE_SCHEMA)
WORKSHOP_LEAVES = text_leaves(BASE_WORKSHOP, WORKSHOP_SCHEMA)


def test_the_test_reaches_every_text_field_of_both_schemas() -> None:
    """Plain and rich fields of the case and the workshop are all among the hostile ones."""
    fields = {re.sub(r"\.\d+|\.(en|it)$", "", ".".join(map(str, path))) for path, _ in CASE_LEAVES}
    assert {
        "title",
        "summary",
        "disputed",
        "company.name",
        "company.market",
        "lessons",
        "questions",
    } <= fields
    assert {"moments.text", "sources.title", "sources.author", "sources.publisher"} <= fields
    workshop_fields = {path[0] for path, _ in WORKSHOP_LEAVES}
    assert {"title", "audience", "introduction", "notes", "cases"} <= workshop_fields
    notes_fields = {
        ".".join(str(part) for part in path if not isinstance(part, int)) for path, _ in WORKSHOP_LEAVES
    }
    assert {
        "notes.objectives.en",
        "notes.plan.text.it",
        "cases.notes.takeaway.en",
        "cases.notes.look_for.it",
    } <= notes_fields


def _libraries() -> st.SearchStrategy[tuple[list[str], list[str]]]:
    def values(
        leaves: list[tuple[tuple[str | int, ...], int]], schema: dict[str, Any]
    ) -> st.SearchStrategy[list[str]]:
        return st.tuples(
            *(hostile("richpwn" if _is_rich(schema, path) else "plainpwn", limit) for path, limit in leaves)
        ).map(list)

    return st.tuples(values(CASE_LEAVES, CASE_SCHEMA), values(WORKSHOP_LEAVES, WORKSHOP_SCHEMA))


# --------------------------------------------------------------------------- the scan


def _dump(data: dict[str, Any], schema: str) -> str:
    comment = f"# yaml-language-server: $schema=../plugins/casebook/schemas/{schema}.schema.json\n"
    return comment + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


def _project(folder: Path, case: dict[str, Any], workshop: dict[str, Any]) -> Path:
    project = copy_project(folder)
    for path in (project / "cases").glob("*.yaml"):
        if path.stem not in (CASE, OTHER):
            path.unlink()
    # The other case, its links cut to the two cases there are.
    other = _load(ROOT / "cases" / f"{OTHER}.yaml")
    other["related"] = [CASE]
    for key in ("lessons", "questions"):
        other[key] = [text for text in other.get(key, []) if "case:" not in json.dumps(text)]
    (project / "cases" / f"{OTHER}.yaml").write_text(_dump(other, "case"), encoding="utf-8")
    shutil.rmtree(project / "workshops")
    (project / "workshops").mkdir()
    (project / "cases" / f"{CASE}.yaml").write_text(_dump(case, "case"), encoding="utf-8")
    (project / "workshops" / WORKSHOP_FILE.name).write_text(_dump(workshop, "workshop"), encoding="utf-8")
    return project


#: What Markdown makes of emphasis, code, images and the extensions' inline syntax.
MARKDOWN_ELEMENTS = ("em", "strong", "code", "mark", "del", "ins", "kbd", "img", "sup", "sub")


def _scan_html(path: Path, problems: list[str]) -> None:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    for element in soup.find_all(True):
        name = element.name
        if "pwn" in name:
            problems.append(f"{path}: element <{name}> made from a field")
        for attribute, value in element.attrs.items():
            text = " ".join(value) if isinstance(value, list) else str(value)
            if "pwn" in attribute or attribute.startswith("on"):
                problems.append(f"{path}: attribute {attribute} on <{name}>")
            # The attribute list's own {#plainpwnid .plainpwnclass}; a heading's slug may hold the words.
            if (attribute == "id" and text.endswith("pwnid")) or (
                attribute == "class" and "pwnclass" in text
            ):
                problems.append(f"{path}: {attribute}={text} made from a field")
            if attribute in ("href", "src", "action", "formaction", "data", "poster", "srcset"):
                if re.match(r"\s*(javascript|data|vbscript):", text, re.IGNORECASE):
                    problems.append(f"{path}: {attribute}={text[:60]}")
                # A heading's own anchor (#plainpwn-...) is the page's, not an address from a field.
                if "plainpwn" in text and not text.startswith("#"):
                    problems.append(f"{path}: a plain field became the address {text[:60]} of <{name}>")
                if attribute != "href" and re.match(r"\s*(https?:)?//", text):
                    problems.append(f"{path}: <{name} {attribute}> fetches from another host: {text[:60]}")
        fetched = set(element.get("rel", [])) & {"stylesheet", "preload", "icon", "modulepreload", "prefetch"}
        if name == "link" and fetched and re.match(r"\s*(https?:)?//", str(element.get("href", ""))):
            problems.append(f"{path}: <link> fetches from another host")
        # Exactly the span of a piece (`plainpwncode` -> <code>plainpwncode</code>): the
        # templates' own elements (the citation's <code>) hold whole fields, never just that.
        if name in MARKDOWN_ELEMENTS and re.fullmatch(r"plainpwn\w+", element.get_text().strip()):
            problems.append(f"{path}: a plain field became <{name}> in {str(element.parent)[:120]}")
        # A heading of its own, not a template's heading that shows the whole field.
        if name in ("h1", "h2", "h3", "h4", "h5", "h6") and re.fullmatch(
            r"\w*pwnhead¶?", element.get_text().strip()
        ):
            problems.append(f"{path}: a field became a heading")
        title = element.find(class_="admonition-title") if "admonition" in element.get("class", []) else None
        if title is not None and re.fullmatch(r"\w*pwnadm", title.get_text().strip()):
            problems.append(f"{path}: a field became an admonition")
        if name == "a" and re.match(r"https?://plainpwn", str(element.get("href", ""))):
            problems.append(f"{path}: a plain field became a link")
        runs = element.get("type") in (None, "module", "text/javascript")  # not JSON data
        if name == "script" and runs and "pwnscript" in (element.string or ""):
            problems.append(f"{path}: a field became a script")


def _scan_site(site: Path) -> list[str]:
    problems: list[str] = []
    for path in site.rglob("*"):
        if path.suffix == ".html":
            _scan_html(path, problems)
        elif path.suffix == ".xml":
            try:
                ET.parse(path)
            except ET.ParseError as error:
                problems.append(f"{path}: not well-formed XML: {error}")
        elif path.suffix == ".json":
            try:
                json.loads(path.read_text(encoding="utf-8"))
            except ValueError as error:
                problems.append(f"{path}: not valid JSON: {error}")
        elif path.suffix == ".pf_fragment":
            # Pagefind's page records: gzip, a signature, then JSON the search box shows.
            raw = gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd")
            try:
                json.loads(raw)
            except ValueError as error:
                problems.append(f"{path}: search record is not JSON: {error}")
    return problems


def _in_every_field(pieces: list[str]) -> tuple[list[str], list[str]]:
    """``pieces`` in every field, as far as its length limit allows, the last one kept at the end
    (where Markdown reads an attribute list: the end of a heading or a block)."""

    def value(schema: dict[str, Any], path: tuple[str | int, ...], limit: int) -> str:
        marker = "richpwn" if _is_rich(schema, path) else "plainpwn"
        last = pieces[-1].format(m=marker)
        rest = marker + " " + "".join(piece.format(m=marker) for piece in pieces[:-1])
        return rest[: limit - len(last)] + last

    return (
        [value(CASE_SCHEMA, path, limit) for path, limit in CASE_LEAVES],
        [value(WORKSHOP_SCHEMA, path, limit) for path, limit in WORKSHOP_LEAVES],
    )


# Each example builds a site (seconds): shrinking a failure would take many minutes, and the
# problems name the file and the element, which is what finding the hole needs.
@settings(
    max_examples=4,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)
@given(_libraries())
@example(_in_every_field(PIECES[1:] + PIECES[:1]))  # everything at once
@example(_in_every_field(PIECES[:1]))  # the attack first reported: a company name ending in {: on...=}
def test_hostile_text_in_every_field_stays_text_in_every_file(values: tuple[list[str], list[str]]) -> None:
    case, workshop = json.loads(json.dumps(BASE_CASE, default=str)), json.loads(json.dumps(BASE_WORKSHOP))
    case["published"] = BASE_CASE["published"]
    for (path, _), value in zip(CASE_LEAVES, values[0], strict=True):
        _set(case, path, value)
    for (path, _), value in zip(WORKSHOP_LEAVES, values[1], strict=True):
        _set(workshop, path, value)
    with tempfile.TemporaryDirectory() as folder:
        project = _project(Path(folder) / "project", case, workshop)
        result = run_build(project, Path(folder) / "site", "--strict")
        assert result.returncode == 0, result.output[-3000:]
        problems = _scan_site(Path(folder) / "site")
    assert not problems, "\n".join(problems[:20])
