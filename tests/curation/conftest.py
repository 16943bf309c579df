"""Temporary copies of the inputs and a temporary sources folder: no curation test writes into
the repository's graph/ or the shared sources."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from server.curation.document import Metadata
from server.curation.workspace import Workspace

from ..conftest import ROOT, SOURCES
from .zhusan6 import DOCUMENT


@dataclass
class Copy:
    inputs: Path
    sources: Path
    document: Path

    def workspace(self) -> Workspace:
        return Workspace(self.inputs, self.sources)


def make_copy(folder: Path, with_articles: bool = False) -> Copy:
    inputs, sources = folder / "inputs", folder / "sources"
    for name in ("ontology", "graph", "queries"):
        shutil.copytree(ROOT / name, inputs / name)
    sources.mkdir()
    if with_articles:
        for text in SOURCES.glob("*.txt"):
            shutil.copy(text, sources / text.name)
    document = folder / "zhusan-6.txt"
    document.write_text(DOCUMENT, encoding="utf-8")
    return Copy(inputs, sources, document)


@pytest.fixture
def copy(tmp_path: Path) -> Copy:
    return make_copy(tmp_path)


@pytest.fixture
def registered(copy: Copy) -> tuple[Workspace, str]:
    """A workspace where the test document is registered (as source 005)."""
    workspace = copy.workspace()
    key = workspace.add_source(copy.document, Metadata("en", "Zhusan-6, a later flight home"))
    return workspace, key
