"""What a run asks the outside world, asked once: papers -> OpenAlex works and arXiv records, by paper id.

The citation and drift steps both need OpenAlex's works, and drift needs arXiv's records; each
look-up is made at most once per run, whatever steps ask for it, and the clients are made only
when first needed (a `--only code` run never talks to arXiv).
"""

from __future__ import annotations

import functools
from pathlib import Path

from cvatlas.model import Paper

from .arxiv_api import ArxivClient, ArxivRecord
from .github import GitHubClient
from .openalex import OpenAlexClient, OpenAlexWork, bare_doi, datacite_doi
from .semantic_scholar import SemanticScholarClient


class Lookups:
    def __init__(self, cache_dir: Path) -> None:
        self.cache_dir = cache_dir
        self._works: dict[str, OpenAlexWork] = {}
        self._work_failures: dict[str, str] = {}
        self._asked_openalex: set[str] = set()
        self._records: dict[str, ArxivRecord] = {}
        self._record_failures: dict[str, str] = {}
        self._asked_arxiv: set[str] = set()

    @functools.cached_property
    def openalex(self) -> OpenAlexClient:
        return OpenAlexClient()

    @functools.cached_property
    def s2(self) -> SemanticScholarClient:
        return SemanticScholarClient()

    @functools.cached_property
    def arxiv(self) -> ArxivClient:
        return ArxivClient()

    @functools.cached_property
    def github(self) -> GitHubClient:
        return GitHubClient(self.cache_dir / "github.json")

    @staticmethod
    def doi_for(paper: Paper) -> str | None:
        """The DOI OpenAlex is asked by: the paper's own, else arXiv's DataCite DOI."""
        if paper.doi:
            return bare_doi(paper.doi)
        return datacite_doi(paper.arxiv) if paper.arxiv else None

    def openalex_works(self, papers: list[Paper]) -> tuple[dict[str, OpenAlexWork], dict[str, str]]:
        """Works by paper id (for papers OpenAlex found), and failures by paper id."""
        wanted = [p for p in papers if p.id not in self._asked_openalex and self.doi_for(p)]
        if wanted:
            works, failed = self.openalex.fetch([self.doi_for(p) or "" for p in wanted])
            for paper in wanted:
                doi = self.doi_for(paper) or ""
                self._asked_openalex.add(paper.id)
                if doi in works:
                    self._works[paper.id] = works[doi]
                elif doi in failed:
                    self._work_failures[paper.id] = failed[doi]
        ids = {p.id for p in papers}
        return ({k: v for k, v in self._works.items() if k in ids},
                {k: v for k, v in self._work_failures.items() if k in ids})

    def arxiv_records(self, papers: list[Paper]) -> tuple[dict[str, ArxivRecord], dict[str, str]]:
        """Records of arXiv by paper id, and failures by paper id."""
        wanted = [p for p in papers if p.arxiv and p.id not in self._asked_arxiv]
        if wanted:
            records, failed = self.arxiv.fetch([p.arxiv or "" for p in wanted])
            for paper in wanted:
                self._asked_arxiv.add(paper.id)
                if paper.arxiv in records:
                    self._records[paper.id] = records[paper.arxiv]
                else:
                    self._record_failures[paper.id] = failed.get(paper.arxiv or "", "not in arXiv's answer")
        ids = {p.id for p in papers}
        return ({k: v for k, v in self._records.items() if k in ids},
                {k: v for k, v in self._record_failures.items() if k in ids})
