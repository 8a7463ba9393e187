"""The repository's own guarantees: CI and deployment workflows are locked down, dependencies pinned,
the quick start is what the README says, and no generated file is tracked."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import yaml

from tools.site_config import handwritten_pages

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def test_workflows_exist() -> None:
    assert {p.stem for p in WORKFLOWS} == {"test", "deploy", "linkcheck", "refresh"}


def test_actions_are_pinned_to_commit_shas() -> None:
    for path in WORKFLOWS:
        for use in re.findall(r"uses:\s*(\S+)", path.read_text(encoding="utf-8")):
            assert re.fullmatch(r"[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}", use), f"{path.name}: {use}"


def test_least_privilege_and_no_pull_request_target() -> None:
    for path in WORKFLOWS:
        workflow = load(path)
        assert workflow["permissions"] == {"contents": "read"}, path.name
        assert "pull_request_target" not in workflow["on"], path.name
        for name, job in workflow["jobs"].items():
            granted = job.get("permissions", {})
            if any(v == "write" for v in granted.values()):
                allowed = {("deploy", "deploy"), ("refresh", "refresh")}  # Pages; the weekly refresh's pull request
                assert (path.stem, name) in allowed, f"{path.name}:{name} may write"
    refresh = load(ROOT / ".github" / "workflows" / "refresh.yml")
    assert refresh["jobs"]["refresh"]["permissions"] == {"contents": "write", "pull-requests": "write"}


def test_only_main_deploys() -> None:
    workflow = load(ROOT / ".github" / "workflows" / "deploy.yml")
    assert set(workflow["on"]) == {"push", "workflow_dispatch"}
    assert workflow["on"]["push"]["branches"] == ["main"]
    deploy = workflow["jobs"]["deploy"]
    assert deploy["if"] == "github.ref == 'refs/heads/main'"
    assert deploy["environment"]["name"] == "github-pages"
    assert workflow["jobs"]["build"]["needs"] == "test"
    assert "secrets." not in (ROOT / ".github" / "workflows" / "deploy.yml").read_text(encoding="utf-8")


def test_pull_requests_run_the_suite() -> None:
    workflow = load(ROOT / ".github" / "workflows" / "test.yml")
    assert "pull_request" in workflow["on"]
    steps = " ".join(str(step.get("run", "")) for step in workflow["jobs"]["test"]["steps"])
    assert "bash .ci/run" in steps
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_dependabot_covers_pip_npm_and_actions() -> None:
    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    assert {u["package-ecosystem"] for u in config["updates"]} == {"pip", "npm", "github-actions"}


def test_requirements_are_pinned() -> None:
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            assert re.fullmatch(r"[\w.-]+==[\w.]+", line.strip()), line


def test_readme_quick_start_comes_first() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Quick start", 1)[1].split("##", 1)[0]
    assert quick.index("make serve") < quick.index("make test")
    assert "## Repository map" in readme


def test_no_generated_file_is_tracked() -> None:
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    for name in tracked:
        assert not name.startswith(("site/", ".cache/", "node_modules/", ".venv/", "test-artifacts/")), name


def test_contributing_is_shown_on_the_site_in_both_languages() -> None:
    contributing = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for lang in ("ko", "en"):
        assert f"[start:{lang}]" in contributing and f"[end:{lang}]" in contributing
        page = (ROOT / "docs" / lang / "contributing.md").read_text(encoding="utf-8")
        assert f'--8<-- "CONTRIBUTING.md:{lang}"' in page


def test_handwritten_pages_exist_in_both_languages_with_the_same_paths() -> None:
    ko = {p.relative_to(ROOT / "docs" / "ko").as_posix() for p in (ROOT / "docs" / "ko").rglob("*.md")}
    en = {p.relative_to(ROOT / "docs" / "en").as_posix() for p in (ROOT / "docs" / "en").rglob("*.md")}
    assert ko == en
    listed = {p for pages in handwritten_pages().values() for p in pages}
    assert listed == ko, "every hand-written page is in the navigation"
