"""Browser tests: the pages in Debian's headless Chromium driven by Playwright (harness.py),
against the real server. The `browser` fixture is in this folder's conftest.py."""
