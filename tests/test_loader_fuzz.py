"""Property tests: whatever a contributor writes, the loader reports problems and never crashes,
and contributor Markdown never becomes active HTML."""

from __future__ import annotations

import datetime
import html
import re
import tempfile
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from casebook.errors import CasebookError, Problem
from casebook.loader import load_cases, load_taxonomy, schema, yaml_reader
from casebook.loader.schema import load_validator, validate
from casebook.loader.yaml_reader import read_yaml
from casebook.markup import _parsed_case_links, case_link_targets, render_markdown
from casebook.resources import TAXONOMY_DIR
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

FIXTURES = Path(__file__).parent / "fixtures"
VALID_TEXT = (FIXTURES / "valid" / "minimal-case.yaml").read_text(encoding="utf-8")
VALID_BYTES = VALID_TEXT.encode("utf-8")
VALID_DATA = yaml.safe_load(VALID_TEXT)
TAXONOMY = load_taxonomy(TAXONOMY_DIR)
TODAY = datetime.date(2030, 1, 1)
NAME = "minimal-case.yaml"

FUZZ = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.fixture(scope="module")
def workdir() -> Iterator[Path]:
    """One folder for all examples (hypothesis runs many examples per test call)."""
    with tempfile.TemporaryDirectory() as name:
        root = Path(name)
        (root / "cases").mkdir()
        yield root


def assert_only_problems(problems: object, file: str) -> None:
    assert isinstance(problems, list)
    for problem in problems:
        assert isinstance(problem, Problem)
        assert problem.file == file
        assert problem.line is None or problem.line >= 1
        assert problem.column is None or problem.column >= 1
        assert problem.message
    assert problems == sorted(problems)


def assert_yaml_paths_agree(text: str) -> None:
    """Where the fast YAML path answers, it answers as the precise path does, without a problem."""
    plain = yaml_reader._read_plain(text)
    if plain is None:
        return
    document, problems = yaml_reader._read_precise(text, NAME, "")
    assert problems == []
    assert document is not None
    # repr tells 1 from 1.0 from true, and keeps the order of keys.
    assert (repr(plain[0]), plain[1], plain[2]) == (
        repr(document.data),
        document.positions,
        document.key_positions,
    )


def assert_quick_check_is_safe(data: Any) -> None:
    """The quick schema check never passes what jsonschema refuses."""
    if schema._quick_check("case")(data):
        assert list(load_validator("case").iter_errors(data)) == []


def load_bytes(root: Path, content: bytes) -> None:
    path = root / "cases" / NAME
    path.write_bytes(content)
    assert_yaml_paths_agree(content.decode("utf-8", errors="replace"))
    library = load_cases(root / "cases", TAXONOMY, display_root=root, today=TODAY)
    assert_only_problems(library.problems, f"cases/{NAME}")
    # A file is either a case or reported: it never disappears silently.
    assert (list(library.cases), library.broken_files) in ((["minimal-case"], []), ([], [f"cases/{NAME}"]))
    if library.broken_files:
        assert library.errors


# --------------------------------------------------------------------------- (a) arbitrary bytes


@st.composite
def mutated_case(draw: st.DrawFn) -> bytes:
    """The valid case with a few bytes inserted, deleted or replaced: reaches the deeper checks."""
    data = bytearray(VALID_BYTES)
    for _ in range(draw(st.integers(1, 4))):
        position = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["insert", "delete", "replace"]))
        chunk = draw(
            st.one_of(
                st.binary(min_size=1, max_size=4),
                st.sampled_from(
                    [
                        b"\t",
                        b"\r",
                        b"\x00",
                        b"\xff",
                        b"\xef\xbb\xbf",
                        b":",
                        b"- ",
                        b"&a ",
                        b"*a",
                        b"!!",
                        b"{",
                        b"[",
                        b"'",
                        b'"',
                        b"#",
                        b"\n  ",
                        b"\n",
                        b"? ",
                        b"<<: ",
                        b"---\n",
                        b"\xc3",
                        b"\xe2\x80\xa8",
                    ]
                ),
            )
        )
        if action == "insert":
            data[position:position] = chunk
        elif action == "delete":
            del data[position : position + len(chunk)]
        else:
            data[position : position + len(chunk)] = chunk
    return bytes(data)


@FUZZ
@given(content=st.binary(max_size=2000))
@example(content=b"")
@example(content=b"\xef\xbb\xbf")
@example(content=b"[" * 5000)
@example(content=b"\r\ta: b\r")
@example(content=b"a: &x [*x]\n")
@example(content=b"id: minimal-case\nwhen: '0000'\n")
@example(content=b"language: [en]\ntitle: {en: x}\n")
def test_arbitrary_bytes_never_crash_the_loader(workdir: Path, content: bytes) -> None:
    load_bytes(workdir, content)


@FUZZ
@given(content=mutated_case())
def test_mutated_valid_case_never_crashes_the_loader(workdir: Path, content: bytes) -> None:
    load_bytes(workdir, content)


# --------------------------------------------------------------------------- (b) YAML-ish documents

CASE_KEYS = [
    "id", "title", "language", "translations", "company", "country", "sector", "when", "published",
    "summary", "moments", "lessons", "questions", "tags", "related", "sources",
    "en", "it", "stage", "touchpoint", "outcome", "text", "name", "market", "kind", "author", "url", "date",
]  # fmt: skip
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from([
        "", "en", "it", "fr", "2023-02-30", "0000", "2020-13", "2999-01-01", "unknown", "GB", "XX", "buy",
        "wait-for-delivery", "email", "failure", "online-retail", "apology", "minimal-case", "Minimal Case",
        "javascript:alert(1)", "https://example.org", "[x](case:nowhere)", "[x](case:minimal-case)",
        "<script>",
    ]),
)  # fmt: skip
KEYS = st.one_of(st.sampled_from(CASE_KEYS), st.text(max_size=10))
DOCUMENTS = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(KEYS, children, max_size=5),
    ),
    max_leaves=25,
)


@st.composite
def tweaked_case(draw: st.DrawFn) -> Any:
    """The valid case's data with one value somewhere replaced, added or removed."""
    data = yaml.safe_load(VALID_TEXT)
    node: Any = data
    # Walk down a random path, then change what is there.
    while True:
        keys = list(node) if isinstance(node, dict) else list(range(len(node)))
        if not keys:
            break
        key = draw(st.sampled_from(keys))
        child = node[key]
        if not isinstance(child, (dict, list)) or draw(st.booleans()):
            action = draw(st.sampled_from(["replace", "delete", "add"]))
            if action == "replace":
                node[key] = draw(DOCUMENTS)
            elif action == "delete":
                del node[key]
            elif isinstance(node, dict):
                node[draw(KEYS)] = draw(DOCUMENTS)
            else:
                node.append(draw(DOCUMENTS))
            break
        node = child
    return data


def dump(data: Any) -> str:
    return "# yaml-language-server: $schema=../plugins/casebook/schemas/case.schema.json\n" + yaml.safe_dump(
        data, allow_unicode=True, sort_keys=False
    )


def check_document(root: Path, data: Any) -> None:
    text = dump(data)
    path = root / "cases" / NAME
    path.write_text(text, encoding="utf-8")
    # read_yaml and validate directly: problems only.
    assert_yaml_paths_agree(text)
    document, problems = read_yaml(path, NAME)
    assert_only_problems(problems, NAME)
    if document is not None:
        assert_only_problems(validate(document, "case"), NAME)
        assert_quick_check_is_safe(document.data)
    # And the whole loader.
    library = load_cases(root / "cases", TAXONOMY, display_root=root, today=TODAY)
    assert_only_problems(library.problems, f"cases/{NAME}")
    assert bool(library.cases) != bool(library.broken_files)


@FUZZ
@given(data=DOCUMENTS)
def test_arbitrary_documents_never_crash(workdir: Path, data: Any) -> None:
    check_document(workdir, data)


@FUZZ
@given(data=tweaked_case())
def test_tweaked_cases_never_crash(workdir: Path, data: Any) -> None:
    check_document(workdir, data)


def test_the_untweaked_case_loads(workdir: Path) -> None:
    """The strategies above start from a case that loads: they reach every check."""
    (workdir / "cases" / NAME).write_text(dump(VALID_DATA), encoding="utf-8")
    library = load_cases(workdir / "cases", TAXONOMY, display_root=workdir, today=TODAY)
    assert library.problems == []
    assert list(library.cases) == ["minimal-case"]


@FUZZ
@given(data=tweaked_case())
def test_the_quick_schema_check_never_passes_an_invalid_case(data: Any) -> None:
    """Straight on the data, with what YAML could not write (NaN, 1.0, true among texts)."""
    assert_quick_check_is_safe(data)


def test_broken_taxonomy_raises_only_casebook_error(tmp_path: Path) -> None:
    """The one documented exception: ``load_taxonomy`` raises CasebookError with every problem."""
    for path in TAXONOMY_DIR.glob("*.yaml"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    (tmp_path / "stages.yaml").write_text("- id: buy\n  label: [x\n", encoding="utf-8")
    (tmp_path / "tags.yaml").unlink()
    with pytest.raises(CasebookError) as raised:
        load_taxonomy(tmp_path)
    files = {Path(problem.file).name for problem in raised.value.problems}
    assert files == {"stages.yaml", "tags.yaml"}


# --------------------------------------------------------------------------- (c) render_markdown

FRAGMENTS = st.sampled_from([
    "<script>alert(1)</script>", "<SCRIPT>", "<scr<script>ipt>", "<img src=x onerror=alert(1)>",
    "<a href=\"javascript:alert(1)\">x</a>", "javascript:alert(1)", "JaVaScRiPt:", "java\tscript:",
    "&#106;avascript:", "[x](javascript:alert(1))", "[x](JAVASCRIPT:alert(1))", "[x](java\nscript:alert(1))",
    "[x](vbscript:msgbox)",
    "[x](data:text/html;base64,PHNjcmlwdD4=)", "[x](https://example.org/\" onmouseover=\"alert(1))",
    "[x](case:minimal-case)", "[](case:minimal-case)", "[x](case:missing)", "[x](case:\"><script>)",
    "<https://example.org>", "<javascript:alert(1)>", "![img](https://example.org/x.png)", "`code`",
    "**bold**",
    "*em*", "- item\n", "1. one\n", "\n\n", " onload=", "\" onclick=\"x\"", "<div onclick=x>", "<!-- c -->",
    "<style>", "<iframe src=x>", "[x]: javascript:alert(1)\n", "[y][x]", "\\", "&lt;script&gt;",
])  # fmt: skip
MARKDOWN = st.lists(st.one_of(FRAGMENTS, st.text(max_size=20)), max_size=12).map("".join)
TITLES = st.one_of(st.text(max_size=20), FRAGMENTS)


class _Tags(HTMLParser):
    """Collects every start tag and its attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


ALLOWED = {"p", "em", "strong", "ul", "ol", "li", "a", "code", "br"}


def assert_safe(output: str) -> None:
    assert "<script" not in output.lower()
    # No event handler and no javascript: inside any tag.
    assert not re.search(r"<[^>]*\son\w+\s*=", output, re.IGNORECASE), output
    assert not re.search(r"<[^>]*javascript:", output, re.IGNORECASE), output
    parser = _Tags()
    parser.feed(output)
    parser.close()
    for tag, attrs in parser.tags:
        assert tag in ALLOWED, output
        for name, value in attrs:
            assert not name.startswith("on"), output
            if name == "href":
                # What a browser would see once entities and invisible characters are removed.
                seen = re.sub(r"[\x00-\x20]", "", html.unescape(value or "")).lower()
                assert seen.startswith(("https://", "http://", "../", "/")), output


def resolver_for(title: str) -> Any:
    def resolve(case_id: str) -> tuple[str, str] | None:
        return ("../" + case_id + "/", title) if case_id == "minimal-case" else None

    return resolve


@FUZZ
@given(text=MARKDOWN, title=TITLES)
@example(text="<script>alert(1)</script>", title="x")
@example(text="[x](javascript:alert(1))", title="x")
@example(text="[](case:minimal-case)", title="<img src=x onerror=alert(1)>")
def test_render_markdown_never_outputs_active_html(text: str, title: str) -> None:
    output = render_markdown(text, resolver_for(title))
    assert isinstance(output, str)
    assert_safe(output)
    assert isinstance(case_link_targets(text), list)


LINK_SPELLINGS = st.sampled_from([
    "case:", "case&#58;", "case&#x3a;", "case&#X3A;", "case&colon;", "&#99;ase:", "c&#97;se:", "case\\:",
    "CASE:", "case%3A", "case&#058;", "ca\\se:", "<case:", "[x](", "](", ")", ">", "minimal-case", " ",
])  # fmt: skip
LINKISH = st.lists(st.one_of(LINK_SPELLINGS, FRAGMENTS, st.text(max_size=5)), max_size=10).map("".join)


@FUZZ
@given(text=st.one_of(LINKISH, MARKDOWN))
@example(text="[x](case&#58;minimal-case)")
@example(text="[x](case\\:minimal-case)")
def test_a_text_without_case_ampersand_or_backslash_links_no_case(text: str) -> None:
    """What lets the loader skip the Markdown parser for most texts: checked on what is rendered."""
    linked: list[str] = []
    render_markdown(text, lambda case_id: linked.append(case_id))
    if "case:" not in text and "&" not in text and "\\" not in text:
        assert linked == []


LINK_PIECES = st.sampled_from([
    "[", "]", "(", ")", "case:", "https://example.org/", "minimal-case", "Other", "x", " ", "\n", "\n\n",
    "- ", "* ", "+ ", "1. ", "2) ", "  ", "`", "*", "**", "_", "!", "<", ">", '"t"', "\t", "\r", "\u00a0",
    "é", "[x](case:minimal-case)", "[](case:other)", "[y](https://example.org/a)", "[z](case:)",
])  # fmt: skip
LINK_TEXTS = st.lists(st.one_of(LINK_PIECES, st.text(max_size=3)), max_size=16).map("".join)


@FUZZ
@given(text=LINK_TEXTS)
@example(text="- [x](case:a)")
@example(text="- - - - - - - - - - - - [x](case:a)")
@example(text="1) [x](case:a)")
@example(text="`[x](case:a)`")
@example(text="[a [b](case:c) d](case:e)")
@example(text='[x](case:a "title")')
@example(text="[x](case:a(b))")
@example(text="[x]( case:a)")
@example(text="[x\ny](case:a)")
@example(text="[x](case:A)")
@example(text="*[x](case:a)* and [](case:b)")
@example(text="[x](https://example.org/a b) [y](case:c)")
@example(text="text\n\n    [x](case:a)\n\nmore [y](case:b)")
def test_case_links_are_found_as_the_markdown_parser_finds_them(text: str) -> None:
    assert case_link_targets(text) == list(_parsed_case_links(text))


@FUZZ
@given(text=st.text(max_size=300))
def test_render_markdown_on_any_text(text: str) -> None:
    assert_safe(render_markdown(text, resolver_for("A title")))


def test_render_markdown_keeps_the_safe_subset() -> None:
    """The property above would pass on an empty output: check the good parts survive."""
    output = render_markdown(
        "*em* **strong** `code` [site](https://example.org/a) [case](case:minimal-case) [gone](case:missing)"
        " [bad](javascript:alert(1)) <b>raw</b>",
        resolver_for("The title"),
    )
    assert "<em>em</em>" in output
    assert "<strong>strong</strong>" in output
    assert "<code>code</code>" in output
    assert '<a href="https://example.org/a" rel="noopener noreferrer">site</a>' in output
    assert '<a href="../minimal-case/" class="cb-case-link">case</a>' in output
    assert "javascript" not in output.lower().replace("[bad](javascript:alert(1))", "")
    assert "&lt;b&gt;raw&lt;/b&gt;" in output
    empty_label = render_markdown("[](case:minimal-case)", resolver_for("<b>Title</b>"))
    assert (
        empty_label == '<p><a href="../minimal-case/" class="cb-case-link">&lt;b&gt;Title&lt;/b&gt;</a></p>'
    )
