"""Results -> downloads/results.csv and downloads/results.json: every curated number with the facts
that make it comparable and where in the paper it is stated. CC BY 4.0, like the other open data.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from .jsonout import record_lines
from .model import Catalogue
from .opendata import LICENCE

COLUMNS = ["paper", "arxiv", "benchmark", "dataset", "split", "metric", "unit", "higher_is_better", "model",
           "value", "extra_data", "resolution", "params_m", "tta", "source", "source_where", "source_version",
           "source_date"]


def result_records(cat: Catalogue) -> list[dict[str, Any]]:
    """One record per result, papers in id order and results in file order."""
    records = []
    for paper in cat.papers.values():
        for result in paper.results:
            benchmark = cat.benchmarks[result.benchmark]
            source = result.source
            records.append({
                "paper": paper.id, "arxiv": paper.arxiv, "benchmark": benchmark.id, "dataset": benchmark.dataset,
                "split": benchmark.split, "metric": benchmark.metric, "unit": benchmark.unit,
                "higher_is_better": benchmark.higher_is_better, "model": result.model, "value": result.value,
                "extra_data": list(result.extra_data), "resolution": result.resolution, "params_m": result.params,
                "tta": result.tta, "source": f"{source.where}, {source.version} ({source.date})",
                "source_where": source.where, "source_version": source.version, "source_date": source.date,
            })
    return records


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(value)  # dataset ids never contain ";"
    return str(value)


def results_csv(cat: Catalogue) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for record in result_records(cat):
        writer.writerow({key: _cell(value) for key, value in record.items()})
    return out.getvalue()


def results_json(cat: Catalogue) -> str:
    return record_lines({"licence": LICENCE, "columns": COLUMNS, "results": result_records(cat)})
