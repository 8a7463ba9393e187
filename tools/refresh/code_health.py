"""Code health: every GitHub link under `code:` -> `code[i].health: {status, checked, moved_to?, pushed_at?, ...}`.

Each repository is asked once, however many papers and links point into it (a link to a folder or
file inside a repository checks the repository). Only values that changed are written; `checked`
is renewed with them, or when it is older than four weeks. A gone repository keeps its last known
push, stars and licence (the page does not show them) so that its diff is the status alone.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ruamel.yaml.comments import CommentedMap

from . import yamledit
from .github import GitHubError, RateLimitError, RepoHealth, repository_of
from .lookups import Lookups
from .papers import PaperFile, set_fields, stale
from .report import Report


def _values(health: RepoHealth, today: dt.date) -> tuple[dict[str, Any], tuple[str, ...]]:
    """The fields to write, and those to remove."""
    values: dict[str, Any] = {"status": health.status, "checked": today}
    drop: list[str] = []
    if health.status == "gone":
        return values, ("moved_to",)
    if health.moved_to:
        values["moved_to"] = health.moved_to
    else:
        drop.append("moved_to")
    for key in ("pushed_at", "stars", "licence"):
        value = getattr(health, key)
        if value is None:
            drop.append(key)
        else:  # a date object is written as a plain YYYY-MM-DD, like the data's other dates
            values[key] = dt.date.fromisoformat(value) if key == "pushed_at" else value
    return values, tuple(drop)


def refresh_code(files: list[PaperFile], lookups: Lookups, report: Report, today: dt.date) -> None:
    results: dict[str, RepoHealth | str] = {}  # repository (case-folded) -> health, or why it was skipped
    for paper_file in files:
        for index, link in enumerate(paper_file.paper.code):
            repo = repository_of(link.url)
            if repo is None:
                continue
            key = repo.casefold()
            if key not in results:
                try:
                    results[key] = lookups.github.check(repo)
                except (RateLimitError, GitHubError) as error:
                    results[key] = str(error)
            outcome = results[key]
            where = f"code[{index}]"
            if isinstance(outcome, str):
                report.skip("code", paper_file.paper.id, f"{where} {link.url}: {outcome}")
                continue
            _write(paper_file, index, link.url, outcome, report, today)
    lookups.github.save_cache()


def _write(paper_file: PaperFile, index: int, url: str, health: RepoHealth, report: Report, today: dt.date) -> None:
    old = paper_file.paper.code[index].health
    values, drop = _values(health, today)
    new_facts = {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in values.items() if k != "checked"}
    old_facts = {k: getattr(old, k) for k in ("status", "moved_to", "pushed_at", "stars", "licence")} if old else {}
    if health.status == "gone":
        old_facts = {k: v for k, v in old_facts.items() if k in ("status", "moved_to")}
    same = old is not None and {k: v for k, v in old_facts.items() if v is not None} == new_facts
    if same and old is not None and not stale(old.checked, today):
        return
    if not paper_file.editable:
        report.skip("code", paper_file.paper.id, f"code[{index}] {url}: {paper_file.problem}")
        return
    assert paper_file.data is not None
    item = paper_file.data["code"][index]
    if "health" in item:
        changed = set_fields(item["health"], values, drop)
    else:
        yamledit.insert(item, "health", CommentedMap(values))
        changed = True
    if changed:
        paper_file.changed.add("code")
    if health.status != "active" and (old is None or old.status != health.status or old.moved_to != health.moved_to):
        report.code.append({"paper": paper_file.paper.id, "index": index, "url": url, "status": health.status,
                            "moved_to": health.moved_to, "archived": health.archived,
                            "previous": old.status if old else None})
