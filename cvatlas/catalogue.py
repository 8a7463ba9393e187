"""data/ -> Catalogue: read every file, check it against its schema and against the others.

Every problem is collected (file, field, fix) and raised once as a DataError, before anything is
rendered, so a broken pull request never produces a half-built site.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pybtex.exceptions import PybtexError

from . import schema
from .model import (
    LANGS,
    Benchmark,
    Catalogue,
    CitationCount,
    CodeHealth,
    CodeLink,
    Dataset,
    GlossaryTerm,
    Library,
    Note,
    NoteEntry,
    Paper,
    Relation,
    RelationType,
    Result,
    ResultSource,
    Tag,
    Topic,
    TopicRedirect,
    Venue,
)
from .names import parse_name
from .problems import Problems
from .textcheck import BUILD_COMMANDS, bad_characters, cited_keys, has_raw_html, unsafe_links
from .translation import stale_texts
from .yamlio import read_yaml, strings_of

ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
TEMPLATE_NAME = "TEMPLATE.yaml"
ARXIV_MONTH = re.compile(r"^(\d{2})(\d{2})\.\d{4,5}$")  # new-style ids (2007 on) start with YYMM
REPO_ROOT = Path(__file__).resolve().parent.parent
# The texts of data/papers/TEMPLATE.yaml that a new file starts with: valid YAML, but not yet a paper.
PLACEHOLDER_SUMMARY = {"ko": "이 논문의 핵심 아이디어를 한 줄로 쓴다.", "en": "State the paper's key idea in one line."}
PLACEHOLDER_DETAILS = {"ko": "- **문제**: ...\n- **아이디어**: ...\n", "en": "- **Problem**: ...\n- **Idea**: ...\n"}
PLACEHOLDER_HASH = "00000000"


@functools.lru_cache(maxsize=16)
def _display_dir(directory: Path) -> str:
    """How a directory is named in messages: relative to the repository (or to its parent)."""
    resolved = directory.resolve()
    for base in (REPO_ROOT, directory.parent.resolve()):
        if resolved.is_relative_to(base):
            return resolved.relative_to(base).as_posix()
    return directory.as_posix()


def _display(path: Path, data_dir: Path) -> str:
    """How a file is named in messages; resolved once per data directory, not once per file."""
    if path.is_relative_to(data_dir):
        inside = path.relative_to(data_dir).as_posix()
        return _display_dir(data_dir) + ("/" + inside if inside != "." else "")
    return _display_dir(path.parent) + "/" + path.name


# ---------------------------------------------------------------- reading files


def _outside(path: Path, data_dir: Path) -> str | None:
    """Why `path` may not be read as data (a link, or a path leading out of data/), or None.

    A pull request must not be able to publish a file of the machine that builds it, so a data file
    is read only when it is a regular file whose real path lies inside the real data directory.
    """
    if path.is_symlink():
        return "is a symbolic link"
    root = data_dir.resolve()
    if not path.resolve().is_relative_to(root):
        return "resolves to a path outside data/ (through a linked folder)"
    return None


def _check_characters(value: Any, display: str, problems: Problems) -> bool:
    """Refuse invisible, control and format characters and snippet markers in every text of a file."""
    clean = True
    for where, text in strings_of(value):
        for bad in bad_characters(text)[:3]:  # the first few are enough to find the rest
            clean = False
            problems.add(display, where, f"contains the invisible or control character {bad.label} at {bad.position}",
                         "delete it (retype the text around it if you cannot see it); only letters, marks, "
                         "spaces, punctuation and line breaks are allowed")
        for pattern, what in BUILD_COMMANDS:
            if pattern.search(text):
                clean = False
                problems.add(display, where, f"contains {what}", "remove it: data text is shown as written")
    return clean


def _read(path: Path, schema_name: str, data_dir: Path, problems: Problems) -> Any:
    """Parsed, schema-conforming contents of one file, or None (with its problems recorded)."""
    display = _display(path, data_dir)
    refused = _outside(path, data_dir) if path.exists() or path.is_symlink() else None
    if refused:
        problems.add(display, "", f"the data file {refused}; data files are read only from inside data/",
                     "replace the link with the file itself (a regular file inside data/)")
        return None
    if not path.is_file():
        problems.add(display, "", "the file is missing", f"create it (see schemas/{schema_name}.schema.json)")
        return None
    value, problem = read_yaml(path, display)
    if problem:
        problems.items.append(problem)
        return None
    if value is None:
        problems.add(display, "", "the file is empty", f"fill it in (see schemas/{schema_name}.schema.json)")
        return None
    if not _check_characters(value, display, problems):
        return None
    found = schema.check(schema_name, value, display)
    problems.items.extend(found)
    return None if found else value


def _read_list(
    data_dir: Path, name: str, schema_name: str, problems: Problems, make: Callable[[dict[str, Any]], Any]
) -> dict[str, Any]:
    """A vocabulary file (a YAML list of records with ids) -> records by id, in file order."""
    path = data_dir / name
    items = _read(path, schema_name, data_dir, problems) or []
    records: dict[str, Any] = {}
    for index, item in enumerate(items):
        if item["id"] in records:
            problems.add(_display(path, data_dir), f"[{index}].id", f"duplicate id {item['id']!r}",
                         "give every entry its own id")
            continue
        records[item["id"]] = make(item)
    return records


# ---------------------------------------------------------------- records


def _paper(paper_id: str, display: str, raw: dict[str, Any]) -> Paper:
    return Paper(
        id=paper_id,
        source_file=display,
        title=raw["title"],
        name=raw.get("name"),
        title_protect=list(raw.get("title_protect", [])),
        aliases=list(raw.get("aliases", [])),
        authors=list(raw["authors"]),
        year=raw["year"],
        venue=raw.get("venue"),
        arxiv=raw.get("arxiv"),
        arxiv_class=raw.get("arxiv_class"),
        doi=raw.get("doi"),
        url=raw.get("url"),
        topics=list(raw["topics"]),
        tags=list(raw.get("tags", [])),
        summary=dict(raw["summary"]),
        details=dict(raw["details"]) if "details" in raw else None,
        code=[CodeLink(c["url"], c["framework"], c["official"], c.get("library"),
                       CodeHealth(**c["health"]) if "health" in c else None) for c in raw.get("code", [])],
        relations=[Relation(r["type"], r["target"], r.get("note")) for r in raw.get("relations", [])],
        citations=CitationCount(**raw["citations"]) if "citations" in raw else None,
        translation=dict(raw["translation"]),
        added=raw.get("added"),
        results=[_result(r) for r in raw.get("results", [])],
    )


def _result(raw: dict[str, Any]) -> Result:
    return Result(
        benchmark=raw["benchmark"], model=raw["model"], value=raw["value"],
        source=ResultSource(raw["source"]["where"], raw["source"]["version"], str(raw["source"]["date"])),
        extra_data=tuple(raw.get("extra_data", ())), resolution=raw.get("resolution"), params=raw.get("params"),
        tta=raw.get("tta", False), note=dict(raw["note"]) if "note" in raw else None,
    )


def _read_papers(data_dir: Path, problems: Problems) -> tuple[dict[str, Paper], set[str]]:
    """Papers that parsed, and the ids of every paper file (parsed or not) for cross-checks."""
    folder = data_dir / "papers"
    files = sorted(p for p in folder.glob("*") if p.suffix in (".yaml", ".yml") and p.name != TEMPLATE_NAME)
    if not files:
        problems.add(_display(folder, data_dir), "", "no paper files found",
                     "add data/papers/<paper-id>.yaml (copy data/papers/TEMPLATE.yaml)")
    papers: dict[str, Paper] = {}
    ids_on_disk: set[str] = set()
    for path in files:
        display = _display(path, data_dir)
        paper_id = path.stem
        if not ID_PATTERN.match(paper_id):
            problems.add(display, "", f"the file name {path.name!r} is not a valid paper id",
                         "rename it to lowercase letters, digits and single hyphens, e.g. mobilenet-v2.yaml")
            continue
        if paper_id in ids_on_disk:
            problems.add(display, "", f"duplicate paper id {paper_id!r} (another file has the same name)",
                         "keep one file per paper, with the .yaml extension")
            continue
        ids_on_disk.add(paper_id)
        raw = _read(path, "paper", data_dir, problems)
        if raw is None:
            continue
        if "id" in raw and raw["id"] != paper_id:
            problems.add(display, "id", f"id {raw['id']!r} does not match the file name {path.name!r}",
                         f"the file name is the id: rename the file to {raw['id']}.yaml or remove the id field")
            continue
        papers[paper_id] = _paper(paper_id, display, raw)
    return papers, ids_on_disk


def _read_redirects(data_dir: Path, problems: Problems) -> list[TopicRedirect]:
    path = data_dir / "redirects.yaml"
    if not path.exists() and not path.is_symlink():
        return []  # optional: nothing has moved yet
    raw = _read(path, "redirects", data_dir, problems) or []
    return [TopicRedirect(r["from"], list(r["to"]), r["date"]) for r in raw]


def _read_notes(data_dir: Path, problems: Problems) -> list[Note]:
    notes = []
    for path in sorted((data_dir / "notes").glob("*.y*ml")):
        raw = _read(path, "notes", data_dir, problems)
        if raw is None:
            continue
        display = _display(path, data_dir)
        if raw["date"] != path.stem:
            problems.add(display, "date", f"date {raw['date']!r} does not match the file name {path.name!r}",
                         f"rename the file to {raw['date']}.yaml or fix the date")
            continue
        entries = [NoteEntry(e["paper"], dict(e["comment"])) for e in raw["entries"]]
        notes.append(Note(raw["date"], display, dict(raw["title"]), dict(raw["intro"]), entries))
    return sorted(notes, key=lambda n: n.date, reverse=True)


def _flatten(mapping: dict[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in mapping.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, dotted + "."))
        else:
            flat[dotted] = value
    return flat


def _read_ui(data_dir: Path, problems: Problems) -> dict[str, dict[str, str]]:
    ui = {}
    for lang in LANGS:
        raw = _read(data_dir / "ui" / f"{lang}.yaml", "ui", data_dir, problems)
        ui[lang] = _flatten(raw) if raw else {}
    if all(ui.values()):
        for lang in LANGS:
            for other in LANGS:
                for key in sorted(set(ui[other]) - set(ui[lang])):
                    problems.add(f"data/ui/{lang}.yaml", key, f"missing (data/ui/{other}.yaml has it)",
                                 f"add the {lang} text for {key}")
    return ui


# ---------------------------------------------------------------- cross-checks


def _check_text(problems: Problems, file: str, where: str, text: str, markdown: bool = False) -> None:
    if has_raw_html(text):
        fix = "use Markdown instead of HTML tags" if markdown else "write plain text without < > tags"
        problems.add(file, where, "contains raw HTML, which is not allowed", fix)
    if markdown:
        for target in unsafe_links(text):
            problems.add(file, where, f"links to {target!r}; only http(s) and relative links are allowed",
                         "use an https:// address")


@dataclass(frozen=True)
class _Known:
    """What cross-references may point to. A vocabulary whose file is broken is None: its
    references are not checked, so one broken file does not echo as a hundred unknown ids.
    """

    papers: set[str]
    topics: set[str] | None
    tags: set[str] | None
    venues: set[str] | None
    relation_types: set[str] | None
    libraries: set[str] | None
    datasets: set[str] | None = None
    benchmarks: dict[str, Benchmark] | None = None


def _unknown(problems: Problems, file: str, where: str, what: str, value: str, known: set[str] | None,
             fix: str) -> None:
    if known is not None and value not in known:
        problems.add(file, where, f"unknown {what} {value!r}", fix)


def _check_paper(paper: Paper, known: _Known, today: dt.date, problems: Problems) -> None:
    file = paper.source_file
    arxiv_month = ARXIV_MONTH.match(paper.arxiv or "")
    if paper.year > today.year:
        problems.add(file, "year", f"{paper.year} is in the future",
                     "use the year of the first public release (arXiv v1)")
    elif arxiv_month and paper.year > 2000 + int(arxiv_month.group(1)):
        # arXiv v1 is a public release, so the first release cannot be later than the id's YYMM.
        problems.add(file, "year", f"{paper.year} is after the paper's arXiv release "
                     f"({paper.arxiv}: 20{arxiv_month.group(1)}-{arxiv_month.group(2)})",
                     "use the year of the first public release (arXiv v1), or check the arXiv id")
    topic_list = ", ".join(sorted(known.topics or ()))
    for index, topic in enumerate(paper.topics):
        _unknown(problems, file, f"topics[{index}]", "topic", topic, known.topics,
                 f"use one of: {topic_list} (data/topics.yaml)")
    for index, tag in enumerate(paper.tags):
        _unknown(problems, file, f"tags[{index}]", "tag", tag, known.tags,
                 "add it to data/tags.yaml or use an existing tag")
    if paper.venue:
        _unknown(problems, file, "venue", "venue", paper.venue_id or "", known.venues,
                 "add it to data/venues.yaml or use an existing venue id")
        if paper.venue_year is not None and paper.venue_year < paper.year:
            problems.add(file, "venue", f"published in {paper.venue_year}, before its first release in {paper.year}",
                         "year is the first public release (arXiv v1); check both years")
    for index, link in enumerate(paper.code):
        if link.library:
            _unknown(problems, file, f"code[{index}].library", "library", link.library, known.libraries,
                     "add it to data/libraries.yaml or use an existing library id")
    seen_relations = set()
    for index, relation in enumerate(paper.relations):
        where = f"relations[{index}]"
        _unknown(problems, file, f"{where}.type", "relation type", relation.type, known.relation_types,
                 f"use one of: {', '.join(sorted(known.relation_types or ()))} (data/relations.yaml)")
        if relation.target == paper.id:
            problems.add(file, f"{where}.target", "a paper cannot relate to itself", "point to another paper")
        else:
            _unknown(problems, file, f"{where}.target", "paper", relation.target, known.papers,
                     "use the id (file name) of a paper in data/papers/")
        if (relation.type, relation.target) in seen_relations:
            problems.add(file, where, "the same relation is listed twice", "remove the duplicate")
        seen_relations.add((relation.type, relation.target))
        if relation.note:
            for lang in LANGS:
                _check_text(problems, file, f"{where}.note.{lang}", relation.note[lang])
    for field_name in ("title", "name"):
        value = getattr(paper, field_name)
        if value:
            _check_text(problems, file, field_name, value)
    for index, alias in enumerate(paper.aliases):
        _check_text(problems, file, f"aliases[{index}]", alias)
    for index, author in enumerate(paper.authors):
        _check_text(problems, file, f"authors[{index}]", author)
        _check_author(problems, file, f"authors[{index}]", author)
    _check_placeholders(paper, problems)
    for lang in LANGS:
        _check_text(problems, file, f"summary.{lang}", paper.summary[lang])
        if paper.details:
            _check_text(problems, file, f"details.{lang}", paper.details[lang], markdown=True)
            _check_citations(problems, file, f"details.{lang}", paper.details[lang], known.papers)


def _check_placeholders(paper: Paper, problems: Problems) -> None:
    """A copy of the template validates as YAML; its example texts must still be replaced before it is a paper."""
    file = paper.source_file
    for lang in LANGS:
        if paper.summary[lang].strip() == PLACEHOLDER_SUMMARY[lang]:
            problems.add(file, f"summary.{lang}", "is still the template's placeholder text",
                         "write the paper's key idea in one line (not the title again)")
        if paper.details and paper.details[lang] == PLACEHOLDER_DETAILS[lang]:
            problems.add(file, f"details.{lang}", "is still the template's placeholder text",
                         "write the key points: the problem, the idea, how it works, what it achieved")
        if paper.translation[lang] == PLACEHOLDER_HASH:
            problems.add(file, f"translation.{lang}", f"is still the template's placeholder hash {PLACEHOLDER_HASH}",
                         f"write both languages' texts, then run `python -m cvatlas hashes {file}` "
                         "and copy the translation block it prints")


_AUTHOR_AND = re.compile(r"(?:^|\s)(?:and|&)(?:\s|$)", re.IGNORECASE)


def _check_author(problems: Problems, file: str, where: str, author: str) -> None:
    """One person per item, in a form every citation format splits the same way."""
    fix = 'write one person per item, as "Given Family" (or "Family, Given")'
    if _AUTHOR_AND.search(author):
        problems.add(file, where, f"{author!r} reads as several people ('and' separates authors in BibTeX)",
                     f"{fix}; list each author as its own item")
    elif any(char in author for char in "{}\\"):
        problems.add(file, where, f"{author!r} contains braces or a backslash", f"{fix}, without LaTeX markup")
    elif author.count(",") > 1 or author.strip().startswith(",") or author.strip().endswith(","):
        problems.add(file, where, f"{author!r} has a comma out of place", fix)
    else:
        try:
            parse_name(author)
        except PybtexError as error:
            problems.add(file, where, f"{author!r} is not a name BibTeX can split ({error})", fix)


def _check_citations(problems: Problems, file: str, where: str, markdown: str, papers: set[str]) -> None:
    for key in cited_keys(markdown):
        if key not in papers:
            problems.add(file, where, f"cites unknown paper [@{key}]", "cite a paper id from data/papers/")


def _check_vocabularies(cat: Catalogue, known: _Known, data_dir: Path, problems: Problems) -> None:
    glossary_file = _display(data_dir / "glossary.yaml", data_dir)
    topics_file = _display(data_dir / "topics.yaml", data_dir)
    for term in cat.glossary:
        for index, paper_id in enumerate(term.papers):
            _unknown(problems, glossary_file, f"{term.id}.papers[{index}]", "paper", paper_id, known.papers,
                     "use the id (file name) of a paper in data/papers/")
        for lang in LANGS:
            _check_text(problems, glossary_file, f"{term.id}.definition.{lang}", term.definition[lang])
    seen_abbr: dict[str, str] = {}
    for term in cat.glossary:
        if term.abbr and term.abbr in seen_abbr:
            problems.add(glossary_file, f"{term.id}.abbr",
                         f"abbreviation {term.abbr!r} is also used by {seen_abbr[term.abbr]!r}",
                         "an abbreviation has one glossary entry")
        if term.abbr:
            seen_abbr[term.abbr] = term.id
    for note in cat.notes:
        for index, entry in enumerate(note.entries):
            _unknown(problems, note.source_file, f"entries[{index}].paper", "paper", entry.paper, known.papers,
                     "use the id (file name) of a paper in data/papers/")
            for lang in LANGS:
                where = f"entries[{index}].comment.{lang}"
                _check_text(problems, note.source_file, where, entry.comment[lang], markdown=True)
                _check_citations(problems, note.source_file, where, entry.comment[lang], known.papers)
    used_topics = {topic for paper in cat.papers.values() for topic in paper.topics}
    for topic in cat.topics:
        if cat.papers and topic.id not in used_topics and len(cat.papers) == len(known.papers):
            problems.add(topics_file, topic.id, "no paper belongs to this topic",
                         "add papers to it or remove the topic")


def normalised_title(title: str) -> str:
    """What makes two titles the same paper: letters and digits only, case and width folded."""
    folded = unicodedata.normalize("NFKC", title).casefold()
    return "".join(char for char in folded if char.isalnum())


def _check_identities(papers: dict[str, Paper], problems: Problems) -> None:
    """One file per paper: no arXiv id, DOI or title may belong to two files."""
    keys: list[tuple[str, str, Callable[[Paper], str | None]]] = [
        ("arxiv", "arXiv id", lambda p: p.arxiv),
        ("doi", "DOI", lambda p: p.doi.lower() if p.doi else None),
        ("title", "title", lambda p: normalised_title(p.title) or None),
    ]
    for field_name, label, key in keys:
        owners: dict[str, Paper] = {}
        # The entry added first keeps the identifier; the newer file (often a pull request's) is named.
        for paper in sorted(papers.values(), key=lambda p: (p.added or "9999", p.id)):
            value = key(paper)
            if value is None:
                continue
            if value in owners:
                first = owners[value]
                shown = getattr(paper, field_name)
                problems.add(paper.source_file, field_name,
                             f"the {label} {shown!r} is already that of {first.source_file} ({first.id}): "
                             "the same paper twice",
                             f"keep one file per paper: merge {paper.source_file} into {first.source_file}, "
                             f"or correct the {label}")
            else:
                owners[value] = paper


def _first_release(paper: Paper) -> str:
    """YYYY-MM of the first public release, as precisely as the data tells: the arXiv id's month."""
    arxiv_month = ARXIV_MONTH.match(paper.arxiv or "")
    return f"20{arxiv_month.group(1)}-{arxiv_month.group(2)}" if arxiv_month else f"{paper.year}-01"


def _check_results(paper: Paper, known: _Known, problems: Problems) -> None:
    file = paper.source_file
    released = _first_release(paper)
    seen: dict[tuple[Any, ...], int] = {}
    for index, result in enumerate(paper.results):
        where = f"results[{index}]"
        benchmark = (known.benchmarks or {}).get(result.benchmark)
        if known.benchmarks is not None and benchmark is None:
            close = difflib.get_close_matches(result.benchmark, list(known.benchmarks), n=1)
            problems.add(file, f"{where}.benchmark", f"unknown benchmark {result.benchmark!r}",
                         (f"did you mean {close[0]!r}? " if close else "")
                         + "use a benchmark id from data/benchmarks.yaml, or add the benchmark there")
        if benchmark is not None:
            low, high = benchmark.range
            if not low <= result.value <= high:
                problems.add(file, f"{where}.value", f"{result.value} is outside the range of "
                             f"{benchmark.metric} ({low}–{high} {benchmark.unit})",
                             "write the value in the benchmark's unit (a percentage as 78.6, not 0.786)")
        for position, dataset in enumerate(result.extra_data):
            _unknown(problems, file, f"{where}.extra_data[{position}]", "dataset", dataset, known.datasets,
                     "use a dataset id from data/datasets.yaml, or add the dataset there")
        if result.source.date < released:
            problems.add(file, f"{where}.source.date",
                         f"{result.source.date} is before the paper's first release ({released})",
                         "give the date of the version you read (arXiv vN or the venue), not an earlier one")
        key = (result.benchmark, result.model, result.extra_data, result.resolution, result.tta)
        if key in seen:
            problems.add(file, where, f"the same result is listed twice (also results[{seen[key]}]: "
                         f"{result.model} on {result.benchmark})",
                         "remove the duplicate, or tell the two apart by model name, extra data, resolution or tta")
        seen.setdefault(key, index)


def _check_redirects(cat: Catalogue, known: _Known, data_dir: Path, problems: Problems) -> None:
    file = _display(data_dir / "redirects.yaml", data_dir)
    seen: set[str] = set()
    for index, redirect in enumerate(cat.redirects):
        if known.topics is not None and redirect.old in known.topics:
            problems.add(file, f"[{index}].from", f"{redirect.old!r} is still a topic in data/topics.yaml",
                         "a redirect is for an address whose topic is gone: remove the redirect or the topic")
        if redirect.old in seen:
            problems.add(file, f"[{index}].from", f"{redirect.old!r} is redirected twice", "keep one entry")
        seen.add(redirect.old)
        for position, target in enumerate(redirect.targets):
            _unknown(problems, file, f"[{index}].to[{position}]", "topic", target, known.topics,
                     "use a topic id from data/topics.yaml")


def _check_benchmarks(cat: Catalogue, known: _Known, data_dir: Path, problems: Problems) -> None:
    file = _display(data_dir / "benchmarks.yaml", data_dir)
    for benchmark in cat.benchmarks.values():
        _unknown(problems, file, f"{benchmark.id}.topic", "topic", benchmark.topic, known.topics,
                 "use a topic id from data/topics.yaml")
        _unknown(problems, file, f"{benchmark.id}.dataset", "dataset", benchmark.dataset, known.datasets,
                 "use a dataset id from data/datasets.yaml, or add the dataset there")
        low, high = benchmark.range
        if low >= high:
            problems.add(file, f"{benchmark.id}.range", f"the range [{low}, {high}] is empty",
                         "write the lowest possible value first, e.g. [0, 100]")


# ---------------------------------------------------------------- entry point


def load_catalogue(data_dir: Path, *, today: dt.date | None = None) -> Catalogue:
    """Load and check the whole data tree; raises DataError listing every problem."""
    data_dir = Path(data_dir)
    today = today or dt.date.today()
    problems = Problems()
    if not data_dir.is_dir():
        problems.add(str(data_dir), "", "the data directory does not exist", "run from the repository root")
        problems.raise_if_any()
    papers, paper_ids = _read_papers(data_dir, problems)
    topics = _read_list(data_dir, "topics.yaml", "topics", problems,
                        lambda r: Topic(r["id"], r["order"], dict(r["name"]), dict(r["description"])))
    cat = Catalogue(
        papers=papers,
        topics=sorted(topics.values(), key=lambda t: (t.order, t.id)),
        tags=_read_list(data_dir, "tags.yaml", "tags", problems,
                        lambda r: Tag(r["id"], dict(r["name"]), r.get("description"))),
        venues=_read_list(data_dir, "venues.yaml", "venues", problems,
                          lambda r: Venue(r["id"], r["type"], r["name"], r.get("booktitle"), r.get("publisher"))),
        relation_types=_read_list(data_dir, "relations.yaml", "relations", problems,
                                  lambda r: RelationType(r["id"], dict(r["label"]), dict(r["inverse"]))),
        libraries=_read_list(data_dir, "libraries.yaml", "libraries", problems,
                             lambda r: Library(r["id"], r["name"], r["url"], list(r["frameworks"]),
                                               dict(r["description"]), r.get("docs"))),
        glossary=list(_read_list(data_dir, "glossary.yaml", "glossary", problems,
                                 lambda r: GlossaryTerm(r["id"], dict(r["term"]), dict(r["definition"]),
                                                        r.get("abbr"), list(r.get("aliases", [])),
                                                        list(r.get("papers", [])))).values()),
        notes=_read_notes(data_dir, problems),
        ui=_read_ui(data_dir, problems),
        datasets=_read_list(data_dir, "datasets.yaml", "datasets", problems,
                            lambda r: Dataset(r["id"], r["name"], dict(r["description"]), r.get("url"))),
        benchmarks=_read_list(data_dir, "benchmarks.yaml", "benchmarks", problems,
                              lambda r: Benchmark(r["id"], r["topic"], r["dataset"], r["split"], r["metric"],
                                                  r["unit"], r["higher_is_better"], tuple(r["range"]),
                                                  dict(r["name"]), dict(r["description"]),
                                                  dict(r["protocol"]))),
        redirects=_read_redirects(data_dir, problems),
    )
    broken = {problem.file for problem in problems.items}

    def usable(name: str, ids: Any) -> set[str] | None:
        return None if _display(data_dir / name, data_dir) in broken else set(ids)

    known = _Known(
        papers=paper_ids,
        topics=usable("topics.yaml", (t.id for t in cat.topics)),
        tags=usable("tags.yaml", cat.tags),
        venues=usable("venues.yaml", cat.venues),
        relation_types=usable("relations.yaml", cat.relation_types),
        libraries=usable("libraries.yaml", cat.libraries),
        datasets=usable("datasets.yaml", cat.datasets),
        benchmarks=None if _display(data_dir / "benchmarks.yaml", data_dir) in broken else cat.benchmarks,
    )
    _check_identities(cat.papers, problems)
    for paper in cat.papers.values():
        _check_paper(paper, known, today, problems)
        _check_results(paper, known, problems)
    _check_vocabularies(cat, known, data_dir, problems)
    _check_benchmarks(cat, known, data_dir, problems)
    _check_redirects(cat, known, data_dir, problems)
    problems.raise_if_any()
    for paper in cat.papers.values():
        stale = [s.lang for s in stale_texts(paper)]
        if stale:
            cat.stale[paper.id] = stale
    return cat
