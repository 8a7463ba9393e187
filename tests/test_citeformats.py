"""Citing from the atlas: BibTeX, RIS and CSL-JSON generated from data/ are correct and parse in
independent tools (pybtex, bibtexparser, rispy, citeproc-py), one entry per paper, authors in order."""

from __future__ import annotations

import json
import re
from pathlib import Path

import bibtexparser
import pytest
import rispy
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from pybtex.database import parse_string

from cvatlas.catalogue import load_catalogue
from cvatlas.citeformats import bibtex_text, csl_json_text, latex, protected_title, ris_text
from cvatlas.model import Catalogue
from cvatlas.names import parse_name

HANGUL = re.compile(r"[\uac00-\ud7a3]")
SITE_ONLY_WORDS = ("summary", "details", "tags", "topics", "relations", "aliases", "translation", "framework",
                   "official", "github.com")


@pytest.fixture(scope="module")
def bib(catalogue: Catalogue) -> str:
    return bibtex_text(catalogue.papers.values(), catalogue)


def families(catalogue: Catalogue, paper_id: str) -> list[str]:
    return [parse_name(a).family for a in catalogue.papers[paper_id].authors]


def test_bibtex_parses_with_pybtex_one_entry_per_paper_in_author_order(catalogue: Catalogue, bib: str) -> None:
    parsed = parse_string(bib, "bibtex")
    assert set(parsed.entries) == set(catalogue.papers)
    for paper_id, entry in parsed.entries.items():
        got = [" ".join(str(part) for part in p.rich_prelast_names + p.rich_last_names) for p in
               entry.persons["author"]]
        assert got == families(catalogue, paper_id), paper_id


def test_bibtex_parses_with_bibtexparser(catalogue: Catalogue, bib: str) -> None:
    library = bibtexparser.parse_string(bib)
    assert library.failed_blocks == []
    assert [e.key for e in library.entries] == list(catalogue.papers)
    for entry in library.entries:
        authors = entry.fields_dict["author"].value.split(" and ")
        assert len(authors) == len(catalogue.papers[entry.key].authors)


def test_entry_types_follow_the_venue(catalogue: Catalogue, bib: str) -> None:
    entries = parse_string(bib, "bibtex").entries
    for paper in catalogue.papers.values():
        entry = entries[paper.id]
        venue = catalogue.venues.get(paper.venue_id or "")
        if venue is None:
            assert entry.type == "misc"
            assert entry.fields["archivePrefix"] == "arXiv" or "url" in entry.fields, paper.id
        elif venue.type == "journal":
            assert entry.type == "article" and "journal" in entry.fields, paper.id
        else:
            assert entry.type == "inproceedings" and "booktitle" in entry.fields, paper.id
        if paper.arxiv:  # kept for published papers too
            assert entry.fields["eprint"] == paper.arxiv
            assert entry.fields["archivePrefix"] == "arXiv"
        if paper.arxiv_class:
            assert entry.fields["primaryClass"] == paper.arxiv_class
        if paper.doi:
            assert entry.fields["doi"] == paper.doi


def test_no_korean_and_no_site_only_field_in_any_export(catalogue: Catalogue, bib: str) -> None:
    papers = list(catalogue.papers.values())
    for name, text in (("bib", bib), ("ris", ris_text(papers, catalogue)), ("csl", csl_json_text(papers, catalogue))):
        assert not HANGUL.search(text), f"Korean text in the {name} export"
        for word in SITE_ONLY_WORDS:
            assert f"{word} =" not in text and f'"{word}"' not in text, f"{word} leaked into {name}"
    fields = {f.lower() for e in parse_string(bib, "bibtex").entries.values() for f in e.fields}
    assert fields <= {"title", "booktitle", "journal", "year", "publisher", "doi", "eprint", "archiveprefix",
                      "primaryclass", "url"}


def test_titles_keep_their_capitalisation() -> None:
    assert protected_title("MobileNetV2: Inverted Residuals and Linear Bottlenecks") == \
        "{MobileNetV2}: Inverted Residuals and Linear Bottlenecks"
    assert protected_title("You Only Look Once: Unified, Real-Time Object Detection", ["You Only Look Once"]) == \
        "{You Only Look Once}: Unified, Real-Time Object Detection"
    assert protected_title("ImageNet Classification with Deep CNNs") == "{ImageNet} Classification with Deep {CNNs}"
    assert protected_title("mixup: Beyond Empirical Risk Minimization") == "{mixup}: Beyond Empirical Risk Minimization"
    assert protected_title("YOLOv4: Optimal Speed") == "{YOLOv4}: Optimal Speed"
    assert protected_title("Fast R-CNN") == "Fast {R-CNN}"


def test_special_characters_are_escaped() -> None:
    assert latex("Müller") == r'M{\"u}ller'
    assert latex("Böhm") == r'B{\"o}hm'
    assert latex("Çağlar") == r"{\c{C}}a{\u{g}}lar"
    assert latex("Sørensen & 100% data_set #1") == r"S{\o}rensen \& 100\% data\_set \#1"


def test_real_entries_escape_names_and_ampersands(bib: str, catalogue: Catalogue) -> None:
    boehm = [p for p in catalogue.papers.values() if any("Böhm" in a for a in p.authors)]
    assert boehm, "the catalogue has a paper by Jan Niklas Böhm"
    assert r'B{\"o}hm, Jan Niklas' in bib
    deit = catalogue.papers["deit"]
    assert "&" in deit.title
    entry = re.search(r"@\w+\{deit,.*?\n\}", bib, re.S).group(0)
    assert r"\&" in entry and " & " not in entry.replace(r"\&", "")


def test_ris_parses_with_rispy(catalogue: Catalogue) -> None:
    records = rispy.loads(ris_text(catalogue.papers.values(), catalogue))
    assert [r["id"] for r in records] == list(catalogue.papers)
    for record in records:
        paper = catalogue.papers[record["id"]]
        assert record["title"] == paper.title
        assert [a.split(",")[0] for a in record["authors"]] == families(catalogue, paper.id)
        assert record["type_of_reference"] in {"CPAPER", "JOUR", "UNPB"}
        if paper.doi:
            assert record["doi"] == paper.doi


def test_csl_json_formats_in_citeproc(catalogue: Catalogue) -> None:
    items = json.loads(csl_json_text(catalogue.papers.values(), catalogue))
    assert [i["id"] for i in items] == list(catalogue.papers)
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    for item in items:
        assert [a["family"] for a in item["author"]] == families(catalogue, item["id"])
        bibliography.register(Citation([CitationItem(item["id"])]))
    rendered = [str(entry) for entry in bibliography.bibliography()]
    assert len(rendered) == len(items)
    resnet = next(r for r in rendered if "Deep Residual Learning" in r)
    assert resnet.startswith("He, K. et al. (2016)")


def test_fixture_entry_is_exactly_as_expected(fixture_data: Path) -> None:
    """One full entry checked by hand against the CVPR proceedings' own BibTeX."""
    cat = load_catalogue(fixture_data)
    text = bibtex_text([cat.papers["resnet"]], cat)
    entry = parse_string(text, "bibtex").entries["resnet"]
    assert entry.type == "inproceedings"
    assert [str(p) for p in entry.persons["author"]] == ["He, Kaiming", "Zhang, Xiangyu", "Ren, Shaoqing", "Sun, Jian"]
    assert entry.fields["title"] == "Deep Residual Learning for Image Recognition"
    assert entry.fields["year"] == "2016"  # the venue's year; the data's year (2015) is the arXiv release
    assert entry.fields["booktitle"].endswith("(CVPR)")
    assert entry.fields["doi"] == "10.1109/CVPR.2016.90"
