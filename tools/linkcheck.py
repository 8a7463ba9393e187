"""Offline link check of a built site: every href and src of every HTML file, and every <loc> of
every sitemap, must resolve to a file of the site, and every #fragment to an id on its target page.

    python -m tools.linkcheck site/ [--site-url https://owner.github.io/repo/]

Regular expressions rather than an HTML parser: MkDocs and our templates write attributes in
double quotes, and this keeps a 2,000-paper site (about 9,000 pages) to a few seconds.
"""

from __future__ import annotations

import argparse
import html
import os
import posixpath
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

_ATTRIBUTE = re.compile(r'\s(?:href|src)="([^"]*)"')
_ID = re.compile(r'\s(?:id|name)="([^"]*)"')
_LOC = re.compile(r"<loc>([^<]*)</loc>")
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
    """The built site as a static host sees it: the set of its files, listed once (one os.walk),
    so that resolving a link is string work and a set lookup, not a filesystem call per link.
    """

    def __init__(self, root: Path, base_path: str = "/"):
        self.root = root.resolve()
        self.base_path = "/" + base_path.strip("/") + "/" if base_path.strip("/") else "/"
        self.files: set[str] = set()
        self.dirs: set[str] = {""}
        for directory, dirnames, filenames in os.walk(self.root):
            relative = os.path.relpath(directory, self.root)
            prefix = "" if relative == "." else relative.replace(os.sep, "/") + "/"
            self.dirs.update(prefix + name for name in dirnames)
            self.files.update(prefix + name for name in filenames)
        self._ids: dict[str, set[str]] = {}

    def target(self, relative: str) -> str | None:
        """The file that a normalised site-relative path serves ("" is the root), as a static host would."""
        if relative == "":
            relative = "index.html"
        elif relative.endswith("/") or relative in self.dirs:
            relative = relative.rstrip("/") + "/index.html"
        return relative if relative in self.files else None

    def ids(self, relative: str) -> set[str]:
        if relative not in self._ids:
            text = (self.root / relative).read_text(encoding="utf-8", errors="replace")
            self._ids[relative] = {html.unescape(i) for i in _ID.findall(text)}
        return self._ids[relative]


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def check_page(site: Site, relative: str, broken: list[BrokenLink], cache: dict[str, str | None]) -> int:
    text = (site.root / relative).read_text(encoding="utf-8", errors="replace")
    directory = relative.rsplit("/", 1)[0] + "/" if "/" in relative else ""
    count = 0
    for match in _ATTRIBUTE.finditer(text):
        link = html.unescape(match.group(1))
        count += 1
        if not link or link.startswith(_EXTERNAL) or link.startswith(("data:", "javascript:")):
            if link.startswith("javascript:"):
                broken.append(BrokenLink(relative, _line(text, match.start()), link, "javascript: link"))
            continue
        reason = _resolve(site, relative, directory, link, cache)
        if reason:
            broken.append(BrokenLink(relative, _line(text, match.start()), link, reason))
    return count


def _resolve(site: Site, page: str, directory: str, link: str, cache: dict[str, str | None]) -> str | None:
    path, _, fragment = link.partition("#")
    path = path.split("?", 1)[0]
    if path.startswith("/"):
        if not (path + "/").startswith(site.base_path) and path != site.base_path.rstrip("/"):
            return "leaves the site"
        joined = path[len(site.base_path):]
    else:
        joined = directory + path if path else page
    key = f"{joined}#{fragment}"
    if key not in cache:
        cache[key] = _resolve_normalised(site, joined, unquote(fragment))
    return cache[key]


def _normalise(joined: str) -> str | None:
    """A site-relative path without . and .. (keeping a trailing slash), or None if it leaves the site."""
    normal = posixpath.normpath(unquote(joined)) if joined else ""
    if normal == ".":
        return ""
    if normal.startswith("../") or normal == "..":
        return None
    return normal + "/" if joined.endswith("/") else normal


def _resolve_normalised(site: Site, joined: str, fragment: str) -> str | None:
    normal = _normalise(joined)
    if normal is None:
        return "leaves the site"
    target = site.target(normal)
    if target is None:
        return "no such file"
    if fragment and target.endswith(".html") and fragment not in site.ids(target):
        return f"no id {fragment!r} on {target}"
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
        elif site.target(_normalise(urlsplit(loc).path[len(urlsplit(site_url).path):]) or "") is None:
            broken.append(BrokenLink(where, _line(text, match.start()), loc, "no such file"))
    return count


def check_site(root: Path, site_url: str | None = None) -> tuple[list[BrokenLink], int, int]:
    """Returns (broken links, pages checked, links checked). With `site_url`, absolute paths such
    as /repo/en/ (which a root 404 page needs) resolve under its path, and sitemaps are checked.
    """
    site = Site(root, urlsplit(site_url).path if site_url else "/")
    broken: list[BrokenLink] = []
    cache: dict[str, str | None] = {}
    pages = sorted(name for name in site.files if name.endswith(".html"))
    links = sum(check_page(site, page, broken, cache) for page in pages)
    if site_url:
        for sitemap in sorted(site.root / name for name in site.files if name.rsplit("/", 1)[-1] == "sitemap.xml"):
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
