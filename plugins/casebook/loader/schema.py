"""Validate read YAML against a JSON Schema and explain each failure to a contributor."""

from __future__ import annotations

import difflib
import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, ValidationError
from jsonschema.exceptions import best_match

from casebook.errors import Problem, format_field
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


def schema_path(name: str) -> Path:
    """Return the path of a shipped schema file."""
    return SCHEMA_DIR / f"{name}.schema.json"


def validate(document: YamlDocument, schema_name: str) -> list[Problem]:
    """Return one problem per schema violation in ``document``, in file order."""
    validator = load_validator(schema_name)
    # jsonschema reports a missing field once per missing sibling; a set keeps one each.
    problems = {
        problem
        for error in validator.iter_errors(document.data)
        for problem in _explain(error, document, validator.schema)
    }
    return sorted(problems)


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
        return [problem(f"needs at least {error.validator_value} item(s)", _describe(described))]
    if validator == "maxItems":
        return [problem(f"has more than {error.validator_value} items", "remove some")]
    if validator == "minProperties":
        return [problem("needs text in at least one language", "write it as {en: ..., it: ...}")]
    if validator == "uniqueItems":
        return [problem("lists the same value twice", "remove the duplicate")]
    if validator == "propertyNames":
        return [problem(f"unknown language '{error.instance}'", "use en or it")]
    return [problem(error.message, _describe(described))]


def _describe(schema: dict[str, Any]) -> str:
    # The first sentence says what the field is; the rest is for the editor tooltip.
    description = schema.get("description", "").split(". ")[0].rstrip(".")
    example = _example(schema)
    return "; ".join(part for part in (description, example) if part)
