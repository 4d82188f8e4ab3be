"""Write the whole site as a plain Markdown tree that any Material-compatible engine can build.

The tree holds the generated pages, the hand-written pages (with their language
set and taxonomy definitions filled in), Casebook's theme overrides and a
``mkdocs.yml`` without the Casebook plugin.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

from casebook.errors import CasebookError, Problem
from casebook.pages.handwritten import expand_taxonomy_markers
from casebook.pages.navigation import language_nav
from casebook.pages.site import Site, render_site
from casebook.pages.values import GeneratedPage
from casebook.resources import THEME_DIR

#: The file that marks a folder as written by ``casebook render``: only such a folder is replaced.
RENDER_MARKER = ".casebook-render"


def check_render_target(out_dir: Path, sources: list[Path], force: bool = False) -> None:
    """Refuse to render into ``out_dir`` where it would lose somebody's files.

    A render replaces ``out_dir/docs``, ``out_dir/overrides`` and ``out_dir/mkdocs.yml``.
    It never writes over or inside the folders it reads (``sources``); and it writes into
    a folder that holds anything but an earlier render only when ``force`` is set.
    """

    def refuse(message: str, hint: str) -> CasebookError:
        return CasebookError([Problem(str(out_dir), None, None, "--out", message, hint)])

    target = out_dir.resolve()
    for source in sources:
        source = source.resolve()
        if target == source or target in source.parents or source in target.parents:
            raise refuse(
                f"the folder holds or lies inside the project's own {source.name}/, which a render "
                "would replace or read while writing",
                "render into a folder of its own, outside the project's sources, e.g. --out rendered",
            )
    if force or not out_dir.is_dir() or (out_dir / RENDER_MARKER).is_file():
        return
    if any(out_dir.iterdir()):
        raise refuse(
            "the folder is not empty and was not written by casebook render; its docs/, "
            "overrides/ and mkdocs.yml would be replaced",
            "choose an empty or new folder, or add --force to replace them",
        )


def tree_path(src_uri: str) -> str:
    """Where a generated page goes in the tree: ``cases/x.md`` becomes ``cases/x/index.md``.

    Its page then sits in the folder of its own URL, so that a relative link in its HTML
    means the same page whether an engine resolves it from the page's URL (MkDocs,
    ProperDocs) or from the source file (Zensical).
    """
    if not src_uri.endswith(".md") or src_uri == "index.md" or src_uri.endswith("/index.md"):
        return src_uri
    return src_uri[: -len(".md")] + "/index.md"


def handwritten_page(markdown: str, site: Site, src_uri: str) -> str:
    """Return a hand-written page as the tree needs it: ``lang`` set, taxonomy markers expanded."""
    lang = site.labels.language_of(src_uri).code
    text = expand_taxonomy_markers(markdown, site, lang, src_uri)
    if text.startswith("---\n"):
        head, _, body = text[4:].partition("\n---\n")
        if not any(line.startswith("lang:") for line in head.splitlines()):
            head = f"lang: {lang}\n{head}"
        return f"---\n{head}\n---\n{body}"
    return f"---\nlang: {lang}\n---\n\n{text}"


#: The theme settings of the project's mkdocs.yml that the tree's configuration keeps.
_THEME_KEYS = ("features", "palette", "font", "icon", "favicon", "logo")


def theme_settings(config_file: Path) -> dict[str, Any]:
    """The look of the project's site (``theme`` features, palette, font...) from its mkdocs.yml.

    ``!ENV`` and other MkDocs tags are read as their plain values: only the theme is kept.
    A missing file gives Material's defaults.
    """
    theme = _theme(config_file)
    return {key: theme[key] for key in _THEME_KEYS if key in theme}


def page_template_dirs(config_file: Path) -> tuple[Path, ...]:
    """The project's page template overrides, ``<custom_dir>/casebook/``, as ``mkdocs build`` finds them."""
    custom_dir = _theme(config_file).get("custom_dir")
    return (config_file.parent / str(custom_dir) / "casebook",) if custom_dir else ()


def _theme(config_file: Path) -> dict[str, Any]:
    """The ``theme`` settings of a mkdocs.yml (MkDocs tags such as ``!ENV`` read as None); {} without one."""
    if not config_file.is_file():
        return {}

    class _Loader(yaml.SafeLoader):
        pass

    _Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_Loader)
    theme = config.get("theme") if isinstance(config, dict) else None
    return theme if isinstance(theme, dict) else {}


def write_markdown_tree(
    site: Site, docs_dir: Path, out_dir: Path, repo_url: str = "", theme: dict[str, Any] | None = None
) -> list[GeneratedPage]:
    """Write ``out_dir/docs``, ``out_dir/overrides`` and ``out_dir/mkdocs.yml``.

    The configuration gets the site's name and address from ``site.options``, and
    ``repo_url`` and the ``theme`` settings (see :func:`theme_settings`) as given.
    Returns the generated pages written. ``out_dir/docs`` is replaced; call
    :func:`check_render_target` first.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / RENDER_MARKER).write_text(
        "Written by `casebook render`: the next render replaces docs/, overrides/ and mkdocs.yml here.\n",
        encoding="utf-8",
    )
    docs_out = out_dir / "docs"
    if docs_out.exists():
        shutil.rmtree(docs_out)
    handwritten: list[str] = []
    for source in sorted(docs_dir.rglob("*")):
        if not source.is_file():
            continue
        relative = source.relative_to(docs_dir).as_posix()
        target = docs_out / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.suffix == ".md":
            handwritten.append(relative)
            target.write_text(
                handwritten_page(source.read_text(encoding="utf-8"), site, relative), encoding="utf-8"
            )
        else:
            shutil.copy2(source, target)
    pages = render_site(site)
    for page in pages:
        target = docs_out / tree_path(page.src_uri)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.content, encoding="utf-8")
    overrides = out_dir / "overrides"
    if overrides.exists():
        shutil.rmtree(overrides)
    shutil.copytree(THEME_DIR, overrides)
    nav = [(language, language_nav(site.labels, language, handwritten)) for language in site.labels.languages]
    config = site.env.get_template("mkdocs.yml.j2").render(
        site_name=site.options.site_name,
        site_url=site.options.site_url,
        repo_url=repo_url,
        theme=theme or {},
        languages=site.labels.languages,
        nav=nav,
    )
    (out_dir / "mkdocs.yml").write_text(config, encoding="utf-8")
    return pages
