"""Private, throw-away servers for fault tests and the chaos run: never the machine's shared ones.

Each is a context manager that starts its server in a temporary directory and stops it, whatever happens:

- ``private_redis()``: a redis-server on a unix socket, no persistence; yields a ``PrivateRedis`` whose
  ``url`` goes into CACHES and whose ``client`` can make it full (``maxmemory 1``) or read-only.
- ``private_postgres()``: a cluster made by initdb on a free port, run as the ``postgres`` user when we are
  root; ``freeze()``/``thaw()`` SIGSTOP/SIGCONT the postmaster, so new connections hang as on a stuck host.
- ``tarpit_smtp()``: a TCP port that accepts connections and never says a word.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import redis


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(predicate, *, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise RuntimeError(f"{what} did not start within {timeout} s")


# --- Redis ------------------------------------------------------------------------------------------------


@dataclass
class PrivateRedis:
    socket_path: str
    process: subprocess.Popen

    @property
    def url(self) -> str:
        return f"unix://{self.socket_path}?db=0"

    @property
    def client(self) -> redis.Redis:
        return redis.Redis(unix_socket_path=self.socket_path)

    def fill_up(self):
        """Out of memory under the default ``noeviction`` policy: every write fails with OOM."""
        self.client.config_set("maxmemory-policy", "noeviction")
        self.client.config_set("maxmemory", 1)

    def make_read_only(self):
        """A replica after a failover: a replica of nothing, read-only (writes fail with READONLY)."""
        self.client.config_set("replica-read-only", "yes")
        self.client.replicaof("127.0.0.1", free_port())  # a master that is not there

    def restore(self):
        client = self.client
        client.replicaof("NO", "ONE")
        client.config_set("maxmemory", 0)

    def freeze(self):
        os.kill(self.process.pid, signal.SIGSTOP)

    def thaw(self):
        os.kill(self.process.pid, signal.SIGCONT)


@contextlib.contextmanager
def private_redis():
    directory = tempfile.mkdtemp(prefix="lowmilk-redis-")
    socket_path = os.path.join(directory, "r.sock")
    process = subprocess.Popen(
        [
            "redis-server",
            "--port",
            "0",
            "--unixsocket",
            socket_path,
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            directory,
        ],  # fmt: skip
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    server = PrivateRedis(socket_path, process)
    try:
        _wait_for(lambda: os.path.exists(socket_path) and _redis_pings(server), timeout=10, what="redis-server")
        yield server
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(process.pid, signal.SIGCONT)
        process.kill()
        process.wait()
        shutil.rmtree(directory, ignore_errors=True)


def _redis_pings(server):
    try:
        return server.client.ping()
    except redis.RedisError:
        return False


# --- PostgreSQL -------------------------------------------------------------------------------------------


def postgres_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name))
    return Path(found[-1]) if found else None


@dataclass
class PrivatePostgres:
    directory: Path
    port: int

    def url(self, database: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    @property
    def postmaster_pid(self) -> int:
        return int((self.directory / "data" / "postmaster.pid").read_text().split()[0])

    def freeze(self):
        """The postmaster stops answering: new connections are accepted by the kernel and then hang."""
        os.kill(self.postmaster_pid, signal.SIGSTOP)

    def thaw(self):
        os.kill(self.postmaster_pid, signal.SIGCONT)


def _as_postgres(command):
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@contextlib.contextmanager
def private_postgres():
    binaries = postgres_bin()
    if binaries is None:
        raise RuntimeError("PostgreSQL server binaries (initdb, pg_ctl) are not installed")
    directory = Path(tempfile.mkdtemp(prefix="lowmilk-pg-"))
    if os.geteuid() == 0:
        shutil.chown(directory, "postgres")
    data = directory / "data"
    port = free_port()
    subprocess.run(
        _as_postgres(
            [
                str(binaries / "initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-sync",
                "-N",
            ]
        ),  # fmt: skip
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    options = f"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={directory} -c fsync=off"
    server = PrivatePostgres(directory, port)
    try:
        subprocess.run(
            _as_postgres(
                [str(binaries / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(directory / "log"), "-w", "start"]
            ),  # fmt: skip
            check=True,
            stdout=subprocess.DEVNULL,
        )
        yield server
    finally:
        with contextlib.suppress(FileNotFoundError, ProcessLookupError, ValueError):
            server.thaw()
        subprocess.run(
            _as_postgres([str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        shutil.rmtree(directory, ignore_errors=True)


# --- SMTP -------------------------------------------------------------------------------------------------


@contextlib.contextmanager
def tarpit_smtp():
    """Yield the port of a server that accepts SMTP connections and never answers (not even the greeting)."""
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    held = []
    stopping = threading.Event()

    def accept():
        while not stopping.is_set():
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            held.append(connection)  # kept open, never written to

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stopping.set()
        listener.close()
        for connection in held:
            connection.close()
