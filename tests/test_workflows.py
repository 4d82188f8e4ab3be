"""The GitHub files: workflows and issue forms match GitHub's schemas and stay safe.

Schema validation uses the schemas vendored in ``check-jsonschema`` (no network) and is
skipped when that package is not installed; the security properties are read from the
YAML and always checked.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from casebook.loader import load_taxonomy
from casebook.resources import SCHEMA_DIR, TAXONOMY_DIR

ROOT = Path(__file__).resolve().parent.parent
GITHUB = ROOT / ".github"
WORKFLOWS_DIR = GITHUB / "workflows"
PR_WORKFLOW = WORKFLOWS_DIR / "pr.yml"
DEPLOY_WORKFLOW = WORKFLOWS_DIR / "deploy.yml"
ISSUE_FORM = GITHUB / "ISSUE_TEMPLATE" / "propose-a-case.yml"
ISSUE_CONFIG = GITHUB / "ISSUE_TEMPLATE" / "config.yml"
ALL_WORKFLOWS = sorted([*WORKFLOWS_DIR.glob("*.yml"), *WORKFLOWS_DIR.glob("*.yaml")])


def load(path: Path) -> dict[Any, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path} is not a mapping"
    return data


def triggers(workflow: dict[Any, Any]) -> dict[str, Any]:
    """The ``on:`` block. PyYAML follows YAML 1.1, where a bare ``on`` key is the boolean True."""
    value = workflow["on"] if "on" in workflow else workflow[True]
    if isinstance(value, str):
        return {value: None}
    if isinstance(value, list):
        return dict.fromkeys(value)
    assert isinstance(value, dict)
    return value


def steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    return list(job.get("steps", []))


def runs(workflow: dict[Any, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every ``run:`` script of the workflow, with its step."""
    for job in workflow["jobs"].values():
        for step in steps(job):
            if "run" in step:
                yield step["run"], step


def uses(job: dict[str, Any]) -> list[str]:
    return [step["uses"] for step in steps(job) if "uses" in step]


def action(reference: str) -> str:
    return reference.split("@", 1)[0]


def step_using(job: dict[str, Any], name: str) -> dict[str, Any]:
    """The first step of ``job`` that uses the action ``name``."""
    return next(step for step in steps(job) if action(step.get("uses", "")) == name)


def permissions(block: object) -> dict[str, str]:
    assert isinstance(block, dict), f"permissions must be an explicit mapping, not {block!r}"
    return {str(key): str(value) for key, value in block.items()}


# --- Schemas -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("schema", "path"),
    [
        *(("vendor.github-workflows", path) for path in ALL_WORKFLOWS),
        ("vendor.github-issue-forms", ISSUE_FORM),
        ("vendor.github-issue-config", ISSUE_CONFIG),
    ],
    ids=lambda value: value.name if isinstance(value, Path) else value,
)
def test_matches_github_schema(schema: str, path: Path) -> None:
    pytest.importorskip("check_jsonschema", reason="check-jsonschema is not installed")
    completed = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_the_expected_workflows_exist() -> None:
    assert PR_WORKFLOW in ALL_WORKFLOWS
    assert DEPLOY_WORKFLOW in ALL_WORKFLOWS


# --- Security ------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ALL_WORKFLOWS, ids=lambda path: path.name)
def test_no_pull_request_target(path: Path) -> None:
    # pull_request_target runs with a write token and secrets on code from forks.
    assert "pull_request_target" not in path.read_text(encoding="utf-8")
    assert "pull_request_target" not in triggers(load(path))


@pytest.mark.parametrize("path", ALL_WORKFLOWS, ids=lambda path: path.name)
def test_every_workflow_and_job_has_explicit_permissions(path: Path) -> None:
    workflow = load(path)
    assert "permissions" in workflow, f"{path.name}: no top-level permissions"
    top = permissions(workflow["permissions"])
    assert set(top.values()) <= {"read", "none"}, f"{path.name}: the workflow default must be read-only"
    for name, job in workflow["jobs"].items():
        assert "permissions" in job, f"{path.name}: job {name!r} has no permissions"
        permissions(job["permissions"])


@pytest.mark.parametrize("path", ALL_WORKFLOWS, ids=lambda path: path.name)
def test_checkout_does_not_keep_the_token(path: Path) -> None:
    for job in load(path)["jobs"].values():
        for step in steps(job):
            if action(step.get("uses", "")) == "actions/checkout":
                assert step.get("with", {}).get("persist-credentials") is False


@pytest.mark.parametrize("path", ALL_WORKFLOWS, ids=lambda path: path.name)
def test_actions_come_from_github_and_are_pinned(path: Path) -> None:
    # A tag can be moved to other code; a commit cannot. The tag stays in a comment.
    text = path.read_text(encoding="utf-8")
    for job in load(path)["jobs"].values():
        for reference in uses(job):
            assert re.fullmatch(r"actions/[a-z-]+@[0-9a-f]{40}", reference), reference
            assert re.search(rf"{re.escape(reference)} # v\d+\.\d+\.\d+\n", text), reference


@pytest.mark.parametrize("path", ALL_WORKFLOWS, ids=lambda path: path.name)
def test_no_untrusted_event_text_in_scripts(path: Path) -> None:
    # Titles, bodies and branch names of a pull request are attacker-controlled: interpolating
    # them into a `run:` script is shell injection.
    for script, _ in runs(load(path)):
        assert "github.event" not in script
        assert "github.head_ref" not in script


# --- The pull-request workflow -------------------------------------------------------------


def test_pr_workflow_runs_on_pull_requests_with_a_read_only_token() -> None:
    workflow = load(PR_WORKFLOW)
    assert "pull_request" in triggers(workflow)
    assert permissions(workflow["permissions"]) == {"contents": "read"}
    for job in workflow["jobs"].values():
        assert permissions(job["permissions"]) == {"contents": "read"}


def test_pr_workflow_checks_builds_and_tests() -> None:
    workflow = load(PR_WORKFLOW)
    scripts = "\n".join(script for script, _ in runs(workflow))
    assert "casebook check --format github" in scripts
    assert "mkdocs build --strict" in scripts
    assert "python -m pytest" in scripts or "make test" in scripts
    assert workflow["env"]["NO_MKDOCS_2_WARNING"] == "1"
    for job in workflow["jobs"].values():
        python = step_using(job, "actions/setup-python")
        assert str(python["with"]["python-version"]) == "3.11"


def test_pr_build_keeps_the_build_cache_between_runs_and_deploy_builds_without_it() -> None:
    # The cache only costs time when stale (its own key decides); a deploy never trusts one.
    job = load(PR_WORKFLOW)["jobs"]["check"]
    cache = step_using(job, "actions/cache")
    assert cache["with"]["path"] == ".cache/casebook"
    assert cache["with"]["key"].endswith("${{ github.run_id }}")
    assert cache["with"]["key"].startswith(cache["with"]["restore-keys"].strip())
    names = [step.get("name", "") for step in steps(job)]
    build = next(step for step in steps(job) if "mkdocs build --strict" in step.get("run", ""))
    assert names.index(cache["name"]) < names.index(build["name"])
    assert build["env"]["CASEBOOK_BUILD_CACHE"] == "true"
    deploy = load(DEPLOY_WORKFLOW)
    assert "actions/cache" not in {action(ref) for job in deploy["jobs"].values() for ref in uses(job)}
    assert all("CASEBOOK_BUILD_CACHE" not in str(step) for _, step in runs(deploy))


@pytest.mark.parametrize("path", ALL_WORKFLOWS, ids=lambda path: path.name)
def test_workflows_install_from_the_locks(path: Path) -> None:
    # Open ranges only in the weekly job that exists to try them.
    for script, _ in runs(load(path)):
        for line in script.splitlines():
            if "pip install" in line and path.name != "newest.yml":
                assert "--require-hashes" in line and "requirements/" in line, line


def test_pr_workflow_covers_the_lowest_versions_and_the_other_engines() -> None:
    scripts = "\n".join(script for script, _ in runs(load(PR_WORKFLOW)))
    assert "make test LOCK=requirements/lowest.lock" in scripts
    assert "properdocs build --strict" in scripts and "CASEBOOK_ENGINE=properdocs" in scripts
    assert "zensical build" in scripts and "python -m tests.linkcheck" in scripts


def test_newest_versions_run_weekly() -> None:
    workflow = load(WORKFLOWS_DIR / "newest.yml")
    assert [entry["cron"] for entry in triggers(workflow)["schedule"]]
    scripts = "\n".join(script for script, _ in runs(workflow))
    assert "pip install -e '.[test]'" in scripts and "python -m pytest" in scripts


def test_pr_workflow_checks_before_it_builds() -> None:
    scripts = [script for script, _ in runs(load(PR_WORKFLOW))]
    check = next(i for i, script in enumerate(scripts) if "casebook check --format github" in script)
    build = next(i for i, script in enumerate(scripts) if "mkdocs build --strict" in script)
    assert check < build


# --- The deploy workflow -------------------------------------------------------------------


def test_deploy_runs_on_main_and_by_hand() -> None:
    on = triggers(load(DEPLOY_WORKFLOW))
    assert set(on) == {"push", "workflow_dispatch"}
    assert on["push"]["branches"] == ["main"]


def test_deploy_builds_read_only_and_uploads_the_site() -> None:
    workflow = load(DEPLOY_WORKFLOW)
    assert permissions(workflow["permissions"]) == {}
    build = workflow["jobs"]["build"]
    assert set(permissions(build["permissions"]).values()) <= {"read", "none"}
    assert permissions(build["permissions"])["contents"] == "read"
    actions = [action(reference) for reference in uses(build)]
    assert "actions/configure-pages" in actions
    assert "actions/upload-pages-artifact" in actions
    assert step_using(build, "actions/upload-pages-artifact")["with"]["path"] == "site"
    scripts = {script: step for script, step in runs(workflow)}
    assert any("casebook check" in script for script in scripts)
    mkdocs = next(step for script, step in scripts.items() if "mkdocs build --strict" in script)
    assert mkdocs["env"]["CASEBOOK_REPO_URL"] == "${{ github.server_url }}/${{ github.repository }}"


def test_only_the_deploy_job_can_publish() -> None:
    workflow = load(DEPLOY_WORKFLOW)
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] in ("build", ["build"])
    assert permissions(deploy["permissions"]) == {"pages": "write", "id-token": "write"}
    assert [action(reference) for reference in uses(deploy)] == ["actions/deploy-pages"]
    (step,) = steps(deploy)
    assert deploy["environment"] == {
        "name": "github-pages",
        "url": "${{ steps." + step["id"] + ".outputs.page_url }}",
    }
    for name, job in workflow["jobs"].items():
        if name != "deploy":
            assert "write" not in permissions(job["permissions"]).values(), name


def test_deployments_queue_instead_of_cancelling() -> None:
    assert load(DEPLOY_WORKFLOW)["concurrency"] == {"group": "pages", "cancel-in-progress": False}


# --- The issue form ------------------------------------------------------------------------


def form_fields() -> dict[str, dict[str, Any]]:
    return {item["id"]: item for item in load(ISSUE_FORM)["body"] if "id" in item}


def test_issue_form_mirrors_the_case_format() -> None:
    fields = form_fields()
    expected = {"title", "company", "market", "country", "when", "language", "summary", "moments"}
    expected |= {"sources", "tags", "related"}
    assert expected <= set(fields)
    for required in ("title", "company", "when", "language", "summary", "moments", "sources"):
        assert fields[required]["validations"]["required"] is True, required
    for optional in ("market", "country", "tags", "related"):
        assert fields[optional]["validations"]["required"] is False, optional


def test_issue_form_languages_are_the_case_languages() -> None:
    schema = json.loads((SCHEMA_DIR / "case.schema.json").read_text(encoding="utf-8"))
    language = form_fields()["language"]
    assert language["type"] == "dropdown"
    assert language["attributes"]["options"] == schema["$defs"]["languageCode"]["enum"]


def test_issue_form_asks_not_to_invent_sources() -> None:
    honesty = form_fields()["honesty"]
    assert honesty["type"] == "checkboxes"
    (option,) = honesty["attributes"]["options"]
    assert option["required"] is True
    assert "did not invent any URL, date or quote" in option["label"]


def test_issue_form_lists_the_current_taxonomy_and_source_kinds() -> None:
    # The form spells out the ids a contributor may use; this fails when the taxonomy changes.
    taxonomy = load_taxonomy(TAXONOMY_DIR)
    schema = json.loads((SCHEMA_DIR / "case.schema.json").read_text(encoding="utf-8"))
    fields = form_fields()
    moments = fields["moments"]["attributes"]["description"]
    for kind in ("stages", "touchpoints", "outcomes"):
        for term_id in taxonomy.kind(kind):
            assert re.search(rf"\b{re.escape(term_id)}\b", moments), (kind, term_id)
    tags = fields["tags"]["attributes"]["description"]
    for term_id in taxonomy.kind("tags"):
        assert re.search(rf"\b{re.escape(term_id)}\b", tags), term_id
    sources = fields["sources"]["attributes"]["description"]
    for source_kind in schema["$defs"]["source"]["properties"]["kind"]["enum"]:
        assert re.search(rf"\b{re.escape(source_kind)}\b", sources), source_kind


def test_blank_issues_stay_enabled() -> None:
    assert load(ISSUE_CONFIG)["blank_issues_enabled"] is True


# --- Pull-request previews -----------------------------------------------------------------

PREVIEW_WORKFLOW = WORKFLOWS_DIR / "preview.yml"
COMMENT_WORKFLOW = WORKFLOWS_DIR / "preview-comment.yml"


def test_zizmor_finds_nothing_in_any_workflow() -> None:
    zizmor = Path(sys.executable).parent / "zizmor"
    completed = subprocess.run(
        [str(zizmor), "--offline", "--quiet", str(WORKFLOWS_DIR)], capture_output=True, text=True, check=False
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_the_preview_builds_and_compares_with_a_read_only_token() -> None:
    workflow = load(PREVIEW_WORKFLOW)
    assert set(triggers(workflow)) == {"pull_request"}
    assert permissions(workflow["permissions"]) == {}
    for job in workflow["jobs"].values():
        assert permissions(job["permissions"]) == {"contents": "read"}
    scripts = "\n".join(script for script, _ in runs(workflow))
    assert "casebook diff-sites" in scripts and "--format markdown" in scripts
    uploaded = {
        step["with"]["name"]
        for job in workflow["jobs"].values()
        for step in steps(job)
        if action(step.get("uses", "")) == "actions/upload-artifact"
    }
    assert uploaded == {"preview-site", "preview-comment"}


def test_the_comment_comes_from_a_workflow_run_job_that_runs_no_pull_request_code() -> None:
    workflow = load(COMMENT_WORKFLOW)
    (trigger,) = triggers(workflow).items()
    assert trigger == (
        "workflow_run",
        {"workflows": [load(PREVIEW_WORKFLOW)["name"]], "types": ["completed"]},
    )
    assert permissions(workflow["permissions"]) == {}
    (job,) = workflow["jobs"].values()
    assert permissions(job["permissions"]) == {"actions": "read", "pull-requests": "write"}
    assert "github.event.workflow_run.event == 'pull_request'" in job["if"]
    # No checkout, no action: nothing of the pull request is ever run, only read as data.
    assert not [step for step in steps(job) if "uses" in step]
    scripts = "\n".join(script for script, _ in runs(workflow))
    assert "--name preview-comment" in scripts
    assert ".head.sha" in scripts  # the number it was given must name the pull request the run built
