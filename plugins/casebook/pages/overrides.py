"""A template override that reads a name its template does not receive, as a problem its author can act on.

A site overrides a page template by putting its own in ``<custom_dir>/casebook/``.
Templates receive their page's values, ``site`` (the frozen settings), ``page`` and
``urls``, never the library; an override that reads anything else (``site.cases``)
stops the render with the override's file and line, the name, and what the template
receives, rather than with Jinja's traceback.
"""

from __future__ import annotations

import dataclasses
import os
import traceback
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import jinja2
from jinja2.utils import object_type_repr

from casebook.errors import CasebookError, Problem
from casebook.resources import PAGE_TEMPLATES_DIR


class PageTemplate(jinja2.Template):
    """A page template whose overrides fail with a :class:`CasebookError` naming the override's line."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        """Render as Jinja does; an undefined name read in an override raises a :class:`CasebookError`."""
        try:
            return super().render(*args, **kwargs)
        except jinja2.UndefinedError as error:
            problem = undefined_in_override(error, self.name or "", dict(*args, **kwargs))
            if problem is None:  # a shipped template's own mistake: a bug, with its traceback
                raise
            raise CasebookError([problem]) from None


def undefined_in_override(
    error: jinja2.UndefinedError, template: str, context: dict[str, Any]
) -> Problem | None:
    """The problem of an override that read an undefined name, or None if no override did.

    ``template`` is the name of the template rendered and ``context`` what it received.
    """
    where = _override_frame(error)
    if where is None:
        return None
    path, line = where
    name, owner = _name_read(error.message or "", context)
    hint = f"{template} receives {_listed(sorted(context))}"
    if owner is not None and (fields := _public_names(owner[1])):
        hint += f"; {owner[0]} has {_listed(fields)}"
    return Problem(
        file=_shown(path),
        line=line,
        column=None,
        field=name,
        message="a page template does not receive this",
        hint=hint + '; no template receives the library: see "What a page template receives" in the README',
    )


def _listed(names: list[str]) -> str:
    """``a, b and c``."""
    return " and ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else "".join(names)


def _override_frame(error: BaseException) -> tuple[Path, int] | None:
    """The innermost line of an override template in the error's traceback (Jinja maps frames to lines)."""
    shipped = PAGE_TEMPLATES_DIR.resolve()
    found = None
    for summary in traceback.extract_tb(error.__traceback__):
        path = Path(summary.filename)
        if not path.is_file() or summary.lineno is None:
            continue
        resolved = path.resolve()
        if resolved.is_relative_to(shipped) or resolved.suffix == ".py":
            continue
        found = (resolved, summary.lineno)
    return found


def _name_read(message: str, context: dict[str, Any]) -> tuple[str, tuple[str, object] | None]:
    """The name the template read (``site.cases``), and the value it read it from with that value's name.

    Jinja's message gives the missing attribute and the type of the value it was read
    from; the value is looked up among the context and one level of its attributes.
    """
    for owner_name, owner in _values(context):
        prefix = f"{object_type_repr(owner)!r} has no attribute "
        if message.startswith(prefix):
            return f"{owner_name}.{message[len(prefix) :].strip(chr(39))}", (owner_name, owner)
    if message.endswith(" is undefined"):
        return message[: -len(" is undefined")].strip("'"), None
    return message, None


def _values(context: dict[str, Any]) -> Iterator[tuple[str, object]]:
    """The context's values by name, then the fields of those that are dataclasses (``site.options``)."""
    yield from context.items()
    for name, value in context.items():
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            for field in dataclasses.fields(value):
                yield f"{name}.{field.name}", getattr(value, field.name)


def _public_names(value: object) -> list[str]:
    """What a template may read of ``value``: a dataclass's fields, else its class's public names."""
    if isinstance(value, ModuleType):
        return []
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [field.name for field in dataclasses.fields(value)]
    return sorted(name for name in vars(type(value)) if not name.startswith("_"))


def _shown(path: Path) -> str:
    """``path`` as the build log shows files: relative to the current folder when below it."""
    relative = os.path.relpath(path)
    return path.as_posix() if relative.startswith("..") else Path(relative).as_posix()
