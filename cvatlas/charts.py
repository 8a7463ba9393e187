"""Leaderboard -> a state-of-the-art-over-time chart as SVG, drawn at build time.

Vega-Lite through vl-convert (a Rust build of Vega with no browser): a declarative spec, the same bytes
on every build, axis labels and month names in the page's language, and an SVG whose points are
links. Nothing is sent to the browser but the SVG itself. Colours that must follow the theme (axes,
labels, grid) are `currentColor`, so the chart reads in dark mode as in light mode.

Rendering costs about 0.15 s a chart, so SVGs are kept in the cache directory by a hash of the spec.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path
from typing import Any

from .leaderboards import Leaderboard

CACHE_DIR = Path(os.environ.get("ATLAS_CACHE_DIR", Path(__file__).resolve().parent.parent / ".cache")) / "charts"
LOCALES = {"ko": "ko-KR", "en": "en-US"}
COLOURS = {"own": "#5c6bc0", "extra": "#ef6c00", "frontier": "#7986cb"}
# Vega resolves link targets against its own default base URL; the site's links are relative.
_VEGA_BASE = re.compile(r'xlink:href="https://vega\.github\.io/vega-datasets/')


def chart_spec(board: Leaderboard, hrefs: dict[str, str], labels: dict[str, str]) -> dict[str, Any]:
    """The Vega-Lite spec: every result a point linking to its paper, the best so far a step line."""
    unit = board.benchmark.unit
    points = [{"date": p.date, "value": p.value, "href": hrefs[p.paper.id],
               "label": f"{p.model} ({p.paper.display_name}): {p.value:g} {unit}",
               "data": labels["extra"] if p.extra_data else labels["own"]}
              for p in board.points]
    frontier = [{"date": p.date, "value": p.value} for p in board.frontier]
    if frontier and points and points[-1]["date"] > frontier[-1]["date"]:
        frontier.append({"date": points[-1]["date"], "value": frontier[-1]["value"]})  # the step runs to today
    x = {"field": "date", "type": "temporal", "title": labels["x"],
         "axis": {"format": "%Y", "tickCount": {"interval": "year", "step": 1}, "labelAngle": 0},
         "scale": {"padding": 12}}
    y = {"field": "value", "type": "quantitative", "title": labels["y"],
         "scale": {"zero": False, "nice": True, "padding": 8}}
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": 620,
        "height": 260,
        "background": None,
        "padding": 4,
        "config": {
            "font": "sans-serif",
            "view": {"stroke": None},
            "axis": {"labelColor": "currentColor", "titleColor": "currentColor", "domainColor": "currentColor",
                     "tickColor": "currentColor", "gridColor": "currentColor", "gridOpacity": 0.15,
                     "labelFontSize": 11, "titleFontSize": 12},
            "legend": {"labelColor": "currentColor", "titleColor": "currentColor", "orient": "bottom"},
        },
        "layer": [
            {"data": {"values": frontier},
             "mark": {"type": "line", "interpolate": "step-after", "color": COLOURS["frontier"], "strokeWidth": 2},
             "encoding": {"x": x, "y": y}},
            {"data": {"values": points},
             "mark": {"type": "point", "filled": True, "size": 70, "opacity": 0.9, "cursor": "pointer"},
             "encoding": {
                 "x": x, "y": y, "href": {"field": "href"}, "description": {"field": "label"},
                 "color": {"field": "data", "type": "nominal", "title": None,
                           "scale": {"domain": [labels["own"], labels["extra"]],
                                     "range": [COLOURS["own"], COLOURS["extra"]]}},
                 "shape": {"field": "data", "type": "nominal", "title": None,
                           "scale": {"domain": [labels["own"], labels["extra"]], "range": ["circle", "diamond"]}},
             }},
        ],
    }


def render_svg(spec: dict[str, Any], lang: str) -> str:
    """SVG of a spec, from the cache when this exact spec was drawn before."""
    import vl_convert  # imported on first use: a build without results never loads it

    text = json.dumps(spec, sort_keys=True, ensure_ascii=False)
    key = hashlib.sha256(f"{vl_convert.__version__}\n{lang}\n{text}".encode()).hexdigest()[:24]
    cached = CACHE_DIR / f"{key}.svg"
    if cached.is_file():
        return cached.read_text(encoding="utf-8")
    svg = vl_convert.vegalite_to_svg(spec, time_format_locale=LOCALES[lang], format_locale=LOCALES[lang])
    svg = _VEGA_BASE.sub('xlink:href="', svg)
    try:
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(f".{os.getpid()}.tmp")  # both language builds may write at once
        partial.write_text(svg, encoding="utf-8")
        partial.replace(cached)
    except OSError:
        pass  # a read-only checkout draws every time
    return svg


def sota_chart(board: Leaderboard, hrefs: dict[str, str], labels: dict[str, str], lang: str) -> str:
    return render_svg(chart_spec(board, hrefs, labels), lang)
