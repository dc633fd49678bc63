"""Private, throw-away servers for tests and the cluster test: PostgreSQL primary + streaming replica, Redis, S3.

Each lives in a temporary directory on free ports and is stopped and removed afterwards, so nothing here ever
touches the machine's shared PostgreSQL or Redis. PostgreSQL refuses to run as root, so when the caller is
root its commands run as the ``postgres`` user (``runuser``), which must own the temporary directory.
"""

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def postgres_bin():
    """The newest installed PostgreSQL's bin directory, or None when PostgreSQL's server binaries are absent."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda path: int(Path(path).parent.name))
    found = [path for path in found if os.access(Path(path) / "initdb", os.X_OK)]
    return Path(found[-1]) if found else None


def _wait(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise TimeoutError(f"{what} did not happen within {timeout}s")


class PostgresCluster:
    """One private PostgreSQL server (primary or replica) in ``directory``; ``url(db)`` for DATABASE_URL."""

    def __init__(self, directory, port, bindir):
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

    def url(self, database="postgres"):
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def start(self):
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1"
        log = self.directory / "postgres.log"
        self._run("pg_ctl", "-D", self.data, "-l", log, "-w", "-t", "60", "-o", options, "start")
        _wait(self.is_ready, 30, f"PostgreSQL on port {self.port} accepting connections")

    def stop(self, mode="fast"):
        self._run("pg_ctl", "-D", self.data, "-m", mode, "-w", "stop", check=False)

    def is_ready(self):
        result = self._run("pg_isready", "-h", "127.0.0.1", "-p", self.port, "-q", check=False)
        return result.returncode == 0

    def psql(self, sql, database="postgres"):
        result = self._run(
            "psql", "-h", "127.0.0.1", "-p", self.port, "-U", "postgres", "-d", database, "-tAqc", sql, quiet=False
        )
        return result.stdout.strip()


@contextlib.contextmanager
def postgres_primary_and_replica(database="lowmilk"):
    """Yield ``(primary, replica)``: a new cluster with ``database`` and a streaming replica of it.

    The replica is made with ``pg_basebackup -R`` (hot standby, replaying the primary's WAL as it streams).
    """
    bindir = postgres_bin()
    if bindir is None:
        raise RuntimeError("PostgreSQL's server binaries (/usr/lib/postgresql/*/bin/initdb) are not installed")
    directory = Path(tempfile.mkdtemp(prefix="lowmilk-pg-"))
    primary = PostgresCluster(directory / "primary", free_port(), bindir)
    replica = PostgresCluster(directory / "replica", free_port(), bindir)
    for cluster in (primary, replica):
        cluster.directory.mkdir()
    if os.geteuid() == 0:
        shutil.chown(directory, "postgres")
        for cluster in (primary, replica):
            shutil.chown(cluster.directory, "postgres")
    try:
        primary._run("initdb", "-D", primary.data, "-A", "trust", "-U", "postgres", "--no-sync")
        with open(primary.data / "postgresql.conf", "a") as conf:
            # Throw-away data: no fsync; enough WAL senders for the replica and pg_basebackup.
            conf.write(
                "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\nwal_level = replica\n"
                "max_wal_senders = 5\nhot_standby = on\nshared_buffers = 32MB\nmax_connections = 100\n"
            )
        primary.start()
        primary.psql(f"CREATE DATABASE {database}")
        replica._run(
            "pg_basebackup", "-h", "127.0.0.1", "-p", primary.port, "-U", "postgres", "-D", replica.data, "-R",
            "-X", "stream", "--checkpoint=fast", "--no-sync",
        )  # fmt: skip
        replica.start()
        _wait(lambda: replica.psql("SELECT pg_is_in_recovery()") == "t", 30, "the replica entering recovery")
        yield primary, replica
    finally:
        replica.stop("immediate")
        primary.stop("immediate")
        shutil.rmtree(directory, ignore_errors=True)


def wait_for_replay(primary, replica, timeout=30):
    """Block until the replica has replayed everything the primary had written when this was called."""
    target = primary.psql("SELECT pg_current_wal_insert_lsn()")
    _wait(
        lambda: replica.psql(f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn") == "t",
        timeout,
        f"the replica replaying up to {target}",
    )


@contextlib.contextmanager
def private_redis():
    """Yield the ``unix://`` URL of a private, memory-only Redis listening on a socket in a temp directory."""
    server = shutil.which("redis-server")
    if server is None:
        raise RuntimeError("redis-server is not installed")
    directory = Path(tempfile.mkdtemp(prefix="lowmilk-redis-"))
    socket_path = directory / "redis.sock"
    process = subprocess.Popen(  # noqa: S603 - our own fixed commands
        [server, "--port", "0", "--unixsocket", str(socket_path), "--save", "", "--appendonly", "no",
         "--dir", str(directory)],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        _wait(socket_path.exists, 10, "Redis creating its socket")
        yield f"unix://{socket_path}"
    finally:
        process.terminate()
        process.wait(10)
        shutil.rmtree(directory, ignore_errors=True)


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


def s3_client(endpoint):
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",  # noqa: S106 - moto accepts any key
        region_name="us-east-1",
    )
