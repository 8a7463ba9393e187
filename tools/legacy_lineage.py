"""The lineage layout used until the atlas outgrew it (years as rows of three columns, edges routed by hand);
kept only so that `make bench` can compare it with cvatlas.lineage on the same topics.


Laid out here at build time rather than by Mermaid in the browser: no 3 MB script, no request to
another host, links that work with JavaScript off, and output that tests can read.
Years run top to bottom; papers of one year share a row (wrapped at `columns`), ordered by where
the papers they build on sit, so that most edges run straight down.
"""

from __future__ import annotations

from dataclasses import dataclass

from cvatlas.model import Paper

NODE_WIDTH = 164
NODE_HEIGHT = 44
GAP_X = 20
GAP_Y = 34
MARGIN_LEFT = 52  # room for the year labels
MARGIN = 10
LABEL_CHARS = 20

# Line style per relation type; the page's legend explains them.
EDGE_STYLES = {"improves": "solid", "extends": "solid", "uses": "dashed"}


@dataclass(frozen=True)
class Node:
    paper: Paper
    x: int
    y: int
    label: str
    href: str

    @property
    def centre_x(self) -> int:
        return self.x + NODE_WIDTH // 2


@dataclass(frozen=True)
class Edge:
    source: Node  # the newer paper, which states the relation
    target: Node  # the earlier paper it builds on
    type: str
    style: str  # solid, dashed or dotted
    path: str  # SVG path data, from target to source (arrow at the newer paper)


@dataclass(frozen=True)
class YearLabel:
    year: int
    y: int


@dataclass(frozen=True)
class Diagram:
    width: int
    height: int
    nodes: list[Node]
    edges: list[Edge]
    years: list[YearLabel]


def _label(paper: Paper) -> str:
    name = paper.display_name
    return name if len(name) <= LABEL_CHARS else name[: LABEL_CHARS - 1].rstrip() + "…"


def _gap_x(x1: int, x2: int, columns: int) -> int:
    """The vertical corridor between columns closest to the middle of an edge."""
    middle = (x1 + x2) / 2
    corridors = [MARGIN_LEFT + k * (NODE_WIDTH + GAP_X) - GAP_X // 2 for k in range(columns + 1)]
    return min(corridors, key=lambda x: (abs(x - middle), x))


def _path(target: Node, source: Node, columns: int) -> str:
    if target.y == source.y:  # same row: arc over the top
        left, right = (target, source) if target.x < source.x else (source, target)
        x1, x2, y = left.centre_x, right.centre_x, target.y
        lift = GAP_Y // 2 + 6
        start, end = (x1, x2) if left is target else (x2, x1)
        return f"M{start},{y} C{start},{y - lift} {end},{y - lift} {end},{y}"
    x1, y1 = target.centre_x, target.y + NODE_HEIGHT
    x2, y2 = source.centre_x, source.y
    if y2 - y1 <= GAP_Y:  # adjacent rows: one smooth curve
        bend = max(12, (y2 - y1) // 2)
        return f"M{x1},{y1} C{x1},{y1 + bend} {x2},{y2 - bend} {x2},{y2}"
    # Rows in between: run down the corridor between columns instead of through the boxes.
    gx, half = _gap_x(x1, x2, columns), GAP_Y // 2
    return (f"M{x1},{y1} C{x1},{y1 + half} {gx},{y1} {gx},{y1 + half} "
            f"L{gx},{y2 - half} C{gx},{y2} {x2},{y2 - half} {x2},{y2}")


def layout(papers: list[Paper], hrefs: dict[str, str], columns: int = 3) -> Diagram:
    """Place `papers` (one topic) by year; `hrefs` maps paper id -> link from the page."""
    members = {p.id for p in papers}
    years = sorted({p.year for p in papers})
    placed: dict[str, Node] = {}
    labels: list[YearLabel] = []
    y = MARGIN + GAP_Y // 2
    for year in years:
        row = [p for p in papers if p.year == year]

        def anchor(paper: Paper) -> float:
            parents = [placed[r.target].centre_x for r in paper.relations if r.target in placed]
            return sum(parents) / len(parents) if parents else float("inf")

        row.sort(key=lambda p: (anchor(p), p.display_name.lower(), p.id))
        labels.append(YearLabel(year, y + NODE_HEIGHT // 2))
        for start in range(0, len(row), columns):
            for column, paper in enumerate(row[start:start + columns]):
                x = MARGIN_LEFT + column * (NODE_WIDTH + GAP_X)
                placed[paper.id] = Node(paper, x, y, _label(paper), hrefs[paper.id])
            y += NODE_HEIGHT + GAP_Y
    edges = []
    for paper in papers:
        for relation in paper.relations:
            if relation.target in members:
                source, target = placed[paper.id], placed[relation.target]
                style = EDGE_STYLES.get(relation.type, "dotted")
                edges.append(Edge(source, target, relation.type, style, _path(target, source, columns)))
    width = MARGIN_LEFT + columns * NODE_WIDTH + (columns - 1) * GAP_X + MARGIN
    height = y - GAP_Y // 2 + MARGIN
    nodes = sorted(placed.values(), key=lambda n: (n.y, n.x))
    return Diagram(width, height, nodes, edges, labels)
