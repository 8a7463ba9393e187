"""`make new-paper ID=<id> ARXIV=<arxiv id>` against recorded arXiv answers on a local server: the file is
the template with arXiv's facts filled in and every comment kept; `make check` refuses the placeholders
left; a taken id, a known paper, an unknown id, a truncated or malformed answer and no network write
nothing and exit non-zero."""

from __future__ import annotations

import datetime as dt
import shutil
import socket
import subprocess
from pathlib import Path

import pytest

from cvatlas.cli import main as cli
from tests.replay import FIXTURES, Replay
from tests.test_refresh import changed_lines

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "data" / "papers" / "TEMPLATE.yaml"
TODAY = dt.date.today().isoformat()


@pytest.fixture
def data(fixture_data: Path) -> Path:
    shutil.copy(TEMPLATE, fixture_data / "papers" / "TEMPLATE.yaml")
    return fixture_data


def run(data: Path, *args: str) -> int:
    return cli(["--data", str(data), *args])


def listing(data: Path) -> list[str]:
    return sorted(p.name for p in (data / "papers").iterdir())


def test_a_paper_is_prefilled_from_arxiv_and_keeps_the_template(data: Path, replay: Replay,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert run(data, "new-paper", "vgg", "--arxiv", "1409.1556v6") == 0
    assert "wrote " in capsys.readouterr().out
    written = (data / "papers" / "vgg.yaml").read_text(encoding="utf-8")
    template = TEMPLATE.read_text(encoding="utf-8")
    removed, added = changed_lines(template, written)
    assert removed == [
        'title: "Paper Title: As Written on the Paper"', "  - Given Family", "  - Another Author", "year: 2026",
        "venue: CVPR 2026", 'arxiv: "2601.00001"', "doi: 10.1109/CVPR.2026.00001", "url: https://example.org/paper",
        "citations:", "  count: 1000", "  as_of: 2022-07", "  source: Google Scholar", "added: 2026-01-01"]
    assert added == [
        'title: "Very Deep Convolutional Networks for Large-Scale Image Recognition"',  # one line, one space
        "  - Karen Simonyan", "  - Andrew Zisserman",
        "year: 2014",  # the first version's year, not the latest version's (2015)
        "# venue: none on arXiv (a preprint); add it once the paper is published",
        'arxiv: "1409.1556"',  # without the version asked for
        "# doi: none on arXiv; add it when the venue issues one",
        f"added: {TODAY}"]
    # Every comment of the template is still there, in order, and the placeholders are left for people.
    comments = [line for line in template.splitlines() if line.startswith("#")]
    assert [line for line in written.splitlines() if line.startswith("#") and line in comments] == comments
    assert "  en: State the paper's key idea in one line." in written and "topics: [backbones]" in written
    # One request, for the id without its version, naming the project.
    (request,) = replay.seen("/arxiv/")
    assert request.query["id_list"] == ["1409.1556"]
    assert request.headers["user-agent"].startswith("cv-paper-atlas-refresh/1 ")


def test_a_doi_and_a_journal_reference_that_names_a_venue_are_filled_in(data: Path, replay: Replay) -> None:
    assert run(data, "new-paper", "densenet", "--arxiv", "arXiv:1608.06993") == 0
    written = (data / "papers" / "densenet.yaml").read_text(encoding="utf-8")
    assert "\nvenue: CVPR 2017\n" in written and "\ndoi: 10.1109/CVPR.2017.243\n" in written
    authors = "authors:\n  - Gao Huang\n  - Zhuang Liu\n  - Laurens van der Maaten\n  - Kilian Q. Weinberger\n\n"
    assert authors in written, "particles as arXiv writes them; the comment after the list stays after it"
    assert "year: 2016\n" in written and "arxiv_class: cs.CV\n" in written


def test_an_unmapped_journal_reference_becomes_a_comment_and_names_keep_accents(data: Path, replay: Replay) -> None:
    assert run(data, "new-paper", "deit", "--arxiv", "2012.12877") == 0
    written = (data / "papers" / "deit.yaml").read_text(encoding="utf-8")
    assert "\n  - Hervé Jégou\n" in written
    assert 'title: "Training data-efficient image transformers & distillation through attention"' in written
    assert ("# venue: arXiv's journal reference is \"Proceedings of the 38th International Conference on Machine "
            "Learning, PMLR 139:10347-10357, 2021\"") in written
    assert "\nvenue:" not in written


def test_check_refuses_the_placeholders_until_they_are_written(data: Path, replay: Replay,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert run(data, "new-paper", "densenet", "--arxiv", "1608.06993") == 0
    capsys.readouterr()
    assert run(data, "check") == 1
    report = capsys.readouterr().err
    lines = report.splitlines()
    for field in ("summary.ko", "summary.en", "details.ko", "details.en"):
        line = next(ln for ln in lines if f"data/papers/densenet.yaml: {field}: is still the template's placeholder"
                    in ln)
        assert lines[lines.index(line) + 1].strip().startswith("fix: write ")
    hash_line = next(ln for ln in lines if "data/papers/densenet.yaml: translation.ko: is still the template's "
                     "placeholder hash 00000000" in ln)
    assert "run `python -m cvatlas hashes data/papers/densenet.yaml`" in lines[lines.index(hash_line) + 1]


def test_a_plain_copy_of_the_template_no_longer_validates(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Without the placeholder rule this copy passes `make check` (its relation, code and result are
    valid examples); only the template's texts and zero hashes give it away."""
    assert run(data, "new-paper", "mobilenet-v3") == 0
    path = data / "papers" / "mobilenet-v3.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("target: other-paper-id", "target: resnet").replace('"2601.00001"', '"2601.00011"')
    text = text.replace("doi: 10.1109/CVPR.2026.00001", "doi: 10.1109/CVPR.2026.00011")
    text = text.replace('title: "Paper Title: As Written on the Paper"', 'title: "Searching for MobileNetV3"')
    text = text.replace("library: timm", "library: torchvision")  # the libraries of the small fixture tree
    path.write_text(text, encoding="utf-8")
    capsys.readouterr()
    assert run(data, "check") == 1
    problems = [ln for ln in capsys.readouterr().err.splitlines() if ln.startswith("  - ")]
    assert problems == [
        "  - data/papers/mobilenet-v3.yaml: details.en: is still the template's placeholder text",
        "  - data/papers/mobilenet-v3.yaml: details.ko: is still the template's placeholder text",
        "  - data/papers/mobilenet-v3.yaml: summary.en: is still the template's placeholder text",
        "  - data/papers/mobilenet-v3.yaml: summary.ko: is still the template's placeholder text",
        "  - data/papers/mobilenet-v3.yaml: translation.en: is still the template's placeholder hash 00000000",
        "  - data/papers/mobilenet-v3.yaml: translation.ko: is still the template's placeholder hash 00000000",
    ]


def test_the_placeholders_refused_are_the_templates_own() -> None:
    from cvatlas.catalogue import PLACEHOLDER_DETAILS, PLACEHOLDER_HASH, PLACEHOLDER_SUMMARY
    from cvatlas.yamlio import read_yaml

    template, problem = read_yaml(TEMPLATE, "TEMPLATE.yaml")
    assert problem is None
    assert template["summary"] == PLACEHOLDER_SUMMARY and template["details"] == PLACEHOLDER_DETAILS
    assert template["translation"] == {"ko": PLACEHOLDER_HASH, "en": PLACEHOLDER_HASH}


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens once the probe is closed


@pytest.mark.parametrize(("case", "arxiv", "status", "words"), [
    ("id-taken", "1409.1556", 1, "data/papers/resnet.yaml already exists"),
    ("paper-already-there", "1512.03385v2", 1, "arXiv 1512.03385 is already in the atlas as"),
    ("unknown-id", "2501.99999", 1, "arXiv has no paper 2501.99999 (its answer was empty)"),
    ("truncated-answer", "1608.06993", 1, "not well-formed Atom (truncated or malformed"),
    ("maintenance-page", "1608.06993", 1, "cannot import arXiv 1608.06993: the arXiv API answered HTTP 503"),
    ("no-network", "1608.06993", 1, "cannot reach the arXiv API at http://127.0.0.1:"),
    ("not-an-arxiv-id", "1608.069", 2, "'1608.069' is not an arXiv id"),
])
def test_nothing_is_written_when_the_import_cannot_be_trusted(
    case: str, arxiv: str, status: int, words: str, data: Path, replay: Replay, waits: list[float],
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    paper_id = "resnet" if case == "id-taken" else "newpaper"
    if case == "truncated-answer":
        replay.arxiv_raw = (FIXTURES / "arxiv" / "truncated.xml").read_bytes()
    elif case == "maintenance-page":
        replay.arxiv_raw, replay.arxiv_status = (FIXTURES / "arxiv" / "maintenance.html").read_bytes(), 503
    elif case == "no-network":
        monkeypatch.setenv("ATLAS_ARXIV_API", f"http://127.0.0.1:{_closed_port()}/api/query")
    before = listing(data)
    resnet = (data / "papers" / "resnet.yaml").read_bytes()
    assert run(data, "new-paper", paper_id, "--arxiv", arxiv) == status
    message = capsys.readouterr().err
    assert message.startswith("error: ") and words in message, message
    assert listing(data) == before, "no file written, no temporary file left"
    assert (data / "papers" / "resnet.yaml").read_bytes() == resnet
    if case in ("id-taken", "paper-already-there", "not-an-arxiv-id"):
        assert replay.requests == [], "refused before asking arXiv"


def test_a_truncated_answer_with_status_200_is_refused_too(data: Path, replay: Replay,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    replay.arxiv_raw = (FIXTURES / "arxiv" / "maintenance.html").read_bytes()
    assert run(data, "new-paper", "newpaper", "--arxiv", "1608.06993") == 1
    assert "the answer is not" in capsys.readouterr().err
    assert "newpaper.yaml" not in listing(data)


def test_make_passes_arxiv_through() -> None:
    with_arxiv = subprocess.run(["make", "-n", "new-paper", "ID=vgg", "ARXIV=1409.1556"], cwd=ROOT,
                                capture_output=True, text=True, timeout=30)
    assert "-m cvatlas new-paper vgg --arxiv 1409.1556" in with_arxiv.stdout
    without = subprocess.run(["make", "-n", "new-paper", "ID=vgg"], cwd=ROOT, capture_output=True, text=True,
                             timeout=30)
    assert "-m cvatlas new-paper vgg\n" in without.stdout
    listed = subprocess.run(["make", "help"], cwd=ROOT, capture_output=True, text=True, timeout=30).stdout
    assert "ARXIV=<arxiv id>" in listed and "make refresh" in listed


def test_retries_keep_to_arxivs_one_request_every_three_seconds(data: Path, replay: Replay, waits: list[float],
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ATLAS_REFRESH_DELAY", "3")
    replay.arxiv_raw, replay.arxiv_status = (FIXTURES / "arxiv" / "maintenance.html").read_bytes(), 503
    assert run(data, "new-paper", "newpaper", "--arxiv", "1608.06993") == 1
    assert len(replay.seen("/arxiv/")) == 5, "the first try and four retries"
    assert waits == [3.0, 3.0, 3.0, 3.0], "each retry waits the 3 s arXiv asks for (urllib3 alone would not)"
