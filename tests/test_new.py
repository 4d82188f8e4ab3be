"""`casebook new` writes a skeleton that passes `casebook check` once its text is filled in."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from casebook.cli import main
from casebook.model.ids import ID_MAX_LENGTH, id_from_text
from click.testing import CliRunner

from tests.conftest import ROOT, copy_library

FILLED = {
    'summary:\n  en: ""': "summary:\n  en: A short summary of what happened.",
    '  - stage: ""\n    touchpoint: ""\n    outcome: ""\n    text:\n      en: ""': (
        "  - stage: buy\n    touchpoint: website\n    outcome: failure\n    text:\n      en: It failed."
    ),
    'sources:\n  - title:\n      en: ""': "sources:\n  - title:\n      en: A reader's blog post",
}


def test_new_with_flags_passes_check_once_filled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy_library(tmp_path)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    created = runner.invoke(
        main, ["new", "--title", "Un caffè <b>gratis</b>", "--company", "Caffè Rossi", "--language", "en"]
    )
    assert created.exit_code == 0, created.output
    path = tmp_path / "cases/un-caffe-b-gratis-b.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../plugins/casebook/schemas/case.schema.json\n")
    highest = max(
        yaml.safe_load(case.read_text(encoding="utf-8"))["number"] for case in (ROOT / "cases").glob("*.yaml")
    )
    assert f"number: {highest + 1}\n" in text  # the next free number
    assert 'en: "Un caffè <b>gratis</b>"' in text and "id: caffe-rossi" in text

    unfilled = runner.invoke(main, ["check", str(path)])
    assert unfilled.exit_code == 1
    assert "summary.en: must not be empty" in unfilled.stdout

    for placeholder, value in FILLED.items():
        assert placeholder in text, placeholder
        text = text.replace(placeholder, value)
    path.write_text(text, encoding="utf-8")
    filled = runner.invoke(main, ["check", str(path)])
    assert filled.exit_code == 0, filled.output


def test_new_asks_interactively_and_never_overwrites(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    # The language has a default (en), so it is not asked: only the title and the company are.
    first = runner.invoke(main, ["new"], input="Late parcel\nAcme\n")
    assert first.exit_code == 0, first.output
    assert "Language" not in first.output
    assert (tmp_path / "cases/late-parcel.yaml").is_file()
    assert 'en: "Late parcel"' in (tmp_path / "cases/late-parcel.yaml").read_text(encoding="utf-8")
    second = runner.invoke(main, ["new", "--title", "Late parcel", "--company", "Acme", "--language", "it"])
    assert second.exit_code == 0
    assert (tmp_path / "cases/late-parcel-2.yaml").is_file()
    clash = runner.invoke(
        main, ["new", "--title", "x", "--company", "y", "--language", "en", "--id", "late-parcel"]
    )
    assert clash.exit_code != 0 and "already exists" in clash.output


def test_a_long_title_is_cut_after_a_whole_word(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    title = "A courier keeps a parcel for a week and the shop blames the customer for it"
    result = CliRunner().invoke(main, ["new", "--title", title, "--company", "Acme"])
    assert result.exit_code == 0, result.output
    (written,) = (tmp_path / "cases").glob("*.yaml")
    assert written.stem == "a-courier-keeps-a-parcel-for-a-week-and-the-shop-blames-the"
    assert len(written.stem) <= ID_MAX_LENGTH
    assert title.lower().replace(" ", "-").startswith(written.stem + "-")


def test_ids_from_text() -> None:
    assert id_from_text("Caffè Rossi: late!") == "caffe-rossi-late"
    assert id_from_text("x" * 70) == "x" * ID_MAX_LENGTH  # one word longer than the limit
    assert id_from_text("word " * 12 + "end") == "-".join(["word"] * 12)  # "end" would pass 60
    assert id_from_text("🎉🎉") == ""


def test_a_title_without_letters_asks_for_an_id(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["new", "--title", "🎉🎉🎉", "--company", "Acme"])
    assert result.exit_code == 2
    assert "no letter or digit" in result.output and "--id" in result.output
    assert not (tmp_path / "cases").exists()
    named = CliRunner().invoke(main, ["new", "--title", "🎉🎉🎉", "--company", "Acme", "--id", "party-time"])
    assert named.exit_code == 0, named.output
    assert (tmp_path / "cases/party-time.yaml").is_file()
