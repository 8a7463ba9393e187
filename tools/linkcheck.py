"""Offline link check of a built site: every href and src of every HTML file, and every <loc> of
every sitemap, must resolve to a file of the site, and every #fragment to an id on its target page.

    python -m tools.linkcheck site/ [--site-url https://owner.github.io/repo/]

Regular expressions rather than an HTML parser: MkDocs and our templates write attributes in
double quotes, and this keeps a 2,000-paper site (about 9,000 pages) to a few seconds.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

_ATTRIBUTE = re.compile(r'\s(?:href|src)="([^"]*)"')
_ID = re.compile(r'\s(?:id|name)="([^"]*)"')
_LOC = re.compile(r"<loc>([^<]*)</loc>")
_BASE = "https://site.invalid/"  # a private origin to resolve relative links against
_EXTERNAL = ("http://", "https://", "mailto:", "tel:", "//")


@dataclass(frozen=True)
class BrokenLink:
    file: str
    line: int
    link: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.link} — {self.reason}"


class Site:
    def __init__(self, root: Path, base_path: str = "/"):
        self.root = root.resolve()
        self.base = urljoin(_BASE, base_path.lstrip("/"))  # where the site's root is served
        self._ids: dict[Path, set[str]] = {}

    def target(self, url_path: str) -> Path | None:
        """The file a site-relative URL path serves, as a static host would resolve it."""
        relative = unquote(url_path).lstrip("/")
        candidate = self.root / relative
        if relative == "" or relative.endswith("/") or candidate.is_dir():
            candidate = candidate / "index.html"
        try:
            candidate.resolve().relative_to(self.root)
        except ValueError:
            return None  # escapes the site
        return candidate if candidate.is_file() else None

    def ids(self, page: Path) -> set[str]:
        if page not in self._ids:
            text = page.read_text(encoding="utf-8", errors="replace")
            self._ids[page] = {html.unescape(i) for i in _ID.findall(text)}
        return self._ids[page]


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def check_page(site: Site, page: Path, broken: list[BrokenLink], cache: dict[tuple[str, str], str | None]) -> int:
    text = page.read_text(encoding="utf-8", errors="replace")
    relative = page.relative_to(site.root).as_posix()
    page_url = urljoin(site.base, relative)
    directory = relative.rsplit("/", 1)[0] if "/" in relative else ""
    count = 0
    for match in _ATTRIBUTE.finditer(text):
        link = html.unescape(match.group(1))
        count += 1
        if not link or link.startswith(_EXTERNAL) or link.startswith(("data:", "javascript:")):
            if link.startswith("javascript:"):
                broken.append(BrokenLink(relative, _line(text, match.start()), link, "javascript: link"))
            continue
        key = (directory, link)
        if key not in cache:
            cache[key] = _resolve(site, page, page_url, link)
        reason = cache[key]
        if reason:
            broken.append(BrokenLink(relative, _line(text, match.start()), link, reason))
    return count


def _resolve(site: Site, page: Path, page_url: str, link: str) -> str | None:
    absolute = urljoin(page_url, link)
    parts = urlsplit(absolute)
    if not absolute.startswith(site.base):
        return "leaves the site"
    within = parts.path[len(urlsplit(site.base).path):]
    target = page if parts.path == urlsplit(page_url).path else site.target(within)
    if target is None:
        return "no such file"
    fragment = unquote(parts.fragment)
    if fragment and target.suffix == ".html" and fragment not in site.ids(target):
        return f"no id {fragment!r} on {target.relative_to(site.root).as_posix()}"
    return None


def check_sitemap(site: Site, sitemap: Path, site_url: str, broken: list[BrokenLink]) -> int:
    text = sitemap.read_text(encoding="utf-8")
    prefix = urljoin(site_url, sitemap.parent.relative_to(site.root).as_posix() + "/") \
        if sitemap.parent != site.root else site_url
    count = 0
    for match in _LOC.finditer(text):
        loc = match.group(1).strip()
        count += 1
        where = sitemap.relative_to(site.root).as_posix()
        if not loc.startswith(prefix):
            broken.append(BrokenLink(where, _line(text, match.start()), loc, f"not under {prefix}"))
        elif site.target(urlsplit(loc).path[len(urlsplit(site_url).path):]) is None:
            broken.append(BrokenLink(where, _line(text, match.start()), loc, "no such file"))
    return count


def check_site(root: Path, site_url: str | None = None) -> tuple[list[BrokenLink], int, int]:
    """Returns (broken links, pages checked, links checked). With `site_url`, absolute paths such
    as /repo/en/ (which a root 404 page needs) resolve under its path, and sitemaps are checked.
    """
    site = Site(root, urlsplit(site_url).path if site_url else "/")
    broken: list[BrokenLink] = []
    cache: dict[tuple[str, str], str | None] = {}
    pages = sorted(site.root.rglob("*.html"))
    links = sum(check_page(site, page, broken, cache) for page in pages)
    if site_url:
        for sitemap in sorted(site.root.rglob("sitemap.xml")):
            links += check_sitemap(site, sitemap, site_url, broken)
    return broken, len(pages), links


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", type=Path, nargs="?", default=Path("site"))
    parser.add_argument("--site-url", help="public address the site was built for (checks sitemap <loc>s)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    broken, pages, links = check_site(args.site, args.site_url)
    for item in broken:
        print(item)
    print(f"{links} links in {pages} pages checked in {time.perf_counter() - started:.1f} s: "
          f"{len(broken)} broken", file=sys.stderr)
    return 1 if broken else 0


if __name__ == "__main__":
    raise SystemExit(main())
