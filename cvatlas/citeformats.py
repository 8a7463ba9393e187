"""Papers -> citation formats: BibTeX (through pybtex), RIS, CSL-JSON and an APA-style reference.

Only bibliographic facts leave the atlas here: no summary, tag, code link or Korean text.
The same BibTeX text is downloaded by readers and read by mkdocs-bibtex for [@key] citations.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable

from pybtex.database import BibliographyData, Entry, Person
from pybtex.database.output.bibtex import Writer

from .jsonout import record_lines
from .mdescape import html_text, md_text
from .model import Catalogue, Paper
from .names import PersonName, parse_name

# ---------------------------------------------------------------- LaTeX text

_ACCENTS = {
    "\u0300": "`", "\u0301": "'", "\u0302": "^", "\u0303": "~", "\u0304": "=", "\u0306": "u",
    "\u0307": ".", "\u0308": '"', "\u030a": "r", "\u030b": "H", "\u030c": "v", "\u0327": "c", "\u0328": "k",
}
_LETTERS = {
    "ß": r"{\ss}", "ø": r"{\o}", "Ø": r"{\O}", "æ": r"{\ae}", "Æ": r"{\AE}", "œ": r"{\oe}", "Œ": r"{\OE}",
    "ł": r"{\l}", "Ł": r"{\L}", "ı": r"{\i}", "å": r"{\aa}", "Å": r"{\AA}",
}
_SPECIALS = {"&": r"\&", "%": r"\%", "#": r"\#", "_": r"\_", "$": r"\$", "~": r"\~{}", "^": r"\^{}",
             "\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}"}
# Braces become commands, not \{ and \}: BibTeX counts escaped braces too, so one unbalanced brace in a
# title would end the field early and break the whole file for every reader.


def latex(text: str) -> str:
    r"""Unicode text -> BibTeX-safe LaTeX: M{\\"u}ller, {\\c{C}}a, \\&; other characters stay UTF-8."""
    out = []
    for char in text:
        if char in _SPECIALS:
            out.append(_SPECIALS[char])
        elif char in _LETTERS:
            out.append(_LETTERS[char])
        elif ord(char) < 128:
            out.append(char)
        else:
            base, *marks = unicodedata.normalize("NFD", char)
            if len(marks) == 1 and marks[0] in _ACCENTS and ord(base) < 128:
                command = _ACCENTS[marks[0]]
                out.append(f"{{\\{command}{base}}}" if not command.isalpha() else f"{{\\{command}{{{base}}}}}")
            else:
                out.append(char)
    return "".join(out)


_WORD = re.compile(r"[^\s]+")


def _needs_protection(word: str, first: bool) -> bool:
    core = word.strip(".,:;!?()\"'")
    if not core:
        return False
    # Per hyphen-part, so "Real-Time" may be lower-cased while "R-CNN" and "Inception-ResNet" may not.
    has_inner_capital = any(any(c.isupper() for c in part[1:]) for part in core.split("-"))
    has_digit_and_letter = any(c.isdigit() for c in core) and any(c.isalpha() for c in core)
    lowercase_start = first and core[0].islower()  # "mixup: ..." must not become "Mixup"
    return has_inner_capital or has_digit_and_letter or lowercase_start


def protected_title(title: str, extra: Iterable[str] = ()) -> str:
    """Title for BibTeX: LaTeX-escaped, with braces around words styles must not lowercase."""
    phrases = sorted(extra, key=len, reverse=True)
    placeholders: dict[str, str] = {}
    text = title
    for index, phrase in enumerate(phrases):
        token = f"\x00{index}\x00"
        if phrase in text:
            placeholders[token] = "{" + latex(phrase) + "}"
            text = text.replace(phrase, token)
    words = []
    for position, match in enumerate(_WORD.finditer(text)):
        word = match.group(0)
        if "\x00" in word:
            words.append(_restore(word, placeholders))
        elif _needs_protection(word, position == 0):
            core = word.strip(".,:;!?()\"'")
            start = word.index(core)
            words.append(latex(word[:start]) + "{" + latex(core) + "}" + latex(word[start + len(core):]))
        else:
            words.append(latex(word))
    return " ".join(words)


def _restore(word: str, placeholders: dict[str, str]) -> str:
    parts = re.split(r"(\x00\d+\x00)", word)
    return "".join(placeholders.get(part, latex(part)) for part in parts)


# ---------------------------------------------------------------- BibTeX


def entry_type(paper: Paper, cat: Catalogue) -> str:
    venue = cat.venues.get(paper.venue_id or "")
    if venue is None:
        return "misc"
    return "article" if venue.type == "journal" else "inproceedings"


def publication_year(paper: Paper) -> int:
    """The year a reference shows: the venue's year when published, else the first release."""
    return paper.venue_year or paper.year


def bibtex_entry(paper: Paper, cat: Catalogue) -> Entry:
    kind = entry_type(paper, cat)
    fields: list[tuple[str, str]] = [("title", protected_title(paper.title, paper.title_protect))]
    venue = cat.venues.get(paper.venue_id or "")
    if venue and kind == "article":
        fields.append(("journal", latex(venue.name)))
    elif venue:
        fields.append(("booktitle", latex(venue.booktitle or venue.name)))
    fields.append(("year", str(publication_year(paper))))
    if venue and venue.publisher:
        fields.append(("publisher", latex(venue.publisher)))
    if paper.doi:
        fields.append(("doi", paper.doi))
    if paper.arxiv:
        fields += [("eprint", paper.arxiv), ("archivePrefix", "arXiv")]
        if paper.arxiv_class:
            fields.append(("primaryClass", paper.arxiv_class))
    if paper.url and not paper.doi and not paper.arxiv:
        fields.append(("url", paper.url))
    authors = [Person(first=latex(n.given), last=latex(n.family)) for n in map(parse_name, paper.authors)]
    return Entry(kind, fields=fields, persons={"author": authors})


class _VerbatimWriter(Writer):
    """pybtex's writer, minus its own LaTeX encoding: fields arrive already encoded by latex()."""

    def _encode(self, text: str) -> str:
        return text


def bibtex_text(papers: Iterable[Paper], cat: Catalogue) -> str:
    return CitationExports(cat).bibtex(papers)


# ---------------------------------------------------------------- RIS

_RIS_TYPES = {"inproceedings": "CPAPER", "article": "JOUR", "misc": "UNPB"}


def ris_record(paper: Paper, cat: Catalogue) -> str:
    kind = entry_type(paper, cat)
    lines = [f"TY  - {_RIS_TYPES[kind]}", f"ID  - {paper.id}", f"TI  - {paper.title}"]
    lines += [f"AU  - {parse_name(author).inverted}" for author in paper.authors]
    lines.append(f"PY  - {publication_year(paper)}")
    venue = cat.venues.get(paper.venue_id or "")
    if venue and kind == "article":
        lines.append(f"JO  - {venue.name}")
    elif venue:
        lines.append(f"T2  - {venue.booktitle or venue.name}")
    if venue and venue.publisher:
        lines.append(f"PB  - {venue.publisher}")
    if paper.doi:
        lines.append(f"DO  - {paper.doi}")
    if paper.arxiv:
        lines.append(f"M1  - arXiv:{paper.arxiv}")
    if paper.landing_url:
        lines.append(f"UR  - {paper.landing_url}")
    lines.append("ER  - ")
    return "\n".join(lines) + "\n"


def ris_text(papers: Iterable[Paper], cat: Catalogue) -> str:
    return CitationExports(cat).ris(papers)


# ---------------------------------------------------------------- CSL-JSON

_CSL_TYPES = {"inproceedings": "paper-conference", "article": "article-journal", "misc": "article"}


def csl_item(paper: Paper, cat: Catalogue) -> dict[str, object]:
    kind = entry_type(paper, cat)
    item: dict[str, object] = {
        "id": paper.id,
        "type": _CSL_TYPES[kind],
        "title": paper.title,
        "author": [{"family": n.family, "given": n.given} for n in map(parse_name, paper.authors)],
        "issued": {"date-parts": [[publication_year(paper)]]},
    }
    venue = cat.venues.get(paper.venue_id or "")
    if venue:
        item["container-title"] = venue.name if kind == "article" else (venue.booktitle or venue.name)
        if venue.publisher:
            item["publisher"] = venue.publisher
    elif paper.arxiv:
        item["publisher"] = "arXiv"
        item["number"] = f"arXiv:{paper.arxiv}"
    if paper.doi:
        item["DOI"] = paper.doi
    if paper.landing_url:
        item["URL"] = paper.landing_url
    return item


def csl_json_text(papers: Iterable[Paper], cat: Catalogue) -> str:
    return CitationExports(cat).csl_json(papers)


# ---------------------------------------------------------------- one cache per build


class CitationExports:
    """Every format of every paper, formatted once per build: a paper appears in its own downloads,
    on its page, in its topics' .bib files and in the site-wide files, in both formats and files.
    """

    def __init__(self, cat: Catalogue):
        self.cat = cat
        self._bibtex: dict[str, str] = {}
        self._ris: dict[str, str] = {}
        self._csl: dict[str, dict[str, object]] = {}

    def bibtex_entry(self, paper: Paper) -> str:
        if paper.id not in self._bibtex:
            data = BibliographyData(entries={paper.id: bibtex_entry(paper, self.cat)})
            self._bibtex[paper.id] = _VerbatimWriter(encoding="utf-8").to_string(data)
        return self._bibtex[paper.id]

    def bibtex(self, papers: Iterable[Paper]) -> str:
        # pybtex separates entries with one blank line; joining single entries gives the same text.
        return "\n".join(self.bibtex_entry(p) for p in papers)

    def ris(self, papers: Iterable[Paper]) -> str:
        papers = list(papers)
        for paper in papers:
            if paper.id not in self._ris:
                self._ris[paper.id] = ris_record(paper, self.cat)
        return "\n".join(self._ris[p.id] for p in papers)

    def csl_json(self, papers: Iterable[Paper]) -> str:
        papers = list(papers)
        for paper in papers:
            if paper.id not in self._csl:
                self._csl[paper.id] = csl_item(paper, self.cat)
        return record_lines([self._csl[p.id] for p in papers])


# ---------------------------------------------------------------- APA-style reference


def _initials(given: str) -> str:
    parts = []
    for word in given.split():
        pieces = [p for p in word.split("-") if p]
        parts.append("-".join(f"{p[0]}." for p in pieces))
    return " ".join(parts)


def _apa_author(name: PersonName) -> str:
    return f"{name.family}, {_initials(name.given)}" if name.given else name.family


def sentence_case(title: str, title_protect: Iterable[str] = ()) -> str:
    """Lower-case what a BibTeX style would lower-case; keep acronyms, names and the first word."""
    protected_spans = [(m.start(), m.end()) for phrase in title_protect for m in re.finditer(re.escape(phrase), title)]
    words = []
    capitalise_next = True
    for match in _WORD.finditer(title):
        word = match.group(0)
        inside = any(start <= match.start() < end for start, end in protected_spans)
        if capitalise_next or inside or _needs_protection(word, False):
            words.append(word)
        else:
            words.append(word.lower())
        capitalise_next = word.endswith((":", "?", "!", "."))
    return " ".join(words)


def _md(text: str) -> str:
    """Plain text -> Markdown that shows exactly that text (no HTML, no emphasis, no links)."""
    return str(md_text(text))


# A reference is a list of (text, style) runs so that Markdown pages and raw HTML show the same text.
Run = tuple[str, str]  # style: "text", "italic" or "link"


def apa_runs(paper: Paper, cat: Catalogue) -> list[Run]:
    """An APA 7-style reference: authors (year). Title. In *Proceedings*. DOI/arXiv link."""
    names = [_apa_author(parse_name(a)) for a in paper.authors]
    if len(names) == 1:
        authors = names[0]
    elif len(names) <= 20:
        authors = ", ".join(names[:-1]) + ", & " + names[-1]
    else:
        authors = ", ".join(names[:19]) + ", … " + names[-1]
    title = sentence_case(paper.title, paper.title_protect)
    runs: list[Run] = [(f"{authors} ({publication_year(paper)}). ", "text")]
    venue = cat.venues.get(paper.venue_id or "")
    kind = entry_type(paper, cat)
    if venue and kind == "article":
        runs += [(f"{title}. ", "text"), (venue.name, "italic"), (".", "text")]
    elif venue:
        runs += [(f"{title}. In ", "text"), (venue.booktitle or venue.name, "italic"), (".", "text")]
    elif paper.arxiv:
        runs += [(title, "italic"), (f" (arXiv:{paper.arxiv}).", "text")]
    else:
        runs += [(title, "italic"), (".", "text")]
    link = paper.doi_url or paper.arxiv_url or paper.url
    if link:
        runs += [(" ", "text"), (link, "link")]
    return runs


def runs_markdown(runs: list[Run]) -> str:
    out = []
    for text, style in runs:
        if style == "italic":
            out.append(f"*{_md(text)}*")
        elif style == "link":
            out.append(f"<{text}>")
        else:
            out.append(_md(text))
    return "".join(out)


def runs_html(runs: list[Run]) -> str:
    """The reference as raw HTML for a Markdown page (the build's plugins still scan it: see html_text)."""
    out = []
    for text, style in runs:
        safe = html_text(text) if style != "link" else html.escape(text, quote=True)
        if style == "italic":
            out.append(f"<em>{safe}</em>")
        elif style == "link":
            out.append(f'<a href="{safe}">{safe}</a>')
        else:
            out.append(safe)
    return "".join(out)


def apa_reference(paper: Paper, cat: Catalogue) -> str:
    """The APA-style reference as Markdown (used in footnotes, pages and the bibliography)."""
    return runs_markdown(apa_runs(paper, cat))
