"""The ``casebook`` command: check, create and render cases."""

from __future__ import annotations

import datetime
from pathlib import Path

import click

from casebook.errors import CasebookError, Problem, Severity
from casebook.loader import load_cases, load_taxonomy
from casebook.resources import TAXONOMY_DIR


def _format_problem(problem: Problem, output_format: str) -> str:
    if output_format == "github":
        # GitHub Actions workflow command: shows the message on the pull request's diff line.
        properties = [f"file={problem.file}"]
        if problem.line is not None:
            properties.append(f"line={problem.line}")
        if problem.column is not None:
            properties.append(f"col={problem.column}")
        message = problem.describe().replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::{problem.severity.value} {','.join(properties)}::{message}"
    colour = "red" if problem.severity is Severity.ERROR else "yellow"
    head = click.style(f"{problem.location()}: ", bold=True) + click.style(problem.severity.value, fg=colour)
    field = f" {click.style(problem.field, fg='cyan')}:" if problem.field else ""
    text = f"{head}:{field} {problem.message}"
    if problem.hint:
        text += "\n    " + click.style("hint: ", fg="green") + problem.hint
    return text


@click.group()
@click.version_option(package_name="casebook")
def main() -> None:
    """Casebook: a bilingual library of customer-experience cases."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--cases-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("cases"),
              show_default=True, help="Folder of the case files.")
@click.option("--taxonomy-dir", type=click.Path(file_okay=False, path_type=Path), default=TAXONOMY_DIR,
              help="Folder of the taxonomy files (default: the one shipped with Casebook).")
@click.option("--format", "output_format", type=click.Choice(["text", "github"]), default="text",
              show_default=True, help="'github' prints GitHub Actions annotations.")
def check(paths: tuple[Path, ...], cases_dir: Path, taxonomy_dir: Path, output_format: str) -> None:
    """Check the whole library, or only the case files in PATHS.

    Reports every problem in every file, with file, line, column and field.
    Exits 1 if there is any error.
    """
    try:
        taxonomy = load_taxonomy(taxonomy_dir)
    except CasebookError as error:
        for problem in error.problems:
            click.echo(_format_problem(problem, output_format))
        raise SystemExit(1) from None
    strays = [
        Problem(str(path), None, None, "", "no such file" if not path.exists() else "not a .yaml case file")
        for path in paths
        if path.suffix != ".yaml" or not path.is_file()
    ]
    only = [path for path in paths if path.suffix == ".yaml" and path.is_file()] if paths else None
    for problem in strays:
        click.echo(_format_problem(problem, output_format))
    library = load_cases(cases_dir, taxonomy, only=only)
    for problem in library.problems:
        click.echo(_format_problem(problem, output_format))
    errors = len(library.errors) + len(strays)
    files = len({problem.file for problem in [*library.errors, *strays]})
    if output_format == "text":
        checked = len(paths) if paths else len(library.cases) + len(library.broken_files)
        if errors:
            click.echo(click.style(f"{errors} error(s) in {files} file(s); {checked} file(s) checked.", fg="red"),
                       err=True)
        else:
            click.echo(click.style(f"All {checked} case file(s) are valid.", fg="green"), err=True)
    raise SystemExit(1 if errors else 0)


def today() -> datetime.date:
    """Today's date, for the ``published`` field of new cases."""
    return datetime.date.today()
