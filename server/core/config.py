"""Every setting of the service, declared once with its default and help text.

Values flow defaults → environment (``ZHUSAN_<NAME>``) → explicit overrides (command-line
options, test fixtures). The README's settings table is generated from ``SETTINGS`` and a test
fails when the two drift apart.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from server.core import namespaces

# server/core/config.py: three levels up is the checkout, with ontology/, graph/ and queries/.
REPOSITORY_ROOT = Path(__file__).resolve().parents[2]


class ConfigError(ValueError):
    """A setting has a value the service cannot use."""


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str

    @property
    def env(self) -> str:
        return "ZHUSAN_" + self.name.upper()

    def parse(self, raw: str) -> Any:
        """Turn an environment string into the setting's type (that of its default)."""
        kind = type(self.default)
        if kind is bool:
            if raw.lower() in {"1", "true", "yes", "on"}:
                return True
            if raw.lower() in {"0", "false", "no", "off"}:
                return False
            raise ConfigError(f"{self.env} must be true or false, not {raw!r}")
        if kind in (int, float):
            try:
                value = kind(raw)
            except ValueError:
                raise ConfigError(f"{self.env} must be a number, not {raw!r}") from None
            if value < 0:
                raise ConfigError(f"{self.env} must not be negative, not {raw!r}")
            return value
        return raw


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "base",
        namespaces.BASE,
        "Persistent IRI base of the graph; the server maps its own URLs onto it.",
    ),
    Setting(
        "input_dir",
        str(REPOSITORY_ROOT),
        "Folder holding ontology/, graph/ and queries/ (the build's inputs).",
    ),
    Setting(
        "data_dir",
        str(REPOSITORY_ROOT / "var"),
        "Folder where stores are built; `current` points at the one being served.",
    ),
    Setting(
        "sources_dir",
        "",
        "Folder with the source texts; when set, pages highlight each evidence span.",
    ),
    Setting("host", "127.0.0.1", "Address the server listens on."),
    Setting("port", 8000, "Port the server listens on."),
    Setting("workers", 2, "Web server processes (gunicorn workers)."),
    Setting(
        "threads",
        16,
        "Threads per web server process: the requests it serves at once, long queries included.",
    ),
    Setting(
        "query_workers",
        2,
        "Query evaluation processes per web server process; each is killed at the time limit.",
    ),
    Setting("query_timeout", 30.0, "Seconds a query may run before it is stopped (503)."),
    Setting(
        "max_rows", 10_000, "Rows (or triples) returned at most; the answer says when it was cut."
    ),
    Setting("max_body", 1_048_576, "Largest request body in bytes (413 beyond)."),
    Setting(
        "max_result_bytes", 64 * 1_048_576, "Largest serialized answer held in memory, in bytes."
    ),
    Setting(
        "cache_bytes",
        64 * 1_048_576,
        "Bytes of answers each web process keeps for repeated queries; 0 disables the cache.",
    ),
    Setting("queue_wait", 10.0, "Seconds a request waits for a free query process (503 beyond)."),
    Setting(
        "cors_origin",
        "*",
        "Access-Control-Allow-Origin sent on read requests; empty disables CORS.",
    ),
    Setting(
        "backend",
        "embedded",
        "Store backend: `embedded` (pyoxigraph on disk) or `sparql` (remote).",
    ),
    Setting("sparql_url", "", "Query endpoint of the remote engine when backend is `sparql`."),
    Setting("log_level", "info", "Logging level of the access and error logs."),
)


@dataclass(frozen=True)
class Config:
    """The resolved settings of one process."""

    base: str
    input_dir: str
    data_dir: str
    sources_dir: str
    host: str
    port: int
    workers: int
    threads: int
    query_workers: int
    query_timeout: float
    max_rows: int
    max_body: int
    max_result_bytes: int
    cache_bytes: int
    queue_wait: float
    cors_origin: str
    backend: str
    sparql_url: str
    log_level: str

    @property
    def inputs(self) -> Path:
        return Path(self.input_dir)

    @property
    def stores(self) -> Path:
        return Path(self.data_dir)


def load_config(
    overrides: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
) -> Config:
    """Resolve every setting: default, then ``ZHUSAN_*`` environment, then overrides."""
    environ = os.environ if environ is None else environ
    overrides = dict(overrides or {})
    known = {s.name for s in SETTINGS}
    unknown = set(overrides) - known
    if unknown:
        raise ConfigError(f"unknown settings: {', '.join(sorted(unknown))}")
    values: dict[str, Any] = {}
    for setting in SETTINGS:
        value = setting.default
        if setting.env in environ:
            value = setting.parse(environ[setting.env])
        if overrides.get(setting.name) is not None:
            value = overrides[setting.name]
        values[setting.name] = value
    if values["backend"] not in {"embedded", "sparql"}:
        raise ConfigError("ZHUSAN_BACKEND must be `embedded` or `sparql`")
    if not values["base"].endswith("/"):
        raise ConfigError("ZHUSAN_BASE must end with a slash")
    return Config(**values)


def settings_table() -> str:
    """The README's table of settings, generated from the declaration above."""
    rows = ["| Environment variable | Default | Meaning |", "|---|---|---|"]
    for setting in SETTINGS:
        default = setting.default
        if setting.name in {"input_dir", "data_dir"}:
            default = "(repository)" + ("/var" if setting.name == "data_dir" else "")
        shown = f"`{default}`" if default != "" else "(none)"
        rows.append(f"| `{setting.env}` | {shown} | {setting.help} |")
    return "\n".join(rows)
