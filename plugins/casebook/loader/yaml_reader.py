"""Read one YAML file into plain Python data, remembering where every value stands.

PyYAML alone is not enough for contributor files: it keeps the last of two
duplicate keys (losing text without a word), expands alias bombs, turns
``NO`` into ``False`` and dates into ``datetime``. This reader builds the data
itself from libyaml's parser events when available: plain files straight from
the events (fast), and anything else through a node tree that reports every
problem where it stands (precise).

The two paths stay in one module: they must agree on every
rule (duplicate keys, tags, nesting depth), which is easiest to check side by side.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from casebook.errors import FieldPath, Problem, format_field
from casebook.loader.characters import character_name, likely_cause

#: Files larger than this are refused before parsing: no real case is that long,
#: and parsing megabytes of YAML would make ``casebook check`` slow.
MAX_FILE_BYTES = 1024 * 1024
#: Real case files nest five levels deep; anything far deeper is hostile.
MAX_DEPTH = 40

#: The composer refuses deeper documents before building them (two levels of slack
#: let :func:`_build` report the usual depth problem with its field path).
_COMPOSE_DEPTH = MAX_DEPTH + 2
#: Characters YAML does not allow in a file (the same set as PyYAML and libyaml).
_NOT_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class _Resolver(yaml.resolver.BaseResolver):
    """YAML 1.2 core-schema scalars: no ``yes``/``no`` booleans, no timestamps."""


_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Resolver.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789"))
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$"),
    list("-+0123456789."),
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)


class _AliasNode(yaml.Node):
    """Stands for an alias (``*name``): aliases are refused, so no value is ever shared or expanded."""

    id = "alias"


class _TooDeepError(Exception):
    def __init__(self, mark: Any, field: str) -> None:
        super().__init__("too deep")
        self.mark = mark
        self.field = field


#: libyaml 0.2.5 as bundled with PyYAML 6.0.4 stops at 1,000 flow levels on its own, while
#: scanning ahead, before the composer reaches ``_COMPOSE_DEPTH``; older builds have no limit.
_LIBYAML_TOO_DEEP = "exceeded maximum nesting depth"


class _SafeComposer(yaml.composer.Composer):
    """PyYAML's composer, but an alias becomes an :class:`_AliasNode` where it stands,
    and nesting deeper than ``_COMPOSE_DEPTH`` stops composing at once.

    The composer is written in Python on purpose: libyaml's own composer recurses in
    C and crashes the interpreter (segmentation fault) on a few thousand nested ``[``.
    libyaml's scanner and parser are not recursive, so they feed this composer when
    available (``yaml.CParser`` does not exist: libyaml's parser is ``yaml._yaml.CParser``).
    """

    # Provided by the parser and the resolver classes this is mixed with.
    check_event: Callable[..., bool]
    get_event: Callable[[], Any]
    peek_event: Callable[[], Any]
    resolve: Callable[[type[yaml.Node], str, tuple[bool, bool]], str]

    def __init__(self) -> None:
        yaml.composer.Composer.__init__(self)
        self.depth = 0
        #: The top-level field being composed: too-deep nesting is reported there,
        #: whichever limit (this composer's or libyaml's) stops it.
        self.field = ""

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        if self.depth == 1 and isinstance(index, yaml.ScalarNode):
            self.field = str(index.value)
        if self.check_event(yaml.AliasEvent):
            event = self.get_event()
            return _AliasNode("", event.anchor, event.start_mark, event.end_mark)
        self.depth += 1
        try:
            if self.depth > _COMPOSE_DEPTH:
                raise _TooDeepError(self.peek_event().start_mark, self.field)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


if yaml.__with_libyaml__:
    from yaml._yaml import CParser

    class _Composer(_SafeComposer, CParser, _Resolver):
        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            _SafeComposer.__init__(self)
            _Resolver.__init__(self)

else:  # pragma: no cover - PyYAML built without libyaml

    class _Composer(  # type: ignore[no-redef]
        _SafeComposer, yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, _Resolver
    ):
        def __init__(self, stream: str) -> None:
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
            _SafeComposer.__init__(self)
            _Resolver.__init__(self)


#: Line and column (from 1) of each value or key, by field path.
Positions = dict[FieldPath, tuple[int, int]]


@dataclass
class YamlDocument:
    """Data read from one file, with the line and column of each value and key."""

    path: str
    data: Any
    positions: Positions = field(default_factory=dict)
    key_positions: Positions = field(default_factory=dict)
    first_line: str = ""

    def position(self, path: FieldPath, *, key: bool = False) -> tuple[int | None, int | None]:
        """Return (line, column) of the value at ``path``, or of its nearest parent."""
        table = self.key_positions if key else self.positions
        while path:
            if path in table:
                return table[path]
            if not key and path in self.key_positions:
                return self.key_positions[path]
            path = path[:-1]
        return self.positions.get((), (1, 1))


def read_yaml(path: Path, display_path: str) -> tuple[YamlDocument | None, list[Problem]]:
    """Read ``path`` as one YAML document.

    Returns the document (``None`` when it could not be read at all) and the
    problems found. Never raises for anything in the file's bytes.
    """

    def problem(line: int | None, column: int | None, message: str, hint: str = "") -> Problem:
        return Problem(display_path, line, column, "", message, hint)

    try:
        raw = path.read_bytes()
    except OSError as error:
        return None, [problem(None, None, f"cannot read the file: {error.strerror}")]
    if len(raw) > MAX_FILE_BYTES:
        return None, [
            problem(
                None,
                None,
                f"the file is {len(raw):,} bytes long, more than the limit of {MAX_FILE_BYTES:,}",
                "a case file should be a few kilobytes; split long text or shorten it",
            )
        ]
    if raw.startswith(b"\xef\xbb\xbf"):
        return None, [problem(1, 1, "the file starts with a byte-order mark", "save it as UTF-8 without BOM")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        return None, [
            problem(
                line,
                column,
                f"byte 0x{raw[error.start]:02x} is not valid UTF-8",
                "save the file as UTF-8",
            )
        ]
    if not text.strip():
        return None, [problem(1, 1, "the file is empty", "start from `casebook new`")]
    bad = _NOT_PRINTABLE.search(text)
    if bad is not None:
        line = text.count("\n", 0, bad.start()) + 1
        column = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        return None, [
            problem(
                line,
                column,
                f"the file holds {character_name(bad.group())}, which YAML does not allow",
                f"remove it (it is invisible in most editors): it is likely {likely_cause(bad.group())}; "
                "use a plain space or a line break",
            )
        ]

    first_line = text.split("\n", 1)[0]
    plain = _read_plain(text)
    if plain is not None:
        return YamlDocument(display_path, *plain, first_line=first_line), []
    return _read_precise(text, display_path, first_line)


def _read_plain(text: str) -> tuple[Any, Positions, Positions] | None:
    """Build the data straight from the parser's events, or return None to leave it to the precise path.

    Almost every file is plain data, and for those this gives the same data and
    positions as :func:`_read_precise` in a fraction of the time (no node tree, no
    recursion). At the first thing that would be a problem or needs care (an anchor,
    alias or tag, a key that is not a plain name, a duplicate key, deep nesting, a
    value that does not convert, a syntax error, no document or more than one) it
    gives up, so that every problem is found and worded by the precise path alone.
    """
    parser = _Composer(text)
    positions: Positions = {}
    key_positions: Positions = {}
    # One frame per open mapping or list: [container, its path, the key whose value comes next].
    frames: list[list[Any]] = []
    root: Any = None
    try:
        if type(parser.get_event()) is not yaml.StreamStartEvent:
            return None
        if type(parser.get_event()) is not yaml.DocumentStartEvent:
            return None
        while True:
            event = parser.get_event()
            kind = type(event)
            if kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                frames.pop()
                continue
            if kind is yaml.DocumentEndEvent:
                break
            if kind not in _NODE_EVENTS or event.anchor is not None or event.tag is not None:
                return None
            position = (event.start_mark.line + 1, event.start_mark.column + 1)
            if not frames:
                path: FieldPath = ()
            else:
                frame = frames[-1]
                container, parent, key = frame
                if type(container) is list:
                    path = (*parent, len(container))
                elif key is None:
                    # A key: a plain name seen for the first time in this mapping.
                    if kind is not yaml.ScalarEvent or event.value in container:
                        return None
                    frame[2] = event.value
                    key_positions[(*parent, event.value)] = position
                    continue
                else:
                    frame[2] = None
                    path = (*parent, key)
            if len(frames) > MAX_DEPTH:
                return None
            positions[path] = position
            if kind is yaml.ScalarEvent:
                value = _scalar(parser.resolve(yaml.ScalarNode, event.value, event.implicit), event.value)
            else:
                value = {} if kind is yaml.MappingStartEvent else []
            if not frames:
                root = value
            elif type(container) is list:
                container.append(value)
            else:
                container[key] = value
            if kind is not yaml.ScalarEvent:
                frames.append([value, path, None])
        if type(parser.get_event()) is not yaml.StreamEndEvent:
            return None
    except (yaml.YAMLError, ValueError):
        return None
    return root, positions, key_positions


_NODE_EVENTS = (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)


def _too_deep(display_path: str, mark: Any, field: str) -> Problem:
    return Problem(
        display_path,
        mark.line + 1,
        mark.column + 1,
        field,
        f"the data is nested more than {MAX_DEPTH} levels deep",
        "a case file nests only a few levels",
    )


def _read_precise(text: str, display_path: str, first_line: str) -> tuple[YamlDocument | None, list[Problem]]:
    """Compose the node tree and build the data from it, reporting every problem on the way."""

    def problem(line: int | None, column: int | None, message: str, hint: str = "") -> Problem:
        return Problem(display_path, line, column, "", message, hint)

    composer = _Composer(text)
    try:
        node = composer.get_single_node()
    except yaml.MarkedYAMLError as error:
        if error.problem != _LIBYAML_TOO_DEEP:
            return None, [_syntax_problem(display_path, text, error)]
        return None, [_too_deep(display_path, error.problem_mark, composer.field)]
    except _TooDeepError as error:
        return None, [_too_deep(display_path, error.mark, error.field)]
    except yaml.YAMLError as error:
        return None, [problem(None, None, f"YAML error: {error}")]
    except RecursionError:
        return None, [problem(None, None, "the YAML is nested too deeply")]

    document = YamlDocument(display_path, None, first_line=first_line)
    problems: list[Problem] = []
    if node is None:
        return None, [problem(1, 1, "the file has only comments", "start from `casebook new`")]
    document.data = _build(node, (), document, problems, 0)
    return document, problems


#: A YAML escape of half of a character, which libyaml refuses.
_SURROGATE_ESCAPE = re.compile(r"\\u([dD][89a-fA-F][0-9a-fA-F]{2})")


def _syntax_problem(display_path: str, text: str, error: yaml.MarkedYAMLError) -> Problem:
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark else None
    column = mark.column + 1 if mark else None
    message = error.problem or "invalid YAML"
    hint = "check indentation, colons and quotes on this line or the one above"
    lines = text.splitlines()
    if mark is not None and mark.line < len(lines) and "\t" in lines[mark.line][: mark.column + 1]:
        message = "a tab character is used for indentation"
        hint = "YAML allows only spaces for indentation; replace the tab with spaces"
    elif message.startswith("found invalid Unicode character escape code"):
        # libyaml refuses an escape of a lone surrogate ("\ud800"): say what it is.
        line_text = lines[mark.line] if mark is not None and mark.line < len(lines) else ""
        escape = _SURROGATE_ESCAPE.search(line_text)
        char = chr(int(escape[1], 16)) if escape else chr(0xD800)
        message = f"the escape {escape[0] if escape else ''} writes {character_name(char)}".replace("  ", " ")
        hint = f"remove it: it is likely {likely_cause(char)}; write the whole character, not an escape"
    elif error.context:
        message = f"{message} ({error.context})"
    return Problem(display_path, line, column, "", f"YAML syntax error: {message}", hint)


_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}


_ALIAS_MESSAGE = "YAML aliases (*name) are not allowed"
_ALIAS_HINT = "write the value out in full"


def _build(
    node: yaml.Node,
    path: FieldPath,
    document: YamlDocument,
    problems: list[Problem],
    depth: int,
) -> Any:
    line, column = node.start_mark.line + 1, node.start_mark.column + 1
    document.positions[path] = (line, column)

    def report(message: str, hint: str = "") -> None:
        problems.append(Problem(document.path, line, column, format_field(path), message, hint))

    # Aliases are refused where they stand, so "billion laughs" files never expand.
    if isinstance(node, _AliasNode):
        report(_ALIAS_MESSAGE, _ALIAS_HINT)
        return None
    if depth > MAX_DEPTH:
        report(f"the data is nested more than {MAX_DEPTH} levels deep")
        return None

    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key_line, key_column = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            if isinstance(key_node, _AliasNode):
                at = format_field(path)
                problems.append(Problem(document.path, key_line, key_column, at, _ALIAS_MESSAGE, _ALIAS_HINT))
                continue
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                problems.append(
                    Problem(
                        document.path,
                        key_line,
                        key_column,
                        format_field(path),
                        "only plain names are allowed as keys (no merge keys, lists or mappings)",
                    )
                )
                continue
            key = key_node.value
            child = (*path, key)
            if key in result or child in document.key_positions:
                first_line = document.key_positions[child][0]
                problems.append(
                    Problem(
                        document.path,
                        key_line,
                        key_column,
                        format_field(child),
                        f"duplicate key '{key}': it is already set on line {first_line}",
                        "keep one of the two; YAML would silently drop the first",
                    )
                )
                continue
            document.key_positions[child] = (key_line, key_column)
            result[key] = _build(value_node, child, document, problems, depth + 1)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _build(item, (*path, index), document, problems, depth + 1)
            for index, item in enumerate(node.value)
        ]
    if not isinstance(node, yaml.ScalarNode) or node.tag not in _SCALAR_TAGS:
        report(f"the YAML tag '{node.tag}' is not allowed", "remove the tag")
        return None
    try:
        return _scalar(node.tag, node.value)
    except ValueError:
        shown = node.value if len(node.value) <= 40 else node.value[:37] + "..."
        report(f"'{shown}' is not a valid value for the tag '{node.tag}'", "quote it to make it text")
        return None


def _scalar(tag: str, value: str) -> Any:
    """Convert a scalar with one of :data:`_SCALAR_TAGS`; raises ValueError if ``value`` does not fit."""
    if tag == "tag:yaml.org,2002:int":
        return int(value)
    if tag == "tag:yaml.org,2002:float":
        return float(value)
    if tag == "tag:yaml.org,2002:bool":
        return value.lower() == "true"
    if tag == "tag:yaml.org,2002:null":
        return None
    return value
