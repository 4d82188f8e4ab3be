"""`casebook render`: the site as a plain Markdown tree that builds without the plugin."""

from __future__ import annotations

import shutil
from pathlib import Path

from casebook.cli import main
from click.testing import CliRunner

from tests.conftest import ROOT, run_build


def test_rendered_tree_builds_with_plain_mkdocs(tmp_path: Path) -> None:
    out = tmp_path / "tree"
    result = CliRunner().invoke(
        main,
        ["render", "--out", str(out), "--cases-dir", str(ROOT / "cases"), "--docs-dir", str(ROOT / "docs")],
    )
    assert result.exit_code == 0, result.output
    config = (out / "mkdocs.yml").read_text(encoding="utf-8")
    assert "casebook" not in config.split("plugins:")[1].split("markdown_extensions")[0]
    built = run_build(out, tmp_path / "site", "--strict")
    assert built.returncode == 0, built.output
    for case in (ROOT / "cases").glob("*.yaml"):
        assert built.html(f"cases/{case.stem}/").html["lang"] == "en"
        assert built.html(f"it/cases/{case.stem}/").html["lang"] == "it"
    # Hand-written pages keep their language and get the taxonomy definitions.
    methodology = built.html("it/methodology/")
    assert methodology.html["lang"] == "it"
    assert methodology.find(id="stages-wait-for-delivery") is not None


def test_render_refuses_a_library_with_errors(tmp_path: Path) -> None:
    cases = tmp_path / "cases"
    shutil.copytree(ROOT / "cases", cases)
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
