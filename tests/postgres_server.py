"""A private PostgreSQL server for the tests: found (or installed), started, stopped.

CI machines start bare, so the tests bring their own server:

1. the server binaries (``initdb``, ``pg_ctl``, ``postgres``) are looked for on PATH and in
   Debian's ``/usr/lib/postgresql/<version>/bin``; when absent and we are root on a machine
   with apt-get, Debian's ``postgresql`` package is installed (under a file lock, so parallel
   pytest-xdist workers install it once);
2. ``initdb`` makes a throw-away cluster in a new temporary folder, owned by the ``postgres``
   system user when we are root (PostgreSQL refuses to run as root; the user is created if
   missing);
3. the server listens on 127.0.0.1 on a free port (its Unix socket in the same folder), with
   durability off: it is fast and forgets everything when stopped.

Each pytest process (each xdist worker) starts its own server the first time a test asks for
one, and stops it at the end of the session. Every test gets a fresh database.
"""

from __future__ import annotations

import contextlib
import fcntl
import importlib.util
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SKIP_ENV = "STORYLINE_SKIP_POSTGRES"
TOOLS = ("initdb", "pg_ctl", "postgres")
DEBIAN_BIN_DIRS = "/usr/lib/postgresql/*/bin"
INSTALL = "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql"
SERVER_USER = "postgres"  # used (and created if missing) only when the tests run as root
SUPERUSER = "storyline"  # the cluster's superuser; trust authentication on 127.0.0.1 only
SETTINGS = """
listen_addresses = '127.0.0.1'
unix_socket_directories = '{socket_dir}'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 40
"""


class ServerUnavailable(RuntimeError):
    """No PostgreSQL server can be had on this machine; the message says why."""


# -- binaries ---------------------------------------------------------------------------------


def _has_tools(folder: Path) -> bool:
    return all(os.access(folder / tool, os.X_OK) for tool in TOOLS)


def _version(folder: Path) -> int:
    name = folder.parent.name  # .../postgresql/<version>/bin
    return int(name) if name.isdigit() else 0


def find_binaries() -> Path | None:
    """The folder holding initdb, pg_ctl and postgres: PATH first, then the newest Debian one."""
    candidates = []
    on_path = shutil.which("pg_ctl")
    if on_path:
        candidates.append(Path(on_path).resolve().parent)
    debian = Path("/").glob(DEBIAN_BIN_DIRS.lstrip("/"))
    candidates += sorted(debian, key=_version, reverse=True)
    return next((folder for folder in candidates if _has_tools(folder)), None)


@contextlib.contextmanager
def _file_lock(name: str) -> Iterator[None]:
    """An exclusive lock shared by every process on this machine (e.g. xdist workers)."""
    path = Path(tempfile.gettempdir()) / name
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def install_binaries() -> Path:
    """Install Debian's postgresql package (root and apt-get needed) and return its bin folder."""
    where = f"not on PATH nor in {DEBIAN_BIN_DIRS}"
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        raise ServerUnavailable(
            f"the PostgreSQL server binaries are {where}, and installing them needs root and "
            "apt-get; install Debian's `postgresql` package (or put initdb on PATH)"
        )
    with _file_lock("storyline-postgres-install.lock"):
        found = find_binaries()  # another worker may have installed it while we waited
        if found is None:
            done = subprocess.run(
                INSTALL, shell=True, capture_output=True, text=True, timeout=1200, check=False
            )
            if done.returncode != 0:
                tail = " ".join((done.stderr or done.stdout).split()[-40:])
                raise ServerUnavailable(
                    f"the PostgreSQL server binaries are {where}, and `{INSTALL}` failed "
                    f"(exit {done.returncode}): {tail}"
                )
            found = find_binaries()
    if found is None:
        raise ServerUnavailable(f"`{INSTALL}` succeeded but the binaries are still {where}")
    return found


# -- the server user --------------------------------------------------------------------------


def server_user() -> pwd.struct_passwd | None:
    """Who runs the server: None for ourselves; as root, the ``postgres`` system user."""
    if os.geteuid() != 0:
        return None
    with contextlib.suppress(KeyError):
        return pwd.getpwnam(SERVER_USER)
    # Another worker may create it at the same moment: ignore failure, then look again.
    subprocess.run(
        ["useradd", "--system", "--user-group", "--no-create-home", SERVER_USER],
        capture_output=True,
        check=False,
    )
    try:
        return pwd.getpwnam(SERVER_USER)
    except KeyError:
        raise ServerUnavailable(
            f"PostgreSQL refuses to run as root and `useradd {SERVER_USER}` failed"
        ) from None


def _as(user: pwd.struct_passwd | None, cwd: Path) -> dict[str, Any]:
    """subprocess keyword arguments that run a command as ``user`` (None: as ourselves)."""
    if user is None:
        return {"cwd": cwd}
    env = {**os.environ, "HOME": str(cwd), "USER": user.pw_name, "LOGNAME": user.pw_name}
    return {"cwd": cwd, "user": user.pw_uid, "group": user.pw_gid, "extra_groups": [], "env": env}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# -- the server -------------------------------------------------------------------------------


@dataclass
class PostgresServer:
    """A running private server; ``database()`` makes a fresh database and returns its URL."""

    bin_dir: Path
    root: Path
    port: int
    user: pwd.struct_passwd | None

    @property
    def data(self) -> Path:
        return self.root / "data"

    def url(self, database: str) -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as connection:
            connection.execute(sql)

    def create_database(self) -> str:
        """A new empty database; returns its name."""
        name = f"test_{uuid.uuid4().hex[:16]}"
        self._admin(f'CREATE DATABASE "{name}"')
        return name

    def drop_database(self, name: str) -> None:
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def log_tail(self, lines: int = 15) -> str:
        try:
            text = (self.root / "server.log").read_text(errors="replace")
        except OSError:
            return "(no server log)"
        return " | ".join(text.strip().splitlines()[-lines:])

    def stop(self) -> None:
        """Stop the server and delete its folder."""
        pg_ctl = str(self.bin_dir / "pg_ctl")
        for mode in ("fast", "immediate"):
            with contextlib.suppress(subprocess.TimeoutExpired):
                done = subprocess.run(
                    [pg_ctl, "-D", str(self.data), "-m", mode, "-w", "-t", "30", "stop"],
                    capture_output=True,
                    timeout=40,
                    check=False,
                    **_as(self.user, self.root),
                )
                if done.returncode == 0:
                    break
        shutil.rmtree(self.root, ignore_errors=True)


def start_server(attempts: int = 5) -> PostgresServer:
    """Find or install PostgreSQL, make a cluster in a temporary folder and start it."""
    if importlib.util.find_spec("psycopg") is None:
        raise ServerUnavailable("psycopg is not installed: pip install -e '.[postgres]'")
    bin_dir = find_binaries() or install_binaries()
    user = server_user()
    # As root, the server user must reach its folder: /tmp is open to all (TMPDIR may not be).
    root = Path(tempfile.mkdtemp(prefix="storyline-pg-", dir="/tmp" if user is not None else None))
    if user is not None:
        os.chown(root, user.pw_uid, user.pw_gid)
    server = PostgresServer(bin_dir, root, 0, user)
    initdb = [
        str(bin_dir / "initdb"),
        *("-D", str(server.data), "-U", SUPERUSER, "--auth=trust"),
        *("-E", "UTF8", "--no-locale", "--no-sync"),
    ]
    done = subprocess.run(initdb, capture_output=True, text=True, check=False, **_as(user, root))
    if done.returncode != 0:
        shutil.rmtree(root, ignore_errors=True)
        message = " ".join((done.stderr or done.stdout).split())
        raise ServerUnavailable(f"initdb failed (exit {done.returncode}): {message}")
    with (server.data / "postgresql.conf").open("a") as conf:
        conf.write(SETTINGS.format(socket_dir=root))
    for _ in range(attempts):  # a free port can be taken by someone else before we bind it
        server.port = free_port()
        start = [
            str(bin_dir / "pg_ctl"),
            *("-D", str(server.data), "-l", str(root / "server.log")),
            *("-o", f"-p {server.port}", "-w", "-t", "60", "start"),
        ]
        done = subprocess.run(start, capture_output=True, text=True, check=False, **_as(user, root))
        if done.returncode == 0:
            return server
    log = server.log_tail()
    server.stop()
    raise ServerUnavailable(f"the server did not start ({attempts} attempts); its log: {log}")
