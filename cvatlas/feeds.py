"""Catalogue -> Atom feeds of the newest entries (by `added`): one for the whole atlas and one per
topic, in each language, written by feedgen.

Entry ids are tag URIs built from the paper id, so they stay the same when the site moves to another
address; links are absolute (feed readers resolve nothing), so a feed needs the site's address.
"""

from __future__ import annotations

from feedgen.feed import FeedGenerator

from . import paths
from .model import Paper
from .names import display_author

ID_AUTHORITY = "tag:cv-paper-atlas.github.io,2026"
SITE_LIMIT = 50
TOPIC_LIMIT = 30


def newest_added(papers: list[Paper], limit: int) -> list[Paper]:
    """Newest entries first: by the date they joined the atlas, then by first release, then by id."""
    return sorted(papers, key=lambda p: (p.added or "", p.year, p.id), reverse=True)[:limit]


def _timestamp(date: str | None) -> str:
    return f"{date or '2026-01-01'}T00:00:00Z"


def atom_feed(papers: list[Paper], *, lang: str, feed_id: str, title: str, subtitle: str, site_url: str,
              feed_path: str, page_path: str) -> str:
    """One feed. `site_url` is the language site's absolute address (ending in /), paths are docs-relative."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    feed = FeedGenerator()
    feed.id(f"{ID_AUTHORITY}:{lang}/{feed_id}")
    feed.title(title)
    feed.subtitle(subtitle)
    feed.language(lang)
    feed.link(href=base + paths.url_of(page_path), rel="alternate")
    feed.link(href=base + feed_path, rel="self", type="application/atom+xml")
    feed.updated(_timestamp(max((p.added or "" for p in papers), default=None)))
    feed.generator("CV Paper Atlas")
    for paper in papers:  # feedgen prepends by default; append keeps newest first
        entry = feed.add_entry(order="append")
        entry.id(f"{ID_AUTHORITY}:papers/{paper.id}")
        entry.title(paper.title if paper.title.startswith(paper.display_name)
                    else f"{paper.display_name}: {paper.title}")
        entry.link(href=base + paths.url_of(paths.paper(paper.id)), rel="alternate")
        entry.summary(paper.summary[lang])
        entry.published(_timestamp(paper.added))
        entry.updated(_timestamp(paper.added))
        for author in paper.authors:
            entry.author({"name": display_author(author)})
        for topic in paper.topics:
            entry.category(term=topic)
    return feed.atom_str(pretty=True).decode("utf-8")
