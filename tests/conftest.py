"""Shared fixtures: where the shared corpora are, and a skip when they are absent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("FLAGREADER_SHARED", REPO.parent / "shared"))
BBC = SHARED / "corpus" / "bbc"


@pytest.fixture(scope="session")
def bbc_corpus_path() -> Path:
    """The shared BBC corpus; tests that need it skip, saying why, when it is absent."""
    if not BBC.is_dir():
        pytest.skip(f"shared BBC corpus not found at {BBC} (set FLAGREADER_SHARED to its parent folder)")
    return BBC


@pytest.fixture(autouse=True)
def data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test keeps reading state in a fresh folder of its own, never the user's; and a
    command merges the kept index before it ends (not in a process left behind the test)."""
    folder = tmp_path_factory.mktemp("data")
    monkeypatch.setenv("FLAGREADER_DATA_DIR", str(folder))
    monkeypatch.setenv("FLAGREADER_MERGE", "now")
    return folder


@pytest.fixture
def index_builds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every search index made from here on, by how many articles it indexed."""
    from flagreader.model import Corpus

    built: list[int] = []
    build_index = Corpus.build_index

    def counted(corpus: Corpus) -> None:
        built.append(len(corpus.articles))
        build_index(corpus)

    monkeypatch.setattr(Corpus, "build_index", counted)
    return built
