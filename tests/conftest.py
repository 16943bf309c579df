"""Shared fixtures: the repository's inputs, one store built per test session, and the
source texts (skipped, with the reason, where ../shared/sources is absent — never in CI)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pyoxigraph import Store

from server.core.config import Config, load_config
from server.store import disk as stores

# One Playwright instance for the whole session; every browser test module uses it.
from .browser.harness import browser  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT.parent / "shared" / "sources"
IN_CI = os.environ.get("CI", "").lower() == "true"


def sources_dir() -> Path:
    """The folder with the two articles; in CI its absence is a failure, elsewhere a skip."""
    if not SOURCES.is_dir():
        if IN_CI:
            pytest.fail(f"CI=true but the source texts are missing at {SOURCES}")
        pytest.skip(f"source texts not found at {SOURCES}")
    return SOURCES


@pytest.fixture(scope="session")
def config(tmp_path_factory: pytest.TempPathFactory) -> Config:
    """Settings pointing at the repository's inputs and a session-private data folder."""
    data = tmp_path_factory.mktemp("data")
    return load_config({"data_dir": str(data), "input_dir": str(ROOT)}, environ={})


@pytest.fixture(scope="session")
def built(config: Config) -> stores.BuildResult:
    return stores.build(config)


@pytest.fixture(scope="session")
def store(config: Config, built: stores.BuildResult) -> Store:
    return stores.open_read_only(stores.current_store(config))
