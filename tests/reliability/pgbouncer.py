"""A PgBouncer of the test's own in front of the test server, in transaction mode with fewer
server connections than the app has clients: each transaction may run on another server
connection, so anything the app kept in a session (a SET, a prepared statement, a
session-level lock) would show. Debian's package (1.18) is what `make test` installs."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import make_url

SERVER_CONNECTIONS = 4  # per database: far fewer than the 50 writers and the app's pool of 40
START_SECONDS = 10


@dataclass(frozen=True)
class Pooler:
    port: int

    def url(self, direct_url: str) -> str:
        """``direct_url`` with PgBouncer in the way."""
        pooled = make_url(direct_url).set(host="127.0.0.1", port=self.port)
        return pooled.render_as_string(hide_password=False)


def _binary() -> str:
    found = shutil.which("pgbouncer") or shutil.which("pgbouncer", path="/usr/sbin")
    assert found, "PgBouncer is not installed; `make test` installs it (apt-get install pgbouncer)"
    return found


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _config(server_url: str, port: int, *, ignore_options: bool) -> str:
    server = make_url(server_url)
    login = f"host={server.host or '127.0.0.1'} port={server.port or 5432} user={server.username}"
    if server.password:
        login += f" password={server.password}"
    return "\n".join(
        [
            "[databases]",
            f"* = {login}",
            "[pgbouncer]",
            "listen_addr = 127.0.0.1",
            f"listen_port = {port}",
            "unix_socket_dir =",
            "auth_type = any",  # logs in as the [databases] user, whatever the client says
            "pool_mode = transaction",
            f"default_pool_size = {SERVER_CONNECTIONS}",
            # Each test's database leaves its server connections idle in the pool: closed
            # soon, not after the default 10 minutes, so the run stays within max_connections.
            "server_idle_timeout = 5",
            "max_client_conn = 1000",
            # Told to, PgBouncer accepts libpq's ``options`` and drops them without a word.
            *(["ignore_startup_parameters = options"] if ignore_options else []),
            "",
        ]
    )


def _accepts(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


@contextmanager
def running_pgbouncer(
    server_url: str, directory: Path, *, ignore_options: bool = False
) -> Iterator[Pooler]:
    """PgBouncer on a free port of 127.0.0.1 until the block ends. It refuses to run as root,
    so as root it switches to ``nobody`` (after reading its configuration)."""
    port = _free_port()
    ini = directory / "pgbouncer.ini"
    ini.write_text(_config(server_url, port, ignore_options=ignore_options))
    as_user = ["-u", "nobody"] if os.geteuid() == 0 else []
    log = directory / "pgbouncer.log"
    with log.open("w") as output:
        process = subprocess.Popen(  # noqa: S603 - our own arguments
            [_binary(), *as_user, str(ini)], stdout=output, stderr=subprocess.STDOUT
        )
    try:
        deadline = time.monotonic() + START_SECONDS
        while not _accepts(port):
            assert process.poll() is None, f"PgBouncer stopped: {log.read_text()}"
            assert time.monotonic() < deadline, f"PgBouncer did not listen: {log.read_text()}"
            time.sleep(0.05)
        yield Pooler(port)
    finally:
        process.terminate()
        process.wait(timeout=START_SECONDS)
