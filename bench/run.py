"""`make bench`: every public page type against the Wagtail peer, in one table appended to bench/RESULTS.md.

Unattended end to end: creates and fills the bench databases once (10,000 articles of about 2,100 words with
30 citations, 50,000 references, 100,000 listings; PostgreSQL and SQLite), collects static files, measures
in-process (bench/inprocess.py: queries, server time, the first render after an edit, EXPLAIN (ANALYZE,
BUFFERS)), then over HTTP: every page type of bench/page_types.py with the page cache off under gunicorn
(2 sync workers), in rounds alternating with the Wagtail peer's article page; the article from the page cache
and behind deploy/nginx.conf; a 200-connection load while an editor saves every 5 seconds; worker memory
after 10,000 requests. Every server it starts runs in its own process group and is stopped on exit, error or
Ctrl-C.

BENCH_QUICK=1 runs short versions of everything (about 10 minutes once the data exists; a full run about 35).
BENCH_DATABASE_URL: the PostgreSQL database (default lowmilk_perf_bench on the local server).
BENCH_SQLITE_URL: the SQLite one (default bench/out/bench.sqlite3); the Wagtail peer runs on SQLite.
"""

import contextlib
import datetime
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
OUT = BENCH / "out"
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
QUICK = os.environ.get("BENCH_QUICK") == "1"
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/lowmilk_perf_bench")
SQLITE_URL = os.environ.get("BENCH_SQLITE_URL", f"sqlite:///{OUT / 'bench.sqlite3'}")
PEER_SRC = Path(os.environ.get("WAGTAIL_PEER_SRC", ROOT.parent / "shared" / "bench" / "wagtail-peer"))
PEER_DIR = Path(os.environ.get("WAGTAIL_PEER_DIR", "/tmp/wagtail-peer"))

DURATION = "3s" if QUICK else "10s"  # the Wagtail peer's runs, as its README measures them
WARMUP = "1s" if QUICK else "3s"
PAGE_DURATION = "2s" if QUICK else "5s"  # each of our page types, in every round
PAGE_WARMUP = "1s" if QUICK else "2s"
ROUNDS = 1 if QUICK else 3
LOAD_DURATION = "10s" if QUICK else "120s"
RSS_REQUESTS = 2_000 if QUICK else 10_000
LISTINGS = 100_000
EXPLAIN_MS = 2.0  # plans of queries at least this slow are written out
LOAD_SERVED = {"gunicorn": "gunicorn with Redis", "nginx": "nginx in front"}

sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(ROOT))
from nginx_site import deployed_site  # noqa: E402
from page_types import PAGES, TARGETS  # noqa: E402

from tests.support import services  # noqa: E402


# --------------------------------------------------------------------------------------------- processes
class Servers:
    """Processes this run started, each in its own process group, stopped by group id."""

    def __init__(self):
        self.running = []

    def start(self, command, env=None, cwd=ROOT, log=None):
        stream = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115 (closed with the process)
        process = subprocess.Popen(command, env=env, cwd=cwd, stdout=stream, stderr=stream, start_new_session=True)
        self.running.append(process)
        return process

    def stop(self, process):
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        if process in self.running:
            self.running.remove(process)

    def stop_all(self):
        for process in list(reversed(self.running)):
            self.stop(process)


SERVERS = Servers()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"no answer from {url}")


def fetch(url):
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.read(), dict(response.headers)


def app_env(database=DATABASE_URL, **extra):
    env = {key: value for key, value in os.environ.items() if key not in {"DEBUG", "REDIS_URL", "CACHE_URL"}}
    env.update(
        DATABASE_URL=database,
        SECRET_KEY="bench-only-secret-key-not-for-production",  # noqa: S106
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        STATIC_ROOT=str(OUT / "static"),
        CONN_MAX_AGE="60",
        PAGE_CACHE="1",
        WEB_CONCURRENCY="2",
        PYTHONWARNINGS="ignore",
        SECURE_SSL_REDIRECT="0",  # plain HTTP on loopback; TLS ends at the proxy in production
        RATE_LIMIT_SEARCH="1000000/m",  # one client address sends every benchmark request
    )
    env.update(extra)
    return env


def manage(*args, env=None):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env or app_env(), check=True)


@contextlib.contextmanager
def gunicorn(page_cache=True, database=DATABASE_URL, **extra):
    port = free_port()
    env = app_env(database, PAGE_CACHE="1" if page_cache else "0", BIND=f"127.0.0.1:{port}", **extra)
    process = SERVERS.start(
        [GUNICORN, "lowmilk.wsgi", "--config", "deploy/gunicorn.conf.py"], env=env, log=OUT / "gunicorn.log"
    )
    try:
        wait_until_up(f"http://127.0.0.1:{port}/healthz")
        yield f"http://127.0.0.1:{port}", process
    finally:
        SERVERS.stop(process)


def nginx_main_config(directory, http_block):
    return f"""worker_processes 2;
daemon off;
pid {directory}/nginx.pid;
error_log {directory}/error.log warn;
events {{ worker_connections 4096; }}
http {{
  access_log off;
  include /etc/nginx/mime.types;
  sendfile on;
{http_block}
}}
"""


@contextlib.contextmanager
def nginx(http_block, probe_path):
    directory = Path(tempfile.mkdtemp(prefix="nginx-", dir=OUT))
    port = free_port()
    (directory / "nginx.conf").write_text(nginx_main_config(directory, http_block.replace("{port}", str(port))))
    process = SERVERS.start(
        ["nginx", "-p", str(directory), "-e", str(directory / "error.log"), "-c", str(directory / "nginx.conf")],
        log=directory / "stderr.log",
    )
    try:
        wait_until_up(f"http://127.0.0.1:{port}{probe_path}")
        yield f"http://127.0.0.1:{port}", directory
    finally:
        SERVERS.stop(process)


# ---------------------------------------------------------------------------------------------------- wrk
def to_ms(value):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk(url, connections=16, duration=DURATION, paths=None, warmup_duration=WARMUP, timeout="10s"):
    """Run wrk (2 threads) and return req/s, p50, p99, errors; ``paths`` cycles through several pages."""
    command = ["wrk", "-t2", f"-c{connections}", f"--timeout={timeout}"]
    env = dict(os.environ)
    if paths:
        paths_file = OUT / f"paths-{len(paths)}.txt"
        paths_file.write_text("\n".join(paths) + "\n")
        env["WRK_PATHS"] = str(paths_file)
        command += ["-s", str(BENCH / "paths.lua")]
    if warmup_duration:
        subprocess.run([*command, f"-d{warmup_duration}", url], env=env, capture_output=True, check=True)
    output = subprocess.run(
        [*command, f"-d{duration}", "--latency", url], env=env, capture_output=True, text=True, check=True
    ).stdout
    with (OUT / "wrk.log").open("a") as log:  # every raw wrk report, for a second look
        log.write(f"== {' '.join(command)} -d{duration} {url}\n{output}\n")
    return parse_wrk(output)


def parse_wrk(output):
    latency = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)\s*$", output, re.MULTILINE))
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    # wrk prints no latency distribution when every request timed out
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "p50_ms": to_ms(latency["50"]) if "50" in latency else float("nan"),
        "p99_ms": to_ms(latency["99"]) if "99" in latency else float("nan"),
        "socket_errors": sum(int(n) for n in socket_errors.groups()) if socket_errors else 0,
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
    }


# ------------------------------------------------------------------------------------------------- stages
def prepare(database):
    """Create, migrate and fill ``database`` once; collect static files; start a fresh content generation."""
    env = app_env(database)
    if database.startswith("postgres"):
        import psycopg2  # the project's own driver, in .venv

        name = database.rsplit("/", 1)[1]
        admin = psycopg2.connect(database.rsplit("/", 1)[0] + "/postgres")
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is None:
                cursor.execute(f'CREATE DATABASE "{name}"')
        admin.close()
    manage("migrate", "--no-input", "-v", "0", env=env)
    check = (
        "from references.models import Reference; from consultants.models import Listing; "
        "print(Reference.objects.filter(key__startswith='gen-').count(), Listing.objects.count())"
    )
    output = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", check], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout
    references, listings = output.strip().splitlines()[-1].split()
    if references == "0":
        print(f"== generating articles and references in {database} (once; about 2 minutes)", flush=True)
        manage("load_demo", env=env)
        manage("generate_content", env=env)
    if int(listings) < LISTINGS:
        print(f"== generating {LISTINGS:,} consultant listings in {database} (once)", flush=True)
        manage("generate_consultants", str(LISTINGS - int(listings)), env=env)
    # Planner statistics for indexes a migration just added, and on PostgreSQL the visibility map that lets the
    # directory search read its covering indexes alone, as autovacuum or `PRAGMA optimize` would keep them.
    if database.startswith("postgres"):  # the whole database takes longer than the site's statement timeout
        analyze = "cursor.execute('SET statement_timeout = 0'); cursor.execute('VACUUM ANALYZE')"
    else:
        analyze = "cursor.execute('ANALYZE')"
    manage("shell", "-c", f"from django.db import connection; cursor = connection.cursor(); {analyze}", env=env)
    manage("collectstatic", "--no-input", "-v", "0", env=env)
    manage("clear_page_cache", env=env)


def machine():
    def version(command, pattern=r"(\d+\.\d+(?:\.\d+)?)"):
        try:
            result = subprocess.run(command, capture_output=True, text=True, check=False)
            match = re.search(pattern, result.stdout + result.stderr)
            return match.group(1) if match else "?"
        except FileNotFoundError:
            return "not installed"

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor(),
    )
    memory_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
    python_versions = subprocess.run(
        [
            PYTHON,
            "-c",
            "import django, gunicorn, sys; print(sys.version.split()[0], django.__version__, gunicorn.__version__)",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout
    return {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "host": socket.gethostname(),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(memory_kb / 1024 / 1024),
        "load_at_start": os.getloadavg()[0],
        "kernel": platform.release(),
        "python": python_versions[0],
        "django": python_versions[1],
        "gunicorn": python_versions[2],
        "postgresql": version(["psql", "--version"]) if DATABASE_URL.startswith("postgres") else "-",
        "nginx": version(["nginx", "-v"]),
        "wrk": version(["wrk", "-v"], r"wrk (?:debian/)?(\d+\.\d+\.\d+)"),
        "commit": commit.strip(),
        "mode": "quick" if QUICK else "full",
    }


def in_process(database):
    print(f"== in-process on {database.split(':')[0]}: queries, server time, first render after an edit", flush=True)
    output = subprocess.run(
        [PYTHON, str(BENCH / "inprocess.py")],
        cwd=ROOT,
        env=app_env(database),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output)


def our_pages(pages, database):
    """req/s of every page type with the page cache off, then the article from the page cache, in one gunicorn each."""
    results = {}
    with gunicorn(page_cache=False, database=database) as (base, _process):
        for page in pages:
            fetch(base + "/healthz")  # waits until the workers have finished the previous page's queue
            results[page["name"]] = wrk(base + page["url"], duration=PAGE_DURATION, warmup_duration=PAGE_WARMUP)
    article = next(page for page in pages if page["name"] == "article")
    with gunicorn(page_cache=True, database=database) as (base, _process):
        results["article, from the page cache"] = wrk(
            base + article["url"], duration=PAGE_DURATION, warmup_duration=PAGE_WARMUP
        )
    return results


def nginx_figures(article_url):
    print("== nginx: the article as a static file, then through deploy/nginx.conf", flush=True)
    with gunicorn(page_cache=True) as (base, _process):
        html, _headers = fetch(base + article_url)
        site = OUT / "static-site"
        site.mkdir(exist_ok=True)
        (site / "article.html").write_bytes(html)
        static_block = f"  server {{ listen 127.0.0.1:{{port}}; root {site}; }}"
        with nginx(static_block, "/article.html") as (static_base, _directory):
            static = wrk(static_base + "/article.html")
        with nginx(proxy_config(base), article_url) as (proxy_base, _directory):
            _body, headers = fetch(proxy_base + article_url)
            _body, headers = fetch(proxy_base + article_url)
            proxied = wrk(proxy_base + article_url)
            proxied["cache_status"] = headers.get("X-Proxy-Cache", "?")
    return {"static": static, "proxy": proxied, "bytes": len(html)}


def proxy_config(upstream_base):
    """deploy/nginx.conf as shipped, with only its addresses and folders pointed at this run."""
    return deployed_site(
        upstreams=[upstream_base.removeprefix("http://")],
        listen="127.0.0.1:{port}",  # filled in by nginx()
        cache_dir=Path(tempfile.mkdtemp(prefix="nginx-cache-", dir=OUT)),
        static_root=OUT / "static",
        media_root=ROOT / "media",
    )


def peer_run():
    """One run of the peer's run.sh: Wagtail's article page, then the same HTML as an nginx static file."""
    env = {**os.environ, "WAGTAIL_PEER_DIR": str(PEER_DIR), "DURATION": DURATION, "WARMUP": WARMUP}
    subprocess.run([PEER_SRC / "run.sh"], check=True, env=env, capture_output=True)
    return {
        "wagtail": parse_wrk((PEER_DIR / "wrk-wagtail.txt").read_text()),
        "peer_static": parse_wrk((PEER_DIR / "wrk-nginx-static.txt").read_text()),
    }


def rounds(pg_pages, sqlite_pages):
    """Wagtail, then every page of ours on PostgreSQL and on SQLite, ROUNDS times, and Wagtail once more at the end.

    Each round's ratios divide by the mean of the Wagtail runs just before and just after it, so a change in
    the machine's load during the round weighs on both sides alike.
    """
    print(f"== {ROUNDS} alternating rounds: Wagtail, then our pages (page cache off)", flush=True)
    if not (PEER_DIR / "db.sqlite3").exists():
        subprocess.run([PEER_SRC / "setup.sh"], check=True, env={**os.environ, "WAGTAIL_PEER_DIR": str(PEER_DIR)})
    peers = [peer_run()]
    results = []
    for number in range(1, ROUNDS + 1):
        print(f"   round {number}: Wagtail {peers[-1]['wagtail']['rps']:.0f} req/s", flush=True)
        results.append({"postgresql": our_pages(pg_pages, DATABASE_URL), "sqlite": our_pages(sqlite_pages, SQLITE_URL)})
        peers.append(peer_run())
    for number, result in enumerate(results):
        result["wagtail_rps"] = (peers[number]["wagtail"]["rps"] + peers[number + 1]["wagtail"]["rps"]) / 2
    return {"peers": peers, "rounds": results}


def load_test(paths, article_url):
    """200 connections over several hundred pages, with an editor saving an article every 5 s (every save starts
    a new content generation, so each page is rendered afresh at its next request).

    Served as the README's "Running in production" serves it: the page cache in Redis, shared by both workers
    (a private redis-server for this run), so a page is rendered once per generation rather than once per
    worker; then behind deploy/nginx.conf as well.
    """
    print(f"== load: 200 connections for {LOAD_DURATION}, an editor saving every 5 s", flush=True)
    results = {}
    with services.private_redis() as redis_server, gunicorn(page_cache=True, REDIS_URL=redis_server.url) as (base, _):
        visit_all(base, paths, times=1)
        with editor() as saves:
            results["gunicorn"] = wrk(base, connections=200, duration=LOAD_DURATION, paths=paths, timeout="2s")
        results["gunicorn"]["editor"] = saves
        with nginx(proxy_config(base), article_url) as (proxy_base, _directory):
            visit_all(proxy_base, paths, times=1)
            with editor() as saves:
                results["nginx"] = wrk(proxy_base, connections=200, duration=LOAD_DURATION, paths=paths, timeout="2s")
            results["nginx"]["editor"] = saves
    return results


@contextlib.contextmanager
def editor():
    """bench/editor.py running alongside; yields a dict that holds its summary line once it has stopped."""
    log = OUT / "editor.log"
    log.write_text("")
    process = SERVERS.start([PYTHON, str(BENCH / "editor.py"), "--every", "5"], env=app_env(), log=log)
    summary = {}
    try:
        yield summary
    finally:
        SERVERS.stop(process)
        lines = log.read_text().strip().splitlines()
        summary["summary"] = lines[-1] if lines else "no output"


def visit_all(base, paths, times=1, threads=4):
    """Request each path ``times`` times from a few threads, in order."""
    queue = iter([path for path in paths for _ in range(times)])
    lock = threading.Lock()

    def client():
        while True:
            with lock:
                path = next(queue, None)
            if path is None:
                return
            fetch(base + path)

    workers = [threading.Thread(target=client) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()


def worker_rss(paths):
    print(f"== memory: gunicorn worker RSS after {RSS_REQUESTS:,} requests", flush=True)
    with gunicorn(page_cache=True) as (base, process):
        visit_all(base, [paths[n % len(paths)] for n in range(RSS_REQUESTS)])
        workers = [int(pid) for pid in Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()]
        rss = {}
        for pid in workers:
            status = Path(f"/proc/{pid}/status").read_text()
            rss[pid] = int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024
    return {"requests": RSS_REQUESTS, "workers_mb": sorted(rss.values())}


def load_paths(pages):
    """Several hundred distinct pages: 300 articles, every list page, and searches whose query strings differ."""
    script = (
        "from articles.models import Article\n"
        "for a in Article.objects.published().select_related('section').order_by('pk')[::33][:300]:"
        " print(a.get_absolute_url())"
    )
    output = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=app_env(),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    articles = [line for line in output.splitlines() if line.startswith("/")]  # not the shell's own messages
    words = ["milk", "supply", "pumping", "latch", "prolactin", "oxytocin", "colostrum", "herbal", "dose", "night"]
    searches = [f"/search/?q={a}+{b}" for a in words for b in words if a != b][:60]
    searches += [f"/references/?q={name}" for name in ("jenner", "clavey", "kvist", "hale", "west", "marasco")]
    lists = [page["url"] for page in pages if page["name"] != "article"] + searches
    paths = []
    for number, article in enumerate(articles):
        paths.append(article)
        if number % 3 == 0:  # about one request in four is a list or search page
            paths.append(lists[number // 3 % len(lists)])
    return paths


# ---------------------------------------------------------------------------------------------- reporting
def verdict(ok):
    return "met" if ok else "**not met**"


def median_ratio(measured, name, database):
    """(median req/s, median ratio to the round's Wagtail) of page ``name`` over the rounds."""
    rps = [r[database][name]["rps"] for r in measured["rounds"]]
    ratios = [r[database][name]["rps"] / r["wagtail_rps"] for r in measured["rounds"]]
    return statistics.median(rps), statistics.median(ratios)


def errors(result):
    return result["socket_errors"] + result["non_2xx"]


def report(info, inproc, measured, nginx_result, load, rss):
    pg = {page["name"]: page for page in inproc["postgresql"]["pages"]}
    lite = {page["name"]: page for page in inproc["sqlite"]["pages"]}
    wagtail = [peer["wagtail"]["rps"] for peer in measured["peers"]]
    lines = [
        f"### Run {info['date']} · {info['host']} · {info['mode']} run",
        "",
        f"Machine: {info['cpu']}, {info['cores']} cores, {info['memory_gib']} GiB, Linux {info['kernel']}; "
        f"load average {info['load_at_start']:.1f} at start. Versions: Python {info['python']}, "
        f"Django {info['django']}, gunicorn {info['gunicorn']}, PostgreSQL {info['postgresql']}, "
        f"nginx {info['nginx']}, wrk {info['wrk']}; commit {info['commit']}.",
        "",
        f"Every page rendered with the page cache off under gunicorn (2 sync workers), wrk 2 threads, 16 connections, "
        f"{PAGE_DURATION} after a {PAGE_WARMUP} warm-up, in {ROUNDS} rounds alternating with the Wagtail peer's "
        f"article page ({len(wagtail)} runs: {', '.join(f'{rps:.0f}' for rps in wagtail)} req/s). x Wagtail: median "
        "over the rounds of our req/s divided by the mean of the Wagtail runs before and after that round. "
        "Queries and server times are in-process (Django test client, one request at a time); *first after an "
        "edit*: page cache on, the first request after an editor (another process) saved an article (p50 of "
        f"{pg['article']['first']['n']}), beside the same render with the page cache off after an equal pause "
        "with no edit (a request after any pause is slower: the CPU and the database backend wake up cold), and "
        "the page's ratio scaled by how much longer the first render after the edit took than that. A page meets "
        "its target when both ratios on PostgreSQL do.",
        "",
        "| page | queries PG / SQLite | server ms p50, PG / SQLite | first after an edit / after a pause ms, PG | "
        "PostgreSQL req/s | x Wagtail | SQLite req/s | x Wagtail | target | |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, target in PAGES:
        pg_rps, pg_ratio = median_ratio(measured, name, "postgresql")
        lite_rps, lite_ratio = median_ratio(measured, name, "sqlite")
        # The first render after an edit as a ratio too: the page's ratio scaled by how much longer it took than
        # the same render after an equal pause with no edit (older runs divided by the render without a pause).
        first, paused = pg[name]["first"]["p50"], pg[name].get("paused", pg[name]["render"])["p50"]
        first_ratio = pg_ratio * min(1.0, paused / first)
        lines.append(
            f"| {name} `{pg[name]['url']}` | {pg[name]['queries']} / {lite[name]['queries']} | "
            f"{pg[name]['render']['p50']:.1f} / {lite[name]['render']['p50']:.1f} | "
            f"{first:.1f} / {paused:.1f} (≈ {first_ratio:.1f}x) | "
            f"{pg_rps:,.0f} | {pg_ratio:.1f}x | {lite_rps:,.0f} | {lite_ratio:.1f}x | ≥ {target:.0f}x | "
            f"{verdict(pg_ratio >= target and first_ratio >= target)} |"
        )
    name = "article, from the page cache"
    pg_rps, pg_ratio = median_ratio(measured, name, "postgresql")
    lite_rps, lite_ratio = median_ratio(measured, name, "sqlite")
    lines.append(
        f"| {name} | 1 / 1 | | | {pg_rps:,.0f} | {pg_ratio:.1f}x | {lite_rps:,.0f} | {lite_ratio:.1f}x | ≥ 10x | "
        f"{verdict(min(pg_ratio, lite_ratio) >= 10)} |"
    )
    static, proxy = nginx_result["static"], nginx_result["proxy"]
    share = proxy["rps"] / static["rps"]
    lines.append(
        f"| article through deploy/nginx.conf (X-Proxy-Cache: {proxy['cache_status']}) vs nginx static | | | | "
        f"{proxy['rps']:,.0f} vs {static['rps']:,.0f} | {share:.0%} of static | | | ≥ 50% | {verdict(share >= 0.5)} |"
    )
    for where, result in load.items():
        ok = errors(result) == 0 and result["p99_ms"] < 500
        lines.append(
            f"| 200 connections, {LOAD_DURATION}, {LOAD_SERVED[where]}, editor saving every 5 s "
            f"({result['editor']['summary']}) "
            f"| | | | {result['rps']:,.0f} | {errors(result)} errors, p99 {result['p99_ms']:.0f} ms | | | "
            f"0 errors, p99 < 500 ms | {verdict(ok)} |"
        )
    lines.append(
        f"| gunicorn worker RSS after {rss['requests']:,} requests | | | | "
        f"{', '.join(f'{mb:.0f}' for mb in rss['workers_mb'])} MB | | | | < 150 MB | "
        f"{verdict(max(rss['workers_mb']) < 150)} |"
    )
    lines += ["", "Per round (req/s, page cache off; x Wagtail of that round):", ""]
    lines += ["| page | " + " | ".join(f"round {n}" for n in range(1, ROUNDS + 1)) + " |"]
    lines += ["|---|" + "---|" * ROUNDS]
    for name in [*TARGETS, "article, from the page cache"]:
        cells = [
            f"{r['postgresql'][name]['rps']:,.0f} ({r['postgresql'][name]['rps'] / r['wagtail_rps']:.1f}x) / "
            f"{r['sqlite'][name]['rps']:,.0f}"
            for r in measured["rounds"]
        ]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += ["", "(PostgreSQL (x Wagtail) / SQLite.)", ""]
    lines += explain_section(inproc["postgresql"]["pages"])
    results_file = BENCH / "RESULTS.md"
    with results_file.open("a") as stream:
        stream.write("\n".join(lines) + "\n\n")
    print("\n".join(lines))
    print(f"== appended to {results_file.relative_to(ROOT)}")


def explain_section(pages):
    """The plans of every query over EXPLAIN_MS, and which pages read a large table sequentially."""
    scans = sorted(
        {f"{page['name']}: {', '.join(q['seq_scans'])}" for page in pages for q in page["explain"] if q["seq_scans"]}
    )
    lines = [
        "EXPLAIN (ANALYZE, BUFFERS) of every query of every page on PostgreSQL: "
        + (
            "sequential scans of large tables in " + "; ".join(scans)
            if scans
            else "no sequential scan of a large table"
        )
        + f". Queries taking {EXPLAIN_MS} ms or more:",
        "",
    ]
    slow = [(page["name"], query) for page in pages for query in page["explain"] if query["ms"] >= EXPLAIN_MS]
    if not slow:
        lines.append("(none)")
    for name, query in slow:
        lines += [
            "<details>",
            f"<summary>{name}: {query['ms']:.1f} ms</summary>",
            "",
            "```",
            query["sql"],
            "",
            query["plan"],
            "```",
            "</details>",
            "",
        ]
    return lines


def main():
    missing = [name for name in ("wrk", "nginx") if shutil.which(name) is None]
    if missing:
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", *missing], check=True)
    started = time.monotonic()
    prepare(DATABASE_URL)
    prepare(SQLITE_URL)
    info = machine()
    inproc = {"postgresql": in_process(DATABASE_URL), "sqlite": in_process(SQLITE_URL)}
    (OUT / "inprocess.json").write_text(json.dumps(inproc, indent=1))
    pg_pages, sqlite_pages = inproc["postgresql"]["pages"], inproc["sqlite"]["pages"]
    article_url = next(page["url"] for page in pg_pages if page["name"] == "article")
    measured = rounds(pg_pages, sqlite_pages)
    nginx_result = nginx_figures(article_url)
    load = load_test(load_paths(pg_pages), article_url)
    rss = worker_rss(load_paths(pg_pages))
    everything = {"machine": info, "rounds": measured, "nginx": nginx_result, "load": load, "rss": rss}
    (OUT / "results.json").write_text(json.dumps(everything, indent=1))
    report(info, inproc, measured, nginx_result, load, rss)
    print(f"== done in {(time.monotonic() - started) / 60:.1f} minutes")


def _stop(signum, _frame):
    SERVERS.stop_all()
    sys.exit(128 + signum)


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    try:
        main()
    finally:
        SERVERS.stop_all()
