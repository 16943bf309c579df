"""The browser tier's fixtures: one headless Chromium (Debian's) for the whole session, and
the folder its screenshots go to."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from ..conftest import IN_CI
from .harness import CHROMIUM_ARGS, chromium_path


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the whole session; a missing browser fails in CI, else skips."""
    path = chromium_path()
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        reason = f"Chromium not found at {path} (apt-get install chromium, or run `make system-packages`)"
        if IN_CI:
            pytest.fail(f"CI=true but {reason}")
        pytest.skip(reason)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=path, args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def screenshots(artifacts: Path) -> Path:
    """`screenshots/` in the session's artifacts folder (see `artifacts` in tests/conftest.py)."""
    return artifacts / "screenshots"
