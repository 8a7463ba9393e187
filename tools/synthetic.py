"""Synthetic but valid data trees for the benchmark: the real catalogue plus synthetic papers up to
N in all, with realistic field lengths in both languages, relations and citations to earlier papers,
code links, tags and topics.

Written into a directory of the caller's choosing (never into data/). Keeping the real papers means
the hand-written pages (which link to them) build unchanged, so the site is the real site, bigger.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import yaml

from cvatlas.translation import text_hash

ROOT = Path(__file__).resolve().parent.parent

KO_WORDS = ("합성곱 신경망 특징 맵 채널 어텐션 학습률 규제 증강 해상도 검출 분할 백본 경량화 구조 탐색 "
            "잔차 연결 정규화 활성화 함수 손실 최적화 일반화 정확도 연산량 파라미터 모델 데이터셋 "
            "실험 결과 성능 개선 제안 방법").split()
EN_WORDS = ("convolutional network feature map channel attention learning rate regularization augmentation "
            "resolution detection segmentation backbone lightweight architecture search residual connection "
            "normalization activation loss optimization generalization accuracy computation parameters model "
            "dataset experiment results performance improvement proposed method").split()
FRAMEWORKS = ("pytorch", "tensorflow", "jax", "keras")
GIVEN = ("Kaiming Jian Ross Mingxing Quoc Andrew Mark Alexey Zhuang Laurens Hongyi Sangdoo Jie Li Tsung-Yi "
         "Piotr Christian Sergey Ilya Geoffrey Yann Olga Fei-Fei Jia Wei Xiangyu Shaoqing Joseph Ali").split()
FAMILY = ("He Sun Girshick Tan Le Howard Sandler Dosovitskiy Liu Maaten Zhang Yun Hu Shen Lin Dollar "
          "Szegedy Ioffe Sutskever Hinton LeCun Russakovsky Li Deng Ren Redmon Farhadi Wang Chen").split()


def _sentence(rng: random.Random, words: tuple[str, ...] | list[str], count: int, end: str) -> str:
    return " ".join(rng.choice(words) for _ in range(count)).capitalize() + end


def _ko(rng: random.Random, count: int) -> str:
    return " ".join(rng.choice(KO_WORDS) for _ in range(count)) + "."


def synthetic_paper(index: int, rng: random.Random, topics: list[str], tags: list[str], venues: list[str],
                    libraries: list[str], relation_types: list[str]) -> dict:
    year = 2012 + index * 14 // 2000 if index < 2000 else 2012 + rng.randrange(14)
    earlier = [f"paper-{i:05d}" for i in range(max(0, index - 60), index)]
    cites = rng.sample(earlier, min(len(earlier), rng.randint(1, 2))) if earlier else []
    related = rng.sample(earlier, min(len(earlier), rng.randint(1, 3))) if earlier else []
    details_ko = "\n".join([
        f"- **문제**: {_ko(rng, 18)}",
        f"- **아이디어**: {_ko(rng, 20)}" + "".join(f" [@{c}]" for c in cites),
        f"- **방법**: {_ko(rng, 22)}",
        f"- **결과**: {_ko(rng, 16)}",
    ]) + "\n"
    details_en = "\n".join([
        f"- **Problem**: {_sentence(rng, EN_WORDS, 24, '.')}",
        f"- **Idea**: {_sentence(rng, EN_WORDS, 26, '.')}" + "".join(f" [@{c}]" for c in cites),
        f"- **How it works**: {_sentence(rng, EN_WORDS, 30, '.')}",
        f"- **Results**: {_sentence(rng, EN_WORDS, 20, '.')}",
    ]) + "\n"
    summary = {"ko": _ko(rng, 16), "en": _sentence(rng, EN_WORDS, 22, ".")}
    paper = {
        "title": _sentence(rng, EN_WORDS, rng.randint(7, 12), "").title(),
        "name": f"Model-{index}",
        "aliases": [f"Model {index}", f"모델 {index}"],
        "authors": list(dict.fromkeys(f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}" for _ in range(rng.randint(3, 8)))),
        "year": year,
        "venue": f"{rng.choice(venues)} {year + rng.randint(0, 1)}" if rng.random() < 0.7 else None,
        "arxiv": f"{(year % 100):02d}{rng.randint(1, 12):02d}.{index:05d}",
        "arxiv_class": "cs.CV",
        "topics": rng.sample(topics, rng.randint(1, 2)),
        "tags": rng.sample(tags, rng.randint(1, 3)),
        "summary": summary,
        "details": {"ko": details_ko, "en": details_en},
        "code": [{"url": f"https://github.com/example/model-{index}", "framework": rng.choice(FRAMEWORKS),
                  "official": True}] + [
            {"url": f"https://example.org/{lib}/model-{index}", "framework": "pytorch", "official": False,
             "library": lib} for lib in rng.sample(libraries, rng.randint(1, 2))],
        "relations": [{"type": rng.choice(relation_types), "target": target,
                       "note": {"ko": _ko(rng, 8), "en": _sentence(rng, EN_WORDS, 12, ".")}} for target in related],
        "added": "2026-01-01",
        "translation": {"ko": text_hash(summary["en"], details_en), "en": text_hash(summary["ko"], details_ko)},
    }
    return {key: value for key, value in paper.items() if value not in (None, [])}


def write_synthetic_tree(target: Path, count: int, seed: int = 7) -> Path:
    """Create target/data: a copy of data/ plus synthetic papers up to `count` papers in all."""
    data = target / "data"
    if data.exists():
        shutil.rmtree(data)
    shutil.copytree(ROOT / "data", data)
    real = sum(1 for p in (data / "papers").glob("*.yaml") if p.name != "TEMPLATE.yaml")
    vocab = {name: [item["id"] for item in yaml.safe_load((data / f"{name}.yaml").read_text(encoding="utf-8"))]
             for name in ("topics", "tags", "venues", "libraries", "relations")}
    rng = random.Random(seed)
    for index in range(max(0, count - real)):
        paper = synthetic_paper(index, rng, vocab["topics"], vocab["tags"], vocab["venues"], vocab["libraries"],
                                vocab["relations"])
        path = data / "papers" / f"paper-{index:05d}.yaml"
        path.write_text(yaml.safe_dump(paper, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return data
