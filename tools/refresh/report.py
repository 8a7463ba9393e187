"""What a run found and did -> refresh-report/report.md (the pull request's body) and report.json.

The Markdown opens with the summary table (citation counts changed, repositories archived, moved
and gone, drift found, skipped), then lists each item with the paper it belongs to.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

MAX_BODY = 60_000  # a pull request body holds 65,536 characters


@dataclass
class Finding:
    paper: str
    field: str
    data: Any
    found: Any
    source: str
    note: str


@dataclass
class Report:
    date: str
    dry_run: bool = False
    steps: list[str] = field(default_factory=list)
    citations: list[dict[str, Any]] = field(default_factory=list)
    fallbacks: list[str] = field(default_factory=list)  # papers counted by Semantic Scholar
    code: list[dict[str, Any]] = field(default_factory=list)
    drift: list[Finding] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    def skip(self, step: str, paper: str, reason: str) -> None:
        self.skipped.append({"step": step, "paper": paper, "reason": reason})

    def finding(self, paper: str, field_name: str, data: Any, found: Any, source: str, note: str) -> None:
        if any(f.paper == paper and f.field == field_name and f.found == found for f in self.drift):
            return
        self.drift.append(Finding(paper, field_name, data, found, source, note))

    def counts(self) -> dict[str, int]:
        statuses = [item["status"] for item in self.code]
        return {
            "citation counts changed": len(self.citations),
            "repositories archived": statuses.count("archived"),
            "repositories moved": statuses.count("moved"),
            "repositories gone": statuses.count("gone"),
            "drift found": len(self.drift),
            "skipped": len(self.skipped),
            "files written": len(self.files),
        }

    # ------------------------------------------------------------ output

    def markdown(self) -> str:
        mode = " (dry run: nothing written)" if self.dry_run else ""
        lines = [f"# Atlas refresh, {self.date}{mode}", "", f"Steps: {', '.join(self.steps)}.", "",
                 "| What | Count |", "| --- | ---: |"]
        lines += [f"| {what.capitalize()} | {count} |" for what, count in self.counts().items()]
        if self.fallbacks:
            lines += ["", f"Citation counts come from OpenAlex; {len(self.fallbacks)} paper(s) OpenAlex did not find "
                      f"were counted by Semantic Scholar: {', '.join(self.fallbacks)}."]
        if self.citations:
            lines += ["", "## Citation counts changed", "", "| Paper | Before | Now | Source |",
                      "| --- | ---: | ---: | --- |"]
            for item in self.citations:
                before = "—" if item["old"] is None else f"{item['old']:,}"
                lines.append(f"| {item['paper']} | {before} | {item['new']:,} | {item['source']} |")
        if self.code:
            lines += ["", "## Repositories", "", "| Paper | Link | Status | Now at |", "| --- | --- | --- | --- |"]
            for item in self.code:
                status = item["status"] + (" (archived)" if item["archived"] and item["status"] == "moved" else "")
                lines.append(f"| {item['paper']} | code[{item['index']}] {item['url']} | {status} "
                             f"| {item['moved_to'] or ''} |")
        if self.drift:
            lines += ["", "## Drift (reported, not applied: curated fields are changed by hand)", "",
                      "| Paper | Field | In the data | Found | Source | Note |",
                      "| --- | --- | --- | --- | --- | --- |"]
            for f in self.drift:
                lines.append(f"| {f.paper} | {f.field} | {_cell(f.data)} | {_cell(f.found)} | {f.source} "
                             f"| {_cell(f.note)} |")
        if self.skipped:
            lines += ["", "## Skipped", "", "| Step | Paper | Why |", "| --- | --- | --- |"]
            lines += [f"| {s['step']} | {s['paper']} | {_cell(s['reason'])} |" for s in self.skipped]
        if self.files:
            lines += ["", "## Files written", "", *[f"- `{name}`" for name in self.files]]
        text = "\n".join(lines) + "\n"
        if len(text) > MAX_BODY:
            cut = text.rfind("\n", 0, MAX_BODY - 200)
            text = text[:cut] + "\n\n…the rest is in report.json (the workflow run's artifact).\n"
        return text

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["summary"] = self.counts()
        return data

    def write(self, folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "report.md").write_text(self.markdown(), encoding="utf-8")
        (folder / "report.json").write_text(json.dumps(self.as_json(), ensure_ascii=False, indent=1, default=str)
                                            + "\n", encoding="utf-8")
        return folder / "report.md"


def _cell(value: Any) -> str:
    """A value in a Markdown table cell: one line, pipes escaped."""
    if value is None:
        return "—"
    return " ".join(str(value).split()).replace("|", "\\|")
