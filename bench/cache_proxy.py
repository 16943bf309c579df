"""The caching proxy of the recommended deployment, `deploy/nginx.conf`, run on loopback: the
recipe filled in with its parameters and included in a minimal nginx configuration of a
private folder (`nginx` runs any other site the same way). Used by tests/wiring/ (the
deployment and replica tests) and by the bench system `zhusan-behind-cache`."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests

from server.core.config import REPOSITORY_ROOT

from .processes import StartError, free_port, stop_group

RECIPE = REPOSITORY_ROOT / "deploy" / "nginx.conf"
PARAMETER = re.compile(r"\$\{(ZHUSAN_[A-Z_]+)\}")

# What a deployment has already around the recipe: Debian's nginx.conf, reduced to what nginx
# needs to run unprivileged in one folder.
MAIN_CONF = """\
{user}
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log {folder}/access.log;
    client_body_temp_path {folder}/client_body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    include {recipe};
}}
"""


def nginx_program() -> str | None:
    """nginx on PATH or where Debian puts it; None when it is not installed."""
    return shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if Path(p).is_file()), None
    )


def render(template: str, parameters: dict[str, str]) -> str:
    """The recipe with every ``${ZHUSAN_…}`` filled, as envsubst would; nginx's own ``$names``
    are left alone. A parameter the template names but ``parameters`` lacks is an error."""
    missing = sorted(set(PARAMETER.findall(template)) - set(parameters))
    if missing:
        raise ValueError(f"parameters missing for the recipe: {', '.join(missing)}")
    return PARAMETER.sub(lambda m: parameters[m.group(1)], template)


def server_lines(upstreams: Sequence[str], *, fail_timeout: float = 10) -> str:
    """``ZHUSAN_PROXY_SERVERS`` for replicas at ``host:port`` (or ``http://host:port``)."""
    return " ".join(
        f"server {u.removeprefix('http://')} max_fails=1 fail_timeout={fail_timeout:g}s;"
        for u in upstreams
    )


@dataclass
class CacheProxy:
    process: subprocess.Popen[bytes]
    url: str
    port: int
    folder: Path

    def error_log(self) -> str:
        path = self.folder / "error.log"
        return path.read_text(errors="replace") if path.exists() else ""


def recipe_site(
    folder: Path, upstreams: Sequence[str], cache_seconds: float
) -> Callable[[int], str]:
    """The recipe, filled in for ``folder`` and ``upstreams``, listening on the port it is given."""

    def site(port: int) -> str:
        return render(
            RECIPE.read_text(),
            {
                "ZHUSAN_PROXY_LISTEN": f"127.0.0.1:{port}",
                "ZHUSAN_PROXY_SERVERS": server_lines(upstreams),
                "ZHUSAN_PROXY_CACHE_DIR": str(folder / "cache"),
                "ZHUSAN_PROXY_CACHE_SECONDS": f"{cache_seconds:g}",
            },
        )

    return site


def nginx_command(folder: Path, site: Callable[[int], str]) -> tuple[list[str], int]:
    """The command that runs nginx in the foreground in ``folder`` with ``site(port)`` as its
    `http` block's site, and the free loopback port it will listen on."""
    program = nginx_program()
    if program is None:
        raise StartError("nginx is not installed (`apt-get install -y nginx`)")
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    site_conf = folder / "zhusan.conf"
    site_conf.write_text(site(port))
    # Run as root, nginx would hand its workers to `nobody`, who cannot enter the folder.
    user = "user root;" if os.geteuid() == 0 else ""
    main = folder / "nginx.conf"
    main.write_text(MAIN_CONF.format(user=user, folder=folder, recipe=site_conf))
    command = [program, "-p", str(folder), "-c", str(main), "-e", str(folder / "error.log")]
    return [*command, "-g", "daemon off;"], port


@contextmanager
def cache_proxy(
    folder: Path, upstreams: Sequence[str], *, cache_seconds: float = 60
) -> Iterator[CacheProxy]:
    """nginx with the recipe on a free loopback port in front of ``upstreams``; stopped after."""
    with nginx(folder, recipe_site(folder, upstreams, cache_seconds)) as proxy:
        yield proxy


@contextmanager
def nginx(folder: Path, site: Callable[[int], str]) -> Iterator[CacheProxy]:
    """nginx serving ``site`` on a free loopback port, once it answers `/healthz`; stopped after."""
    command, port = nginx_command(folder, site)
    output = folder / "nginx.out"
    with output.open("wb") as sink:
        process = subprocess.Popen(command, stdout=sink, stderr=sink, start_new_session=True)
    proxy = CacheProxy(process, f"http://127.0.0.1:{port}", port, folder)
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                raise StartError(f"nginx exited with {process.returncode}: {output.read_text()}")
            try:
                requests.get(proxy.url + "/healthz", timeout=2)
                break
            except (requests.ConnectionError, requests.Timeout):
                if time.monotonic() > deadline:
                    raise StartError(f"nginx did not start: {proxy.error_log()}") from None
                time.sleep(0.05)
        yield proxy
    finally:
        stop_group(process)
