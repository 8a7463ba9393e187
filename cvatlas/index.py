"""Catalogue -> derived views every page needs: papers per topic and tag, both ends of every
relation, glossary terms per paper, related papers. Built once per build, in linear time.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .leaderboards import Leaderboard, build_leaderboards
from .model import Catalogue, GlossaryTerm, Library, Note, Paper, Relation

RELATED_LIMIT = 5


def newest_first(papers: list[Paper]) -> list[Paper]:
    return sorted(papers, key=lambda p: (-p.year, p.display_name.lower(), p.id))


def by_year(papers: list[Paper]) -> list[Paper]:
    return sorted(papers, key=lambda p: (p.year, p.display_name.lower(), p.id))


@dataclass(frozen=True)
class Link:
    """One end of a typed relation as seen from a paper page."""

    paper: Paper  # the paper at the other end
    relation: Relation


@dataclass
class AtlasIndex:
    cat: Catalogue
    by_topic: dict[str, list[Paper]] = field(default_factory=dict)  # newest first
    by_tag: dict[str, list[Paper]] = field(default_factory=dict)  # newest first
    builds_on: dict[str, list[Link]] = field(default_factory=dict)  # paper -> earlier papers it relates to
    built_upon_by: dict[str, list[Link]] = field(default_factory=dict)  # paper -> later papers relating to it
    terms: dict[str, list[GlossaryTerm]] = field(default_factory=dict)  # paper -> glossary terms
    by_library: dict[str, list[Paper]] = field(default_factory=dict)
    notes: dict[str, list[Note]] = field(default_factory=dict)  # paper -> reading notes covering it
    related: dict[str, list[Paper]] = field(default_factory=dict)
    leaderboards: dict[str, Leaderboard] = field(default_factory=dict)  # benchmarks with results, file order

    @property
    def topics(self) -> list:
        return self.cat.topics

    def library(self, library_id: str | None) -> Library | None:
        return self.cat.libraries.get(library_id or "")


def _related(paper: Paper, index: AtlasIndex, topic_years: dict[str, dict[int, list[str]]]) -> list[Paper]:
    """Score: 2 per shared tag (with a paper sharing a topic) + 1 for the same main topic; ties go
    to the closest year, then the id. Papers already linked by a relation are left out: the page
    lists those under lineage.

    Linear in the catalogue: tag-sharing papers (few) are scored one by one; the rest of the main
    topic all score 1, so they are taken year by year outwards from the paper's year, never sorted.
    """
    papers = index.cat.papers
    excluded = {paper.id} | {link.paper.id for link in index.builds_on[paper.id] + index.built_upon_by[paper.id]}
    main_topic = paper.topics[0]
    topics = set(paper.topics)
    scores: dict[str, int] = defaultdict(int)
    for tag in paper.tags:
        for other in index.by_tag.get(tag, ()):
            if other.id not in excluded and topics.intersection(other.topics):
                scores[other.id] += 2
    for other_id in scores:
        if main_topic in papers[other_id].topics:
            scores[other_id] += 1
    ranked = sorted(scores, key=lambda pid: (-scores[pid], abs(papers[pid].year - paper.year), pid))
    chosen = ranked[:RELATED_LIMIT]
    years = topic_years[main_topic]
    span = max((abs(year - paper.year) for year in years), default=-1)
    distance = 0
    while len(chosen) < RELATED_LIMIT and distance <= span:
        at_distance = years.get(paper.year - distance, []) + (years.get(paper.year + distance, []) if distance else [])
        for other_id in sorted(at_distance):
            if other_id not in excluded and other_id not in scores and len(chosen) < RELATED_LIMIT:
                chosen.append(other_id)
        distance += 1
    return [papers[pid] for pid in chosen]


def build_index(cat: Catalogue) -> AtlasIndex:
    index, topic_years = index_without_related(cat)
    for paper in cat.papers.values():
        index.related[paper.id] = _related(paper, index, topic_years)
    return index


def index_without_related(cat: Catalogue) -> tuple[AtlasIndex, dict[str, dict[int, list[str]]]]:
    """Everything of the index but the related papers, and each topic's paper ids by year to rank them
    (cvatlas.liveindex ranks them only when asked).
    """
    index = AtlasIndex(cat)
    topic_lists: dict[str, list[Paper]] = {t.id: [] for t in cat.topics}
    tag_lists: dict[str, list[Paper]] = {t: [] for t in cat.tags}
    library_lists: dict[str, list[Paper]] = {lib: [] for lib in cat.libraries}
    for paper in cat.papers.values():
        index.builds_on[paper.id] = []
        index.built_upon_by.setdefault(paper.id, [])
        index.terms[paper.id] = []
        index.notes[paper.id] = []
        for topic in paper.topics:
            topic_lists[topic].append(paper)
        for tag in paper.tags:
            tag_lists[tag].append(paper)
        for library in sorted({link.library for link in paper.code if link.library}):
            library_lists[library].append(paper)
    for paper in cat.papers.values():
        for relation in paper.relations:
            target = cat.papers[relation.target]
            index.builds_on[paper.id].append(Link(target, relation))
            index.built_upon_by.setdefault(target.id, []).append(Link(paper, relation))
    for links in index.built_upon_by.values():
        links.sort(key=lambda link: (link.paper.year, link.paper.id))
    for term in cat.glossary:
        for paper_id in term.papers:
            index.terms[paper_id].append(term)
    for note in cat.notes:
        for entry in note.entries:
            if note not in index.notes[entry.paper]:
                index.notes[entry.paper].append(note)
    index.by_topic = {topic: newest_first(papers) for topic, papers in topic_lists.items()}
    index.by_tag = {tag: newest_first(papers) for tag, papers in tag_lists.items()}
    index.by_library = {lib: newest_first(papers) for lib, papers in library_lists.items()}
    topic_years: dict[str, dict[int, list[str]]] = {}
    for topic, papers in topic_lists.items():
        years = topic_years.setdefault(topic, {})
        for paper in papers:
            years.setdefault(paper.year, []).append(paper.id)
    index.leaderboards = build_leaderboards(cat)
    return index, topic_years
