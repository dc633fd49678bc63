"""`make cluster-test`: the site on two app servers behind nginx, proven end to end on one machine.

Everything is private and thrown away afterwards: a PostgreSQL primary with one streaming replica (initdb +
pg_basebackup in a temporary directory), a Redis on a unix socket, moto's S3 server for media, two gunicorn
servers (A and B) with the same settings, and nginx running deploy/nginx.conf with both servers in its
upstream. The script checks, through real HTTP:

1. a login on A is valid on B (sessions in the shared database, read from the primary);
2. an edit saved through A is served fresh by B at once (the content generation and Redis page cache);
3. an image uploaded through A is linked from B's page and served from object storage;
4. with load running through nginx, killing server A loses no request: nginx retries them on B;
5. stopping the replica under load makes reads fall back to the primary without errors.

It prints a table and appends it to bench/RESULTS.md (CLUSTER_TEST_NO_RESULTS=1 skips that). Exit status 1
when a check fails. Needs root or the postgres user for PostgreSQL; installs nginx with apt-get if missing.
"""

import collections
import contextlib
import datetime
import html.parser
import io
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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import requests  # noqa: E402
from PIL import Image  # noqa: E402

from bench.nginx_site import deployed_site  # noqa: E402
from tests.support import services  # noqa: E402

PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
BUCKET = "lowmilk-media"
EDITOR, PASSWORD = "cluster-editor", "cluster-test-password-4821"
LOAD_SECONDS = float(os.environ.get("CLUSTER_LOAD_SECONDS", "6"))
LOAD_THREADS = int(os.environ.get("CLUSTER_LOAD_THREADS", "8"))
PIN_SECONDS = 3
LOAD_AT_START = os.getloadavg()[0]


def log(message):
    print(f"{time.strftime('%H:%M:%S')} {message}", flush=True)


class Checks:
    def __init__(self):
        self.rows = []

    def record(self, name, ok, detail):
        self.rows.append((name, ok, detail))
        log(f"{'ok  ' if ok else 'FAIL'} {name}: {detail}")

    @property
    def failed(self):
        return [row for row in self.rows if not row[1]]


# ------------------------------------------------------------------------------------------- processes
class Process:
    """A child in its own process group, so killing it takes its workers along."""

    def __init__(self, command, env, log_path):
        self.log_path = log_path
        self.log_file = open(log_path, "wb")  # noqa: SIM115 - closed in stop()
        self.popen = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=self.log_file, stderr=subprocess.STDOUT, start_new_session=True
        )

    def kill(self, sig=signal.SIGKILL):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, sig)

    def stop(self):
        if self.popen.poll() is None:
            self.kill(signal.SIGTERM)
            try:
                self.popen.wait(10)
            except subprocess.TimeoutExpired:
                self.kill(signal.SIGKILL)
                self.popen.wait(5)
        self.log_file.close()


def wait_http(url, timeout=60, process=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.popen.poll() is not None:
            raise RuntimeError(f"{process.log_path.name} exited: {process.log_path.read_text()[-2000:]}")
        with contextlib.suppress(requests.RequestException):
            if requests.get(url, timeout=2).status_code < 500:
                return
        time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer within {timeout}s")


def ensure_nginx():
    if shutil.which("nginx"):
        return
    log("nginx is missing: apt-get install -y nginx")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", "nginx"], check=True, env=env)


def nginx_config(directory, port, upstreams, static_root):
    """deploy/nginx.conf as shipped, with its upstream, port and folders pointed at this run."""
    site = deployed_site(
        upstreams=upstreams,
        listen=f"127.0.0.1:{port}",
        cache_dir=directory / "cache",
        static_root=static_root,
        media_root=directory / "media",
    )
    # Which app server answered, for the table (added to the generated copy only).
    upstream_header = "add_header X-Upstream $upstream_addr always;\n        add_header X-Proxy-Cache"
    site = site.replace("add_header X-Proxy-Cache", upstream_header)
    return f"""worker_processes 1;
daemon off;
user root;
pid {directory}/nginx.pid;
error_log {directory}/error.log warn;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  include /etc/nginx/mime.types;
  client_body_temp_path {directory}/client_body;
  proxy_temp_path {directory}/proxy;
  fastcgi_temp_path {directory}/fastcgi;
  uwsgi_temp_path {directory}/uwsgi;
  scgi_temp_path {directory}/scgi;
{site}
}}
"""


# ------------------------------------------------------------------------------------------------ forms
class FormParser(html.parser.HTMLParser):
    """The fields of the first <form> whose action matches, with the values a browser would submit."""

    def __init__(self, form_id=None):
        super().__init__()
        self.form_id = form_id
        self.in_form = False
        self.done = False
        self.fields = []
        self.textarea = None
        self.select = None
        self.select_multiple = False
        self.select_values = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.done:
            return
        if tag == "form" and (self.form_id is None or attrs.get("id") == self.form_id):
            self.in_form = True
        if not self.in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.fields.append((name, attrs.get("value", "on")))
            elif kind not in ("submit", "button", "file", "image", "reset"):
                self.fields.append((name, attrs.get("value", "")))
        elif tag == "textarea" and name:
            self.textarea = [name, ""]
        elif tag == "select" and name:
            self.select, self.select_multiple, self.select_values = name, "multiple" in attrs, []
            self.first_option = None
        elif tag == "option" and self.select:
            value = attrs.get("value", "")
            if self.first_option is None:
                self.first_option = value
            if "selected" in attrs:
                self.select_values.append(value)

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if not self.in_form:
            return
        if tag == "textarea" and self.textarea is not None:
            self.fields.append((self.textarea[0], self.textarea[1].removeprefix("\n")))
            self.textarea = None
        elif tag == "select" and self.select:
            values = self.select_values or ([] if self.select_multiple else [self.first_option or ""])
            self.fields.extend((self.select, value) for value in values)
            self.select = None
        elif tag == "form":
            self.in_form, self.done = False, True


def form_fields(page_html, form_id=None):
    parser = FormParser(form_id)
    parser.feed(page_html)
    return parser.fields


def csrf_token(page_html):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page_html).group(1)


# ------------------------------------------------------------------------------------------------- load
class Load:
    """Threads GETting a mix of public pages through nginx until stopped; every answer is counted."""

    def __init__(self, base, paths):
        self.base, self.paths = base, paths
        self.stop_event = threading.Event()
        self.results = []  # (end time, status or error, upstream, database, seconds, page cache, start time)
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self.run, args=(n,), daemon=True) for n in range(LOAD_THREADS)]

    def run(self, number):
        session = requests.Session()
        # A CSRF cookie makes nginx pass every request to an app server instead of answering from its cache.
        session.cookies.set("csrftoken", "load-test-cookie-value-x" * 2)
        index = number
        while not self.stop_event.is_set():
            path = self.paths[index % len(self.paths)].replace("{n}", str(index))
            index += 1
            started = time.monotonic()
            try:
                response = session.get(self.base + path, timeout=10, allow_redirects=False)
                outcome = response.status_code
                upstream = response.headers.get("X-Upstream", "")
                database = response.headers.get("X-Database", "")
                page_cache = response.headers.get("X-Page-Cache", "")
            except requests.RequestException as error:
                outcome, upstream, database, page_cache = type(error).__name__, "", "", ""
            with self.lock:
                row = (time.monotonic(), outcome, upstream, database, time.monotonic() - started, page_cache, started)
                self.results.append(row)

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stop_event.set()
        for thread in self.threads:
            thread.join(15)

    def started_since(self, moment):
        with self.lock:
            return [row for row in self.results if row[6] >= moment]

    def wait_for(self, predicate, timeout=30):
        """Wait until ``predicate(results)`` holds (the machine may be slow); False if it never did."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                rows = list(self.results)
            if predicate(rows):
                return True
            time.sleep(0.1)
        return False


def summarize(rows, names=None):
    statuses = collections.Counter(row[1] for row in rows)
    errors = sum(count for status, count in statuses.items() if not (isinstance(status, int) and status < 400))
    latencies = sorted(row[4] * 1000 for row in rows) or [0]
    return {
        "requests": len(rows),
        "errors": errors,
        "statuses": dict(statuses),
        # The server that answered (nginx lists every one it tried: "A, B" is a request retried on B).
        "upstreams": dict(
            collections.Counter((names or {}).get(u, u) for u in (row[2].rsplit(", ", 1)[-1] for row in rows))
        ),
        "retried": sum(1 for row in rows if ", " in row[2]),
        # Where pages rendered afresh read from (cache hits read nothing but the primary's generation).
        "databases": dict(collections.Counter(row[3] for row in rows if row[5] == "miss")),
        "p50_ms": statistics.median(latencies),
        "p99_ms": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
    }


# ----------------------------------------------------------------------------------------------- script
def main():
    ensure_nginx()
    checks = Checks()
    figures = {}
    started = time.monotonic()
    scratch = Path(tempfile.mkdtemp(prefix="lowmilk-cluster-"))
    os.chmod(scratch, 0o755)  # noqa: S103 - nginx's and PostgreSQL's users read below it
    processes = []
    try:
        with contextlib.ExitStack() as stack:
            log("private PostgreSQL primary + streaming replica, Redis, S3 server")
            primary, replica = stack.enter_context(services.postgres_primary_and_replica("lowmilk"))
            redis_url = stack.enter_context(services.private_redis()).url
            s3_endpoint = stack.enter_context(services.s3_server())
            s3 = services.s3_client(s3_endpoint)
            s3.create_bucket(Bucket=BUCKET)
            public_read = {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": "*",
                        "Action": "s3:GetObject",
                        "Resource": f"arn:aws:s3:::{BUCKET}/*",
                    }
                ],
            }
            s3.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(public_read))
            figures["setup_services_s"] = time.monotonic() - started

            nginx_port, port_a, port_b = services.free_port(), services.free_port(), services.free_port()
            site = f"http://127.0.0.1:{nginx_port}"
            env = {
                **{k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "AWS_", "REDIS_", "CACHE_"))},
                "DJANGO_SETTINGS_MODULE": "lowmilk.settings",
                "SECRET_KEY": "cluster-test-" + os.urandom(16).hex(),
                "ALLOWED_HOSTS": "127.0.0.1,localhost",
                "CSRF_TRUSTED_ORIGINS": site,
                "SECURE_SSL_REDIRECT": "0",
                "SESSION_COOKIE_SECURE": "0",
                "CSRF_COOKIE_SECURE": "0",
                "TRUSTED_PROXY_COUNT": "1",
                "LOG_REQUESTS": "0",
                "RATE_LIMIT_SEARCH": "1000000/m",
                "STATIC_ROOT": str(scratch / "static"),
                "MEDIA_ROOT": str(scratch / "no-local-media"),
                "DATABASE_URL": primary.url("lowmilk"),
                "DATABASE_REPLICA_URLS": replica.url("lowmilk"),
                "DATABASE_REPLICA_PIN_SECONDS": str(PIN_SECONDS),
                "DATABASE_REPLICA_RETRY_SECONDS": "2",
                "DATABASE_REPLICA_HEADER": "1",
                "CONN_MAX_AGE": "60",
                "REDIS_URL": redis_url,
                "MEDIA_STORAGE": "s3",
                "AWS_STORAGE_BUCKET_NAME": BUCKET,
                "AWS_S3_ENDPOINT_URL": s3_endpoint,
                "AWS_ACCESS_KEY_ID": "cluster-test",
                "AWS_SECRET_ACCESS_KEY": "cluster-test",
                "AWS_S3_REGION_NAME": "us-east-1",
                "WEB_CONCURRENCY": "2",
                "PYTHONUNBUFFERED": "1",
            }
            env.pop("DEBUG", None)

            def manage(*args):
                subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)

            log("release step, once: collectstatic, migrate, demo content, an editor")
            moment = time.monotonic()
            manage("collectstatic", "--no-input", "--verbosity", "0")
            manage("migrate", "--no-input", "--verbosity", "0")
            manage("load_demo")
            create_editor = (
                "from django.contrib.auth import get_user_model; U = get_user_model(); "
                f"U.objects.create_superuser({EDITOR!r}, 'editor@example.org', {PASSWORD!r})"
            )
            manage("shell", "-c", create_editor)
            figures["release_s"] = time.monotonic() - moment

            servers = {}
            for name, port in (("A", port_a), ("B", port_b)):
                server = Process(
                    [str(GUNICORN), "lowmilk.wsgi", "--config", "deploy/gunicorn.conf.py"],
                    {**env, "BIND": f"127.0.0.1:{port}"},
                    scratch / f"gunicorn-{name}.log",
                )
                processes.append(server)
                servers[name] = (server, f"http://127.0.0.1:{port}")
            nginx_dir = scratch / "nginx"
            nginx_dir.mkdir()
            (nginx_dir / "nginx.conf").write_text(
                nginx_config(nginx_dir, nginx_port, [f"127.0.0.1:{port_a}", f"127.0.0.1:{port_b}"], scratch / "static")
            )
            nginx = Process(
                ["nginx", "-p", str(nginx_dir), "-e", str(nginx_dir / "error.log"), "-c", "nginx.conf"],
                env,
                scratch / "nginx.log",
            )
            processes.append(nginx)
            for server, base in servers.values():
                wait_http(base + "/healthz", process=server)
            wait_http(site + "/healthz", process=nginx)
            a, b = servers["A"][1], servers["B"][1]
            figures["startup_s"] = time.monotonic() - started

            scenario(checks, figures, a, b, site, servers, primary, replica, s3_endpoint)
    finally:
        for process in reversed(processes):
            process.stop()
        if os.environ.get("CLUSTER_KEEP"):
            log(f"kept {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    figures["total_s"] = time.monotonic() - started
    report(checks, figures)
    return 1 if checks.failed else 0


def login(session, base):
    page = session.get(base + "/admin/login/?next=/admin/", timeout=10)
    response = session.post(
        base + "/admin/login/?next=/admin/",
        data={"csrfmiddlewaretoken": csrf_token(page.text), "username": EDITOR, "password": PASSWORD},
        headers={"Referer": base + "/admin/login/"},
        timeout=10,
        allow_redirects=False,
    )
    return response


def first_article(base):
    listing = requests.get(base + "/articles/", timeout=10).text
    return re.search(r'href="(/articles/[^"/]+/[^"/]+/)"', listing).group(1)


def edit_article(session, base, admin_url, marker, extra_body=""):
    """Save the article's admin form through ``base`` with ``marker`` in its summary; return the response."""
    form_page = session.get(base + admin_url, timeout=10)
    fields = form_fields(form_page.text, form_id="article_form")
    data = []
    for name, value in fields:
        if name == "summary":
            value = f"{marker} {value}"[:500]
        if name == "body" and extra_body:
            value = f"{value}\n\n{extra_body}\n"
        data.append((name, value))
    data.append(("_save", "Save"))
    return session.post(
        base + admin_url,
        data=data,
        headers={"Referer": base + admin_url},
        timeout=30,
        allow_redirects=False,
    )


def scenario(checks, figures, a, b, site, servers, primary, replica, s3_endpoint):
    editor = requests.Session()

    # 1. A login on A is valid on B.
    response = login(editor, a)
    logged_in = response.status_code == 302 and "sessionid" in editor.cookies
    on_b = editor.get(b + "/admin/", timeout=10, allow_redirects=False)
    checks.record(
        "login on A is valid on B",
        logged_in and on_b.status_code == 200 and EDITOR in on_b.text,
        f"login on A {response.status_code}, /admin/ on B {on_b.status_code}",
    )

    # 2. An edit saved through A is served fresh by B at once, to anonymous readers too.
    article_path = first_article(b)
    anonymous = requests.Session()
    before = anonymous.get(b + article_path, timeout=10)
    anonymous.get(b + article_path, timeout=10)  # now in the shared page cache
    # The article's change page in the admin: the change link whose form holds the article's slug.
    slug = article_path.rstrip("/").rsplit("/", 1)[-1]
    admin_changelist = editor.get(a + "/admin/articles/article/", timeout=10).text
    admin_url = None
    for candidate in re.finditer(r'href="(/admin/articles/article/\d+/change/)', admin_changelist):
        if f'value="{slug}"' in editor.get(a + candidate.group(1), timeout=10).text:
            admin_url = candidate.group(1)
            break
    if admin_url is None:
        raise RuntimeError(f"no admin change page found for {article_path}")
    marker = f"Cluster-edit-{os.urandom(4).hex()}"
    saved = edit_article(editor, a, admin_url, marker)
    moment = time.monotonic()
    fresh_b = anonymous.get(b + article_path, timeout=10)
    figures["edit_to_fresh_ms"] = (time.monotonic() - moment) * 1000
    via_nginx = editor.get(site + article_path, timeout=10)
    checks.record(
        "edit saved through A is fresh on B at once",
        saved.status_code == 302 and marker not in before.text and marker in fresh_b.text and marker in via_nginx.text,
        f"save on A {saved.status_code}; B's next anonymous answer has the edit: {marker in fresh_b.text} "
        f"(X-Page-Cache {fresh_b.headers.get('X-Page-Cache')}, read from {fresh_b.headers.get('X-Database')}); "
        f"editor through nginx: {marker in via_nginx.text}",
    )

    # 3. An image uploaded through A is linked from B's page and served from object storage.
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 120, 40)).save(buffer, "PNG")
    upload_page = editor.get(a + admin_url, timeout=10).text
    uploaded = editor.post(
        a + "/markdownx/upload/",
        files={"image": ("photo.png", buffer.getvalue(), "image/png")},
        data={"csrfmiddlewaretoken": csrf_token(upload_page)},
        headers={"Referer": a + admin_url, "X-Requested-With": "XMLHttpRequest"},
        timeout=30,
    )
    image_url = ""
    with contextlib.suppress(ValueError, AttributeError):
        image_url = re.search(r"\]\(([^)]+)\)", uploaded.json()["image_code"]).group(1)
    edit_article(editor, a, admin_url, marker + "-img", extra_body=f"![Cluster test image]({image_url})")
    page_b = anonymous.get(b + article_path, timeout=10).text
    image = requests.get(image_url, timeout=10) if image_url else None
    checks.record(
        "image uploaded through A is served through B",
        bool(image_url)
        and image_url.startswith(s3_endpoint)
        and image_url in page_b
        and image.status_code == 200
        and image.headers.get("Content-Type") == "image/png"
        and "max-age=31536000" in image.headers.get("Cache-Control", ""),
        f"upload on A {uploaded.status_code} -> {image_url.removeprefix(s3_endpoint) or '(none)'}; on B's page: "
        f"{image_url in page_b}; object storage answers {image.status_code if image else '-'} "
        f"{image.headers.get('Content-Type') if image else ''}, Cache-Control "
        f"{image.headers.get('Cache-Control') if image else ''}",
    )

    # 4. Under load through nginx, kill server A: no request is lost, B serves everything afterwards.
    paths = [
        "/",
        "/articles/",
        article_path,
        "/references/",
        "/consultants/",
        "/consultants/?place=Boston%2C+MA",
        "/search/?q=milk",
        "/healthz",
    ]
    # Addresses never asked before: rendered afresh each time, reading from a replica when one is up.
    paths += ["/articles/?probe={n}", article_path + "?probe={n}", "/references/?probe={n}"]
    a_address, b_address = a.removeprefix("http://"), b.removeprefix("http://")
    for base in (a, b):  # each worker's first pages load templates and code: not what this measures
        for path in paths * 2:
            requests.get(base + path.replace("{n}", "warm-up"), timeout=30)
    with Load(site, paths) as load:
        time.sleep(LOAD_SECONDS / 2)
        load.wait_for(lambda rows: {a_address, b_address} <= {row[2] for row in rows})  # both servers busy
        kill_moment = time.monotonic()
        servers["A"][0].kill(signal.SIGKILL)
        time.sleep(LOAD_SECONDS / 2)
        load.wait_for(lambda rows: sum(row[6] >= kill_moment + 1 for row in rows) >= 20)
        after_kill = load.started_since(kill_moment + 1.0)
    if os.environ.get("CLUSTER_KEEP"):
        timeline = [(round(r[0] - kill_moment, 2), r[1], r[2], r[3], round(r[4], 3), r[5]) for r in load.results]
        Path(servers["A"][0].log_path).with_name("kill-timeline.json").write_text(json.dumps(timeline))
    names = {a_address: "A", b_address: "B"}
    everything = summarize(load.results, names)
    after = summarize(after_kill, names)
    figures["kill"] = everything
    figures["after_kill"] = after
    checks.record(
        "killing server A under load loses no request",
        everything["errors"] == 0 and after["requests"] > 0 and set(after["upstreams"]) == {"B"},
        f"{everything['requests']} requests from {LOAD_THREADS} clients, "
        f"{everything['errors']} failed, {everything['retried']} retried by nginx on the other server; answered by "
        f"{everything['upstreams']}; those sent from 1 s after the kill by {after['upstreams']}",
    )
    site_up = requests.get(site + article_path, timeout=10)
    checks.record("site stays up on B", site_up.status_code == 200, f"{article_path} via nginx: {site_up.status_code}")

    # 5. Stop the replica under load: reads fall back to the primary without errors.
    def replica_reads(rows, since=0.0):
        return sum(row[3] == "replica1" and row[5] == "miss" and row[6] >= since for row in rows)

    with Load(b, paths) as load:
        time.sleep(LOAD_SECONDS / 3)
        load.wait_for(lambda rows: replica_reads(rows) >= 3)
        stop_moment = time.monotonic()
        replica.stop("fast")
        time.sleep(LOAD_SECONDS * 2 / 3)
        load.wait_for(lambda rows: sum(row[5] == "miss" and row[6] >= stop_moment for row in rows) >= 10)
        restart_moment = time.monotonic()
        replica.start()
        back = load.wait_for(lambda rows: replica_reads(rows, since=restart_moment) >= 1, timeout=30)
        figures["replica_back_s"] = time.monotonic() - restart_moment if back else None
    before_stop = summarize([row for row in load.results if row[6] < stop_moment])
    stopped = summarize([row for row in load.results if stop_moment <= row[6] < restart_moment])
    allrows = summarize(load.results)
    figures["replica_before"], figures["replica_stopped"], figures["replica_all"] = before_stop, stopped, allrows
    checks.record(
        "replica stopped: reads fall back to the primary, no errors",
        allrows["errors"] == 0 and "replica1" in before_stop["databases"] and set(stopped["databases"]) == {"default"},
        f"{allrows['requests']} requests to B, {allrows['errors']} failed; pages rendered from "
        f"{before_stop['databases']} before the stop, from {stopped['databases']} while stopped",
    )
    checks.record(
        "replica back: reads return to it",
        back,
        f"first page read from the restarted replica after {figures['replica_back_s'] or 0:.1f} s "
        f"(an unreachable replica is retried every DATABASE_REPLICA_RETRY_SECONDS)",
    )


def machine():
    cpu = "?"
    with contextlib.suppress(OSError):
        cpu = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text()).group(1)
    versions = {}
    for name, command in {
        "postgresql": [str(services.postgres_bin() / "postgres"), "--version"],
        "nginx": ["nginx", "-v"],
        "redis": ["redis-server", "--version"],
    }.items():
        with contextlib.suppress(OSError):
            result = subprocess.run(command, capture_output=True, text=True)
            versions[name] = re.search(r"\d+\.\d+(\.\d+)?", result.stdout + result.stderr).group(0)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout
    return (
        f"{socket.gethostname()}: {cpu}, {os.cpu_count()} cores, Linux {platform.release()}, Python "
        f"{platform.python_version()}, PostgreSQL {versions.get('postgresql', '?')}, "
        f"nginx {versions.get('nginx', '?')}, "
        f"Redis {versions.get('redis', '?')}, moto S3 server; load average {LOAD_AT_START:.1f} at the start "
        f"(the machine is shared); commit {commit.strip()}"
    )


def report(checks, figures):
    kill, after = figures.get("kill", {}), figures.get("after_kill", {})
    replica_all = figures.get("replica_all", {})
    lines = [
        f"## Cluster test, {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC (`make cluster-test`)",
        "",
        machine() + ".",
        "Two gunicorn servers (2 sync workers each) behind deploy/nginx.conf, one private PostgreSQL primary and "
        "one streaming replica, Redis, media in a local S3 server; all on this one machine.",
        "",
        "| check | result | detail |",
        "| --- | --- | --- |",
    ]
    lines += [f"| {name} | {'pass' if ok else 'FAIL'} | {detail} |" for name, ok, detail in checks.rows]
    lines += [
        "",
        "| figure | value |",
        "| --- | --- |",
        f"| services up (PostgreSQL primary + replica, Redis, S3) | {figures.get('setup_services_s', 0):.1f} s |",
        f"| release step (collectstatic, migrate, demo content) | {figures.get('release_s', 0):.1f} s |",
        f"| edit on A to B's fresh page (one request) | {figures.get('edit_to_fresh_ms', 0):.0f} ms |",
        f"| load through nginx while A was killed | {kill.get('requests', 0)} requests, {kill.get('errors', 0)} "
        f"failed, {kill.get('retried', 0)} retried on B, p50 {kill.get('p50_ms', 0):.0f} ms, "
        f"p99 {kill.get('p99_ms', 0):.0f} ms |",
        f"| from 1 s after the kill | {after.get('requests', 0)} requests, answered by "
        f"{', '.join(after.get('upstreams', {})) or '-'} |",
        f"| load on B while the replica stopped | {replica_all.get('requests', 0)} requests, "
        f"{replica_all.get('errors', 0)} failed, p99 {replica_all.get('p99_ms', 0):.0f} ms |",
        f"| whole run | {figures.get('total_s', 0):.0f} s |",
        "",
    ]
    text = "\n".join(lines)
    print("\n" + text)
    if not os.environ.get("CLUSTER_TEST_NO_RESULTS") and not checks.failed:
        with open(ROOT / "bench" / "RESULTS.md", "a") as results:
            results.write("\n" + text)


if __name__ == "__main__":
    sys.exit(main())
