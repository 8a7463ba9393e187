"""Benchmarks and the results papers report -> leaderboards: ranked rows, the "no extra data" subset,
and the state of the art over time. Plain data; pages and charts are drawn elsewhere.

Ranking follows the benchmark's direction (higher or lower is better); equal values share a rank
(1, 2, 2, 4), and among them the earlier result comes first.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .model import Benchmark, Catalogue, Paper, Result


@dataclass(frozen=True)
class Row:
    """One result on a leaderboard."""

    rank: int
    paper: Paper
    result: Result

    @property
    def extra_data(self) -> bool:
        return bool(self.result.extra_data)


@dataclass(frozen=True)
class TimePoint:
    date: str  # YYYY-MM
    value: float
    paper: Paper
    model: str
    extra_data: bool


@dataclass
class Leaderboard:
    benchmark: Benchmark
    rows: list[Row] = field(default_factory=list)  # every result, best first
    own_data_rows: list[Row] = field(default_factory=list)  # results without extra data, ranked among themselves
    points: list[TimePoint] = field(default_factory=list)  # every result, oldest first
    frontier: list[TimePoint] = field(default_factory=list)  # the best so far, each time it improved

    @property
    def best(self) -> Row | None:
        return self.rows[0] if self.rows else None

    def rank_of(self, paper_id: str, result: Result) -> int:
        return next(row.rank for row in self.rows if row.paper.id == paper_id and row.result == result)


def better(benchmark: Benchmark, value: float, than: float) -> bool:
    return value > than if benchmark.higher_is_better else value < than


def _ranked(benchmark: Benchmark, entries: list[tuple[Paper, Result]]) -> list[Row]:
    sign = -1 if benchmark.higher_is_better else 1
    ordered = sorted(entries, key=lambda e: (sign * e[1].value, e[1].source.date, e[0].id, e[1].model))
    rows: list[Row] = []
    for position, (paper, result) in enumerate(ordered, start=1):
        tied = rows and rows[-1].result.value == result.value
        rows.append(Row(rows[-1].rank if tied else position, paper, result))
    return rows


def _over_time(benchmark: Benchmark, entries: list[tuple[Paper, Result]]) -> tuple[list[TimePoint], list[TimePoint]]:
    sign = -1 if benchmark.higher_is_better else 1  # within a month, the best result first
    points = sorted((TimePoint(r.source.date, r.value, p, r.model, bool(r.extra_data)) for p, r in entries),
                    key=lambda t: (t.date, sign * t.value, t.paper.id, t.model))
    frontier: list[TimePoint] = []
    for point in points:
        if not frontier or better(benchmark, point.value, frontier[-1].value):
            frontier.append(point)
    return points, frontier


def build_leaderboards(cat: Catalogue) -> dict[str, Leaderboard]:
    """Every benchmark with at least one result, in the file's order."""
    entries: dict[str, list[tuple[Paper, Result]]] = defaultdict(list)
    for paper in cat.papers.values():
        for result in paper.results:
            entries[result.benchmark].append((paper, result))
    boards = {}
    for benchmark in cat.benchmarks.values():
        found = entries.get(benchmark.id, [])
        if not found:
            continue
        points, frontier = _over_time(benchmark, found)
        boards[benchmark.id] = Leaderboard(
            benchmark,
            rows=_ranked(benchmark, found),
            own_data_rows=_ranked(benchmark, [(p, r) for p, r in found if not r.extra_data]),
            points=points,
            frontier=frontier,
        )
    return boards
