"""Loading data/: the real catalogue is complete and consistent; the contributor commands work."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from cvatlas.catalogue import load_catalogue
from cvatlas.model import LANGS, Catalogue
from cvatlas.problems import DataError
from cvatlas.snapshot import ENV as SNAPSHOT_ENV
from cvatlas.snapshot import catalogue_for_build, write_snapshot
from cvatlas.translation import paper_text_hash, stale_texts

ROOT = Path(__file__).resolve().parent.parent


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cvatlas", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=60)


def test_the_fixture_tree_loads(fixture_data: Path) -> None:
    cat = load_catalogue(fixture_data)
    assert sorted(cat.papers) == ["mobilenet", "mobilenet-v2", "resnet"]
    assert cat.papers["mobilenet-v2"].relations[0].target == "mobilenet"
    assert cat.stale == {}


def test_every_paper_has_both_summaries_and_key_points(catalogue: Catalogue) -> None:
    for paper in catalogue.papers.values():
        for lang in LANGS:
            assert paper.summary[lang].strip(), f"{paper.id}: summary.{lang}"
            assert paper.details and paper.details[lang].strip(), f"{paper.id}: details.{lang}"


def test_every_relation_points_to_an_earlier_or_same_year_paper(catalogue: Catalogue) -> None:
    for paper in catalogue.papers.values():
        for relation in paper.relations:
            target = catalogue.papers[relation.target]
            assert target.year <= paper.year, f"{paper.id} {relation.type} {target.id}, which is newer"


def test_no_translation_is_stale_in_the_real_data(catalogue: Catalogue) -> None:
    assert catalogue.stale == {}, "run `make check` and review the listed texts"


def test_ids_are_file_names_and_citation_keys(catalogue: Catalogue) -> None:
    files = {p.stem for p in (ROOT / "data" / "papers").glob("*.yaml") if p.name != "TEMPLATE.yaml"}
    assert set(catalogue.papers) == files


def test_check_passes_and_reports_counts() -> None:
    result = run_cli("check")
    assert result.returncode == 0, result.stderr
    assert "ok: " in result.stdout and " papers" in result.stdout


def test_check_fails_with_file_and_field(fixture_data: Path) -> None:
    paper = fixture_data / "papers" / "resnet.yaml"
    paper.write_text(paper.read_text(encoding="utf-8").replace("year: 2015", "year: '2015'"), encoding="utf-8")
    result = run_cli("--data", str(fixture_data), "check")
    assert result.returncode == 1
    assert "data/papers/resnet.yaml: year: must be a whole number, found '2015'" in result.stderr


def test_check_lists_stale_translations_with_the_value_to_record(fixture_data: Path) -> None:
    paper = fixture_data / "papers" / "resnet.yaml"
    paper.write_text(paper.read_text(encoding="utf-8").replace("so very deep networks train.",
                                                                "so networks of 150 layers train."), encoding="utf-8")
    cat = load_catalogue(fixture_data)
    assert cat.stale == {"resnet": ["ko"]}, "only the Korean text lags behind the edited English"
    expected = paper_text_hash(cat.papers["resnet"], "en")
    result = run_cli("--data", str(fixture_data), "check")
    assert result.returncode == 0, "a stale translation is a warning, not an error"
    assert "data/papers/resnet.yaml: translation.ko: the ko text may be out of date" in result.stdout
    assert f"set translation.ko: {expected}" in result.stdout
    (stale,) = stale_texts(cat.papers["resnet"])
    assert stale.current == expected and stale.lang == "ko"


def test_new_paper_writes_a_skeleton_that_check_then_guides(fixture_data: Path) -> None:
    shutil_template(fixture_data)
    result = run_cli("--data", str(fixture_data), "new-paper", "vgg")
    assert result.returncode == 0, result.stderr
    written = fixture_data / "papers" / "vgg.yaml"
    assert written.exists()
    assert written.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=")
    check = run_cli("--data", str(fixture_data), "check")
    assert check.returncode == 1
    # The skeleton's placeholders are caught and named: the unknown relation target and the venue.
    assert "data/papers/vgg.yaml: relations[0].target: unknown paper 'other-paper-id'" in check.stderr
    again = run_cli("--data", str(fixture_data), "new-paper", "vgg")
    assert again.returncode == 1 and "already exists" in again.stderr
    bad = run_cli("--data", str(fixture_data), "new-paper", "VGG_16")
    assert bad.returncode == 2 and "not a valid paper id" in bad.stderr


def shutil_template(data: Path) -> None:
    (data / "papers" / "TEMPLATE.yaml").write_text((ROOT / "data" / "papers" / "TEMPLATE.yaml").read_text(
        encoding="utf-8"), encoding="utf-8")


def test_template_documents_every_field_of_the_schema() -> None:
    schema = json.loads((ROOT / "schemas" / "paper.schema.json").read_text(encoding="utf-8"))
    template = yaml.safe_load((ROOT / "data" / "papers" / "TEMPLATE.yaml").read_text(encoding="utf-8"))
    documented = set(template) | {"id"}  # id is optional and discouraged: the file name is the id
    assert set(schema["properties"]) == documented


@pytest.mark.parametrize("path", sorted((ROOT / "data").rglob("*.yaml")), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_data_file_names_its_schema_on_its_first_line(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    schema = (path.parent / first.split("$schema=", 1)[1]).resolve()
    assert schema.is_file(), f"{first} does not lead to a schema file"


def _agree(schema_name: str, value: object) -> bool:
    import fastjsonschema

    from cvatlas import schema

    try:
        schema.fast_validator(schema_name)(value)
        fast_ok = True
    except fastjsonschema.JsonSchemaException:
        fast_ok = False
    return fast_ok == (not list(schema.validator(schema_name).iter_errors(value)))


def test_the_compiled_and_the_reference_validator_agree(catalogue: Catalogue) -> None:
    """make check takes the compiled validator's word for valid files; it must never differ from jsonschema."""
    from cvatlas.yamlio import read_yaml

    good = [read_yaml(p, p.name)[0] for p in sorted((ROOT / "data" / "papers").glob("*.yaml"))
            if p.name != "TEMPLATE.yaml"]
    sample = good[0]
    variants = [
        sample, {**sample, "year": "2015"}, {**sample, "authors": "A B"}, {**sample, "extra": 1},
        {**sample, "doi": "doi.org/10.1/x"}, {**sample, "arxiv": "1512.03385v2"}, {**sample, "summary": {"ko": "x"}},
        {**sample, "summary": {"ko": "a\nb", "en": "c"}}, {**sample, "topics": []}, {**sample, "tags": ["a", "a"]},
        {**sample, "code": [{"url": "javascript:x", "framework": "pytorch", "official": True}]},
        {**sample, "citations": {"count": -1, "as_of": "2022-07", "source": "x"}},
        {**sample, "translation": {"ko": "zzzzzzzz", "en": "00000000"}},
    ]
    for value in good + variants:
        assert _agree("paper", value), value.get("title") if isinstance(value, dict) else value


def test_the_build_snapshot_hands_over_the_same_catalogue(catalogue: Catalogue, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    snapshot = tmp_path / "catalogue.pickle"
    write_snapshot(catalogue, snapshot)
    monkeypatch.setenv(SNAPSHOT_ENV, str(snapshot))
    handed = catalogue_for_build(tmp_path / "no-data-here")  # read from the snapshot, not from a data tree
    assert handed == catalogue and handed is not catalogue
    monkeypatch.delenv(SNAPSHOT_ENV)
    with pytest.raises(DataError, match="data directory does not exist"):
        catalogue_for_build(tmp_path / "no-data-here")
