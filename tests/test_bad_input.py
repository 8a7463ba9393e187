"""Bad input never reaches the site: every malformed data tree stops the build with a non-zero exit,
a message naming the file, the field and the fix, and the previous site/ left exactly as it was."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tools.build import build_site

ROOT = Path(__file__).resolve().parent.parent


def edit(name: str, old: str, new: str) -> Callable[[Path], None]:
    def apply(data: Path) -> None:
        path = data / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"fixture changed: {old!r} not in {name}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return apply


def write(name: str, content: bytes | str) -> Callable[[Path], None]:
    def apply(data: Path) -> None:
        path = data / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return apply


def remove_papers(data: Path) -> None:
    for path in (data / "papers").glob("*.yaml"):
        path.unlink()


def copy_as(source: str, target: str) -> Callable[[Path], None]:
    def apply(data: Path) -> None:
        (data / target).write_bytes((data / source).read_bytes())
    return apply


def link_to(name: str, target: Callable[[Path], Path]) -> Callable[[Path], None]:
    """Replace a data file by a symbolic link (to a file of the machine, or one inside data/)."""
    def apply(data: Path) -> None:
        path = data / name
        destination = target(data)
        path.unlink()
        path.symlink_to(destination)
    return apply


def outside_file(data: Path) -> Path:
    """A valid paper file outside data/, standing for /etc/passwd or a CI token file."""
    secret = data.parent / "secret.yaml"
    secret.write_text((data / "papers" / "mobilenet.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    return secret


def linked_papers_folder(data: Path) -> None:
    """data/papers/ itself a link to a folder elsewhere: every file in it resolves outside data/."""
    elsewhere = data.parent / "elsewhere"
    shutil.move(str(data / "papers"), elsewhere)
    (data / "papers").symlink_to(elsewhere, target_is_directory=True)


def append(name: str, text: str) -> Callable[[Path], None]:
    def apply(data: Path) -> None:
        path = data / name
        path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n" + text, encoding="utf-8")
    return apply


def minimal_paper(title: str, extra: str = "") -> str:
    return (f'title: "{title}"\nauthors: [Kaiming He]\nyear: 2015\n{extra}\ntopics: [backbones]\n'
            'summary: {ko: 잔차., en: Residual.}\ntranslation: {ko: "00000000", en: "00000000"}\n')


RESNET = "papers/resnet.yaml"
RESULT = ("results:\n  - benchmark: imagenet-top1\n    model: ResNet-152\n    value: {value}\n"
          "    source: {{where: Table 3, version: arXiv v1, date: {date}}}\n")
BOMB = "\n".join(["title: x", 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
                 + [f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]"
                    for i in range(8)])

# (case id, mutation, file named in the message, field named, words of the message)
CASES: list[tuple[str, Callable[[Path], None], str, str, str]] = [
    ("yaml-syntax", edit(RESNET, "name: ResNet", "name: [ResNet"), RESNET, "", "YAML syntax error at line"),
    ("tab-indent", edit(RESNET, "  ko: 층이", "\tko: 층이"), RESNET, "", "indented with a tab"),
    ("missing-required", edit(RESNET, "year: 2015\n", ""), RESNET, "year", "missing required field"),
    ("year-as-text", edit(RESNET, "year: 2015", "year: twenty fifteen"), RESNET, "year", "must be a whole number"),
    ("authors-one-string", edit(RESNET, "authors: [Kaiming He, Xiangyu Zhang, Shaoqing Ren, Jian Sun]",
                                "authors: Kaiming He, Xiangyu Zhang"), RESNET, "authors", "must be a list"),
    ("unknown-field", edit(RESNET, "year: 2015", "year: 2015\nabstract: Deep nets."), RESNET, "abstract",
     "unknown field"),
    ("unknown-topic", edit(RESNET, "topics: [backbones]", "topics: [backbone]"), RESNET, "topics[0]",
     "unknown topic 'backbone'"),
    ("unknown-tag", edit(RESNET, "tags: [residual]", "tags: [skip]"), RESNET, "tags[0]", "unknown tag 'skip'"),
    ("unknown-relation-target", edit("papers/mobilenet-v2.yaml", "target: resnet", "target: resnet-50"),
     "papers/mobilenet-v2.yaml", "relations[1].target", "unknown paper 'resnet-50'"),
    ("unknown-relation-type", edit("papers/mobilenet-v2.yaml", "type: uses", "type: inspired"),
     "papers/mobilenet-v2.yaml", "relations[1].type", "unknown relation type 'inspired'"),
    ("self-relation", edit("papers/mobilenet-v2.yaml", "target: resnet", "target: mobilenet-v2"),
     "papers/mobilenet-v2.yaml", "relations[1].target", "cannot relate to itself"),
    ("duplicate-id", copy_as(RESNET, "papers/resnet.yml"), "papers/resnet.yml", "", "duplicate paper id 'resnet'"),
    ("id-not-file-name", edit(RESNET, "name: ResNet", "id: resnet-50\nname: ResNet"), RESNET, "id",
     "does not match the file name"),
    ("bad-file-name", copy_as(RESNET, "papers/ResNet_50.yaml"), "papers/ResNet_50.yaml", "",
     "not a valid paper id"),
    ("empty-summary", edit(RESNET, "  ko: 층이 잔차만 배우게 하고 입력은 지름길로 더해 아주 깊은 망을 학습시켰다.",
                           '  ko: ""'), RESNET, "summary.ko", "is empty"),
    ("multi-line-summary", edit(RESNET, "  en: Layers learn only a residual",
                                "  en: |\n    Two lines.\n    Layers learn only a residual"), RESNET, "summary.en",
     "single line"),
    ("language-missing", edit(RESNET, "  en: Layers learn only a residual and the input is added back through a "
                              "shortcut, so very deep networks train.\n", ""), RESNET, "summary.en",
     "missing required field"),
    ("bad-arxiv", edit(RESNET, 'arxiv: "1512.03385"', 'arxiv: "arXiv:1512.03385v2"'), RESNET, "arxiv",
     "is not valid"),
    ("bad-doi", edit(RESNET, "doi: 10.1109/CVPR.2016.90", "doi: doi.org/10.1109/CVPR.2016.90"), RESNET, "doi",
     "is not valid"),
    ("javascript-url", edit(RESNET, "url: https://github.com/KaimingHe/deep-residual-networks",
                            "url: javascript:alert(1)"), RESNET, "code[0].url", "is not valid"),
    ("data-url", edit(RESNET, "year: 2015", "year: 2015\nurl: data:text/html,<script>alert(1)</script>"), RESNET,
     "url", "is not valid"),
    ("javascript-link-in-markdown", edit(RESNET, "shortcut connections.", "[click](javascript:alert(1))"), RESNET,
     "details.en", "only http(s) and relative links"),
    ("future-year", edit(RESNET, "year: 2015", "year: 2999"), RESNET, "year", "in the future"),
    ("year-after-arxiv", edit(RESNET, "year: 2015", "year: 2016"), RESNET, "year",
     "after the paper's arXiv release (1512.03385: 2015-12)"),
    ("empty-data-directory", remove_papers, "papers", "", "no paper files found"),
    ("not-utf8", write("papers/alexnet.yaml", "title: Caf\u00e9\n".encode("latin-1")), "papers/alexnet.yaml", "",
     "not valid UTF-8"),
    ("huge-file", write("papers/alexnet.yaml", "title: x\n" + "# padding\n" * 30000), "papers/alexnet.yaml", "",
     "over the 256 KB limit"),
    ("anchor-bomb", write("papers/alexnet.yaml", BOMB), "papers/alexnet.yaml", "", "anchors and aliases"),
    ("script-in-summary", edit(RESNET, "  en: Layers learn", "  en: <script>alert(1)</script> Layers learn"), RESNET,
     "summary.en", "raw HTML"),
    ("html-in-title", edit(RESNET, "title: Deep Residual", "title: <img src=x onerror=alert(1)> Deep Residual"),
     RESNET, "title", "raw HTML"),
    ("duplicate-key", edit(RESNET, "year: 2015", "year: 2015\nyear: 2016"), RESNET, "", "duplicate key 'year'"),
    ("unknown-venue", edit(RESNET, "venue: CVPR 2016", "venue: CVRP 2016"), RESNET, "venue", "unknown venue 'CVRP'"),
    ("unknown-citation", edit(RESNET, "shortcut connections.", "shortcut connections [@alexnet]."), RESNET,
     "details.en", "cites unknown paper [@alexnet]"),
    ("glossary-unknown-paper", edit("glossary.yaml", "papers: [resnet]", "papers: [resnet-v9]"), "glossary.yaml",
     "residual-connection.papers[0]", "unknown paper 'resnet-v9'"),
    ("ui-string-missing", edit("ui/en.yaml", "  edit: Edit this paper's data\n", ""), "ui/en.yaml", "paper.edit",
     "missing"),
    ("empty-file", write("papers/alexnet.yaml", ""), "papers/alexnet.yaml", "", "the file is empty"),
    ("raw-control-character", edit(RESNET, "name: ResNet", "name: Res\x07Net"), RESNET, "",
     "the control character U+0007 at line 3, column 10"),
    # The same paper twice: a second file with an identifier another file already has.
    ("duplicate-arxiv", write("papers/resnet-copy.yaml", minimal_paper("Deep Residual Nets", 'arxiv: "1512.03385"')),
     "papers/resnet-copy.yaml", "arxiv", "'1512.03385' is already that of data/papers/resnet.yaml"),
    ("duplicate-doi", write("papers/resnet-copy.yaml", minimal_paper("Residual Networks Again",
                                                                     "doi: 10.1109/cvpr.2016.90")),
     "papers/resnet-copy.yaml", "doi", "is already that of data/papers/resnet.yaml"),
    ("duplicate-title", write("papers/resnet-copy.yaml", minimal_paper("Deep residual learning for image recognition")),
     "papers/resnet-copy.yaml", "title", "the same paper twice"),
    # Invisible and control characters, in any file.
    ("nul-in-title", edit(RESNET, "title: Deep Residual Learning for Image Recognition",
                                    'title: "Deep\\0Residual Learning for Image Recognition"'), RESNET, "title",
     "U+0000 NULL at character 5"),
    ("bidi-override-in-title", edit(RESNET, "title: Deep Residual", "title: Deep \u202eResidual"), RESNET, "title",
     "U+202E RIGHT-TO-LEFT OVERRIDE"),
    ("bidi-isolate-in-summary", edit(RESNET, "  en: Layers learn", "  en: \u2066Layers\u2069 learn"), RESNET,
     "summary.en", "U+2066 LEFT-TO-RIGHT ISOLATE"),
    ("zero-width-space-in-author", edit(RESNET, "Xiangyu Zhang", "Xiangyu\u200bZhang"), RESNET, "authors[1]",
     "U+200B ZERO WIDTH SPACE"),
    ("joiner-outside-a-word", edit(RESNET, "name: ResNet", "name: Res\u200dNet"), RESNET, "name",
     "U+200D ZERO WIDTH JOINER"),
    ("control-in-glossary", edit("glossary.yaml", "en: A shortcut that adds the input to the output.",
                                                'en: "A shortcut\\a that adds the input to the output."'),
     "glossary.yaml", "[1].definition.en", "U+0007"),
    ("format-char-in-topics", edit("topics.yaml", "en: Backbones}", "en: Back\u202ebones}"), "topics.yaml",
     "[0].name.en", "U+202E"),
    ("control-in-note", edit("notes/2020-07-26.yaml", "en: A short comment.", 'en: "A short\\N comment."'),
     "notes/2020-07-26.yaml", "entries[0].comment.en", "U+0085"),
    ("snippet-marker", edit(RESNET, "shortcut connections.", "shortcut connections.\n    --8<-- \"README.md\""),
     RESNET, "details.en", "snippet marker"),
    ("bibliography-command", edit(RESNET, "shortcut connections.", "shortcut \\full_bibliography"), RESNET,
     "details.en", "bibliography command"),
    ("author-with-and", edit(RESNET, "Kaiming He,", "Kaiming He and Xiangyu Zhang and Bob,"), RESNET,
     "authors[0]", "reads as several people"),
    ("author-with-braces", edit(RESNET, "Kaiming He,", '"{Kaiming} He",'), RESNET, "authors[0]",
     "braces or a backslash"),
    # Reading outside data/: links and linked folders are refused, whatever they point to.
    ("symlink-to-outside", link_to("papers/mobilenet.yaml", outside_file), "papers/mobilenet.yaml", "",
     "is a symbolic link"),
    ("symlink-inside-data", link_to("glossary.yaml", lambda data: data / "topics.yaml"), "glossary.yaml", "",
     "is a symbolic link"),
    ("linked-papers-folder", linked_papers_folder, "papers/resnet.yaml", "", "outside data/"),
    # Results and benchmarks.
    ("unknown-benchmark", append(RESNET, RESULT.format(value=78.6, date="2015-12").replace(
        "imagenet-top1", "imagenet-top-1")), RESNET, "results[0].benchmark", "unknown benchmark 'imagenet-top-1'"),
    ("result-out-of-range", append(RESNET, RESULT.format(value=0.786, date="2015-12").replace("0.786", "786")),
     RESNET, "results[0].value", "outside the range of top-1 accuracy"),
    ("result-before-release", append(RESNET, RESULT.format(value=78.6, date="2015-06")), RESNET,
     "results[0].source.date", "before the paper's first release (2015-12)"),
    ("result-without-source", append(RESNET, "results:\n  - {benchmark: imagenet-top1, model: R, value: 78.6}\n"),
     RESNET, "results[0].source", "missing required field"),
    ("result-twice", append(RESNET, RESULT.format(value=78.6, date="2015-12") + "  - benchmark: imagenet-top1\n"
                            "    model: ResNet-152\n    value: 78.7\n"
                            "    source: {where: abstract, version: CVPR 2016, date: 2016-06}\n"),
     RESNET, "results[1]", "the same result is listed twice"),
    ("result-unknown-extra-data", append(RESNET, RESULT.format(value=78.6, date="2015-12")
                                         + "    extra_data: [jft-300]\n"), RESNET,
     "results[0].extra_data[0]", "unknown dataset 'jft-300'"),
    ("benchmark-unknown-dataset", edit("benchmarks.yaml", "dataset: imagenet-1k", "dataset: imagenet"),
     "benchmarks.yaml", "imagenet-top1.dataset", "unknown dataset 'imagenet'"),
]


def tree_digest(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        digest.update(path.relative_to(root).as_posix().encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.fixture
def previous_site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "ko").mkdir(parents=True)
    (site / "index.html").write_text("<p>the previous, good site</p>", encoding="utf-8")
    (site / "ko" / "index.html").write_text("<p>이전 사이트</p>", encoding="utf-8")
    return site


def test_there_are_at_least_25_cases() -> None:
    assert len(CASES) >= 25
    assert len({case[0] for case in CASES}) == len(CASES)


@pytest.mark.parametrize(("case", "mutate", "file", "field", "words"), CASES, ids=[c[0] for c in CASES])
def test_bad_input_fails_clearly_and_keeps_the_previous_site(
    case: str, mutate: Callable[[Path], None], file: str, field: str, words: str,
    fixture_data: Path, previous_site: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    mutate(fixture_data)
    before = tree_digest(previous_site)
    assert build_site(previous_site, fixture_data) != 0
    report = capsys.readouterr().err
    line = next((ln for ln in report.splitlines() if f"data/{file}" in ln and words in ln), None)
    assert line is not None, f"no line names data/{file} with {words!r}:\n{report}"
    if field:
        assert f": {field}:" in line, f"the field {field!r} is not named:\n{line}"
    fix_line = report.splitlines()[report.splitlines().index(line) + 1]
    assert fix_line.strip().startswith("fix:"), f"no fix is suggested after:\n{line}"
    assert tree_digest(previous_site) == before, "the previous site was modified"
    leftovers = [p.name for p in previous_site.parent.iterdir() if p.name.startswith(".site")]
    assert leftovers == [], f"staging directories were left behind: {leftovers}"


def test_every_problem_is_reported_at_once(fixture_data: Path, previous_site: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    edit(RESNET, "year: 2015", "year: 2999")(fixture_data)
    edit("papers/mobilenet.yaml", "topics: [efficient]", "topics: [efficiency]")(fixture_data)
    write("papers/alexnet.yaml", "title: [broken")(fixture_data)
    assert build_site(previous_site, fixture_data) == 1
    report = capsys.readouterr().err
    assert "4 problems" in report  # the future year also contradicts the venue year
    for expected in ("data/papers/resnet.yaml: year", "data/papers/mobilenet.yaml: topics[0]",
                     "data/papers/alexnet.yaml: YAML syntax error"):
        assert expected in report


def test_the_build_command_exits_non_zero(fixture_data: Path, previous_site: Path) -> None:
    edit(RESNET, "year: 2015", "year: 2999")(fixture_data)
    result = subprocess.run(
        [sys.executable, "-m", "tools.build", "--data", str(fixture_data), "--site-dir", str(previous_site)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 1
    assert "data/papers/resnet.yaml: year: 2999 is in the future" in result.stderr
    assert "unchanged" in result.stderr


def test_a_failing_mkdocs_build_also_keeps_the_previous_site(fixture_data: Path, previous_site: Path,
                                                            tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Data that validates but breaks a page: a hand-written page citing an unknown paper."""
    config = tmp_path / "config"
    shutil_copy_config(config, tmp_path / "docs")
    (tmp_path / "docs" / "en" / "about.md").write_text("# About\n\nSee [@no-such-paper].\n", encoding="utf-8")
    before = tree_digest(previous_site)
    assert build_site(previous_site, fixture_data, config_dir=config) == 1
    report = capsys.readouterr().err
    assert "docs/en/about.md: page 'about.md' cites unknown paper(s) [@no-such-paper]" in report
    assert tree_digest(previous_site) == before


def test_the_same_scratch_site_builds_when_nothing_is_wrong(fixture_data: Path, tmp_path: Path) -> None:
    """The positive control of the test above: only the bad citation made it fail."""
    config = tmp_path / "config"
    shutil_copy_config(config, tmp_path / "docs")
    site = tmp_path / "site"
    assert build_site(site, fixture_data, config_dir=config) == 0
    assert (site / "ko" / "papers" / "resnet" / "index.html").is_file()
    assert (site / "en" / "about" / "index.html").is_file()


def shutil_copy_config(config: Path, docs: Path) -> None:
    """A copy of config/ with absolute paths and a scratch docs/ holding a stub for every hand-written page."""
    import shutil

    shutil.copytree(ROOT / "config", config)
    base = config / "base.yml"
    text = base.read_text(encoding="utf-8")
    for name in ("hooks", "data", "templates", "cvatlas", "overrides", ".cache", "CONTRIBUTING.md"):
        text = text.replace(f"../{name}", str(ROOT / name))
    base.write_text(text, encoding="utf-8")
    pages = [p.strip() for section in ("guide", "about") for p in
             re.search(rf"{section}: \[([^\]]*)\]", text).group(1).split(",")]
    for lang in ("ko", "en"):
        path = config / f"{lang}.yml"
        path.write_text(path.read_text(encoding="utf-8").replace(f"../docs/{lang}", str(docs / lang)), encoding="utf-8")
        for page in pages:
            target = docs / lang / page
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(f"# {page}\n\nA stub.\n", encoding="utf-8")
