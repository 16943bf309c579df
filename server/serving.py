"""`zhusan-kg serve`: the application under gunicorn, a production WSGI server.

Each gunicorn worker builds its own application after the fork (no preloading), so database
handles and query processes are never shared between processes. The store is checked before
the first worker starts: a missing or damaged store is rebuilt once, with a message, instead
of workers dying one after another.
"""

from __future__ import annotations

import logging
import sys
import tempfile
from typing import Any

from gunicorn.app.base import BaseApplication

from server.core.config import Config
from server.store import disk as stores
from server.store.disk import Progress

METRICS_DIR_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"


class ZhusanServer(BaseApplication):  # type: ignore[misc]
    def __init__(self, config: Config, metrics_dir: str) -> None:
        self.zhusan = config
        self.metrics_dir = metrics_dir
        super().__init__()

    def load_config(self) -> None:
        c = self.zhusan
        settings: dict[str, Any] = {
            "bind": f"{c.host}:{c.port}",
            "workers": c.workers,
            "worker_class": "gthread",
            "threads": c.threads,
            # Workers heartbeat from their main thread; a long query never trips this.
            "timeout": int(c.query_timeout) + 30,
            "graceful_timeout": 10,
            "keepalive": 5,
            "limit_request_line": 8190,
            "limit_request_fields": 100,
            "limit_request_field_size": 8190,
            "accesslog": None,  # the application writes a structured access log itself
            "errorlog": "-",
            "loglevel": c.log_level,
            "proc_name": "zhusan-kg",
            # gunicorn's control socket sits at one path in $HOME: replicas on one machine would
            # take it from each other, and nothing here uses it.
            "control_socket_disable": True,
            # prometheus_client's multiprocess mode: every worker writes its counters here.
            "raw_env": [f"{METRICS_DIR_VARIABLE}={self.metrics_dir}"],
            "child_exit": self._forget_worker_metrics,
        }
        for key, value in settings.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from server.app import create_app

        return create_app(self.zhusan)

    def _forget_worker_metrics(self, server: Any, worker: Any) -> None:
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid, path=self.metrics_dir)


def ensure_store(config: Config, progress: Progress) -> None:
    """Build the store if the inputs changed; rebuild it once, saying why, if it is damaged.

    A store that still cannot be opened after that stops the start with a StoreError.
    """
    if (config.stores / stores.CURRENT).is_symlink():
        try:
            stores.current_store(config)
        except stores.StoreError as error:  # the build below replaces it
            print(f"zhusan-kg: {error}; building a fresh store", file=sys.stderr)
    stores.build(config, progress=progress)  # a no-op when nothing changed
    try:
        stores.open_read_only(stores.current_store(config))
    except stores.StoreError as error:
        print(f"zhusan-kg: {error}; building a fresh store", file=sys.stderr)
        stores.build(config, force=True, progress=progress)
        stores.open_read_only(stores.current_store(config))


def configure_logging(level: str) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    access = logging.getLogger("zhusan.access")
    access.handlers[:] = [handler]
    access.setLevel(level.upper())
    access.propagate = False


def serve(config: Config, progress: Progress) -> int:
    if config.backend == "embedded":
        ensure_store(config, progress)
    metrics_dir = tempfile.mkdtemp(prefix="zhusan-metrics-")
    configure_logging(config.log_level)
    print(f"serving on http://{config.host}:{config.port}/ (SPARQL at /sparql)", file=sys.stderr)
    ZhusanServer(config, metrics_dir).run()
    return 0
