"""Results and leaderboards: ranks follow each benchmark's direction, the "no extra data" board and the
best-so-far line are right, pages in both languages show them, chart points link to papers, and the
CSV and JSON downloads round-trip to the data."""

from __future__ import annotations

import csv
import dataclasses
import html
import io
import itertools
import json
import re
from pathlib import Path

import pytest

from cvatlas import charts
from cvatlas.catalogue import load_catalogue
from cvatlas.leaderboards import build_leaderboards
from cvatlas.model import LANGS, Catalogue, Result, ResultSource

from .conftest import BuiltSite


def result(model: str, value: float, date: str, extra: tuple[str, ...] = ()) -> Result:
    return Result("imagenet-top1", model, value, ResultSource("Table 1", "arXiv v1", date), extra_data=extra)


@pytest.fixture
def small_catalogue(fixture_data: Path) -> Catalogue:
    cat = load_catalogue(fixture_data)
    cat.papers["resnet"].results = [result("ResNet-50", 76.0, "2015-12"), result("ResNet-152", 78.6, "2015-12")]
    cat.papers["mobilenet"].results = [result("MobileNet", 70.6, "2017-04"),
                                       result("MobileNet (JFT)", 80.0, "2017-05", ("jft-300m",))]
    cat.papers["mobilenet-v2"].results = [result("MobileNetV2", 78.6, "2018-01")]
    return cat


def test_higher_is_better_ranks_ties_together_and_earlier_first(small_catalogue: Catalogue) -> None:
    board = build_leaderboards(small_catalogue)["imagenet-top1"]
    assert [(r.rank, r.result.model) for r in board.rows] == [
        (1, "MobileNet (JFT)"), (2, "ResNet-152"), (2, "MobileNetV2"), (4, "ResNet-50"), (5, "MobileNet")]
    assert [(r.rank, r.result.model) for r in board.own_data_rows] == [
        (1, "ResNet-152"), (1, "MobileNetV2"), (3, "ResNet-50"), (4, "MobileNet")]
    assert [(p.date, p.value) for p in board.frontier] == [("2015-12", 78.6), ("2017-05", 80.0)]
    assert board.rank_of("mobilenet-v2", small_catalogue.papers["mobilenet-v2"].results[0]) == 2


def test_lower_is_better_turns_the_order_around(small_catalogue: Catalogue) -> None:
    benchmark = small_catalogue.benchmarks["imagenet-top1"]
    small_catalogue.benchmarks["imagenet-top1"] = dataclasses.replace(benchmark, higher_is_better=False)
    board = build_leaderboards(small_catalogue)["imagenet-top1"]
    assert [r.result.value for r in board.rows] == [70.6, 76.0, 78.6, 78.6, 80.0]
    assert [r.rank for r in board.rows] == [1, 2, 3, 3, 5]
    # The best so far only ever improves: 76.0 and 78.6 (2015-12) are beaten by 70.6 (2017-04).
    assert [(p.date, p.value) for p in board.frontier] == [("2015-12", 76.0), ("2017-04", 70.6)]


def test_the_chart_is_the_same_svg_every_time_and_needs_no_other_host(small_catalogue: Catalogue,
                                                                       tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(charts, "CACHE_DIR", tmp_path / "cold")
    board = build_leaderboards(small_catalogue)["imagenet-top1"]
    hrefs = {p: f"../../papers/{p}/" for p in small_catalogue.papers}
    labels = {"x": "날짜", "y": "top-1 (%)", "own": "추가 데이터 없음", "extra": "추가 데이터"}
    first = charts.sota_chart(board, hrefs, labels, "ko")
    (tmp_path / "cold").rename(tmp_path / "used")
    second = charts.sota_chart(board, hrefs, labels, "ko")  # drawn again, not read from the cache
    assert first == second
    assert "날짜" in first and "추가 데이터 없음" in first
    links = re.findall(r'xlink:href="([^"]+)"', first)
    assert sorted(links) == sorted(hrefs[p.paper.id] for p in board.points)
    assert not re.search(r'(?:href|src)="https?://', first)


# ---------------------------------------------------------------- the built site


def leaderboard_values(page: str, table_id: str) -> list[tuple[int, float, str]]:
    table = page.split(f'id="{table_id}"', 1)[1].split("</table>", 1)[0]
    pattern = (r'<tr[^>]*><td data-sort="(\d+)">\d+</td>.*?data-paper="([^"]+)".*?'
               r'<td class="atlas-value" data-sort="([-\d.e]+)">')
    rows = re.findall(pattern, table)
    return [(int(rank), float(value), paper) for rank, paper, value in rows]


@pytest.mark.parametrize("lang", LANGS)
def test_every_benchmark_page_ranks_its_results_in_the_right_direction(built_site: BuiltSite, catalogue: Catalogue,
                                                                       lang: str) -> None:
    boards = build_leaderboards(catalogue)
    assert len(boards) >= 7
    for benchmark_id, board in boards.items():
        page = built_site.html(lang, f"benchmarks/{benchmark_id}/")
        rows = leaderboard_values(page, "leaderboard")
        assert len(rows) == len(board.rows), benchmark_id
        values = [value for _, value, _ in rows]
        expected = sorted(values, reverse=board.benchmark.higher_is_better)
        assert values == expected, benchmark_id
        ranks = [rank for rank, _, _ in rows]
        assert ranks[0] == 1 and all(b >= a for a, b in itertools.pairwise(ranks))
        own = leaderboard_values(page, "leaderboard-own-data") if board.own_data_rows else []
        assert len(own) == sum(not r.result.extra_data for r in board.rows)


@pytest.mark.parametrize("lang", LANGS)
def test_every_chart_point_links_to_its_paper_page(built_site: BuiltSite, catalogue: Catalogue, lang: str) -> None:
    for benchmark_id, board in build_leaderboards(catalogue).items():
        page_path = built_site.page(lang, f"benchmarks/{benchmark_id}/")
        figure = page_path.read_text(encoding="utf-8").split('class="atlas-chart"', 1)[1].split("</figure>", 1)[0]
        assert 'aria-describedby="leaderboard"' in figure and 'role="img"' in figure
        links = re.findall(r'xlink:href="([^"]+)"', figure)
        assert len(links) == len(board.points), benchmark_id
        for link in links:
            target = (page_path.parent / link / "index.html").resolve()
            assert target.is_file(), (benchmark_id, link)
            assert target.parent.parent.name == "papers"


def test_chart_axes_speak_the_page_language(built_site: BuiltSite) -> None:
    ko = built_site.html("ko", "benchmarks/imagenet-top1/")
    en = built_site.html("en", "benchmarks/imagenet-top1/")
    assert "논문 버전의 공개 시점" in ko and "Date of the paper version" in en
    assert "추가 데이터 없음" in ko and "no extra data" in en


@pytest.mark.parametrize("lang", LANGS)
def test_paper_pages_give_each_result_its_rank_and_leaderboard(built_site: BuiltSite, catalogue: Catalogue,
                                                               lang: str) -> None:
    boards = build_leaderboards(catalogue)
    checked = 0
    for paper in catalogue.papers.values():
        if not paper.results:
            continue
        page = built_site.html(lang, f"papers/{paper.id}/")
        section = page.split('id="results"', 1)[1].split("</table>", 1)[0]
        for r in paper.results:
            board = boards[r.benchmark]
            assert f'href="../../benchmarks/{r.benchmark}/"' in section, (paper.id, r.benchmark)
            rank = board.rank_of(paper.id, r)
            expected = f"{rank} of {len(board.rows)}" if lang == "en" else f"{len(board.rows)}개 중 {rank}위"
            assert expected in section, (paper.id, r.model)
        checked += 1
    assert checked >= 60


def test_topic_pages_show_their_benchmarks_with_the_current_best(built_site: BuiltSite, catalogue: Catalogue) -> None:
    for board in build_leaderboards(catalogue).values():
        best = board.best
        for lang in LANGS:
            page = built_site.html(lang, f"topics/{board.benchmark.topic}/")
            section = page.split('id="benchmarks"', 1)[1].split("</ul>", 1)[0]
            item = next(li for li in section.split("<li>") if f"benchmarks/{board.benchmark.id}/" in li)
            assert f"{best.result.value:g}" in item and f'data-paper="{best.paper.id}"' in item


def test_benchmarks_index_is_in_the_navigation(built_site: BuiltSite) -> None:
    for lang, title in (("ko", "벤치마크와 순위표"), ("en", "Benchmarks and leaderboards")):
        home = built_site.html(lang)
        assert re.search(rf'<a href="benchmarks/"[^>]*>\s*(<span[^>]*>)?\s*{title}', home), lang


# ---------------------------------------------------------------- exports


def expected_rows(catalogue: Catalogue) -> list[tuple[str, str, str, float, str]]:
    return [(p.id, r.benchmark, r.model, r.value, ";".join(r.extra_data))
            for p in catalogue.papers.values() for r in p.results]


@pytest.mark.parametrize("lang", LANGS)
def test_results_csv_and_json_round_trip_to_the_data(built_site: BuiltSite, catalogue: Catalogue, lang: str) -> None:
    text = (built_site.root / lang / "downloads" / "results.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    for column in ("paper", "arxiv", "benchmark", "dataset", "split", "metric", "unit", "model", "value",
                   "extra_data", "source"):
        assert column in rows[0], column
    assert [(r["paper"], r["benchmark"], r["model"], float(r["value"]), r["extra_data"]) for r in rows] == \
        expected_rows(catalogue)
    for row in rows:
        paper = catalogue.papers[row["paper"]]
        assert row["arxiv"] == (paper.arxiv or "")
        assert row["dataset"] == catalogue.benchmarks[row["benchmark"]].dataset
    data = json.loads((built_site.root / lang / "downloads" / "results.json").read_text(encoding="utf-8"))
    assert "CC BY 4.0" in data["licence"]["data"]
    assert [(r["paper"], r["benchmark"], r["model"], r["value"], ";".join(r["extra_data"])) for r in data["results"]] \
        == expected_rows(catalogue)
    page = built_site.html(lang, "benchmarks/")
    assert 'href="../downloads/results.csv"' in page and 'href="../downloads/results.json"' in page
    assert "CC BY 4.0" in html.unescape(page)
