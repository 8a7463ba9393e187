"""`make bench`: how the build and the preview scale with the catalogue, against plain Material.

For each N (the real catalogue, 500 and 2,000; BENCH_N="500,2000" chooses others) it writes a
synthetic data tree (the real papers plus synthetic ones up to N) to a temporary directory, then:

- builds the two-language atlas 3 times (median wall time, time per paper, peak memory);
- builds, as the anchor, a plain Material site of the same pages (the rendered Markdown as static
  files, same theme and Markdown settings, no hooks, no bibtex), both languages side by side too,
  and prints the ratio; times Hugo on the same pages when `hugo` is installed;
- measures one paper page's HTML, each search index per paper, the whole site, the offline link
  check and the paper explorer's answer to a keystroke in Chromium (tools/bench_explorer.py);
- at the real size and at 2,000 papers, how soon `make serve` shows an edited paper in Chromium
  (tools/bench_preview.py: median of 5 edits) and when every page listing it has caught up;
- at the largest N, a profile of one English build: where its time goes.

It also prints the lineage layout's metrics (tools/lineage_metrics.py). Figures are printed and
written to bench-results/bench-<date>.json. Targets are printed next to them, each judged only on
the size it names; nothing here fails a test run.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import json
import os
import pstats
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cvatlas.catalogue import load_catalogue  # noqa: E402
from cvatlas.model import LANGS  # noqa: E402
from cvatlas.navigation import site_navigation  # noqa: E402
from cvatlas.pages import render_site  # noqa: E402
from tools.bench_explorer import time_explorer  # noqa: E402
from tools.bench_preview import time_preview_edits  # noqa: E402
from tools.build import build_environment, build_site  # noqa: E402
from tools.lineage_metrics import compare as lineage_compare  # noqa: E402
from tools.lineage_metrics import report as lineage_report  # noqa: E402
from tools.linkcheck import check_site  # noqa: E402
from tools.site_config import handwritten_pages  # noqa: E402
from tools.synthetic import write_synthetic_tree  # noqa: E402

RUNS = 3
SAMPLE_PAPER = "mobilenet-v2"  # a real paper: present at every N, so its page size is comparable
TARGETS = {
    "linear": "time per paper at the largest N <= 1.15 x at N=500",
    "page_growth": "paper page at the largest N <= 1.05 x at the real size, and < 40 KB",
    "ratio": "atlas build <= 1.3 x plain Material",
    "index": "search index < 2 KB per paper and language (whole index / N)",
    "real_build": "full build at the real size < 10 s",
    "serve_real": "make serve shows an edited paper < 2 s at the real size (median of 5 edits)",
    "serve_2000": "make serve shows an edited paper < 2 s at 2,000 papers (median of 5 edits)",
    "linkcheck": "offline link check of the largest site < 10 s",
    "explorer": "paper explorer answers a keystroke < 100 ms at the largest N (median)",
}


def _children_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def time_atlas(data: Path, work: Path) -> tuple[list[float], float, Path]:
    times = []
    site = work / "site"
    for _ in range(RUNS):
        started = time.perf_counter()
        if build_site(site, data) != 0:
            raise SystemExit("the benchmark site failed to build")
        times.append(time.perf_counter() - started)
    return times, _children_peak_mb(), site


def write_plain_site(data: Path, work: Path) -> Path:
    """The same pages as static Markdown, with a configuration of the same theme and extensions."""
    cat = load_catalogue(data)
    plain = work / "plain"
    shutil.rmtree(plain, ignore_errors=True)
    base_text = (ROOT / "config" / "base.yml").read_text(encoding="utf-8")
    base_text = re.sub(r"\nhooks:\n(  - .*\n)+", "\n", base_text)
    base_text = re.sub(r"\nwatch:\n(  - .*\n)+", "\n", base_text)
    base_text = re.sub(r"  bibtex:\n(      .*\n)+", "", base_text)
    base_text = base_text.replace("custom_dir: ../overrides", f"custom_dir: {ROOT / 'overrides'}")
    (plain / "config").mkdir(parents=True)
    (plain / "config" / "base.yml").write_text(base_text, encoding="utf-8")
    handwritten = handwritten_pages()
    for lang in LANGS:
        docs = plain / "docs" / lang
        shutil.copytree(ROOT / "docs" / lang, docs)
        for output in render_site(cat, lang):
            target = docs / output.path
            target.parent.mkdir(parents=True, exist_ok=True)
            text = output.content
            if output.path.endswith(".md"):  # citations and the reference list are the atlas's own features
                text = re.sub(r" ?\[@[\w-]+\]", "", text).replace("\\bibliography", "")
                text = text.replace("///Footnotes Go Here///", "")
            target.write_text(text, encoding="utf-8")
        nav = site_navigation(cat, lang, handwritten)
        config = {"INHERIT": "base.yml", "site_name": cat.ui[lang]["site.name"], "docs_dir": str(docs),
                  "theme": {"language": lang}, "plugins": {"search": {"lang": lang}}, "nav": nav,
                  "extra": {"atlas": {"lang": lang}}}
        (plain / "config" / f"{lang}.yml").write_text(json.dumps(config, ensure_ascii=False), encoding="utf-8")
    return plain


def time_plain(plain: Path, env: dict[str, str]) -> list[float]:
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        processes = [subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "-q", "-f",
                                       str(plain / "config" / f"{lang}.yml"), "-d", str(plain / "site" / lang)],
                                      cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                     for lang in LANGS]
        for process in processes:
            process.wait()
        times.append(time.perf_counter() - started)
    return times


def time_hugo(plain: Path) -> float | None:
    hugo = shutil.which("hugo")
    if not hugo:
        return None
    site = plain / "hugo"
    (site / "content").mkdir(parents=True, exist_ok=True)
    shutil.copytree(plain / "docs" / "en", site / "content", dirs_exist_ok=True)
    (site / "hugo.toml").write_text('title = "bench"\n', encoding="utf-8")
    started = time.perf_counter()
    subprocess.run([hugo, "--quiet", "-s", str(site)], check=False, capture_output=True)
    return time.perf_counter() - started


def site_figures(site: Path, papers: int) -> dict[str, float]:
    figures: dict[str, float] = {}
    page = site / "en" / "papers" / SAMPLE_PAPER / "index.html"
    figures["paper_page_kb"] = page.stat().st_size / 1024
    for lang in LANGS:
        index = site / lang / "search" / "search_index.json"
        figures[f"search_index_{lang}_kb_per_paper"] = index.stat().st_size / 1024 / papers
        # What one more paper adds: its own entries only (the fixed pages dominate at small N).
        docs = json.loads(index.read_text(encoding="utf-8"))["docs"]
        own = sum(len(json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")) + 1
                  for doc in docs if doc["location"].startswith("papers/") and doc["location"] != "papers/")
        figures[f"search_entries_{lang}_kb_per_paper"] = own / 1024 / papers
    figures["site_mb"] = sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) / 1024 / 1024
    started = time.perf_counter()
    broken, pages, _ = check_site(site)
    figures["linkcheck_s"] = time.perf_counter() - started
    figures["linkcheck_pages"] = pages
    figures["linkcheck_broken"] = len(broken)
    return figures


def profile_build(data: Path, work: Path, top: int = 14) -> list[dict[str, object]]:
    """Profile one English build (the hook, Markdown, theme, search, bibtex) in this process.

    Returns the functions with the most cumulative time, after the whole build's own figure.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    env = build_environment(data, None)
    saved = dict(os.environ)
    os.environ.update(env)
    try:
        config = load_config(str(ROOT / "config" / "en.yml"), site_dir=str(work / "profiled"))
        profiler = cProfile.Profile()
        profiler.runcall(build, config)
    finally:
        os.environ.clear()
        os.environ.update(saved)
    stats = pstats.Stats(profiler)
    total = max(ct for (_, _, name), (_, _, _, ct, _) in stats.stats.items() if name == "build")  # type: ignore[attr-defined]
    rows = []
    for (filename, line, name), (_, calls, own, cumulative, _) in stats.stats.items():  # type: ignore[attr-defined]
        where = filename.replace(str(ROOT) + os.sep, "")
        where = re.sub(r".*site-packages/", "", where)
        if name in ("build", "runcall", "<module>") or where.startswith(("~", "<")):
            continue
        rows.append({"function": f"{where}:{line}({name})", "calls": calls, "own_s": own, "cumulative_s": cumulative,
                     "share": cumulative / total})
    rows.sort(key=lambda row: row["cumulative_s"], reverse=True)  # type: ignore[arg-type, return-value]
    return [{"function": "whole build", "calls": 1, "own_s": 0.0, "cumulative_s": total, "share": 1.0}, *rows[:top]]


def bench_size(count: int, real: int, work: Path, profile: bool = False) -> dict[str, object]:
    data = write_synthetic_tree(work, count)
    papers = max(count, real)
    atlas_times, peak, site = time_atlas(data, work)
    plain = write_plain_site(data, work)
    env = build_environment(data, None)
    plain_times = time_plain(plain, env)
    result: dict[str, object] = {
        "papers": papers,
        "atlas_build_s": statistics.median(atlas_times),
        "atlas_runs_s": atlas_times,
        "per_paper_ms": statistics.median(atlas_times) / papers * 1000,
        "peak_memory_mb": peak,
        "plain_material_s": statistics.median(plain_times),
        "ratio_to_plain": statistics.median(atlas_times) / statistics.median(plain_times),
        "hugo_s": time_hugo(plain),
        **site_figures(site, papers),
        "explorer": time_explorer(site),
    }
    if count <= real or count == 2000:
        result["preview"] = time_preview_edits(data, work)  # edits the tree: after every build of it
    if profile:
        result["profile"] = profile_build(data, work)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default=os.environ.get("BENCH_N", ""),
                        help="comma-separated paper counts (default: the real catalogue, 500, 2000)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench-results")
    args = parser.parse_args(argv)
    real = len(load_catalogue(ROOT / "data").papers)
    sizes = [int(n) for n in args.sizes.split(",") if n.strip()] if args.sizes else [real, 500, 2000]
    results = []
    for count in sizes:
        with tempfile.TemporaryDirectory(prefix="atlas-bench-") as temporary:
            print(f"--- N = {max(count, real)} ...", flush=True)
            results.append(bench_size(count, real, Path(temporary), profile=count == max(sizes)))
            print(json.dumps({k: v for k, v in results[-1].items() if k != "profile"}, indent=1), flush=True)
    print("\nLineage layout, " + lineage_report(lineage_compare()))
    report(results, real)
    args.out.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    out = args.out / f"bench-{stamp}.json"
    out.write_text(json.dumps({"date": stamp, "cores": os.cpu_count(), "results": results}, indent=1),
                   encoding="utf-8")
    print(f"\nwritten to {out}")
    return 0


def report(results: list[dict[str, object]], real: int) -> None:
    print("\n     N   build s  ms/paper  plain s  ratio  page KB  index ko/en KB/paper (own entries)  site MB  "
          "linkcheck s  peak MB  explorer ms")
    for r in results:
        explorer = r["explorer"]["median_ms"] if r.get("explorer") else float("nan")  # type: ignore[index]
        print(f"{r['papers']:6} {r['atlas_build_s']:8.1f} {r['per_paper_ms']:9.1f} {r['plain_material_s']:8.1f} "
              f"{r['ratio_to_plain']:6.2f} {r['paper_page_kb']:8.1f} "
              f"{r['search_index_ko_kb_per_paper']:9.2f}/{r['search_index_en_kb_per_paper']:.2f} "
              f"({r['search_entries_ko_kb_per_paper']:.2f}/{r['search_entries_en_kb_per_paper']:.2f})"
              f"{r['site_mb']:15.1f} {r['linkcheck_s']:12.2f} {r['peak_memory_mb']:8.0f} {explorer:12.0f}")
    previews = [r for r in results if r.get("preview")]
    if previews:
        print("\nmake serve, an edited paper (median of 5 edits; shown in the browser / every listing caught up):")
        for r in previews:
            p = r["preview"]
            runs = ", ".join(f"{t:.2f}" for t in p["preview_edit_runs_s"])  # type: ignore[index]
            print(f"{r['papers']:6}  shown {p['preview_edit_s']:.2f} s ({runs})  settled {p['preview_settled_s']:.2f} s"  # type: ignore[index]
                  f"  first start {p['preview_startup_s']:.0f} s  [{p['preview_measured_in']}]")  # type: ignore[index]
    for r in results:
        if r.get("profile"):
            print(f"\nProfile of one English build at N={r['papers']} (cumulative time):")
            for row in r["profile"]:  # type: ignore[attr-defined]
                print(f"  {row['cumulative_s']:7.2f} s {row['share']:6.1%}  {row['function']}")
    by_n = {r["papers"]: r for r in results}
    largest = max(by_n)
    checks: list[tuple[str, str, bool | None]] = []
    if 500 in by_n and largest > 500:
        growth = by_n[largest]["per_paper_ms"] / by_n[500]["per_paper_ms"]
        checks.append(("linear", f"{growth:.2f} x", growth <= 1.15))
    if real in by_n:
        page_growth = by_n[largest]["paper_page_kb"] / by_n[real]["paper_page_kb"]
        checks.append(("page_growth", f"{page_growth:.3f} x, {by_n[largest]['paper_page_kb']:.1f} KB",
                       page_growth <= 1.05 and by_n[largest]["paper_page_kb"] < 40))
    worst_ratio = max(r["ratio_to_plain"] for r in results)
    checks.append(("ratio", f"worst {worst_ratio:.2f} x", worst_ratio <= 1.3))
    # Whole index / N at the largest N, where the fixed pages (guide, glossary, ...) no longer dominate.
    worst_index = max(by_n[largest]["search_index_ko_kb_per_paper"], by_n[largest]["search_index_en_kb_per_paper"])
    checks.append(("index", f"{worst_index:.2f} KB at N={largest}", worst_index < 2))
    for key, size in (("real_build", real), ("serve_real", real), ("serve_2000", 2000)):
        if size not in by_n:
            checks.append((key, f"not measured (no run at N={size})", None))
        elif key == "real_build":
            checks.append((key, f"{by_n[size]['atlas_build_s']:.1f} s", by_n[size]["atlas_build_s"] < 10))
        elif by_n[size].get("preview"):
            shown = by_n[size]["preview"]["preview_edit_s"]
            checks.append((key, f"{shown:.2f} s", shown < 2))
    checks.append(("linkcheck", f"{by_n[largest]['linkcheck_s']:.1f} s", by_n[largest]["linkcheck_s"] < 10))
    if by_n[largest].get("explorer"):
        median = by_n[largest]["explorer"]["median_ms"]
        checks.append(("explorer", f"{median:.0f} ms at N={largest}", median < 100))
    else:
        checks.append(("explorer", "not measured (no Chromium)", None))
    print("\nTargets:")
    for key, figure, met in checks:
        verdict = "n/a" if met is None else "met" if met else "MISSED"
        print(f"  [{verdict}] {TARGETS[key]}: {figure}")


if __name__ == "__main__":
    raise SystemExit(main())
