"""Papers of a topic and their relations -> a lineage diagram laid out in layers by year, drawn as SVG.

Laid out at build time (no Mermaid, no script, links that work with JavaScript off) by igraph's
Sugiyama layout: every row is a fixed layer, the layout orders each row to reduce edge crossings and
returns bend points (dummy vertices) for edges that span several rows, so that no edge runs through a
box. Years run top to bottom; a year with more than `per_row` papers, or whose papers build on each
other, takes several rows. The same input always gives the same diagram.
"""

from __future__ import annotations

from dataclasses import dataclass

import igraph

from .model import Paper

NODE_WIDTH = 172
NODE_HEIGHT = 44
GAP_X = 18
GAP_Y = 40
MARGIN_LEFT = 52  # room for the year labels
MARGIN = 10
LABEL_CHARS = 22
PER_ROW = 4
UNIT = 24  # pixels per unit of the layout's x axis, in which every vertex (paper or bend) is one unit wide
LINE_GAP = 12  # between two lines, or a line and a box, passing through one row

# Line style per relation type; the page's legend explains them. When two papers are linked by several
# relations, the first style in this order is drawn.
EDGE_STYLES = {"improves": "solid", "extends": "solid", "uses": "dashed"}
_STYLE_ORDER = ["solid", "dashed", "dotted"]


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
    source: Node  # the paper that states the relation (usually the newer one)
    target: Node  # the paper it relates to
    type: str
    style: str  # solid, dashed or dotted
    path: str  # SVG path data from the upper paper down to the lower one
    points: tuple[tuple[int, int], ...]  # the polyline the path follows (for tests and metrics)
    arrow_at_end: bool  # the arrow points at the stating paper: at the end when it is the lower one


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
    node_width: int = NODE_WIDTH
    node_height: int = NODE_HEIGHT


def _label(paper: Paper) -> str:
    name = paper.display_name
    return name if len(name) <= LABEL_CHARS else name[: LABEL_CHARS - 1].rstrip() + "…"


def _rows(papers: list[Paper], per_row: int) -> dict[str, int]:
    """Row of each paper: years in order; within a year a paper sits below the same-year papers it
    relates to, and a row holds at most `per_row` papers.
    """
    row_of: dict[str, int] = {}
    next_row = 0
    for year in sorted({p.year for p in papers}):
        members = sorted((p for p in papers if p.year == year), key=lambda p: (p.display_name.lower(), p.id))
        inside = {p.id for p in members}
        parents = {p.id: [r.target for r in p.relations if r.target in inside and r.target != p.id] for p in members}
        depth = dict.fromkeys(inside, 0)
        for _ in members:  # longest chain of same-year papers each builds on (a cycle stops growing here)
            for paper_id, targets in parents.items():
                depth[paper_id] = min(len(members), max([depth[paper_id], *(depth[t] + 1 for t in targets)]))
        counts: dict[int, int] = {}
        first = next_row
        for paper in sorted(members, key=lambda p: (depth[p.id], p.display_name.lower(), p.id)):
            parents = [row_of[r.target] + 1 for r in paper.relations if r.target in inside and r.target in row_of]
            row = max([first, *parents])
            while counts.get(row, 0) >= per_row:
                row += 1
            counts[row] = counts.get(row, 0) + 1
            row_of[paper.id] = row
            next_row = max(next_row, row + 1)
    return row_of


def _compact(vertices: list[tuple[float, int, bool]]) -> list[int]:
    """Pixel centres from the layout's x positions (one unit per vertex): a paper box needs its full
    width, a bend point only room for a line, so each row is swept left to right keeping the layout's
    order and x where there is room. Returns the centre of every vertex, papers first.
    """
    centres = [0] * len(vertices)
    rows: dict[int, list[int]] = {}
    for vertex, (_, row, _) in enumerate(vertices):
        rows.setdefault(row, []).append(vertex)
    for members in rows.values():
        members.sort(key=lambda v: (vertices[v][0], v))
        previous: int | None = None
        for vertex in members:
            ideal = round(vertices[vertex][0] * UNIT)
            if previous is None:
                centres[vertex] = ideal
            else:
                half = (_width(vertices[previous][2]) + _width(vertices[vertex][2])) // 2
                gap = GAP_X if vertices[previous][2] and vertices[vertex][2] else LINE_GAP
                centres[vertex] = max(ideal, centres[previous] + half + gap)
            previous = vertex
    shift = MARGIN_LEFT - min((c - _width(vertices[v][2]) // 2 for v, c in enumerate(centres)), default=0)
    return [c + shift for c in centres]


def _width(is_paper: bool) -> int:
    return NODE_WIDTH if is_paper else 2


def _path(points: list[tuple[int, int]]) -> str:
    """Curves with vertical tangents between consecutive points: smooth at every bend."""
    (x0, y0), *rest = points
    parts = [f"M{x0},{y0}"]
    for x1, y1 in rest:
        if x1 == x0:
            parts.append(f"L{x1},{y1}")
        else:
            middle = (y0 + y1) // 2
            parts.append(f"C{x0},{middle} {x1},{middle} {x1},{y1}")
        x0, y0 = x1, y1
    return " ".join(parts)


def layout(papers: list[Paper], hrefs: dict[str, str], per_row: int = PER_ROW) -> Diagram:
    """Lay out `papers` (one topic); `hrefs` maps paper id -> link from the page."""
    papers = sorted(papers, key=lambda p: (p.year, p.display_name.lower(), p.id))
    index = {p.id: i for i, p in enumerate(papers)}
    row_of = _rows(papers, per_row)
    pairs: dict[tuple[int, int], tuple[Paper, Paper, str]] = {}  # (upper, lower) -> (source, target, type)
    for paper in papers:
        for relation in paper.relations:
            if relation.target not in index:
                continue
            a, b = index[paper.id], index[relation.target]
            upper, lower = (a, b) if row_of[paper.id] < row_of[relation.target] else (b, a)
            style = EDGE_STYLES.get(relation.type, "dotted")
            known = pairs.get((upper, lower))
            if known is None or _STYLE_ORDER.index(style) < _STYLE_ORDER.index(
                    EDGE_STYLES.get(known[2], "dotted")):
                pairs[(upper, lower)] = (paper, papers[b], relation.type)
    edge_list = sorted(pairs)
    graph = igraph.Graph(n=len(papers), edges=edge_list, directed=True)
    layers = [row_of[p.id] for p in papers]
    # The extended graph adds a dummy vertex wherever an edge crosses a row; igraph 1.0's edge_routing
    # returns these bend points attached to the wrong edges, hence igraph 0.11 (see requirements.txt).
    placed, extended = graph.layout_sugiyama(layers=layers, hgap=1, vgap=1, maxiter=100,
                                             return_extended_graph=True)
    centres = _compact([(coords[0], round(coords[1]), vertex < len(papers)) for vertex, coords in
                        enumerate(placed.coords)])
    rows = sorted(set(layers))
    row_y = {row: MARGIN + GAP_Y // 2 + position * (NODE_HEIGHT + GAP_Y) for position, row in enumerate(rows)}
    nodes = {i: Node(paper, centres[i] - NODE_WIDTH // 2, row_y[layers[i]], _label(paper), hrefs[paper.id])
             for i, paper in enumerate(papers)}
    edges = []
    for edge in extended.es:  # each original edge, from its upper paper through its bend points
        if edge.source >= len(papers):
            continue
        upper, vertex = edge.source, edge.target
        points = [(nodes[upper].centre_x, nodes[upper].y + NODE_HEIGHT)]
        while vertex >= len(papers):  # a dummy: the edge passes straight down through its slot
            y = row_y[round(placed.coords[vertex][1])]
            points += [(centres[vertex], y), (centres[vertex], y + NODE_HEIGHT)]
            vertex = extended.neighbors(vertex, mode="out")[0]
        points.append((nodes[vertex].centre_x, nodes[vertex].y))
        source, target, kind = pairs[(upper, vertex)]
        edges.append(Edge(nodes[index[source.id]], nodes[index[target.id]], kind,
                          EDGE_STYLES.get(kind, "dotted"), _path(points), tuple(points),
                          arrow_at_end=index[source.id] == vertex))
    edges.sort(key=lambda e: (e.points[0], e.points[-1]))
    first_rows: dict[int, int] = {}
    for paper in papers:  # each year is labelled at its first row
        first_rows[paper.year] = min(first_rows.get(paper.year, row_of[paper.id]), row_of[paper.id])
    labels = [YearLabel(year, row_y[row] + NODE_HEIGHT // 2) for year, row in sorted(first_rows.items())]
    width = max((centre + NODE_WIDTH // 2 for centre in centres), default=MARGIN_LEFT) + MARGIN
    height = (row_y[rows[-1]] + NODE_HEIGHT + MARGIN + GAP_Y // 2) if rows else 2 * MARGIN
    ordered = sorted(nodes.values(), key=lambda n: (n.y, n.x))
    return Diagram(width, height, ordered, edges, labels)
