"""The atlas's records, as loaded from data/ and checked: papers, topics, tags and vocabularies.

Text that differs by language is a `{"ko": ..., "en": ...}` mapping on the record.
"""

from __future__ import annotations

from dataclasses import dataclass, field

LANGS: tuple[str, ...] = ("ko", "en")
Localized = dict[str, str]


def other_language(lang: str) -> str:
    return "en" if lang == "ko" else "ko"


@dataclass(frozen=True)
class CodeHealth:
    """What the weekly refresh found about a GitHub repository."""

    status: str  # active, archived, moved or gone
    checked: str  # YYYY-MM-DD
    moved_to: str | None = None
    pushed_at: str | None = None
    stars: int | None = None
    licence: str | None = None


@dataclass(frozen=True)
class CodeLink:
    url: str
    framework: str
    official: bool
    library: str | None = None
    health: CodeHealth | None = None


@dataclass(frozen=True)
class Relation:
    type: str
    target: str
    note: Localized | None = None


@dataclass(frozen=True)
class CitationCount:
    count: int
    as_of: str
    source: str


@dataclass(frozen=True)
class ResultSource:
    where: str  # "abstract", "Table 3", "Figure 2", ...
    version: str  # "arXiv v2" or the venue, "CVPR 2016"
    date: str  # YYYY-MM of that version


@dataclass(frozen=True)
class Result:
    """One number a paper reports on a benchmark, with what makes it comparable and where it is stated."""

    benchmark: str
    model: str
    value: float
    source: ResultSource
    extra_data: tuple[str, ...] = ()
    resolution: int | None = None
    params: float | None = None  # millions
    tta: bool = False
    note: Localized | None = None


@dataclass
class Paper:
    id: str
    source_file: str  # repository-relative path of the YAML file, for edit links and errors
    title: str
    authors: list[str]
    year: int
    topics: list[str]
    summary: Localized
    translation: Localized
    name: str | None = None
    title_protect: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    venue: str | None = None  # "CVPR 2018" as written
    arxiv: str | None = None
    arxiv_class: str | None = None
    doi: str | None = None
    url: str | None = None
    tags: list[str] = field(default_factory=list)
    details: Localized | None = None
    code: list[CodeLink] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    citations: CitationCount | None = None
    added: str | None = None  # YYYY-MM-DD the entry joined the atlas
    results: list[Result] = field(default_factory=list)

    @property
    def display_name(self) -> str:
        return self.name or self.title

    @property
    def venue_id(self) -> str | None:
        return self.venue.rsplit(" ", 1)[0] if self.venue else None

    @property
    def venue_year(self) -> int | None:
        return int(self.venue.rsplit(" ", 1)[1]) if self.venue else None

    @property
    def arxiv_url(self) -> str | None:
        return f"https://arxiv.org/abs/{self.arxiv}" if self.arxiv else None

    @property
    def pdf_url(self) -> str | None:
        return f"https://arxiv.org/pdf/{self.arxiv}" if self.arxiv else None

    @property
    def doi_url(self) -> str | None:
        return f"https://doi.org/{self.doi}" if self.doi else None

    @property
    def landing_url(self) -> str | None:
        """The one link that best identifies the paper: DOI, then arXiv, then its own page."""
        return self.doi_url or self.arxiv_url or self.url


@dataclass(frozen=True)
class Topic:
    id: str
    order: int
    name: Localized
    description: Localized


@dataclass(frozen=True)
class TopicRedirect:
    """An old topic address: the topic was renamed (one target) or split (several)."""

    old: str
    targets: list[str]
    date: str


@dataclass(frozen=True)
class Tag:
    id: str
    name: Localized
    description: Localized | None = None


@dataclass(frozen=True)
class Venue:
    id: str
    type: str  # conference, journal or workshop
    name: str
    booktitle: str | None = None
    publisher: str | None = None


@dataclass(frozen=True)
class RelationType:
    id: str
    label: Localized  # read from the newer paper: "MobileNetV2 improves MobileNet"
    inverse: Localized  # read from the older paper: "MobileNet is improved by MobileNetV2"


@dataclass(frozen=True)
class Library:
    id: str
    name: str
    url: str
    frameworks: list[str]
    description: Localized
    docs: str | None = None


@dataclass(frozen=True)
class Dataset:
    id: str
    name: str
    description: Localized
    url: str | None = None


@dataclass(frozen=True)
class Benchmark:
    id: str
    topic: str
    dataset: str
    split: str
    metric: str
    unit: str
    higher_is_better: bool
    range: tuple[float, float]
    name: Localized
    description: Localized
    protocol: Localized


@dataclass(frozen=True)
class GlossaryTerm:
    id: str
    term: Localized
    definition: Localized
    abbr: str | None = None
    aliases: list[str] = field(default_factory=list)
    papers: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class NoteEntry:
    paper: str
    comment: Localized


@dataclass(frozen=True)
class Note:
    date: str  # YYYY-MM-DD, also the file stem
    source_file: str
    title: Localized
    intro: Localized
    entries: list[NoteEntry]


@dataclass
class Catalogue:
    """Everything in data/, checked and cross-referenced."""

    papers: dict[str, Paper]  # by id, in id order
    topics: list[Topic]  # in display order
    tags: dict[str, Tag]
    venues: dict[str, Venue]
    relation_types: dict[str, RelationType]
    libraries: dict[str, Library]
    glossary: list[GlossaryTerm]
    notes: list[Note]  # newest first
    ui: dict[str, dict[str, str]]  # language -> dotted key -> text
    datasets: dict[str, Dataset] = field(default_factory=dict)
    benchmarks: dict[str, Benchmark] = field(default_factory=dict)  # in file order
    redirects: list[TopicRedirect] = field(default_factory=list)
    stale: dict[str, list[str]] = field(default_factory=dict)  # paper id -> languages whose text may be out of date
