"""The site navigation of one language: topics and the list pages, plus the hand-written pages.

Papers, tags and notes are deliberately absent: Material embeds the whole navigation in every page,
so listing them would make every page, and the site, grow with the catalogue.
The result is plain nested lists and mappings (title -> path), the shape MkDocs' `nav` takes.
"""

from __future__ import annotations

from typing import Any

from . import paths
from .model import Catalogue


def site_navigation(cat: Catalogue, lang: str, handwritten: dict[str, list[str]]) -> list[Any]:
    ui = cat.ui[lang]
    topics: list[Any] = [paths.TOPICS] + [{t.name[lang]: paths.topic(t.id)} for t in cat.topics]
    explore = [
        {ui["timeline.title"]: paths.TIMELINE},
        {ui["papers.title"]: paths.PAPERS},
        {ui["tags.title"]: paths.TAGS},
        {ui["benchmarks.title"]: paths.BENCHMARKS},
        {ui["glossary.title"]: paths.GLOSSARY},
        {ui["libraries.title"]: paths.LIBRARIES},
        {ui["notes.title"]: paths.NOTES},
        {ui["bibliography.title"]: paths.BIBLIOGRAPHY},
    ]
    return [
        {ui["nav.home"]: paths.HOME},
        {ui["nav.topics"]: topics},
        {ui["nav.explore"]: explore},
        {ui["nav.guide"]: list(handwritten.get("guide", []))},
        {ui["nav.about"]: list(handwritten.get("about", []))},
    ]
