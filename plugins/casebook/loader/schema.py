"""Validate read YAML against a JSON Schema and explain each failure to a contributor."""

from __future__ import annotations

import difflib
import json
import operator
import re
from collections.abc import Callable
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator, ValidationError
from jsonschema.exceptions import best_match

from casebook.errors import Problem, counted, format_field
from casebook.loader.yaml_reader import YamlDocument
from casebook.resources import SCHEMA_DIR

_TYPE_NAMES = {
    "object": "a mapping (key: value)",
    "array": "a list (lines starting with '-')",
    "string": "text",
    "integer": "a whole number",
    "boolean": "true or false",
    "null": "nothing",
}


@cache
def load_validator(name: str) -> Draft202012Validator:
    """Return a validator for the shipped schema ``schemas/<name>.schema.json``."""
    schema = json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def validate(document: YamlDocument, schema_name: str) -> list[Problem]:
    """Return one problem per schema violation in ``document``, in file order."""
    if _quick_check(schema_name)(document.data):
        return []
    validator = load_validator(schema_name)
    # jsonschema reports a missing field once per missing sibling; a set keeps one each.
    problems = {
        problem
        for error in validator.iter_errors(document.data)
        for problem in _explain(error, document, validator.schema)
    }
    return sorted(problems)


#: A test of one value against a (sub)schema.
Check = Callable[[Any], bool]


class _NotCompiled(Exception):
    """The schema uses something :func:`_compile_check` does not handle."""


@cache
def _quick_check(name: str) -> Check:
    """Return a quick test of a value against schema ``name`` that can only err on the side of caution.

    jsonschema takes milliseconds per case file, most of it on files with nothing
    wrong; this test, compiled once from the same schema, takes a fraction of that.
    It says True only where jsonschema would find nothing wrong, and False when in
    doubt: the value then goes to jsonschema, which finds and explains every problem.
    """
    root = load_validator(name).schema
    try:
        # The root's $id and $schema name the schema and its dialect; refs are local ("#/...").
        return _compile_check({k: v for k, v in root.items() if k not in ("$id", "$schema")}, root, ())
    except _NotCompiled:
        return lambda value: False


#: Keywords that say nothing about validity (``$defs`` are compiled where a ``$ref`` uses them).
_ANNOTATIONS = frozenset({"$defs", "$comment", "title", "description", "examples"})
_TYPES: dict[str, Check] = {
    "object": lambda value: type(value) is dict,
    "array": lambda value: type(value) is list,
    "string": lambda value: type(value) is str,
    # Stricter than JSON Schema, where 1.0 is an integer: a float goes to jsonschema.
    "integer": lambda value: type(value) is int,
    "boolean": lambda value: type(value) is bool,
    "null": lambda value: value is None,
}
_SIZES: dict[str, tuple[Any, Callable[[int, int], bool]]] = {
    "minLength": (str, operator.ge),
    "maxLength": (str, operator.le),
    "minItems": (list, operator.ge),
    "maxItems": (list, operator.le),
    "minProperties": (dict, operator.ge),
}


def _compile_check(schema: Any, root: dict[str, Any], refs: tuple[str, ...]) -> Check:
    """Compile a (sub)schema into a test that may say False for a valid value, never True for an invalid one.

    ``refs`` are the ``$ref`` being compiled, to refuse a schema that refers to itself.
    Raises :class:`_NotCompiled` for a keyword or a value it does not handle.
    """
    if not isinstance(schema, dict):
        raise _NotCompiled(schema)
    found = (
        _keyword_check(keyword, argument, schema, root, refs)
        for keyword, argument in schema.items()
        if keyword not in _ANNOTATIONS
    )
    checks = [check for check in found if check is not None]
    if len(checks) == 1:
        return checks[0]

    def check_all(value: Any) -> bool:
        for check in checks:  # noqa: SIM110 - a third faster than all() over a generator
            if not check(value):
                return False
        return True

    return check_all


def _keyword_check(
    keyword: str, argument: Any, schema: dict[str, Any], root: dict[str, Any], refs: tuple[str, ...]
) -> Check | None:
    """Compile one keyword of ``schema`` as jsonschema's Draft 2020-12 means it (None: nothing to check)."""

    def sub(subschema: Any) -> Check:
        return _compile_check(subschema, root, refs)

    if keyword == "$ref" and isinstance(argument, str) and argument.startswith("#/") and argument not in refs:
        try:
            target = _resolve(root, argument)
        except (KeyError, IndexError, TypeError):
            raise _NotCompiled(argument) from None
        return _compile_check(target, root, (*refs, argument))
    if keyword == "type":
        names = [argument] if isinstance(argument, str) else argument
        if not all(name in _TYPES for name in names):
            raise _NotCompiled(argument)
        kinds = [_TYPES[name] for name in names]
        return kinds[0] if len(kinds) == 1 else lambda value: any(kind(value) for kind in kinds)
    if keyword == "enum" and all(isinstance(option, str) for option in argument):
        # Text only: JSON Schema tells true from 1, Python's "in" does not.
        options = frozenset(argument)
        return lambda value: type(value) is str and value in options
    if keyword == "pattern":
        search = re.compile(argument).search  # jsonschema uses re.search too
        return lambda value: type(value) is not str or search(value) is not None
    if keyword in _SIZES:
        kind, compare = _SIZES[keyword]
        return lambda value: type(value) is not kind or compare(len(value), argument)
    if keyword in ("minimum", "maximum"):
        compare = operator.ge if keyword == "minimum" else operator.le
        # Whole numbers only: a float (NaN compares false) or a bool goes to jsonschema.
        return lambda value: (
            compare(value, argument) if type(value) is int else not isinstance(value, (int, float))
        )
    if keyword == "required":
        return lambda value: type(value) is not dict or all(name in value for name in argument)
    if keyword == "properties":
        return _fields_check(argument, schema.get("additionalProperties", True), sub)
    if keyword == "additionalProperties":
        return None if "properties" in schema else _fields_check({}, argument, sub)
    if keyword == "propertyNames":
        name_check = sub(argument)
        return lambda value: type(value) is not dict or all(name_check(name) for name in value)
    if keyword == "items":
        item_check = sub(argument)
        return lambda value: type(value) is not list or all(item_check(item) for item in value)
    if keyword == "uniqueItems" and isinstance(argument, bool):
        # Text only, as for enum: [1, true] has unique items in JSON Schema, not in a Python set.
        return lambda value: (
            not argument
            or type(value) is not list
            or (all(type(item) is str for item in value) and len(set(value)) == len(value))
        )
    if keyword == "anyOf":
        alternatives = [sub(subschema) for subschema in argument]
        return lambda value: any(alternative(value) for alternative in alternatives)
    raise _NotCompiled(keyword)


def _fields_check(properties: dict[str, Any], additional: Any, sub: Callable[[Any], Check]) -> Check:
    """Check ``properties`` and ``additionalProperties`` in one pass over a mapping."""
    fields = {name: sub(subschema) for name, subschema in properties.items()}
    extra: Check | None = (
        None if additional is True else (lambda item: False) if additional is False else sub(additional)
    )

    def check_fields(value: Any) -> bool:
        if type(value) is dict:
            for name, item in value.items():
                check = fields.get(name, extra)
                if check is not None and not check(item):
                    return False
        return True

    return check_fields


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if value is None:
        return "nothing"
    for name, kind in (("mapping", dict), ("list", list), ("text", str), ("number", (int, float))):
        if isinstance(value, kind):
            return name
    return type(value).__name__


def _example(schema: dict[str, Any]) -> str:
    examples = schema.get("examples")
    if not examples:
        return ""
    return "e.g. " + json.dumps(examples[0], ensure_ascii=False)


def _resolve(root: dict[str, Any], ref: str) -> Any:
    node: Any = root
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]
    return node


def _field_schema(error: ValidationError, root: dict[str, Any]) -> dict[str, Any]:
    """Return the schema that describes the field in error.

    jsonschema hands over the schema a ``$ref`` points at: for ``outcome`` that is the
    generic slug, whose example is a stage. A field's own description and examples
    come first; those of the definition it refers to fill in what it lacks.
    """
    found = error.schema if isinstance(error.schema, dict) else {}
    node: Any = root
    try:
        for part in list(error.absolute_schema_path)[:-1]:
            if isinstance(node, dict) and part not in node and isinstance(node.get("$ref"), str):
                node = _resolve(root, node["$ref"])
            node = node[part]
            if isinstance(node, dict):
                target = _resolve(root, node["$ref"]) if isinstance(node.get("$ref"), str) else {}
                merged = {**target, **node} if isinstance(target, dict) else node
                if isinstance(merged.get("description"), str):
                    found = merged
    except (KeyError, IndexError, TypeError):
        pass
    return found


def _explain(error: ValidationError, document: YamlDocument, root: dict[str, Any]) -> list[Problem]:
    path = tuple(error.absolute_path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    described = _field_schema(error, root)
    line, column = document.position(path)

    def problem(message: str, hint: str = "", at: tuple[Any, ...] = path, key: bool = False) -> Problem:
        found_line, found_column = document.position(at, key=key) if at != path or key else (line, column)
        return Problem(document.path, found_line, found_column, format_field(at), message, hint)

    validator = error.validator
    if validator == "anyOf" and isinstance(error.instance, (dict, list)) and error.context:
        # A mapping matched none of the alternatives: explain the closest one instead.
        return _explain(best_match(error.context), document, root)
    if validator == "required":
        missing = [name for name in schema.get("required", []) if name not in (error.instance or {})]
        return [
            problem(
                f"the required field '{name}' is missing",
                _describe(schema.get("properties", {}).get(name, {})),
                at=(*path, name),
            )
            for name in missing
        ]
    if validator == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        extra = [key for key in error.instance if key not in allowed]
        problems = []
        for key in extra:
            close = difflib.get_close_matches(key, allowed, n=1)
            hint = f"did you mean '{close[0]}'?" if close else "allowed fields: " + ", ".join(allowed)
            problems.append(problem(f"unknown field '{key}'", hint, at=(*path, key), key=True))
        return problems
    if validator == "type":
        expected = schema["type"]
        names = [expected] if isinstance(expected, str) else expected
        wanted = " or ".join(_TYPE_NAMES.get(name, name) for name in names)
        return [
            problem(
                f"expected {wanted}, found {_type_name(error.instance)}",
                _describe(described),
            )
        ]
    if validator == "enum":
        options = [str(option) for option in error.validator_value]
        close = difflib.get_close_matches(str(error.instance), options, n=1)
        hint = f"did you mean '{close[0]}'?" if close else ""
        return [problem(f"'{error.instance}' is not one of: {', '.join(options)}", hint)]
    if validator in ("pattern", "anyOf", "format"):
        shown = json.dumps(error.instance, ensure_ascii=False)
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        return [problem(f"{shown} is not valid", _describe(described))]
    if validator == "minLength":
        return [problem("must not be empty", _describe(described))]
    if validator == "maxLength":
        return [problem(f"is longer than {error.validator_value} characters", "shorten it")]
    if validator == "minItems":
        least = counted(error.validator_value, "item", "items")
        return [problem(f"needs at least {least}", _describe(described))]
    if validator == "maxItems":
        return [problem(f"has more than {error.validator_value} items", "remove some")]
    if validator == "minProperties":
        example = ", ".join(f"{code}: ..." for code in _language_codes())
        return [problem("needs text in at least one language", f"write it as {{{example}}}")]
    if validator == "uniqueItems":
        return [problem("lists the same value twice", "remove the duplicate")]
    if validator == "propertyNames":
        return [problem(f"unknown language '{error.instance}'", f"use {' or '.join(_language_codes())}")]
    return [problem(error.message, _describe(described))]


def _language_codes() -> list[str]:
    # The case schema is where the site's language codes are checked; hints name the same ones.
    return list(load_validator("case").schema["$defs"]["languageCode"]["enum"])


def _describe(schema: dict[str, Any]) -> str:
    # The first sentence says what the field is; the rest is for the editor tooltip.
    description = schema.get("description", "").split(". ")[0].rstrip(".")
    example = _example(schema)
    return "; ".join(part for part in (description, example) if part)
