"""Private, throw-away servers for tests, the cluster test and the chaos run: never the machine's shared ones.

Each is a context manager that starts its server in a temporary directory on free ports and stops and
removes it whatever happens:

- ``private_postgres()``: one PostgreSQL cluster made by initdb; ``postgres_primary_and_replica()``: a
  cluster and a streaming replica of it (``pg_basebackup -R``). Both yield ``PostgresCluster`` objects:
  ``url(db)`` for DATABASE_URL, ``psql(sql)``, ``stop()``/``start()``, and ``freeze()``/``thaw()``, which
  SIGSTOP/SIGCONT the postmaster so new connections hang as on a stuck host. PostgreSQL refuses to run as
  root, so when the caller is root its commands run as the ``postgres`` user (``runuser``), which then owns
  the temporary directory.
- ``private_redis()``: a redis-server on a unix socket, no persistence; yields a ``PrivateRedis`` whose
  ``url`` goes into CACHES/REDIS_URL and which can be made full, read-only or frozen.
- ``s3_server()``: moto's standalone S3-API server; ``s3_client(endpoint)`` talks to it.
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
import sys
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


def _wait(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise TimeoutError(f"{what} did not happen within {timeout} s")


def _temporary_directory(prefix: str, *, for_postgres: bool = False) -> Path:
    directory = Path(tempfile.mkdtemp(prefix=prefix))
    if for_postgres and os.geteuid() == 0:
        shutil.chown(directory, "postgres")
    return directory


# --- PostgreSQL -------------------------------------------------------------------------------------------


def postgres_bin() -> Path | None:
    """The newest installed PostgreSQL's bin directory, or None when PostgreSQL's server binaries are absent."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda path: int(Path(path).parent.name))
    found = [path for path in found if os.access(Path(path) / "initdb", os.X_OK)]
    return Path(found[-1]) if found else None


def _require_postgres_bin() -> Path:
    bindir = postgres_bin()
    if bindir is None:
        raise RuntimeError("PostgreSQL's server binaries (/usr/lib/postgresql/*/bin/initdb) are not installed")
    return bindir


# Throw-away data: no fsync; WAL senders enough for a replica and pg_basebackup.
_POSTGRES_CONF = (
    "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\nwal_level = replica\n"
    "max_wal_senders = 5\nhot_standby = on\nshared_buffers = 32MB\nmax_connections = 100\n"
)


class PostgresCluster:
    """One private PostgreSQL server (primary or replica) whose data lives in ``directory / "data"``."""

    def __init__(self, directory: Path, port: int, bindir: Path):
        self.directory = Path(directory)
        self.data = self.directory / "data"
        self.port = port
        self.bindir = bindir

    def _run(self, *args, check=True, quiet=True):
        command = [str(self.bindir / args[0]), *map(str, args[1:])]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(  # noqa: S603 - our own fixed commands
            command,
            check=check,
            stdout=subprocess.DEVNULL if quiet else subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd="/",
        )

    def url(self, database: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def initdb(self):
        self._run("initdb", "-D", self.data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync")
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write(_POSTGRES_CONF)

    def start(self):
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1"
        log = self.directory / "postgres.log"
        self._run("pg_ctl", "-D", self.data, "-l", log, "-w", "-t", "60", "-o", options, "start")
        _wait(self.is_ready, 30, f"PostgreSQL on port {self.port} accepting connections")

    def stop(self, mode: str = "fast"):
        self._run("pg_ctl", "-D", self.data, "-m", mode, "-w", "stop", check=False)

    def is_ready(self) -> bool:
        result = self._run("pg_isready", "-h", "127.0.0.1", "-p", self.port, "-q", check=False)
        return result.returncode == 0

    def psql(self, sql: str, database: str = "postgres") -> str:
        result = self._run(
            "psql", "-h", "127.0.0.1", "-p", self.port, "-U", "postgres", "-d", database, "-tAqc", sql, quiet=False
        )
        return result.stdout.strip()

    @property
    def postmaster_pid(self) -> int:
        return int((self.data / "postmaster.pid").read_text().split()[0])

    def freeze(self):
        """The postmaster stops answering: new connections are accepted by the kernel and then hang."""
        os.kill(self.postmaster_pid, signal.SIGSTOP)

    def thaw(self):
        os.kill(self.postmaster_pid, signal.SIGCONT)

    def discard(self):
        """Stop at once (thawed first, so a frozen postmaster can obey) and forget the data."""
        with contextlib.suppress(FileNotFoundError, ProcessLookupError, ValueError):
            self.thaw()
        self.stop("immediate")


@contextlib.contextmanager
def private_postgres():
    """Yield a started ``PostgresCluster`` of its own; every database in it is made by the caller."""
    bindir = _require_postgres_bin()
    directory = _temporary_directory("lowmilk-pg-", for_postgres=True)
    server = PostgresCluster(directory, free_port(), bindir)
    try:
        server.initdb()
        server.start()
        yield server
    finally:
        server.discard()
        shutil.rmtree(directory, ignore_errors=True)


@contextlib.contextmanager
def postgres_primary_and_replica(database: str = "lowmilk"):
    """Yield ``(primary, replica)``: a new cluster with ``database`` and a streaming replica of it.

    The replica is made with ``pg_basebackup -R`` (hot standby, replaying the primary's WAL as it streams).
    """
    with private_postgres() as primary:
        replica = PostgresCluster(primary.directory / "replica", free_port(), primary.bindir)
        replica.directory.mkdir()
        if os.geteuid() == 0:
            shutil.chown(replica.directory, "postgres")
        try:
            primary.psql(f"CREATE DATABASE {database}")
            replica._run(
                "pg_basebackup", "-h", "127.0.0.1", "-p", primary.port, "-U", "postgres", "-D", replica.data, "-R",
                "-X", "stream", "--checkpoint=fast", "--no-sync",
            )  # fmt: skip
            replica.start()
            _wait(lambda: replica.psql("SELECT pg_is_in_recovery()") == "t", 30, "the replica entering recovery")
            yield primary, replica
        finally:
            replica.discard()


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

    def pings(self) -> bool:
        try:
            return self.client.ping()
        except redis.RedisError:
            return False

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
    """Yield a ``PrivateRedis``: memory-only, listening only on a socket in a temporary directory."""
    executable = shutil.which("redis-server")
    if executable is None:
        raise RuntimeError("redis-server is not installed")
    directory = _temporary_directory("lowmilk-redis-")
    socket_path = str(directory / "redis.sock")
    process = subprocess.Popen(  # noqa: S603 - our own fixed commands
        [executable, "--port", "0", "--unixsocket", socket_path, "--save", "", "--appendonly", "no",
         "--dir", str(directory)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    server = PrivateRedis(socket_path, process)
    try:
        _wait(lambda: os.path.exists(socket_path) and server.pings(), 10, "redis-server answering")
        yield server
    finally:
        with contextlib.suppress(ProcessLookupError):
            server.thaw()
        process.kill()
        process.wait()
        shutil.rmtree(directory, ignore_errors=True)


# --- S3 ---------------------------------------------------------------------------------------------------


@contextlib.contextmanager
def s3_server():
    """Yield the endpoint URL of a local S3-API server (moto's standalone server) in a child process."""
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 - our own fixed commands
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"

    def answering():
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
        return False

    try:
        _wait(answering, 30, "moto's S3 server listening")
        yield endpoint
    finally:
        process.terminate()
        process.wait(10)


def s3_client(endpoint: str):
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",  # noqa: S106 - moto accepts any key
        region_name="us-east-1",
    )


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
