"""The ``casebook`` command: check, create and render cases."""

from __future__ import annotations

import datetime
import json
from dataclasses import replace
from pathlib import Path
from typing import TextIO

import click
import jinja2

from casebook.errors import CasebookError, Problem, Severity, counted, errors_only
from casebook.i18n import load_labels
from casebook.loader import (
    known_case_ids,
    load_cases,
    load_taxonomy,
    load_workshops,
    next_free_number,
    yaml_files,
)
from casebook.loader.case_file import SLUG, english_name
from casebook.loader.cases import display_path
from casebook.loader.review_writer import ReviewRefused, record_review
from casebook.loader.reviews import REVIEWS_DIR
from casebook.loader.summary import library_summary
from casebook.model import Taxonomy
from casebook.model.ids import RESERVED_IDS, id_from_text, reserved_id_problem
from casebook.pages import Site, SiteOptions
from casebook.pages.propose import new_case_url
from casebook.pages.tree import check_render_target, page_template_dirs, theme_settings, write_markdown_tree
from casebook.resources import SCAFFOLD_TEMPLATES_DIR, TAXONOMY_DIR
from casebook.sitediff import diff_sites, to_markdown, to_text

# Options shared by several commands.
cases_dir_option = click.option(
    "--cases-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("cases"),
    show_default=True,
    help="Folder of the case files.",
)
workshops_dir_option = click.option(
    "--workshops-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("workshops"),
    show_default=True,
    help="Folder of the workshop files.",
)
taxonomy_dir_option = click.option(
    "--taxonomy-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=TAXONOMY_DIR,
    help="Folder of the taxonomy files (default: the one shipped with Casebook).",
)


def _format_problem(problem: Problem, output_format: str) -> str:
    if output_format == "github":
        # GitHub Actions workflow command: shows the message on the pull request's diff line.
        properties = [f"file={_escape_property(problem.file)}"]
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


def _not_a_case(path: Path) -> str:
    """Why ``path`` cannot be checked as a case file, or "" when it can."""
    if not path.is_file():
        return "no such file"
    if path.suffix != ".yaml":
        return "not a .yaml case file"
    if path.name.startswith("_"):
        return "files whose name starts with '_' are not cases; rename it to check it"
    return ""


def _escape_property(value: str) -> str:
    # GitHub's workflow-command syntax for property values.
    return (
        value.replace("%", "%25")
        .replace("\r", "%0D")
        .replace("\n", "%0A")
        .replace(":", "%3A")
        .replace(",", "%2C")
    )


def _load_taxonomy_or_exit(taxonomy_dir: Path, output_format: str = "text") -> Taxonomy:
    try:
        return load_taxonomy(taxonomy_dir)
    except CasebookError as error:
        for problem in error.problems:
            click.echo(_format_problem(problem, output_format))
        raise SystemExit(1) from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="casebook")
def main() -> None:
    """Casebook: a bilingual library of customer-experience cases."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@cases_dir_option
@workshops_dir_option
@taxonomy_dir_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "github"]),
    default="text",
    show_default=True,
    help="'github' prints GitHub Actions annotations.",
)
@click.option(
    "--require-translations",
    is_flag=True,
    help="Treat a stale translation (its original changed after the review) as an error, not a warning.",
)
def check(
    paths: tuple[Path, ...],
    cases_dir: Path,
    workshops_dir: Path,
    taxonomy_dir: Path,
    output_format: str,
    require_translations: bool,
) -> None:
    """Check the whole library (cases and workshops), or only the files in PATHS.

    Reports every problem in every file, with file, line, column and field.
    Exits 1 if there is any error. A stale translation is a warning, or an error
    with --require-translations.
    """
    taxonomy = _load_taxonomy_or_exit(taxonomy_dir, output_format)
    if not paths and not yaml_files(cases_dir):
        # A check that found nothing to check must not say that all is well.
        looked = f"{cases_dir}/" if cases_dir.is_dir() else f"a folder {cases_dir}/"
        click.echo(
            f"No case files to check: looked for {looked} holding *.yaml files (in {Path.cwd()}). "
            "Run casebook check in the project folder, or name the folder with --cases-dir.",
            err=True,
        )
        raise SystemExit(1)
    strays = [Problem(str(path), None, None, "", _not_a_case(path)) for path in paths if _not_a_case(path)]
    named = [path for path in paths if not _not_a_case(path)]
    workshop_files = {
        display_path(path, None) for path in named if path.resolve().parent == workshops_dir.resolve()
    }
    library = load_cases(
        cases_dir,
        taxonomy,
        only=[p for p in named if display_path(p, None) not in workshop_files] if paths else None,
    )
    workshops = load_workshops(workshops_dir, known_case_ids(library, cases_dir))
    if paths:
        workshops.problems = [p for p in workshops.problems if p.file in workshop_files]
    problems = [*strays, *library.problems, *workshops.problems]
    if require_translations:
        problems = [replace(problem, severity=Severity.ERROR) for problem in problems]
    for problem in problems:
        click.echo(_format_problem(problem, output_format))
    errors = errors_only(problems)
    if output_format == "text":
        cases_checked = (
            len(named) - len(workshop_files) if paths else len(library.cases) + len(library.broken_files)
        )
        workshops_checked = (
            len(workshop_files) if paths else len(workshops.workshops) + len(workshops.broken_files)
        )
        if errors:
            files = len({problem.file for problem in errors})
            total = cases_checked + workshops_checked
            summary = (
                f"{counted(len(errors), 'error', 'errors')} in {counted(files, 'file', 'files')}; "
                f"{counted(total, 'file', 'files')} checked."
            )
            click.echo(click.style(summary, fg="red"), err=True)
        else:
            valid = counted(cases_checked, "case file", "case files")
            if workshops_checked:
                valid += " and " + counted(workshops_checked, "workshop file", "workshop files")
            verdict = (
                f"{valid} is valid." if cases_checked + workshops_checked == 1 else f"All {valid} are valid."
            )
            click.echo(click.style(verdict, fg="green"), err=True)
            warnings = len(problems) - len(errors)
            if warnings:
                files = len({problem.file for problem in problems})
                click.echo(
                    click.style(
                        f"{counted(warnings, 'warning', 'warnings')} in {counted(files, 'file', 'files')}: "
                        "translations to read again (see above).",
                        fg="yellow",
                    ),
                    err=True,
                )
            if not paths:
                languages = [language.code for language in load_labels().languages]
                click.echo(
                    library_summary(library.cases.values(), languages, workshops.workshops.values()),
                    err=True,
                )
    raise SystemExit(1 if errors else 0)


@main.command()
@click.argument("case_id", metavar="ID")
@click.option(
    "--lang",
    required=True,
    type=click.Choice([language.code for language in load_labels().languages]),
    help="The language of the translation that was read.",
)
@click.option("--reader", default=None, help="Who read it (never the translator). Needed for a new reading.")
@cases_dir_option
@taxonomy_dir_option
def review(case_id: str, lang: str, reader: str | None, cases_dir: Path, taxonomy_dir: Path) -> None:
    """Record that a person read case ID's translation against its original, as the text is now.

    Run it after reading, never before: it writes to reviews/<ID>.yaml the fingerprints
    of the original texts (so that a later change of one marks its translation stale),
    and, when stale fields were read again, who read them and when. Then set
    translations: {LANG: reviewed} in the case file.
    """
    taxonomy = _load_taxonomy_or_exit(taxonomy_dir)
    library = load_cases(cases_dir, taxonomy)
    case = library.cases.get(case_id)
    # The review's own problems (no record yet, no fingerprints) are what this command mends.
    shown = display_path(cases_dir / f"{case_id}.yaml", None)
    blocking = [p for p in library.errors if p.file == shown and p.field != f"translations.{lang}"]
    if case is None or blocking:
        for problem in blocking:
            click.echo(_format_problem(problem, "text"))
        raise click.ClickException(
            f"no valid case '{case_id}' in {cases_dir}/: fix its file first (casebook check)"
        )
    try:
        recorded = record_review(case, lang, cases_dir.parent / REVIEWS_DIR, reader, datetime.date.today())
    except ReviewRefused as refused:
        raise click.ClickException(str(refused)) from None
    if recorded is None:
        click.echo(
            f"Nothing to record: the {lang} translation of {case_id} was read against the text as it is now."
        )
        return
    if recorded.created:
        click.echo(
            f"Wrote {recorded.path}. Add what you compared (read:) and what you corrected (changes:), "
            f"then set translations: {{{lang}: reviewed}} in {case.path}."
        )
    elif recorded.cleared:
        click.echo(f"Recorded in {recorded.path} the new reading of {', '.join(recorded.cleared)}.")
    else:
        click.echo(f"Recorded in {recorded.path} the fingerprints of the originals as they are now.")


@main.command("diff-sites")
@click.argument("old", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("new", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--changed-files",
    type=click.File("r", encoding="utf-8"),
    default=None,
    help="A list of the files the change touches, one a line (git diff --name-only); '-' reads it "
    "from standard input. Without it, a case counts as changed when its own page differs.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "markdown"]),
    default="text",
    show_default=True,
    help="'markdown' writes the pull-request comment.",
)
@click.option(
    "--preview-url",
    default="",
    help="Where the NEW site is published, if anywhere: new and changed pages link to their preview.",
)
def diff_sites_command(
    old: Path,
    new: Path,
    changed_files: TextIO | None,
    output_format: str,
    preview_url: str,
) -> None:
    """Compare the site built in OLD with the one in NEW, page by page.

    Lists the new, changed and removed pages by address in every language, the changed
    case files each page shows, and the pages changed where no changed case file appears.
    """
    files = [line.strip() for line in changed_files if line.strip()] if changed_files else None
    labels = load_labels()
    diff = diff_sites(old, new, labels, files)
    if output_format == "markdown":
        click.echo(to_markdown(diff, labels, preview_url), nl=False)
    else:
        click.echo(to_text(diff), nl=False)


def free_case_id(cases_dir: Path, title: str) -> str:
    """Return an id derived from ``title`` that no file in ``cases_dir`` uses yet, nor a page of the site."""
    base = id_from_text(title)
    candidate, number = base, 2
    while (cases_dir / f"{candidate}.yaml").exists() or candidate in RESERVED_IDS:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def _company_id(name: str) -> str:
    """The id of a company's page, from its name; never one of the site's own names there."""
    slug = id_from_text(name) or "company"
    return f"{slug}-company" if slug in RESERVED_IDS else slug


@main.command()
@click.option("--title", prompt="Title of the case", help="Headline of the case, in its language.")
@click.option("--company", prompt="Company", help="Company the case is about, e.g. Amazon.")
@click.option(
    "--language",
    "lang",
    type=click.Choice([language.code for language in load_labels().languages]),
    default=load_labels().default.code,
    show_default=True,
    help="Language of the sources (a language of the site).",
)
@click.option("--id", "case_id", default=None, help="Id of the case (default: derived from the title).")
@cases_dir_option
@taxonomy_dir_option
def new(
    title: str, company: str, lang: str, case_id: str | None, cases_dir: Path, taxonomy_dir: Path
) -> None:
    """Write a new case skeleton, with a comment on every field, to cases/<id>.yaml."""
    if not case_id and not id_from_text(title):
        raise click.BadParameter(
            "the title has no letter or digit to make the file name from; give the id yourself, "
            "e.g. --id acme-late-parcel",
            param_hint="--title",
        )
    case_id = case_id or free_case_id(cases_dir, title)
    if not SLUG.fullmatch(case_id):
        raise click.BadParameter("use lowercase letters, digits and hyphens", param_hint="--id")
    reserved = reserved_id_problem(case_id, "cases")
    if reserved:
        raise click.BadParameter(f"{reserved[0]}; {reserved[1]}", param_hint="--id")
    target = cases_dir / f"{case_id}.yaml"
    if target.exists():
        raise click.ClickException(f"{target} already exists; choose another --id")
    taxonomy = load_taxonomy(taxonomy_dir)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(SCAFFOLD_TEMPLATES_DIR)),
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    # A JSON string is a valid double-quoted YAML string, whatever the title contains.
    env.filters["yaml_string"] = lambda value: json.dumps(value, ensure_ascii=False)
    template = env.get_template("case.yaml.j2")
    text = template.render(
        id=case_id,
        number=next_free_number(cases_dir),
        title=title,
        company=company,
        company_id=_company_id(company),
        lang=lang,
        language=english_name(lang),
        today=datetime.date.today().isoformat(),
        **{
            kind: list(taxonomy.kind(kind))
            for kind in ("stages", "touchpoints", "outcomes", "sectors", "tags")
        },
    )
    cases_dir.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    click.echo(f'Wrote {target}. Fill in every "" and run: casebook check {target}')


@main.command()
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write the Markdown tree and its mkdocs.yml into.",
)
@cases_dir_option
@workshops_dir_option
@click.option(
    "--docs-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("docs"),
    show_default=True,
    help="Folder of the hand-written pages.",
)
@taxonomy_dir_option
@click.option(
    "--site-name", default="Casebook", show_default=True, help="Site name in the written mkdocs.yml."
)
@click.option(
    "--site-url",
    envvar="CASEBOOK_SITE_URL",
    default="",
    help="Published address of the site, for permanent links and feeds (default: $CASEBOOK_SITE_URL).",
)
@click.option(
    "--repo-url",
    envvar="CASEBOOK_REPO_URL",
    default="",
    help="Repository address, for the edit links and repo_url (default: $CASEBOOK_REPO_URL).",
)
@click.option(
    "--config-file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("mkdocs.yml"),
    show_default=True,
    help="The project's MkDocs configuration: its theme settings (features, palette, font) carry over, and "
    "the page template overrides in <custom_dir>/casebook/ apply.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Write into a folder that holds other files (its docs/, overrides/ and mkdocs.yml are replaced).",
)
def render(
    out_dir: Path,
    cases_dir: Path,
    workshops_dir: Path,
    docs_dir: Path,
    taxonomy_dir: Path,
    site_name: str,
    site_url: str,
    repo_url: str,
    config_file: Path,
    force: bool,
) -> None:
    """Write the whole site as plain Markdown, buildable without the Casebook plugin.

    OUT gets docs/ (every page of both languages), overrides/ (Casebook's theme
    overrides) and a mkdocs.yml for plain MkDocs + Material. Refuses to write
    while a case file has errors, so that no case is silently missing; never
    writes over or inside the project's own folders, and into a folder that holds
    other files only with --force.
    """
    try:
        check_render_target(out_dir, [cases_dir, workshops_dir, docs_dir], force)
    except CasebookError as error:
        for problem in error.problems:
            click.echo(_format_problem(problem, "text"), err=True)
        raise SystemExit(1) from None
    taxonomy = _load_taxonomy_or_exit(taxonomy_dir)
    library = load_cases(cases_dir, taxonomy)
    workshops = load_workshops(workshops_dir, known_case_ids(library, cases_dir))
    if library.errors or workshops.errors:
        for problem in [*library.errors, *workshops.errors]:
            click.echo(_format_problem(problem, "text"))
        raise SystemExit(1)
    options = SiteOptions(
        edit_url=f"{repo_url.rstrip('/')}/edit/main/{{path}}" if repo_url else "",
        site_url=site_url,
        site_name=site_name,
        new_case_url=new_case_url(repo_url, cases_dir.as_posix()),
        template_dirs=page_template_dirs(config_file),
    )
    site = Site.from_cases(library.cases, taxonomy, load_labels(), options, workshops.workshops)
    try:
        pages = write_markdown_tree(site, docs_dir, out_dir, repo_url, theme_settings(config_file))
    except CasebookError as error:  # a template override read a name its template does not receive
        for problem in error.problems:
            click.echo(_format_problem(problem, "text"), err=True)
        raise SystemExit(1) from None
    click.echo(f"Wrote {len(pages)} generated pages for {len(library.cases)} cases to {out_dir}/", err=True)
