"""`casebook render`: the site as a plain Markdown tree that builds without the plugin."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from casebook.cli import main
from casebook.pages.tree import RENDER_MARKER
from click.testing import CliRunner, Result

from tests.conftest import REPO_URL, ROOT, SITE_URL, ProjectFactory, copy_library, run_build
from tests.linkcheck import broken_links


class AnyTagLoader(yaml.SafeLoader):
    """Reads mkdocs.yml with its ``!ENV`` tags as plain values."""


AnyTagLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def test_rendered_tree_builds_with_plain_mkdocs(tmp_path: Path) -> None:
    out = tmp_path / "tree"
    result = CliRunner().invoke(
        main,
        [
            *(
                "render",
                "--out",
                str(out),
                "--cases-dir",
                str(ROOT / "cases"),
                "--docs-dir",
                str(ROOT / "docs"),
            ),
            *("--workshops-dir", str(ROOT / "workshops"), "--config-file", str(ROOT / "mkdocs.yml")),
        ],
        env={"CASEBOOK_SITE_URL": SITE_URL, "CASEBOOK_REPO_URL": REPO_URL},
    )
    assert result.exit_code == 0, result.output
    config = yaml.safe_load((out / "mkdocs.yml").read_text(encoding="utf-8"))
    assert not any("casebook" in str(plugin) for plugin in config["plugins"])
    # The site's address, repository and look carry over from the project's mkdocs.yml.
    assert (config["site_url"], config["repo_url"]) == (SITE_URL, REPO_URL)
    project_theme = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=AnyTagLoader)["theme"]
    for key in ("features", "palette", "font"):
        assert config["theme"][key] == project_theme[key], key
    built = run_build(out, tmp_path / "site", "--strict")
    assert built.returncode == 0, built.output
    assert f"<id>{SITE_URL}</id>" in (built.site / "feed.xml").read_text(encoding="utf-8")
    # Every link in a page leads to a page, in the page's language (as on Zensical: see CI).
    assert broken_links(built.site) == []
    for case in (ROOT / "cases").glob("*.yaml"):
        assert built.html(f"cases/{case.stem}/").html["lang"] == "en"
        assert built.html(f"it/cases/{case.stem}/").html["lang"] == "it"
    # Hand-written pages keep their language and get the taxonomy definitions.
    methodology = built.html("it/methodology/")
    assert methodology.html["lang"] == "it"
    assert methodology.find(id="stages-wait-for-delivery") is not None


def test_render_refuses_a_library_with_errors(tmp_path: Path) -> None:
    cases = copy_library(tmp_path)
    path = cases / "boots-leappad-out-of-stock.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("stage: buy", "stage: purchase", 1), encoding="utf-8"
    )
    result = CliRunner().invoke(
        main,
        [
            "render",
            "--out",
            str(tmp_path / "tree"),
            "--cases-dir",
            str(cases),
            "--docs-dir",
            str(ROOT / "docs"),
        ],
    )
    assert result.exit_code == 1
    assert "unknown stage 'purchase'" in result.output
    assert not (tmp_path / "tree" / "docs").exists()


def render_in(cwd: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> Result:
    monkeypatch.chdir(cwd)
    return CliRunner().invoke(main, ["render", *args])


def project_digest(project: Path) -> dict[str, bytes]:
    return {
        path.relative_to(project).as_posix(): path.read_bytes()
        for path in sorted(project.rglob("*"))
        if path.is_file()
    }


@pytest.mark.parametrize("force", [(), ("--force",)], ids=["plain", "force"])
@pytest.mark.parametrize("out", [".", "docs/rendered", "cases"])
def test_render_never_writes_over_the_project(
    make_project: ProjectFactory, monkeypatch: pytest.MonkeyPatch, out: str, force: tuple[str, ...]
) -> None:
    project = make_project()
    before = project_digest(project)
    result = render_in(project, monkeypatch, "--out", out, *force)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "--out: the folder holds or lies inside the project's own" in result.stderr
    assert project_digest(project) == before


def test_render_replaces_only_an_earlier_render_unless_forced(
    make_project: ProjectFactory, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    project = make_project()
    other = tmp_path / "somebody-else"
    other.mkdir()
    (other / "mkdocs.yml").write_text("site_name: Mine\n", encoding="utf-8")
    refused = render_in(project, monkeypatch, "--out", str(other))
    assert refused.exit_code == 1
    assert (
        "not empty and was not written by casebook render" in refused.stderr and "--force" in refused.stderr
    )
    assert (other / "mkdocs.yml").read_text(encoding="utf-8") == "site_name: Mine\n"
    assert render_in(project, monkeypatch, "--out", str(other), "--force").exit_code == 0
    assert (other / RENDER_MARKER).is_file()
    # A folder of an earlier render is replaced without asking.
    assert render_in(project, monkeypatch, "--out", str(other)).exit_code == 0
    fresh = tmp_path / "new" / "tree"
    assert render_in(project, monkeypatch, "--out", str(fresh)).exit_code == 0
    assert (fresh / "mkdocs.yml").is_file()
