"""Quote attribution on the shared PolNeAR training articles (611 US political news
articles, 2,933 gold direct quotes), scored by benchmarks/attribution.py: the bars of
issue 10. Skipped when the corpus is absent."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType
from typing import Any

import pytest
from tests.conftest import REPO, SHARED

POLNEAR = SHARED / "corpus" / "polnear-train"

pytestmark = pytest.mark.slow


def _benchmark() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "attribution_benchmark", REPO / "benchmarks" / "attribution.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def scores() -> Any:
    if not (POLNEAR / "gold.jsonl").is_file():
        pytest.skip(f"PolNeAR corpus not found at {POLNEAR} (set FLAGREADER_SHARED to its parent folder)")
    benchmark = _benchmark()
    return benchmark.score(POLNEAR, benchmark.read_gold(POLNEAR / "gold.jsonl"))


def test_quote_recall(scores: Any) -> None:
    assert scores.recall >= 0.97


def test_named_speakers_right_and_rarely_missing(scores: Any) -> None:
    right = scores.ratio("named", "right")
    missing = scores.ratio("named", "no speaker")
    assert right >= 0.92, f"named-person speaker right {right:.3f}"
    assert missing < 0.03, f"named-person quotes with no speaker {missing:.3f}"


def test_a_wrong_speaker_is_rarer_than_a_missing_one(scores: Any) -> None:
    """A wrong name on the clipboard is worse than none: keep wrong speakers few."""
    wrong = scores.ratio("named", "wrong")
    assert wrong < 0.02, f"named-person quotes with a wrong speaker {wrong:.3f}"


def test_the_benchmark_head_name_rules() -> None:
    head_name = _benchmark().head_name
    assert head_name("Sen. Brian Schatz of Hawaii, who has spoken") == ("Brian", "Schatz")
    assert head_name("Gallup’s Jeffrey M. Jones") == ("Jeffrey", "Jones")
    assert head_name("Rep. Gwen Moore (D-Wis.)") == ("Gwen", "Moore")
    assert head_name("he") is None and head_name("the Trump campaign") is None
    assert _benchmark().speaker_right(
        _benchmark().Gold("a", "q", "El-Erian", "said", (0, 1), None), "Mohamed El-Erian"
    )
