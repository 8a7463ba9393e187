"""How readable a lineage diagram is: edge crossings, edges that run through a paper's box, and size.

Both the current layout (cvatlas.lineage) and the one it replaced (tools/legacy_lineage.py) draw SVG
paths of straight lines and cubic curves; each path is sampled into a polyline, and polylines are
tested against each other and against every box they do not start or end at.
`python -m tools.lineage_metrics` prints the table for every topic; `make bench` prints it too.
"""

from __future__ import annotations

import itertools
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from cvatlas import lineage  # noqa: E402
from cvatlas.catalogue import load_catalogue  # noqa: E402
from cvatlas.index import build_index, by_year  # noqa: E402
from tools import legacy_lineage  # noqa: E402

Point = tuple[float, float]
_COMMAND = re.compile(r"([MLC])([^MLC]*)")
SAMPLES = 12


def polyline(path: str) -> list[Point]:
    """An SVG path of M, L and C commands -> points along it."""
    points: list[Point] = []
    for command, args in _COMMAND.findall(path):
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", args)]
        pairs = list(zip(numbers[::2], numbers[1::2], strict=True))
        if command in "ML":
            points.extend(pairs)
        else:
            for start in range(0, len(pairs), 3):
                (x1, y1), (x2, y2), (x3, y3) = pairs[start:start + 3]
                x0, y0 = points[-1]
                for step in range(1, SAMPLES + 1):
                    t = step / SAMPLES
                    a, b, c, d = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t ** 2, t ** 3
                    points.append((a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3))
    return points


def _cross(p: Point, q: Point, r: Point, s: Point) -> bool:
    """Do segments pq and rs properly intersect (touching ends do not count)?"""
    def orient(a: Point, b: Point, c: Point) -> float:
        return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])

    d1, d2, d3, d4 = orient(r, s, p), orient(r, s, q), orient(p, q, r), orient(p, q, s)
    return d1 * d2 < 0 and d3 * d4 < 0


def _segments(points: list[Point]) -> list[tuple[Point, Point]]:
    return list(itertools.pairwise(points))


def crossings(lines: list[tuple[set[str], list[Point]]]) -> int:
    """Pairs of edges that cross, counted once per crossing point (edges sharing a paper excepted)."""
    total = 0
    for i, (ends_a, a) in enumerate(lines):
        segments_a = _segments(a)
        for ends_b, b in lines[i + 1:]:
            if ends_a & ends_b:
                continue
            total += sum(_cross(p, q, r, s) for p, q in segments_a for r, s in _segments(b))
    return total


def through_boxes(lines: list[tuple[set[str], list[Point]]], boxes: dict[str, tuple[float, float, float, float]]
                  ) -> int:
    """Edges that pass through the box of a paper they do not start or end at."""
    count = 0
    for ends, points in lines:
        segments = _segments(points)
        for paper_id, (x, y, w, h) in boxes.items():
            if paper_id in ends:
                continue
            inner = (x + 1, y + 1, x + w - 1, y + h - 1)  # a line along a box's border does not enter it
            if any(_segment_enters(p, q, inner) for p, q in segments):
                count += 1
    return count


def _segment_enters(p: Point, q: Point, box: tuple[float, float, float, float]) -> bool:
    """Liang-Barsky clipping: does segment pq reach the inside of the box?"""
    left, top, right, bottom = box
    dx, dy = q[0] - p[0], q[1] - p[1]
    low, high = 0.0, 1.0
    for edge_p, edge_q in ((-dx, p[0] - left), (dx, right - p[0]), (-dy, p[1] - top), (dy, bottom - p[1])):
        if edge_p == 0:
            if edge_q <= 0:
                return False
            continue
        t = edge_q / edge_p
        if edge_p < 0:
            low = max(low, t)
        else:
            high = min(high, t)
        if low >= high:
            return False
    return True


def overlaps(lines: list[tuple[set[str], list[Point]]], tolerance: float = 2.0, minimum: float = 20.0) -> int:
    """Pairs of edges drawn on top of each other (along the same line for at least `minimum` px): a
    reader cannot tell where either goes. Only vertical and horizontal runs are compared.
    """
    runs = []
    for ends, points in lines:
        mine = []
        for (x1, y1), (x2, y2) in _segments(points):
            if abs(x1 - x2) < 0.5 and abs(y1 - y2) >= minimum:
                mine.append(("v", x1, min(y1, y2), max(y1, y2)))
            elif abs(y1 - y2) < 0.5 and abs(x1 - x2) >= minimum:
                mine.append(("h", y1, min(x1, x2), max(x1, x2)))
        runs.append((ends, mine))
    total = 0
    for i, (_, a) in enumerate(runs):
        for _, b in runs[i + 1:]:
            if any(ka == kb and abs(pa - pb) <= tolerance and min(ea, eb) - max(sa, sb) >= minimum
                   for ka, pa, sa, ea in a for kb, pb, sb, eb in b):
                total += 1
    return total


@dataclass(frozen=True)
class Metrics:
    papers: int
    edges: int
    crossings: int
    through_boxes: int
    overlaps: int
    width: int
    height: int


def measure(diagram: Any, node_width: int, node_height: int) -> Metrics:
    lines = [({e.source.paper.id, e.target.paper.id}, polyline(e.path)) for e in diagram.edges]
    boxes = {n.paper.id: (n.x, n.y, node_width, node_height) for n in diagram.nodes}
    return Metrics(len(diagram.nodes), len(diagram.edges), crossings(lines), through_boxes(lines, boxes),
                   overlaps(lines), diagram.width, diagram.height)


def compare(data_dir: Path = ROOT / "data") -> list[tuple[str, Metrics, Metrics]]:
    """(topic, before, after) for every topic of a data tree."""
    cat = load_catalogue(data_dir)
    index = build_index(cat)
    rows = []
    for topic in cat.topics:
        papers = by_year(index.by_topic[topic.id])
        hrefs = {p.id: "" for p in papers}
        before = measure(legacy_lineage.layout(papers, hrefs), legacy_lineage.NODE_WIDTH, legacy_lineage.NODE_HEIGHT)
        after = measure(lineage.layout(papers, hrefs), lineage.NODE_WIDTH, lineage.NODE_HEIGHT)
        rows.append((topic.id, before, after))
    return rows


def report(rows: list[tuple[str, Metrics, Metrics]]) -> str:
    lines = ["| Topic | Papers | Edges | Crossings | Edges through a box | Edges drawn on top of another | "
             "Size (px) |", "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for topic, before, after in rows:
        lines.append(f"| {topic} | {after.papers} | {after.edges} | {before.crossings} → {after.crossings} | "
                     f"{before.through_boxes} → {after.through_boxes} | {before.overlaps} → {after.overlaps} | "
                     f"{before.width} × {before.height} → {after.width} × {after.height} |")
    totals = {name: (sum(getattr(b, name) for _, b, _ in rows), sum(getattr(a, name) for _, _, a in rows))
              for name in ("crossings", "through_boxes", "overlaps")}
    lines.append("| all | | | " + " | ".join(f"{b} → {a}" for b, a in totals.values()) + " | |")
    return "before → after (tools/legacy_lineage.py → cvatlas.lineage)\n" + "\n".join(lines)


if __name__ == "__main__":
    print(report(compare()))
