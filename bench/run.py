"""`make bench`: every figure of PRODUCT.md's "Figures" table, appended to bench/RESULTS.md.

Unattended end to end: creates and fills the bench database once (10,000 articles x 30 citations, 50,000
references), collects static files, measures in-process (bench/inprocess.py), then over HTTP with wrk against
gunicorn (2 sync workers), nginx serving the article as a static file, and nginx with deploy/nginx.conf; runs
the Wagtail peer alternately with our article page; a load of 200 connections; worker memory after 10,000
requests. Every server it starts runs in its own process group and is stopped on exit, error or Ctrl-C.

BENCH_QUICK=1 runs short versions of everything (about 5 minutes once the data exists).
BENCH_DATABASE_URL: the production-like database for every figure (default: the local PostgreSQL, database
lowmilk_perf_bench). The Wagtail peer runs on SQLite, so its rounds also run our article on BENCH_SQLITE_URL
(default bench/out/bench.sqlite3) for a like-for-like ratio.
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
REDIS_BENCH_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")

DURATION = "3s" if QUICK else "10s"
WARMUP = "1s" if QUICK else "3s"
PEER_ROUNDS = 1 if QUICK else 5
LOAD_DURATION = "10s" if QUICK else "120s"
RSS_REQUESTS = 2_000 if QUICK else 10_000
LISTINGS = 100_000

TARGETS = {  # PRODUCT.md, "Figures"
    "wagtail_ratio_off": 3.0,
    "wagtail_ratio_on": 10.0,
    "article_render_p50_ms": 5.0,
    "nginx_vs_static": 0.5,
    "load_p99_ms": 500.0,
    "rss_mb": 150.0,
    "article_queries_cold": 6,
}


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


def wrk(url, connections=16, duration=DURATION, paths=None, warmup=True, timeout="10s"):
    """Run wrk (2 threads) and return req/s, p50, p99, errors; ``paths`` cycles through several pages."""
    command = ["wrk", "-t2", f"-c{connections}", f"--timeout={timeout}"]
    env = dict(os.environ)
    if paths:
        paths_file = OUT / f"paths-{len(paths)}.txt"
        paths_file.write_text("\n".join(paths) + "\n")
        env["WRK_PATHS"] = str(paths_file)
        command += ["-s", str(BENCH / "paths.lua")]
    if warmup:
        subprocess.run([*command, f"-d{WARMUP}", url], env=env, capture_output=True, check=True)
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


def in_process():
    print("== in-process: queries, server time, EXPLAIN", flush=True)
    output = subprocess.run(
        [PYTHON, str(BENCH / "inprocess.py")], cwd=ROOT, env=app_env(), capture_output=True, text=True, check=True
    ).stdout
    return json.loads(output)


def http_pages(pages):
    print("== HTTP: each page type under gunicorn, page cache off then on", flush=True)
    results = {}
    for page_cache in (False, True):
        with gunicorn(page_cache=page_cache) as (base, _process):
            for page in pages:
                fetch(base + "/healthz")  # waits until the workers have finished the previous page's queue
                results.setdefault(page["name"], {})["on" if page_cache else "off"] = wrk(base + page["url"])
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
    config = (ROOT / "deploy" / "nginx.conf").read_text()
    cache_dir = Path(tempfile.mkdtemp(prefix="nginx-cache-", dir=OUT))
    replacements = {
        "server 127.0.0.1:8000;": f"server {upstream_base.removeprefix('http://')};",
        "/var/cache/nginx/lowmilk": str(cache_dir),
        "listen 80;": "listen 127.0.0.1:{port};",
        "listen [::]:80;": "",
        "/srv/lowmilk/staticfiles/": f"{OUT / 'static'}/",
        "/srv/lowmilk/media/": f"{ROOT / 'media'}/",
    }
    for old, new in replacements.items():
        if old not in config:
            raise RuntimeError(f"deploy/nginx.conf no longer contains {old!r}: update bench/run.py")
        config = config.replace(old, new)
    return config


def peer_rounds(article_url):
    print(f"== Wagtail peer alternated with our article page ({PEER_ROUNDS} rounds)", flush=True)
    if not (PEER_DIR / "db.sqlite3").exists():
        subprocess.run([PEER_SRC / "setup.sh"], check=True, env={**os.environ, "WAGTAIL_PEER_DIR": str(PEER_DIR)})
    rounds = []
    for _ in range(PEER_ROUNDS):
        env = {**os.environ, "WAGTAIL_PEER_DIR": str(PEER_DIR), "DURATION": DURATION, "WARMUP": WARMUP}
        subprocess.run([PEER_SRC / "run.sh"], check=True, env=env, capture_output=True)
        result = {
            "wagtail": parse_wrk((PEER_DIR / "wrk-wagtail.txt").read_text()),
            "peer_static": parse_wrk((PEER_DIR / "wrk-nginx-static.txt").read_text()),
        }
        for label, database in (("postgresql", DATABASE_URL), ("sqlite", SQLITE_URL)):
            for page_cache in (False, True):
                with gunicorn(page_cache=page_cache, database=database) as (base, _process):
                    result[f"{label} {'on' if page_cache else 'off'}"] = wrk(base + article_url)
        rounds.append(result)
    return rounds


def load_test(paths):
    """200 connections over several hundred pages, once every page has been visited (a site in service)."""
    print(f"== load: 200 connections for {LOAD_DURATION}, gunicorn directly and through nginx", flush=True)
    results = {}
    with gunicorn(page_cache=True) as (base, _process):
        visit_all(base, paths, times=2)  # each of the two workers has its own local-memory cache
        results["gunicorn"] = wrk(base, connections=200, duration=LOAD_DURATION, paths=paths, timeout="2s")
        with nginx(proxy_config(base), "/") as (proxy_base, _directory):
            visit_all(proxy_base, paths, times=1)
            results["nginx"] = wrk(proxy_base, connections=200, duration=LOAD_DURATION, paths=paths, timeout="2s")
    return results


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
    """Several hundred distinct pages: every list page and 300 articles (a spread of cache misses)."""
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
    lists = [page["url"] for page in pages if page["name"] != "article"]
    paths = []
    for number, article in enumerate(articles):
        paths.append(article)
        if number % 3 == 0:  # about one request in four is a list or search page
            paths.append(lists[number // 3 % len(lists)])
    return paths


# ---------------------------------------------------------------------------------------------- reporting
def verdict(ok):
    return "met" if ok else "**not met**"


def report(info, inproc, http, nginx_result, rounds, load, rss):
    article = next(page for page in inproc["pages"] if page["name"] == "article")
    runs = ("postgresql off", "postgresql on", "sqlite off", "sqlite on")
    ratios = {run: [r[run]["rps"] / r["wagtail"]["rps"] for r in rounds] for run in runs}
    ratio = {run: statistics.median(values) for run, values in ratios.items()}
    wagtail_rps = statistics.median(r["wagtail"]["rps"] for r in rounds)
    nginx_ratio = nginx_result["proxy"]["rps"] / nginx_result["static"]["rps"]
    load_errors = {name: r["socket_errors"] + r["non_2xx"] for name, r in load.items()}
    lines = [
        f"### Run {info['date']} · {info['host']} · {info['mode']} run",
        "",
        f"Machine: {info['cpu']}, {info['cores']} cores, {info['memory_gib']} GiB, Linux {info['kernel']}; "
        f"load average {info['load_at_start']:.1f} at start. Versions: Python {info['python']}, "
        f"Django {info['django']}, gunicorn {info['gunicorn']}, PostgreSQL {info['postgresql']}, "
        f"nginx {info['nginx']}, wrk {info['wrk']}; commit {info['commit']}; database {inproc['vendor']}. "
        f"wrk: 2 threads, 16 connections, {DURATION} after a {WARMUP} warm-up unless said otherwise.",
        "",
        "#### Targets (PRODUCT.md, Figures)",
        "",
        "| what | target | measured | |",
        "|---|---|---|---|",
        f"| article page queries, cold cache | ≤ {TARGETS['article_queries_cold']} | {article['queries_cold']} "
        f"| {verdict(article['queries_cold'] <= TARGETS['article_queries_cold'])} |",
        f"| article page, page cache off, vs Wagtail (on SQLite like the peer) | ≥ 3x | {ratio['sqlite off']:.1f}x "
        f"(median of {len(rounds)} alternating rounds; Wagtail {wagtail_rps:.0f} req/s) | "
        f"{verdict(ratio['sqlite off'] >= TARGETS['wagtail_ratio_off'])} |",
        f"| the same, ours on PostgreSQL | ≥ 3x | {ratio['postgresql off']:.1f}x | "
        f"{verdict(ratio['postgresql off'] >= TARGETS['wagtail_ratio_off'])} |",
        f"| article page server time, page cache off, in-process | p50 < 5 ms | "
        f"{article['times']['render']['p50']:.1f} ms | "
        f"{verdict(article['times']['render']['p50'] < TARGETS['article_render_p50_ms'])} |",
        f"| article page from Django's cache vs Wagtail (PostgreSQL; SQLite) | ≥ 10x | "
        f"{ratio['postgresql on']:.1f}x; {ratio['sqlite on']:.1f}x | "
        f"{verdict(min(ratio['postgresql on'], ratio['sqlite on']) >= TARGETS['wagtail_ratio_on'])} |",
        f"| article page through deploy/nginx.conf vs nginx static | ≥ 50% | {nginx_ratio:.0%} "
        f"({nginx_result['proxy']['rps']:,.0f} vs {nginx_result['static']['rps']:,.0f} req/s) | "
        f"{verdict(nginx_ratio >= TARGETS['nginx_vs_static'])} |",
    ]
    for name, result in load.items():
        ok = load_errors[name] == 0 and result["p99_ms"] < TARGETS["load_p99_ms"]
        lines.append(
            f"| 200 connections, {LOAD_DURATION}, {name} | 0 errors, p99 < 500 ms | {load_errors[name]} errors, "
            f"p99 {result['p99_ms']:.0f} ms, {result['rps']:,.0f} req/s | {verdict(ok)} |"
        )
    lines += [
        f"| gunicorn worker RSS after {rss['requests']:,} requests | < 150 MB | "
        f"{', '.join(f'{mb:.0f}' for mb in rss['workers_mb'])} MB | "
        f"{verdict(max(rss['workers_mb']) < TARGETS['rss_mb'])} |",
        "",
        "#### Queries and in-process server time per page type (ms)",
        "",
        "render: page cache off, site chrome cached · cold: empty cache · warm: served from Django's cache",
        "",
        "| page | url | queries cold / warm | render p50 / p95 | cold p50 / p95 | warm p50 / p95 | KB |",
        "|---|---|---|---|---|---|---|",
    ]
    for page in inproc["pages"]:
        times = page["times"]
        lines.append(
            f"| {page['name']} | `{page['url']}` | {page['queries_cold']} / {page['queries_warm']} | "
            + " | ".join(f"{times[m]['p50']:.1f} / {times[m]['p95']:.1f}" for m in ("render", "cold", "warm"))
            + f" | {page['bytes'] / 1024:.0f} |"
        )
    scans = [
        f"{page['name']}: {', '.join(query['seq_scans_on_big_tables'])}"
        for page in inproc["pages"]
        for query in page["explain"]
        if query["seq_scans_on_big_tables"]
    ]
    lines += [
        "",
        "EXPLAIN of every query of every page (PostgreSQL): "
        + (
            "sequential scans of large tables in " + "; ".join(scans)
            if scans
            else "no sequential scan of a large table."
        )
        if inproc["vendor"] == "postgresql"
        else "EXPLAIN: only checked on PostgreSQL.",
        "",
        "#### HTTP per page type: gunicorn, 2 sync workers (req/s, p50 / p99 ms)",
        "",
        "| page | page cache off | page cache on |",
        "|---|---|---|",
    ]
    for name, result in http.items():
        lines.append(
            f"| {name} | "
            + " | ".join(
                f"{result[m]['rps']:,.0f} req/s, {result[m]['p50_ms']:.1f} / {result[m]['p99_ms']:.1f}"
                + (f", {errors} errors" if (errors := result[m]["non_2xx"] + result[m]["socket_errors"]) else "")
                for m in ("off", "on")
            )
            + " |"
        )
    static, proxy = nginx_result["static"], nginx_result["proxy"]
    lines += [
        f"| article, nginx static file ({nginx_result['bytes'] / 1024:.0f} KB) | {static['rps']:,.0f} req/s, "
        f"{static['p50_ms']:.2f} / {static['p99_ms']:.2f} | |",
        f"| article through deploy/nginx.conf (X-Proxy-Cache: {proxy['cache_status']}) | | {proxy['rps']:,.0f} req/s, "
        f"{proxy['p50_ms']:.2f} / {proxy['p99_ms']:.2f} |",
        "",
        "#### Wagtail peer, alternating rounds (req/s)",
        "",
        "Each round: the peer's run.sh (Wagtail, then its HTML as an nginx static file), then our article with",
        "the page cache off and on, on PostgreSQL and on SQLite; ratios to that round's Wagtail figure.",
        "",
        "| round | Wagtail | " + " | ".join(f"ours, {run}" for run in runs) + " | peer's nginx static |",
        "|---|---|---|---|---|---|---|",
    ]
    for number, r in enumerate(rounds, start=1):
        lines.append(
            f"| {number} | {r['wagtail']['rps']:,.0f} | "
            + " | ".join(f"{r[run]['rps']:,.0f} ({ratios[run][number - 1]:.1f}x)" for run in runs)
            + f" | {r['peer_static']['rps']:,.0f} |"
        )
    lines += ["", ""]
    results_file = BENCH / "RESULTS.md"
    with results_file.open("a") as stream:
        stream.write("\n".join(lines))
    print("\n".join(lines))
    print(f"== appended to {results_file.relative_to(ROOT)}")


def main():
    missing = [name for name in ("wrk", "nginx") if shutil.which(name) is None]
    if missing:
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", *missing], check=True)
    started = time.monotonic()
    prepare(DATABASE_URL)
    prepare(SQLITE_URL)
    info = machine()
    inproc = in_process()
    (OUT / "inprocess.json").write_text(json.dumps(inproc, indent=1))
    pages = inproc["pages"]
    article_url = next(page["url"] for page in pages if page["name"] == "article")
    http = http_pages(pages)
    nginx_result = nginx_figures(article_url)
    rounds = peer_rounds(article_url)
    paths = load_paths(pages)
    load = load_test(paths)
    rss = worker_rss(paths)
    everything = {"machine": info, "http": http, "nginx": nginx_result, "peer": rounds, "load": load, "rss": rss}
    (OUT / "results.json").write_text(json.dumps(everything, indent=1))
    report(info, inproc, http, nginx_result, rounds, load, rss)
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
