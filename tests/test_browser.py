"""In a real browser (Playwright driving Debian's Chromium): the language switch, search in both
languages, tooltips, the lineage diagram, copy buttons and downloads, no request to another host,
no console error, no horizontal scrolling on a phone, and no serious accessibility violation.

Skipped locally when Chromium is missing; in CI (CI=true) a missing browser is a failure.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .conftest import BuiltSite, in_ci

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts" / "screenshots"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]
PAGES = {"home": "", "topic": "topics/efficient/", "paper": "papers/mobilenet-v2/"}

pytestmark = pytest.mark.browser


def _require(condition: bool, what: str) -> None:
    if not condition:
        if in_ci():
            pytest.fail(f"{what} is required in CI")
        pytest.skip(f"{what} is not available")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    _require(Path(CHROMIUM).exists() or shutil.which("chromium") is not None, "Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, served_site: BuiltSite):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.errors = []  # type: ignore[attr-defined]
    tab.on("console", lambda m: tab.errors.append(m.text) if m.type == "error" else None)  # type: ignore[attr-defined]
    tab.on("pageerror", lambda e: tab.errors.append(str(e)))  # type: ignore[attr-defined]
    tab.on("response", lambda r: tab.errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)  # type: ignore[attr-defined]
    yield tab
    context.close()


def search(tab, served_site: BuiltSite, lang: str, query: str) -> list[str]:  # type: ignore[no-untyped-def]
    tab.goto(served_site.url(lang))
    tab.locator("label.md-search__icon, .md-search__input").first.click()
    box = tab.locator("input.md-search__input")
    # Material reads the query on keyup, but Playwright inserts Hangul as text without key events: a
    # final key press sends the whole query whether or not the search index is ready yet.
    box.press_sequentially(query, delay=30)
    box.press("End")
    tab.wait_for_selector(".md-search-result__item", timeout=10000)
    return tab.eval_on_selector_all(".md-search-result__item > a", "els => els.map(e => e.href)")


@pytest.mark.parametrize("name", list(PAGES))
@pytest.mark.parametrize(("lang", "other"), [("ko", "en"), ("en", "ko")])
def test_language_switch_keeps_the_page(page, served_site: BuiltSite, name: str, lang: str, other: str) -> None:
    path = PAGES[name]
    page.goto(served_site.url(lang, path))
    page.wait_for_load_state("networkidle")
    page.locator(".md-header__option .md-select button").hover()
    page.locator(f'a.md-select__link[hreflang="{other}"]').click()
    page.wait_for_url(served_site.url(other, path))
    assert page.evaluate("document.documentElement.lang") == other


@pytest.mark.parametrize(("lang", "query", "expected"), [
    ("ko", "경량화", {"mobilenet", "mobilenet-v2"}),
    ("ko", "깊이별 분리 합성곱", {"mobilenet", "mobilenet-v2", "xception"}),
    ("ko", "모바일넷", {"mobilenet-v2"}),
    ("en", "depthwise separable", {"mobilenet", "mobilenet-v2", "xception"}),
    ("en", "MobileNetV2", {"mobilenet-v2"}),
])
def test_search_finds_papers_in_its_own_language(page, served_site: BuiltSite, lang: str, query: str,
                                                  expected: set[str]) -> None:
    results = search(page, served_site, lang, query)
    assert results, query
    prefix = served_site.url(lang)
    assert all(r.startswith(prefix) for r in results), f"a result of another language: {results}"
    found = {m.group(1) for r in results if (m := re.search(r"/papers/([^/#]+)/", r))}
    assert expected <= found, f"{query}: {sorted(found)}"


def test_lineage_diagram_is_svg_with_working_links(page, served_site: BuiltSite) -> None:
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(served_site.url("en", "topics/efficient/"))
    nodes = page.locator("figure.atlas-lineage svg a.atlas-lineage__node")
    assert nodes.count() >= 5
    box = page.locator("figure.atlas-lineage svg").bounding_box()
    assert box and box["height"] > 100
    nodes.filter(has_text="MobileNetV2").first.click()
    page.wait_for_url(served_site.url("en", "papers/mobilenet-v2/"))
    assert all(urlsplit(r).netloc == f"127.0.0.1:{served_site.port}" for r in requests)


def test_abbreviation_tooltip_in_the_page_language(page, served_site: BuiltSite) -> None:
    page.goto(served_site.url("ko", "papers/group-norm/"))
    abbr = page.locator("abbr", has_text="BN").first
    abbr.scroll_into_view_if_needed()
    abbr.hover()
    tooltip = page.locator(".md-tooltip2__inner, .md-tooltip__inner").first
    tooltip.wait_for(state="visible", timeout=5000)
    assert "배치 정규화" in tooltip.inner_text()


def test_copy_button_copies_the_bibtex(browser, served_site: BuiltSite) -> None:  # type: ignore[no-untyped-def]
    origin = f"http://127.0.0.1:{served_site.port}"
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin)
    tab = context.new_page()
    tab.goto(served_site.url("en", "papers/mobilenet-v2/"))
    block = tab.locator("div.language-bibtex")
    block.hover()
    block.locator("button.md-code__button[data-md-type=copy]").click()
    expected = (served_site.root / "en" / "papers" / "mobilenet-v2.bib").read_text(encoding="utf-8")
    copied = ""
    for _ in range(50):  # the clipboard write is asynchronous: poll for up to five seconds
        copied = tab.evaluate("navigator.clipboard.readText()")
        if copied:
            break
        tab.wait_for_timeout(100)
    assert copied.strip() == expected.strip()
    context.close()


def test_downloads_are_served_with_their_content(page, served_site: BuiltSite) -> None:
    page.goto(served_site.url("ko", "papers/mobilenet-v2/"))
    for extension in ("bib", "ris", "json"):
        link = page.locator(f'a[href="../mobilenet-v2.{extension}"]')
        with page.expect_download() as info:
            link.click(modifiers=["Alt"])  # Alt+click asks Chromium to download the link
        body = Path(info.value.path()).read_text(encoding="utf-8")
        assert body == (served_site.root / "ko" / "papers" / f"mobilenet-v2.{extension}").read_text(encoding="utf-8")


def test_topic_page_downloads_the_bibtex_of_ticked_papers(page, served_site: BuiltSite) -> None:
    page.goto(served_site.url("en", "topics/efficient/"))
    page.locator('input.atlas-pick[value="mobilenet"]').check()
    page.locator('input.atlas-pick[value="shufflenet"]').check()
    with page.expect_download() as info:
        page.locator("button.atlas-pick-download").click()
    body = Path(info.value.path()).read_text(encoding="utf-8")
    assert sorted(re.findall(r"^@\w+\{([^,]+),", body, re.M)) == ["mobilenet", "shufflenet"]
    assert info.value.suggested_filename == "efficient-selected.bib"


def test_timeline_filters_by_topic(page, served_site: BuiltSite) -> None:
    page.goto(served_site.url("en", "timeline/"))
    page.select_option("form.atlas-filter select[name=topic]", "detection")
    visible = page.eval_on_selector_all(".atlas-timeline li:not([hidden])", "els => els.map(e => e.dataset.topics)")
    assert visible and all("detection" in topics.split() for topics in visible)
    assert "shown" in page.locator("form.atlas-filter output").inner_text()


@pytest.mark.parametrize("name", list(PAGES))
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_pages_load_only_from_the_site_without_errors(page, served_site: BuiltSite, lang: str, name: str) -> None:
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(served_site.url(lang, PAGES[name]))
    page.wait_for_load_state("networkidle")
    hosts = {urlsplit(r).netloc for r in requests if not r.startswith(("data:", "blob:"))}
    assert hosts == {f"127.0.0.1:{served_site.port}"}, requests
    assert page.errors == []


@pytest.mark.parametrize("name", list(PAGES))
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_phone_viewport_has_no_horizontal_scrolling(browser, served_site: BuiltSite, lang: str,
                                                    name: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 360, "height": 780}, device_scale_factor=2, is_mobile=True,
                                  has_touch=True)
    tab = context.new_page()
    tab.goto(served_site.url(lang, PAGES[name]))
    tab.wait_for_load_state("networkidle")
    width = tab.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"{lang}-{name}-phone.png"), full_page=True)
    context.close()
    assert width[0] <= width[1], f"page is {width[0]}px wide in a {width[1]}px viewport"


@pytest.mark.parametrize("name", list(PAGES))
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_no_serious_accessibility_violation(page, served_site: BuiltSite, lang: str, name: str) -> None:
    _require(AXE.exists(), "axe-core (npm ci)")
    page.goto(served_site.url(lang, PAGES[name]))
    page.wait_for_load_state("networkidle")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{lang}-{name}.png"), full_page=True)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => JSON.stringify(await axe.run(document, {resultTypes: ['violations']}))")
    violations = [v for v in json.loads(result)["violations"] if v["impact"] in ("serious", "critical")]
    summary = [(v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]]) for v in violations]
    assert violations == [], summary


# ---------------------------------------------------------------- search that ranks right


def ranked_pages(results: list[str], served_site: BuiltSite, lang: str) -> list[str]:
    """Result links -> the pages they belong to, in order, each once ("papers/mae", "topics/video")."""
    pages: list[str] = []
    for href in results:
        path = href.split(served_site.url(lang), 1)[-1].split("?", 1)[0].split("#", 1)[0].strip("/")
        if path not in pages:
            pages.append(path)
    return pages


def papers_by(catalogue, family: str) -> set[str]:  # type: ignore[no-untyped-def]
    return {p.id for p in catalogue.papers.values() if any(a.split()[-1] == family for a in p.authors)}


# (language, query, how the result must look): realistic queries of both languages.
RANKING = [
    ("ko", "자기지도 학습", {"first": "topics/self-supervised", "some_of": ({"papers/dino-ssl", "papers/mae",
                                                                         "papers/simclr", "papers/moco"}, 2)}),
    ("en", "self-supervised", {"some_of": ({"papers/dino-ssl", "papers/mae", "papers/simclr", "papers/moco",
                                            "papers/byol", "topics/self-supervised"}, 2)}),
    ("ko", "확산 모델", {"some_of": ({"papers/ddpm", "papers/ldm", "papers/ddim", "papers/adm", "papers/dit"}, 2)}),
    ("en", "diffusion", {"some_of": ({"papers/ddpm", "papers/ldm", "papers/ddim", "papers/adm", "papers/dit"}, 3)}),
    ("en", "segment anything", {"first": "papers/segment-anything"}),
    ("ko", "segment anything", {"first": "papers/segment-anything"}),
    ("en", "DINO", {"top5": {"papers/dino-ssl", "papers/dino-detr"}}),
    ("ko", "DINO", {"top5": {"papers/dino-ssl", "papers/dino-detr"}}),
    ("en", "1512.03385", {"first": "papers/resnet"}),
    ("ko", "2304.07193", {"first": "papers/dinov2"}),
    ("en", "masked autoencoder", {"first": "papers/mae"}),
    ("en", "gaussian splatting", {"top5": {"papers/3d-gaussian-splatting"}}),
    ("ko", "광학 흐름", {"some_of": ({"papers/raft", "papers/flownet", "papers/pwc-net"}, 2)}),
    ("en", "depth anything", {"top5": {"papers/depth-anything", "papers/depth-anything-v2"}}),
    ("ko", "멀티모달", {"top5": {"papers/llava"}}),
    ("en", "YOLO", {"top5": {"papers/yolo"}}),
]


@pytest.mark.parametrize(("lang", "query", "expect"), RANKING, ids=[f"{r[0]}-{r[1]}" for r in RANKING])
def test_search_ranks_the_expected_pages_first(page, served_site: BuiltSite, lang: str, query: str,
                                               expect: dict) -> None:
    pages = ranked_pages(search(page, served_site, lang, query), served_site, lang)
    top10 = pages[:10]
    if "first" in expect:
        assert pages[0] == expect["first"], f"{query}: {top10}"
    if "top5" in expect:
        assert expect["top5"] <= set(pages[:5]), f"{query}: {top10}"
    if "some_of" in expect:
        wanted, count = expect["some_of"]
        assert len(wanted & set(top10)) >= count, f"{query}: {top10}"


def test_search_by_an_authors_family_name(page, served_site: BuiltSite, catalogue) -> None:  # type: ignore[no-untyped-def]
    pages = ranked_pages(search(page, served_site, "en", "Girshick"), served_site, "en")
    theirs = {f"papers/{p}" for p in papers_by(catalogue, "Girshick")}
    assert len(theirs) >= 8
    assert set(pages[:5]) <= theirs, pages[:10]


def test_search_tells_the_two_dinos_apart(page, served_site: BuiltSite) -> None:
    search(page, served_site, "en", "DINO")
    titles = page.eval_on_selector_all(".md-search-result__item > a h1",
                                       "els => els.map(e => e.textContent.trim())")
    assert "DINO (self-supervised)" in titles and "DINO (detector)" in titles, titles


# ---------------------------------------------------------------- explorer and charts


def visible_papers(tab) -> list[str]:  # type: ignore[no-untyped-def]
    return tab.eval_on_selector_all("table.atlas-explorer-table tbody tr:not([hidden]) a[data-paper]",
                                    "els => els.map(e => e.dataset.paper)")


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_explorer_filters_sorts_and_keeps_its_state_in_the_address(page, served_site: BuiltSite, catalogue,
                                                                   lang: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(served_site.url(lang, "papers/"))
    # A hundred rows at first, the rest one click away; the count is of every match.
    assert len(visible_papers(page)) == 100
    assert str(len(catalogue.papers)) in page.locator("form.atlas-explorer output").inner_text()
    page.locator("button.atlas-explorer__more").click()
    assert len(visible_papers(page)) == len(catalogue.papers)
    assert page.locator("button.atlas-explorer__more").is_hidden()
    page.select_option("form.atlas-explorer select[name=topic]", "detection")
    page.locator("form.atlas-explorer input[name=code]").check()
    shown = visible_papers(page)
    expected = {p.id for p in catalogue.papers.values()
                if "detection" in p.topics and any(c.official for c in p.code)}
    assert set(shown) == expected and shown
    assert "topic=detection" in page.url and "code=1" in page.url
    box = page.locator("form.atlas-explorer input[name=q]")
    box.press_sequentially("yolo", delay=20)
    box.press("End")
    assert set(visible_papers(page)) == {i for i in expected if "yolo" in i or "yolo" in
                                         catalogue.papers[i].display_name.lower()}
    page.select_option("form.atlas-explorer select[name=sort]", "name")
    names = [catalogue.papers[i].display_name.lower() for i in visible_papers(page)]
    assert names == sorted(names)
    shared = page.url
    page.goto(served_site.url(lang))
    page.goto(shared)  # the address alone restores the view
    assert set(visible_papers(page)) == {i for i in expected if "yolo" in i or "yolo" in
                                         catalogue.papers[i].display_name.lower()}
    assert page.locator("form.atlas-explorer select[name=sort]").input_value() == "name"
    assert page.errors == []


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_explorer_year_range_and_framework(page, served_site: BuiltSite, catalogue, lang: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(served_site.url(lang, "papers/?from=2024&to=2025&framework=pytorch"))
    expected = {p.id for p in catalogue.papers.values() if 2024 <= p.year <= 2025
                and any(c.official and c.framework == "pytorch" for c in p.code)}
    assert set(visible_papers(page)) == expected and expected
    assert page.locator("form.atlas-explorer output").inner_text().startswith(str(len(expected))) or \
        str(len(expected)) in page.locator("form.atlas-explorer output").inner_text()


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_leaderboard_chart_renders_and_its_points_open_papers(page, served_site: BuiltSite, lang: str) -> None:
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(served_site.url(lang, "benchmarks/imagenet-top1/"))
    chart = page.locator("figure.atlas-chart svg")
    box = chart.bounding_box()
    assert box and box["width"] > 300 and box["height"] > 150
    points = page.locator("figure.atlas-chart svg a")
    assert points.count() >= 20
    label = "논문 버전의 공개 시점" if lang == "ko" else "Date of the paper version"
    assert label in chart.inner_html()
    href = points.first.get_attribute("xlink:href") or points.first.get_attribute("href")
    # A real click event on the point (the SVG may sit under the sticky header after scrolling).
    points.first.evaluate("a => a.dispatchEvent(new MouseEvent('click', {bubbles: true, cancelable: true}))")
    page.wait_for_url("**/papers/**")
    assert page.url.split("#")[0].rstrip("/").endswith(href.strip("./").rstrip("/"))
    assert all(urlsplit(r).netloc == f"127.0.0.1:{served_site.port}" for r in requests)


def test_leaderboard_sorts_by_a_column(page, served_site: BuiltSite) -> None:
    page.goto(served_site.url("en", "benchmarks/imagenet-top1/"))
    page.locator("#leaderboard thead th", has_text="Params").locator("button").click()
    values = page.eval_on_selector_all("#leaderboard tbody tr td:nth-child(7)",
                                       "els => els.map(e => e.dataset.sort)")
    numbers = [float(v) for v in values if v]
    assert numbers == sorted(numbers) and len(numbers) >= 5
    assert all(v == "" for v in values[len(numbers):]), "rows without a parameter count go last"
