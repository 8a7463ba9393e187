"""Where each generated file lives and how pages link to each other.

Source paths are docs-relative ("papers/resnet.md"); pages are served with directory URLs
("papers/resnet/"), so links inside raw HTML (SVG, data attributes) are computed here.
"""

from __future__ import annotations

import posixpath

HOME = "index.md"
TOPICS = "topics/index.md"
PAPERS = "papers/index.md"
TAGS = "tags/index.md"
TIMELINE = "timeline.md"
GLOSSARY = "glossary.md"
BIBLIOGRAPHY = "bibliography.md"
LIBRARIES = "libraries.md"
NOTES = "notes/index.md"
GUIDE = "guide/index.md"
ALL_BIB = "downloads/papers.bib"
ALL_RIS = "downloads/papers.ris"
ALL_CSL = "downloads/papers.json"
OPEN_DATA = "downloads/atlas.json"


def topic(topic_id: str) -> str:
    return f"topics/{topic_id}.md"


def topic_bib(topic_id: str) -> str:
    return f"downloads/topics/{topic_id}.bib"


def paper(paper_id: str) -> str:
    return f"papers/{paper_id}.md"


def paper_download(paper_id: str, extension: str) -> str:
    return f"papers/{paper_id}.{extension}"


def tag(tag_id: str) -> str:
    return f"tags/{tag_id}.md"


def note(date: str) -> str:
    return f"notes/{date}.md"


def url_of(src: str) -> str:
    """Docs-relative source path -> site-relative URL with directory URLs ("" for the home page)."""
    if src == "index.md" or src.endswith("/index.md"):
        return src[: -len("index.md")]
    if src.endswith(".md"):
        return src[:-3] + "/"
    return src


def _relative(target: str, start_dir: str) -> str:
    """posixpath.relpath for clean relative paths, without its abspath calls (hot: every link)."""
    goal = target.split("/")
    start = [part for part in start_dir.split("/") if part]
    common = 0
    while common < len(start) and common < len(goal) - 1 and start[common] == goal[common]:
        common += 1
    return "/".join([".."] * (len(start) - common) + goal[common:])


def md_link(target: str, here: str) -> str:
    """Relative link between source files, as Markdown wants it (MkDocs checks and rewrites it)."""
    return _relative(target, posixpath.dirname(here))


def html_link(target: str, here: str, fragment: str = "") -> str:
    """Relative URL for raw HTML, from the page built from `here` to the file or page `target`."""
    if target == here and fragment:
        return f"#{fragment}"
    start = url_of(here)
    start_dir = start if start.endswith("/") or start == "" else posixpath.dirname(start) + "/"
    goal = url_of(target)
    relative = posixpath.relpath(goal or ".", start_dir or ".")
    if goal.endswith("/") or goal == "":
        relative = "./" if relative == "." else relative + "/"
    return relative + (f"#{fragment}" if fragment else "")


BENCHMARKS = "benchmarks/index.md"
RESULTS_CSV = "downloads/results.csv"
RESULTS_JSON = "downloads/results.json"


def benchmark(benchmark_id: str) -> str:
    return f"benchmarks/{benchmark_id}.md"


FEED = "feed.xml"


def topic_feed(topic_id: str) -> str:
    return f"feeds/{topic_id}.xml"
