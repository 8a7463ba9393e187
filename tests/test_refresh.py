"""The refresh (tools/refresh) against recorded answers on a local server: citation counts, code health
and drift are found, only changed lines are written (comments kept), failures are reported, and the
build never loads any of it. No test touches the network."""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import copy_fixture_tree
from tests.replay import FIXTURES, Replay, default_github, recorded_answer
from tools.refresh import arxiv_api, yamledit
from tools.refresh.arxiv_api import ArxivError, parse_feed, parse_id
from tools.refresh.drift import folded_name
from tools.refresh.github import repository_of
from tools.refresh.journal_ref import read_venues, venue_of
from tools.refresh.run import refresh

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 12, 7)




@dataclass
class Tree:
    data: Path
    report: Path
    cache: Path

    def paper(self, name: str) -> Path:
        return self.data / "papers" / f"{name}.yaml"

    def texts(self) -> dict[str, str]:
        return {p.stem: p.read_text(encoding="utf-8") for p in sorted((self.data / "papers").glob("*.yaml"))}

    def run(self, *args: str, today: dt.date = TODAY) -> int:
        only = tuple(a.removeprefix("--only=") for a in args if a.startswith("--only="))
        papers = next((set(a.removeprefix("--papers=").split(",")) for a in args if a.startswith("--papers=")), None)
        return refresh(self.data, only or ("citations", "code", "drift"), papers, "--dry-run" in args,
                       self.report, self.cache, today)

    def report_json(self) -> dict:
        return json.loads((self.report / "report.json").read_text(encoding="utf-8"))


@pytest.fixture
def tree(tmp_path: Path) -> Tree:
    data = copy_fixture_tree(tmp_path)
    for path in (FIXTURES / "papers").glob("*.yaml"):
        shutil.copy(path, data / "papers" / path.name)
    return Tree(data, tmp_path / "refresh-report", tmp_path / "cache")


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    """(lines removed, lines added) between two texts."""
    removed, added = [], []
    for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0):
        if line.startswith(("---", "+++", "@@")):
            continue
        (removed if line.startswith("-") else added).append(line[1:])
    return removed, added


# ---------------------------------------------------------------- a full run


def test_a_run_writes_only_the_changed_lines_and_keeps_comments(tree: Tree, replay: Replay, waits: list[float]) -> None:
    before = tree.texts()
    assert tree.run() == 0
    after = tree.texts()

    # resnet: the citation count (a flow mapping, rewritten in place) and the archived repository.
    assert changed_lines(before["resnet"], after["resnet"]) == (
        ["citations: {count: 100, as_of: 2022-07, source: Test source}"],
        ["    health:", "      status: archived", "      checked: 2026-12-07", "      pushed_at: 2016-06-27",
         "      stars: 6612", "      licence: MIT", "citations: {count: 218904, as_of: 2026-12-07, source: OpenAlex}"],
    )
    # densenet: the unchanged repository keeps its lines; moved, gone and active (after a 500) are added; the
    # citation count that fell by more than half is not written.
    removed, added = changed_lines(before["densenet"], after["densenet"])
    assert removed == []
    assert added == [
        "    health:", "      status: moved", "      checked: 2026-12-07",
        "      moved_to: https://github.com/new-owner/densenet-pytorch", "      pushed_at: 2024-05-02",
        "      stars: 812", "      licence: MIT",
        "    health:", "      status: gone", "      checked: 2026-12-07",
        "    health:", "      status: active", "      checked: 2026-12-07", "      pushed_at: 2026-12-06",
        "      stars: 17012", "      licence: BSD-3-Clause",
    ]
    # Comments stay where they were, in order.
    for name in before:
        comments = [line for line in before[name].splitlines() if line.lstrip().startswith("#")]
        assert [line for line in after[name].splitlines() if line.lstrip().startswith("#")] == comments, name
    assert "  # The authors' Torch code first; the ports follow.\n  - url: https://github.com/liuzhuang13" in after[
        "densenet"]
    assert "  source: \"Google Scholar\"\n\n# Entered with the first backbones.\nadded: 2026-01-04" in after["densenet"]
    # A paper without citations gets them before `added`; its non-GitHub code link gets no health.
    removed, added = changed_lines(before["mobilenet-v2"], after["mobilenet-v2"])
    assert removed == [] and added == ["citations:", "  count: 20931", "  as_of: 2026-12-07", "  source: OpenAlex"]
    assert after["mobilenet-v2"].index("citations:") < after["mobilenet-v2"].index("added:")
    # mobilenet: not in OpenAlex, counted by Semantic Scholar.
    assert changed_lines(before["mobilenet"], after["mobilenet"])[1] == [
        "citations:", "  count: 21893", "  as_of: 2026-12-07", "  source: Semantic Scholar"]
    # vit: the repository answered 429 then 200; the malformed answer leaves its link as it was. The drift
    # (a missing author, a venue) is not applied.
    removed, added = changed_lines(before["vit"], after["vit"])
    assert removed == []
    assert added == ["    health:", "      status: active", "      checked: 2026-12-07", "      pushed_at: 2025-11-14",
                     "      stars: 11790", "      licence: Apache-2.0",
                     "citations:", "  count: 40211", "  as_of: 2026-12-07", "  source: OpenAlex"]
    assert ("    official: true\n    health:\n      status: active\n      checked: 2026-12-07\n"
            "      pushed_at: 2025-11-14\n      stars: 11790\n      licence: Apache-2.0\n"
            "  # The most used PyTorch port.\n") in after["vit"]
    assert "  source: OpenAlex\n\n# Entered with DenseNet.\nadded: 2026-01-05\n" in after["vit"]
    assert 7 in waits, "the Retry-After of the 429 answer was honoured"
    # Every file written still passes `make check`.
    result = subprocess.run([sys.executable, "-m", "cvatlas", "--data", str(tree.data), "check"], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_the_report_has_the_summary_table_and_says_why_it_skipped(tree: Tree, replay: Replay,
                                                                   waits: list[float]) -> None:
    assert tree.run() == 0
    report = tree.report_json()
    assert report["summary"] == {"citation counts changed": 4, "repositories archived": 1, "repositories moved": 1,
                                 "repositories gone": 1, "drift found": 4, "skipped": 2, "files written": 5}
    markdown = (tree.report / "report.md").read_text(encoding="utf-8")
    assert "| Citation counts changed | 4 |" in markdown and "| Repositories gone | 1 |" in markdown
    assert "1 paper(s) OpenAlex did not find were counted by Semantic Scholar: mobilenet" in markdown
    assert "| resnet | 100 | 218,904 | OpenAlex |" in markdown
    skipped = {(s["step"], s["paper"]): s["reason"] for s in report["skipped"]}
    assert "less than half of the 40000 recorded" in skipped[("citations", "densenet")]
    assert skipped[("code", "vit")] == ("code[1] https://github.com/lucidrains/vit-pytorch: "
                                        "GitHub's answer is not valid JSON")
    moved = next(c for c in report["code"] if c["status"] == "moved")
    assert moved["moved_to"] == "https://github.com/new-owner/densenet-pytorch" and moved["paper"] == "densenet"


def test_drift_is_reported_and_never_applied(tree: Tree, replay: Replay, waits: list[float]) -> None:
    before = tree.texts()
    assert tree.run("--only=drift") == 0
    assert tree.texts() == before, "drift changes no file"
    findings = {(f["paper"], f["field"], f["source"]): f for f in tree.report_json()["drift"]}
    assert findings[("vit", "authors", "arXiv")]["note"] == "11 in the data, 12 on arXiv; only on arXiv: Neil Houlsby"
    assert findings[("vit", "venue", "arXiv")]["note"] == "arXiv has a journal reference; maps to venue 'ICLR 2021'"
    assert findings[("vit", "venue", "OpenAlex")]["found"] == "International Conference on Learning Representations"
    assert findings[("densenet", "version", "arXiv")]["note"].startswith("results cite arXiv v3; arXiv now has v5")
    # A title broken over lines by arXiv is the same title; resnet's venue and DOI are already recorded.
    assert not [key for key in findings if key[0] in ("resnet", "mobilenet", "mobilenet-v2")]
    assert len(findings) == 4, findings
    assert ("vit", "doi", "OpenAlex") not in findings, "arXiv's own DataCite DOI is no published DOI"


def test_a_new_arxiv_version_since_the_last_run_is_reported(tree: Tree, replay: Replay, waits: list[float]) -> None:
    tree.cache.mkdir()
    (tree.cache / "arxiv-versions.json").write_text('{"versions": {"1801.04381": 3}}', encoding="utf-8")
    assert tree.run("--only=drift", "--papers=mobilenet-v2") == 0
    (finding,) = tree.report_json()["drift"]
    assert finding["note"] == "a new arXiv version since the last refresh (updated 2019-03-21)"
    assert json.loads((tree.cache / "arxiv-versions.json").read_text())["versions"] == {"1801.04381": 4}


# ---------------------------------------------------------------- polite clients


def test_requests_are_batched_identified_and_authorised(tree: Tree, replay: Replay, waits: list[float]) -> None:
    assert tree.run() == 0
    (openalex,) = replay.seen("/openalex/")
    assert set(openalex.query["filter"][0].removeprefix("doi:").split("|")) == {
        "10.1109/cvpr.2016.90", "10.48550/arxiv.1704.04861", "10.1109/cvpr.2018.00474", "10.1109/cvpr.2017.243",
        "10.48550/arxiv.2010.11929"}
    assert openalex.query["per-page"] == ["50"] and openalex.query["api_key"] == ["test-openalex-key"]
    (s2,) = replay.seen("/s2/")
    assert json.loads(s2.body) == {"ids": ["ARXIV:1704.04861"]} and s2.headers["x-api-key"] == "test-s2-key"
    assert "citationCount" in s2.query["fields"][0]
    (arxiv,) = replay.seen("/arxiv/")
    assert sorted(arxiv.query["id_list"][0].split(",")) == ["1512.03385", "1608.06993", "1704.04861", "1801.04381",
                                                            "2010.11929"]
    github = replay.seen("/github/")
    assert {r.headers["authorization"] for r in github} == {"Bearer test-github-token"}
    paths = [r.path for r in github]
    assert paths.count("/github/repos/pytorch/vision") == 2, "a 500 is retried"
    assert paths.count("/github/repos/google-research/vision_transformer") == 2, "a 429 is retried"
    assert paths.count("/github/repos/KaimingHe/deep-residual-networks") == 1
    assert paths.count("/github/repos/gone-user/densenet-keras") == 1, "a 404 is not retried"
    assert {r.headers["user-agent"] for r in replay.requests} == {
        "cv-paper-atlas-refresh/1 (+https://github.com/cv-paper-atlas/cv-paper-atlas)"}


def test_arxiv_batches_are_paced_on_one_connection(tree: Tree, replay: Replay, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(arxiv_api, "BATCH", 2)
    monkeypatch.setenv("ATLAS_REFRESH_DELAY", "0.05")
    assert tree.run("--only=drift") == 0
    requests = replay.seen("/arxiv/")
    assert [len(r.query["id_list"][0].split(",")) for r in requests] == [2, 2, 1]
    assert all(int(r.query["max_results"][0]) >= 2 or len(r.query["id_list"][0].split(",")) == 1 for r in requests)
    gaps = [b.at - a.at for a, b in itertools.pairwise(requests)]
    assert min(gaps) >= 0.045, gaps
    assert len({r.port for r in requests}) == 1, "one connection for every arXiv request"


def test_a_second_run_sends_etags_and_writes_nothing(tree: Tree, replay: Replay, waits: list[float]) -> None:
    assert tree.run() == 0
    written = tree.texts()
    replay.github = default_github(replay.base)
    replay.requests.clear()
    assert tree.run("--only=code") == 0
    assert tree.texts() == written
    assert tree.report_json()["files"] == []
    conditional = [r for r in replay.seen("/github/repos/KaimingHe/") if "if-none-match" in r.headers]
    assert conditional, "the ETag of the first answer is sent back"


def test_a_rate_limit_stops_the_github_checks(tree: Tree, replay: Replay, waits: list[float]) -> None:
    replay.github_all = (403, {"x-ratelimit-limit": "5000", "x-ratelimit-remaining": "0",
                               "x-ratelimit-reset": "1796616000", "x-ratelimit-resource": "core"},
                         recorded_answer("github/rate-limited.json"))
    before = tree.texts()
    assert tree.run("--only=code") == 0
    assert tree.texts() == before
    assert len(replay.seen("/github/")) == 1, "no request after the limit was reached"
    reasons = [s["reason"] for s in tree.report_json()["skipped"]]
    assert len(reasons) == 7 and all("GitHub rate limit reached (HTTP 403; it resets at" in r for r in reasons)


# ---------------------------------------------------------------- options and failures


def test_only_and_papers_narrow_the_run(tree: Tree, replay: Replay, waits: list[float]) -> None:
    before = tree.texts()
    assert tree.run("--only=code", "--papers=resnet") == 0
    assert [r.path for r in replay.requests] == ["/github/repos/KaimingHe/deep-residual-networks"]
    after = tree.texts()
    assert [name for name in before if before[name] != after[name]] == ["resnet"]


def test_a_dry_run_writes_the_report_and_no_data(tree: Tree, replay: Replay, waits: list[float]) -> None:
    before = tree.texts()
    assert tree.run("--dry-run") == 0
    assert tree.texts() == before
    report = tree.report_json()
    assert report["dry_run"] is True and report["files"] == [] and report["summary"]["citation counts changed"] == 4
    assert not (tree.cache / "arxiv-versions.json").exists(), "a dry run does not remember arXiv versions"


def test_a_failed_write_leaves_that_file_whole_and_is_reported(tree: Tree, replay: Replay, waits: list[float],
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    before = tree.texts()
    real_replace = os.replace

    def replace(source: str, target: str) -> None:
        if Path(target).name == "vit.yaml":
            raise OSError(28, "No space left on device")
        real_replace(source, target)

    monkeypatch.setattr(yamledit.os, "replace", replace)
    assert tree.run() == 1
    after = tree.texts()
    assert after["vit"] == before["vit"]
    assert after["resnet"] != before["resnet"] and after["densenet"] != before["densenet"]
    assert not [p.name for p in (tree.data / "papers").iterdir() if p.name.startswith(".")], "no temporary file left"
    skipped = [s for s in tree.report_json()["skipped"] if s["step"] == "write"]
    assert skipped == [{"step": "write", "paper": "vit",
                        "reason": "could not write data/papers/vit.yaml (No space left on device); left unchanged"}]


def test_a_file_that_does_not_round_trip_is_left_to_people(tree: Tree, replay: Replay, waits: list[float]) -> None:
    path = tree.paper("mobilenet")
    odd = path.read_text(encoding="utf-8").replace("year: 2017", "year:    2017")
    path.write_text(odd, encoding="utf-8")
    assert tree.run("--only=citations") == 0
    assert path.read_text(encoding="utf-8") == odd
    skipped = {s["paper"]: s["reason"] for s in tree.report_json()["skipped"]}
    assert skipped["mobilenet"].startswith("loading and writing it back unchanged does not give the same text")


def test_invalid_data_is_not_refreshed(tree: Tree, replay: Replay, capsys: pytest.CaptureFixture[str]) -> None:
    path = tree.paper("resnet")
    path.write_text(path.read_text(encoding="utf-8").replace("year: 2015", "year: 2999"), encoding="utf-8")
    assert tree.run() == 1
    assert "data/papers/resnet.yaml: year: 2999 is in the future" in capsys.readouterr().err
    assert replay.requests == []


def test_command_line_options(tree: Tree, replay: Replay) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tools.refresh", "--data", str(tree.data), "--report-dir", str(tree.report),
         "--cache-dir", str(tree.cache), "--only", "code", "--papers", "resnet", "--dry-run"],
        cwd=ROOT, capture_output=True, text=True, timeout=60, env={**os.environ})
    assert result.returncode == 0, result.stderr
    assert "repositories archived 1" in result.stdout and "files written 0" in result.stdout
    unknown = subprocess.run([sys.executable, "-m", "tools.refresh", "--data", str(tree.data), "--papers", "nope"],
                             cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert unknown.returncode == 2 and "no such paper(s): nope" in unknown.stderr


# ---------------------------------------------------------------- pieces


def _styles_to_cover() -> list[Path]:
    """Real paper files in every style the data uses: comments between keys or items, flow mappings,
    quoted and plain scalars, block texts; with the template and a sample of the rest (ruamel needs about
    30 ms a file, too slow for checking every file on every run)."""
    files = sorted((ROOT / "data" / "papers").glob("*.yaml"))
    chosen = [p for p in files if p.name == "TEMPLATE.yaml"
              or re.search(r"(?m)^\s*#", p.read_text(encoding="utf-8").split("\n", 1)[1])
              or re.search(r"(?m): \{", p.read_text(encoding="utf-8"))]
    return chosen + [p for p in files[::40] if p not in chosen]


@pytest.mark.parametrize("path", _styles_to_cover(), ids=lambda p: p.name)
def test_real_paper_files_round_trip_byte_for_byte(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    yaml, data = yamledit.load_exact(text)
    assert yamledit.dump(yaml, data) == text
    assert yaml.map_indent == 2 and yaml.sequence_dash_offset == 2, "the data files' own style, not a fallback"


@pytest.mark.parametrize(("url", "repo"), [
    ("https://github.com/KaimingHe/deep-residual-networks", "KaimingHe/deep-residual-networks"),
    ("https://github.com/pytorch/vision/tree/main/torchvision/models", "pytorch/vision"),
    ("https://github.com/huggingface/pytorch-image-models/blob/main/timm/models/resnet.py",
     "huggingface/pytorch-image-models"),
    ("https://github.com/facebookresearch/detectron2.git", "facebookresearch/detectron2"),
    ("https://github.com/orgs/open-mmlab/repositories", None),
    ("https://pytorch.org/vision/stable/models/resnet.html", None),
])
def test_a_link_inside_a_repository_checks_the_repository(url: str, repo: str | None) -> None:
    assert repository_of(url) == repo


@pytest.mark.parametrize(("reference", "venue"), [
    ("CVPR 2016", "CVPR 2016"),
    ("Accepted to ICCV 2017 (oral)", "ICCV 2017"),
    ("CVPR 2019 Workshops", "CVPRW 2019"),
    ("Proceedings of the 38th International Conference on Machine Learning, PMLR 139:10347-10357, 2021", None),
    ("ECCV 2018 and TPAMI 2019", None),
    ("CVPR 2014", None),  # before the paper's first release
    ("IEEE Transactions on Pattern Analysis and Machine Intelligence 2017", None),
])
def test_a_journal_reference_gives_a_venue_only_when_unambiguous(reference: str, venue: str | None) -> None:
    assert venue_of(reference, read_venues(ROOT / "data"), 2015) == venue


def test_names_are_compared_without_accents_or_the_comma_form() -> None:
    assert folded_name("Jégou, Hervé") == folded_name("Herve Jegou") == "herve jegou"
    assert folded_name("Laurens van der Maaten") != folded_name("Laurens Maaten")


def test_arxiv_answers_are_parsed_strictly() -> None:
    (record,) = parse_feed(recorded_answer("arxiv/2012.12877.xml"))
    assert record.title == "Training data-efficient image transformers & distillation through attention"
    assert record.authors[-1] == "Hervé Jégou" and record.version == 2 and record.published == dt.date(2020, 12, 23)
    with pytest.raises(ArxivError, match="not well-formed"):
        parse_feed(recorded_answer("arxiv/truncated.xml"))
    with pytest.raises(ArxivError, match=r"not an Atom feed|not well-formed"):
        parse_feed(recorded_answer("arxiv/maintenance.html"))
    incomplete = recorded_answer("arxiv/1608.06993.xml").replace(b"totalResults>1<", b"totalResults>2<")
    with pytest.raises(ArxivError, match="announces 2 entries but holds 1"):
        parse_feed(incomplete)
    assert parse_feed(recorded_answer("arxiv/empty.xml")) == []
    assert parse_id("arXiv:1512.03385v2") == ("1512.03385", 2)
    assert parse_id("https://arxiv.org/abs/hep-th/9901001") == ("hep-th/9901001", None)
    with pytest.raises(ValueError, match="not an arXiv id"):
        parse_id("1512.338")


def test_the_build_never_loads_the_refresh_or_an_http_client(fixture_data: Path) -> None:
    """Importing the atlas, its hooks and the build, validating and rendering both languages stays offline."""
    code = f"""
import importlib, pkgutil, sys
sys.path.insert(0, "hooks")
import cvatlas
for module in pkgutil.iter_modules(cvatlas.__path__):
    if module.name != "__main__":
        importlib.import_module("cvatlas." + module.name)
import tools.build, atlas_site, bibtex_citations, compact_output
from cvatlas.catalogue import load_catalogue
from cvatlas.pages import render_site
cat = load_catalogue({str(fixture_data)!r})
for lang in ("ko", "en"):
    assert render_site(cat, lang)
loaded = sorted(n for n in sys.modules
                if n.split(".")[0] in ("requests", "urllib3", "ruamel") or n.startswith("tools.refresh"))
print(loaded)
"""
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_an_unchanged_check_is_redated_only_once_it_is_four_weeks_old(tree: Tree, replay: Replay,
                                                                      waits: list[float]) -> None:
    before = tree.paper("densenet").read_text(encoding="utf-8")
    assert tree.run("--only=code", "--papers=densenet", today=dt.date(2026, 12, 20)) == 0
    assert "      status: active\n      checked: 2026-12-01\n" in tree.paper("densenet").read_text(encoding="utf-8")
    tree.paper("densenet").write_text(before, encoding="utf-8")
    assert tree.run("--only=code", "--papers=densenet", today=dt.date(2027, 1, 15)) == 0
    removed, added = changed_lines(before, tree.paper("densenet").read_text(encoding="utf-8"))
    assert removed == ["      checked: 2026-12-01"] and "      checked: 2027-01-15" in added


def test_the_workflow_runs_the_refresh_weekly_and_opens_one_pull_request() -> None:
    import yaml

    text = (ROOT / ".github" / "workflows" / "refresh.yml").read_text(encoding="utf-8")
    workflow = yaml.safe_load(text)
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert set(triggers) == {"schedule", "workflow_dispatch"} and triggers["schedule"][0]["cron"]
    assert workflow["permissions"] == {"contents": "read"}
    steps = workflow["jobs"]["refresh"]["steps"]
    run = next(step for step in steps if step.get("run") == "make refresh")
    assert run["env"] == {"OPENALEX_API_KEY": "${{ secrets.OPENALEX_API_KEY }}",
                          "S2_API_KEY": "${{ secrets.S2_API_KEY }}", "GITHUB_TOKEN": "${{ github.token }}"}
    (pull_request,) = [step for step in steps if step.get("uses", "").startswith("peter-evans/create-pull-request@")]
    assert pull_request["with"]["branch"] == "bot/refresh"
    assert pull_request["with"]["body-path"] == "refresh-report/report.md"
    assert pull_request["with"]["add-paths"] == "data/papers/*.yaml"
    assert "peter-evans/create-pull-request@5f6978faf089d4d20b00c7766989d076bb2fc7f1 # v8.1.1" in text


def test_a_repository_blocked_for_legal_reasons_is_gone(tree: Tree, replay: Replay, waits: list[float]) -> None:
    replay.github_all = (451, {}, b'{"message": "Repository access blocked", "block": {"reason": "dmca"}}')
    assert tree.run("--only=code", "--papers=resnet") == 0
    assert "    health:\n      status: gone\n      checked: 2026-12-07\n" in tree.paper("resnet").read_text(
        encoding="utf-8")
