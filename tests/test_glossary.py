"""One Italian: the glossary's variants stay out of every Italian text, and its pages show the glossary.

The variants come from ``data/glossary.yaml``, the file the glossary pages are made from, so a
variant added there is held out of labels, taxonomy, ``docs/it``, workshops and cases at once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from casebook.glossary import load_glossary
from casebook.resources import DATA_DIR, TAXONOMY_DIR

from tests.conftest import ROOT, BuildResult

LANGS = {"en": "", "it": "it/"}

#: Where the site speaks in its own words, and where cases speak (where only ``avoid`` holds);
#: a label (labels.yaml) is the site's own words, and its first word may be an order.
INTERFACE = "interface"
CASES = "cases"
LABEL = "label"
LABEL_START = "label start"


def italian_strings(node: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """Every Italian text in a loaded YAML document, with its field path: the ``it`` of each
    ``{en, it}`` pair, and each plural form of a label's ``it``."""
    if isinstance(node, dict):
        if "en" in node and "it" in node:
            text = node["it"]
            if isinstance(text, dict):
                for form, value in text.items():
                    yield f"{path}.it.{form}", value
            elif isinstance(text, str):
                yield f"{path}.it", text
            return
        for key, value in node.items():
            yield from italian_strings(value, f"{path}.{key}" if path else str(key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from italian_strings(value, f"{path}[{index}]")


#: What is not Italian prose: front matter, fenced and inline code, HTML comments, link
#: targets, attribute lists, addresses, and an English term given once in brackets and
#: italics, "(*touchpoint*)". An admonition's title keeps its words but not the straight
#: quotes its syntax needs.
_NOT_PROSE = re.compile(
    r"\A---\n.*?\n---\n|^```.*?^```|`[^`\n]*`|<!--.*?-->|\]\([^)]*\)|\{[:#][^}]*\}"
    r"|<https?://[^>]*>|https?://\S+|\(\*[^*()]+\*\)",
    re.S | re.M,
)
_ADMONITION = re.compile(r'^(\s*(?:!!!|\?\?\?\+?)[ \w-]*?)"([^"\n]*)"', re.M)


def _blank(match: re.Match[str]) -> str:
    # Keep the line breaks, so that a text's lines keep their numbers.
    return " " + "\n" * match[0].count("\n")


def prose(text: str) -> str:
    """``text`` with what is not Italian prose blanked out, line for line."""
    return _NOT_PROSE.sub(_blank, _ADMONITION.sub(r"\1\2", text))


def italian_texts() -> Iterator[tuple[str, str, str, str]]:
    """Every Italian text of the library and the site: (where, file, field or line, text)."""
    labels = DATA_DIR / "labels.yaml"
    for path in [labels, *sorted(TAXONOMY_DIR.glob("*.yaml"))]:
        for field, text in italian_strings(yaml.safe_load(path.read_text(encoding="utf-8"))):
            yield LABEL if path == labels else INTERFACE, str(path.relative_to(ROOT)), field, prose(text)
    for path in sorted((ROOT / "docs" / "it").glob("*.md")):
        # Paragraph by paragraph (a variant may be broken across lines), named by its first line.
        line = 1
        for part in prose(path.read_text(encoding="utf-8")).split("\n\n"):
            yield INTERFACE, str(path.relative_to(ROOT)), f"line {line}", part
            line += part.count("\n") + 2
    for kind, where in (("workshops", INTERFACE), ("cases", CASES)):
        for path in sorted((ROOT / kind).glob("*.yaml")):
            for field, text in italian_strings(yaml.safe_load(path.read_text(encoding="utf-8"))):
                yield where, f"{kind}/{path.name}", field, prose(text)


def variant_pattern(variant: str, scope: str) -> re.Pattern[str]:
    """A variant in any letter case; as a whole word when it starts and ends with a letter.

    One that is wrong at the start of a label matches there only, in its own letter case.
    """
    if scope == LABEL_START:
        return re.compile(r"^\W*" + re.escape(variant) + r"(?!\w)")
    body = re.escape(variant)
    if variant[0].isalpha():
        body = r"(?<!\w)" + body
    if variant[-1].isalpha():
        body += r"(?!\w)"
    return re.compile(body, re.IGNORECASE)


def glossary_rules() -> list[tuple[str, str, str]]:
    """Every variant of the glossary: (variant, where it is wrong, the Italian term to use)."""
    rules = []
    for term in load_glossary():
        rules += [(variant, CASES, term.it) for variant in term.avoid]
        rules += [(variant, INTERFACE, term.it) for variant in term.avoid_in_interface]
        rules += [(variant, LABEL_START, term.it) for variant in term.avoid_at_label_start]
    return rules


def offences(texts: list[tuple[str, str, str, str]], rules: list[tuple[str, str, str]]) -> list[str]:
    """Each use of a variant where its rule says it is wrong, as "file field: 'variant' in «…» → term".

    A variant wrong in cases is wrong everywhere; an interface-only one is not looked for in
    cases, and one wrong at the start of a label only in labels.
    """
    applies = {CASES: {CASES, INTERFACE, LABEL}, INTERFACE: {INTERFACE, LABEL}, LABEL_START: {LABEL}}
    found = []
    for variant, scope, term in rules:
        pattern = variant_pattern(variant, scope)
        for where, file, field, text in texts:
            if where not in applies[scope]:
                continue
            for match in pattern.finditer(text):
                context = " ".join(text[max(0, match.start() - 40) : match.end() + 40].split())
                found.append(f"{file} {field}: {variant!r} in «…{context}…» → {term}")
    return found


TEXTS = list(italian_texts())
FILES = sorted({file for _, file, _, _ in TEXTS})


def test_the_glossary_has_variants_and_every_kind_of_italian_text_is_read() -> None:
    assert len(glossary_rules()) >= len(load_glossary())
    assert {file.split("/")[0] for file in FILES} == {"plugins", "docs", "workshops", "cases"}


@pytest.mark.parametrize("file", FILES)
def test_no_variant_the_glossary_rules_out(file: str) -> None:
    found = offences([text for text in TEXTS if text[1] == file], glossary_rules())
    assert not found, "Italian variants that plugins/casebook/data/glossary.yaml rules out:\n" + "\n".join(
        found
    )


@pytest.mark.parametrize(
    ("variant", "scope", "where", "text", "expected"),
    [
        ("tag", INTERFACE, INTERFACE, "il tag legend", True),
        ("tag", INTERFACE, CASES, "il tag legend", False),  # a case may use an interface-only variant
        ("tag", INTERFACE, INTERFACE, "il tagliando", False),  # whole words only
        ("CEO", CASES, CASES, "le scuse del ceo", True),  # any letter case
        ("CEO", CASES, INTERFACE, "il CEO", True),  # wrong in cases, wrong everywhere
        ('"', CASES, CASES, 'dice "basta"', True),
        ('"', CASES, CASES, "dice «basta»", False),
        ("de il", CASES, CASES, "articolo de Il Giornale", True),
        ("Copia", LABEL_START, LABEL, "Copia il link", True),
        ("Copia", LABEL_START, LABEL, "Copiate il link", False),
        ("Copia", LABEL_START, LABEL, "Una copia del sito", False),  # a noun, not the first word
        ("Copia", LABEL_START, INTERFACE, "Copia il link", False),  # labels only
        ("tag", INTERFACE, LABEL, "il tag legend", True),  # labels are interface
    ],
)
def test_variants_match_as_the_glossary_says(
    variant: str, scope: str, where: str, text: str, expected: bool
) -> None:
    found = offences([(where, "file", "field", text)], [(variant, scope, "term")])
    assert bool(found) == expected, found


def test_code_links_front_matter_and_english_glosses_are_not_prose() -> None:
    text = (
        '---\ntitle: "x"\n---\n\n!!! note "Titolo"\n\n'
        '`stage: "x"` [tema](tags/tag.md) {#tag} (*touchpoint*)\n\n```yaml\nCEO: "x"\n```\nfine\n'
    )
    assert prose(text).split() == ["!!!", "note", "Titolo", "[tema", "fine"]
    assert prose(text).count("\n") == text.count("\n")


def test_the_glossary_pages_show_every_term_from_the_data_file(built_site: BuildResult) -> None:
    for lang, prefix in LANGS.items():
        source = (ROOT / "docs" / prefix / "glossary.md").read_text(encoding="utf-8")
        assert "<!-- casebook:glossary -->" in source, lang
        page = built_site.html(f"{prefix}glossary/")
        rows = page.select("article table tbody tr")
        terms = load_glossary()
        assert [row.find("th").get_text() for row in rows] == [term.en for term in terms], lang
        for row, term in zip(rows, terms, strict=True):
            cells = [cell.get_text() for cell in row.find_all("td")]
            assert cells[0] == term.it and cells[1] == term.definition[lang], (lang, term.en)
            for variant in (*term.avoid, *term.avoid_in_interface, *term.avoid_at_label_start):
                assert variant in cells[2], (lang, term.en, variant)
        # A contributors' page: in the project section of the menu, left out of the search.
        home = built_site.html(prefix)
        section = home.select(".md-nav--primary > .md-nav__list > .md-nav__item--nested")[-1]
        assert section.select('a[href="glossary/"]'), lang
        assert "data-pagefind-body" not in str(page.find("article")), lang


def test_the_methodology_links_the_glossary_and_names_each_english_term_once() -> None:
    text = (ROOT / "docs" / "it" / "methodology.md").read_text(encoding="utf-8")
    assert "(glossary.md)" in text
    for english in ("journey stage", "touchpoint", "outcome"):
        assert len(re.findall(rf"\(\*?{english}\*?\)", text, re.IGNORECASE)) == 1, english
    assert "(glossary.md)" in (ROOT / "docs" / "methodology.md").read_text(encoding="utf-8")
