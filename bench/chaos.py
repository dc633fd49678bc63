"""Every fault of a bad day, against a running site under light load; prints a table and appends it to
bench/RESULTS.md (`make chaos`).

The site is gunicorn (2 workers, production settings) on a private port, with a private PostgreSQL
cluster, a private Redis on a unix socket and an SMTP port that accepts connections and never answers,
so the machine's shared services are never touched. Three reader threads fetch pages while a fourth
sends the contact form; each fault is held for a few seconds, then lifted. Afterwards every contact
message answered with a redirect must be in the database with its notification queued or sent
("data lost" counts those that are not), and identical listing submissions fired at once must all land.

    .venv/bin/python bench/chaos.py [--seconds 6] [--no-record]
"""

import argparse
import contextlib
import datetime
import http.cookiejar
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import psycopg2

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.services import free_port, private_postgres, private_redis, tarpit_smtp  # noqa: E402

PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
READ_PATHS = ["/", "/articles/", "/references/", "/about/", "/consultants/", "/search/?q=milk", "/healthz"]
CLIENT_TIMEOUT = 40  # longer than gunicorn's 30 s, so a killed worker shows as an error, not a client timeout


class Client:
    """One browser: cookies kept, CSRF token taken from the form page."""

    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect()
        )

    def request(self, path, data=None):
        """Return (status, seconds, body); status 0 when no answer came (connection reset, timeout)."""
        started = time.monotonic()
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, headers={"Referer": self.base + path})
        try:
            with self.opener.open(request, timeout=CLIENT_TIMEOUT) as response:
                return response.status, time.monotonic() - started, response.read().decode(errors="replace")
        except urllib.error.HTTPError as error:
            return error.code, time.monotonic() - started, error.read().decode(errors="replace")
        except (urllib.error.URLError, OSError):
            return 0, time.monotonic() - started, ""

    def post_form(self, path, fields):
        status, seconds, html = self.request(path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        if token is None:
            return status or 0, seconds
        status, more, _ = self.request(path, {**fields, "csrfmiddlewaretoken": token.group(1)})
        return status, seconds + more


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Load:
    """Readers and one contact-form sender, recording (status, seconds) per request while running."""

    def __init__(self, base, readers=3):
        self.base, self.readers = base, readers
        self.results, self.contact_ok, self.contact_results, self.lock = [], [], [], threading.Lock()
        self.stopping = threading.Event()
        self.sequence = 0
        self.window = 0  # which fault is on: accepted messages are counted per fault

    def _read(self, offset):
        client, n = Client(self.base), offset
        while not self.stopping.is_set():
            status, seconds, _ = client.request(READ_PATHS[n % len(READ_PATHS)])
            self._record(status, seconds)
            n += 1
            time.sleep(0.05)

    def _contact(self):
        client = Client(self.base)
        while not self.stopping.is_set():
            with self.lock:
                self.sequence += 1
                subject = f"chaos-{os.getpid()}-{self.sequence}"
            fields = {"name": "Sam", "email": "sam@example.org", "subject": subject, "message": "Hello", "website": ""}
            status, seconds = client.post_form("/contact/", fields)
            self._record(status, seconds)
            self.contact_results.append((status, seconds))
            if status == 302:
                with self.lock:
                    self.contact_ok.append((self.window, subject))
            time.sleep(0.3)

    def _record(self, status, seconds):
        with self.lock:
            self.results.append((status, seconds))

    def take(self):
        with self.lock:
            results, self.results = self.results, []
        return results

    @contextlib.contextmanager
    def running(self):
        threads = [threading.Thread(target=self._read, args=(n,), daemon=True) for n in range(self.readers)]
        threads.append(threading.Thread(target=self._contact, daemon=True))
        for thread in threads:
            thread.start()
        try:
            yield self
        finally:
            self.stopping.set()
            for thread in threads:
                thread.join(CLIENT_TIMEOUT + 5)


def summarise(name, results, lost="0 (reads only)"):
    statuses = Counter(status for status, _ in results)
    seconds = sorted(s for _, s in results) or [0.0]
    p95 = seconds[min(len(seconds) - 1, int(len(seconds) * 0.95))]
    by_status = ", ".join(f"{status or 'no answer'}: {count}" for status, count in sorted(statuses.items()))
    errors = sum(count for status, count in statuses.items() if status == 0 or status >= 500)
    return {
        "fault": name,
        "requests": len(results),
        "by status": by_status,
        "5xx or no answer": errors,
        "p95 s": f"{p95:.2f}",
        "max s": f"{max(seconds):.2f}",
        "median s": f"{statistics.median(seconds):.2f}",
        "data lost": lost,
    }


def table(rows):
    columns = list(rows[0])
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(str(row[column]) for column in columns) + " |" for row in rows]
    return "\n".join(lines)


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


@contextlib.contextmanager
def site(work, postgres, redis, smtp_port):
    database = "lowmilk_chaos"
    connection = psycopg2.connect(postgres.url())
    connection.autocommit = True
    connection.cursor().execute(f"CREATE DATABASE {database}")
    connection.close()
    port = free_port()
    env = {key: value for key, value in os.environ.items() if key not in {"DEBUG", "DJANGO_SETTINGS_MODULE"}}
    env.update(
        DATABASE_URL=postgres.url(database),
        REDIS_URL=redis.url,
        SECRET_KEY="chaos-only-secret-key-not-for-production-" + "x" * 20,
        ALLOWED_HOSTS="127.0.0.1",
        STATIC_ROOT=str(work / "static"),
        MEDIA_ROOT=str(work / "media"),
        BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="2",
        # Each request connects afresh, so a hanging server is met at connect time as well as mid-statement.
        CONN_MAX_AGE="0",
        DATABASE_CONNECT_TIMEOUT="2",
        DATABASE_STATEMENT_TIMEOUT="3000",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(smtp_port),
        EMAIL_TIMEOUT="2",
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        BEHIND_PROXY="0",
        LOG_REQUESTS="0",
        RATE_LIMIT_CONTACT="",
        RATE_LIMIT_LISTING="",
        RATE_LIMIT_SEARCH="",
        PYTHONWARNINGS="ignore",
    )
    manage(env, "migrate", "--no-input", "-v", "0")
    manage(env, "load_demo")
    manage(env, "collectstatic", "--no-input", "-v", "0")
    log = open(work / "gunicorn.log", "w")  # noqa: SIM115 (closed below)
    process = subprocess.Popen(
        [GUNICORN, "lowmilk.wsgi", "--config", "deploy/gunicorn.conf.py"], cwd=ROOT, env=env, stderr=log, stdout=log
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            if Client(base).request("/healthz")[0] == 200:
                break
            time.sleep(0.2)
        else:
            raise RuntimeError(f"the site did not start; see {work / 'gunicorn.log'}")
        yield base, postgres.url(database), env
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@contextlib.contextmanager
def locked_tables(database_url):
    """A transaction holding the tables every page reads: statements wait until the statement timeout."""
    connection = psycopg2.connect(database_url)
    connection.cursor().execute("LOCK TABLE pagecache_contentgeneration, articles_section IN ACCESS EXCLUSIVE MODE")
    try:
        yield
    finally:
        connection.rollback()
        connection.close()


def identical_submissions(base, database_url, count=8):
    """Fire ``count`` identical listing submissions at once; return (summary row fields, lost)."""
    with psycopg2.connect(database_url) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT id FROM consultants_language WHERE code = 'en'")
        english = cursor.fetchone()[0]
    fields = {
        "name": "Chaos Twin", "practice_name": "Twin Lactation", "email": "twin@example.org", "phone": "617 555 0199",
        "website_url": "", "office_visits": "on", "telehealth": "on", "telehealth_area": "region",
        "languages": [str(english)], "accepting_clients": "on", "address": "5 Elm St", "city": "Somerville",
        "region": "MA", "postcode": "02144", "country": "US", "credentials-TOTAL_FORMS": "3",
        "credentials-INITIAL_FORMS": "0", "credentials-MIN_NUM_FORMS": "1", "credentials-MAX_NUM_FORMS": "5",
        "credentials-0-kind": "IBCLC", "credentials-0-number": "L-12345", "credentials-0-expires_on": "2030-01-31",
        "website": "",
    }  # fmt: skip
    clients, tokens = [Client(base) for _ in range(count)], []
    for client in clients:
        _, _, html = client.request("/consultants/submit/")
        tokens.append(re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1))
    barrier, results = threading.Barrier(count), []

    def submit(client, token):
        barrier.wait()
        status, seconds, _ = client.request("/consultants/submit/", {**fields, "csrfmiddlewaretoken": token})
        results.append((status, seconds))

    threads = [threading.Thread(target=submit, args=pair) for pair in zip(clients, tokens, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(CLIENT_TIMEOUT + 5)
    with psycopg2.connect(database_url) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM consultants_listing WHERE name = 'Chaos Twin'")
        stored = cursor.fetchone()[0]
    accepted = sum(1 for status, _ in results if status == 302)
    return results, max(0, accepted - stored)


class FormFields(HTMLParser):
    """The fields a browser would send from the form with ``form_id``: inputs, ticked boxes, text areas, selects."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.fields = form_id, False, []
        self._textarea = self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or not attrs.get("name") and tag != "option":
            return
        if tag == "input" and attrs.get("type") not in ("submit", "button", "file", "image", "reset"):
            if attrs.get("type") not in ("checkbox", "radio") or "checked" in attrs:
                self.fields.append((attrs["name"], attrs.get("value", "on" if attrs.get("type") else "")))
        elif tag == "textarea":
            self._textarea = [attrs["name"], ""]
        elif tag == "select":
            self._select = attrs["name"]
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields.append((self._select, attrs.get("value", "")))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            self.fields.append(tuple(self._textarea))
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self.inside = False


def at_once(*calls):
    """Run each call in its own thread, released together; return their results in order."""
    barrier, results = threading.Barrier(len(calls)), [None] * len(calls)

    def run(index, call):
        barrier.wait()
        results[index] = call()

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(CLIENT_TIMEOUT + 5)
    return results


def simultaneous_admin_saves(base, env, trials=8):
    """Two editors open one page in the admin and save it at the same instant, ``trials`` times.

    Returns (every response, how many trials saved both: one editor's change silently overwritten).
    """
    subprocess.run(
        [PYTHON, "manage.py", "shell", "-c",
         "from django.contrib.auth.models import User\n"
         "for name in ('erin', 'frank'):\n"
         "    User.objects.filter(username=name).exists() or User.objects.create_superuser(name, '', 'chaos-pass-1')"],
        cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    editors = []
    for name in ("erin", "frank"):
        client = Client(base)
        client.post_form("/admin/login/?next=/admin/", {"username": name, "password": "chaos-pass-1"})
        editors.append(client)
    _, _, html = editors[0].request("/admin/pages/page/")
    change_url = re.search(r'href="(/admin/pages/page/\d+/change/)"', html).group(1)
    results, both_saved = [], 0
    for trial in range(trials):
        forms = []
        for client in editors:
            parser = FormFields("page_form")
            parser.feed(client.request(change_url)[2])
            fields = [(k, v) for k, v in parser.fields if k != "title"]
            forms.append(fields)
        statuses = at_once(
            *[
                lambda client=client, fields=fields, title=f"Chaos trial {trial} by editor {index}": client.request(
                    change_url, [*fields, ("title", title), ("_save", "Save")]
                )[:2]
                for index, (client, fields) in enumerate(zip(editors, forms, strict=True))
            ]
        )
        results += statuses
        both_saved += [status for status, _ in statuses].count(302) == 2
    return results, both_saved


def contact_messages_lost(database_url, accepted_subjects):
    """How many accepted contact messages are missing from the database, and how many have no notification
    in the mail queue (queued, requeued for a retry, or sent)."""
    with psycopg2.connect(database_url) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT subject FROM pages_contactmessage")
        stored = {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT subject FROM post_office_email")
        queued = {row[0] for row in cursor.fetchall()}
    missing = [s for s in accepted_subjects if s not in stored]
    unnotified = [s for s in accepted_subjects if f"[Contact form] {s}" not in queued]
    return len(missing), len(unnotified)


def machine():
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())  # fmt: skip
    return (
        f"{os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()}, {platform.system()} {platform.release()}"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    # Long enough for a request to meet two database timeouts (connect or statement) while the fault lasts.
    parser.add_argument("--seconds", type=float, default=10.0, help="how long each fault is held")
    parser.add_argument("--no-record", action="store_true", help="print only; do not append to bench/RESULTS.md")
    options = parser.parse_args()
    hold = options.seconds
    work = Path(tempfile.mkdtemp(prefix="lowmilk-chaos-"))
    rows = []
    started = time.monotonic()
    try:
        with private_postgres() as postgres, private_redis() as redis, tarpit_smtp() as smtp_port:
            if os.geteuid() == 0:
                shutil.chown(work, "postgres")
            with site(work, postgres, redis, smtp_port) as (base, database_url, env):
                faults = [
                    ("none (baseline; SMTP is a tarpit throughout)", contextlib.nullcontext),
                    ("Redis full (maxmemory 1, noeviction)", lambda: lifted(redis.fill_up, redis.restore)),
                    ("Redis read-only replica", lambda: lifted(redis.make_read_only, redis.restore)),
                    ("Redis hanging (SIGSTOP)", lambda: lifted(redis.freeze, redis.thaw)),
                    ("PostgreSQL postmaster hanging (SIGSTOP)", lambda: lifted(postgres.freeze, postgres.thaw)),
                    ("PostgreSQL tables locked (statement timeout)", lambda: locked_tables(database_url)),
                    ("none (recovered)", contextlib.nullcontext),
                ]
                load = Load(base)
                with load.running():
                    for window, (name, fault) in enumerate(faults):
                        load.window = window
                        with fault():
                            time.sleep(hold)
                            during = load.take()
                        time.sleep(1)  # requests sent during the fault finish (and count) before the next one
                        rows.append(summarise(name, during + load.take()))
                results, lost = identical_submissions(base, database_url)
                rows.append(summarise("8 identical listing submissions at once", results, lost=f"{lost} listings"))
                results, overwritten = simultaneous_admin_saves(base, env)
                rows.append(
                    summarise(
                        "2 editors saving one page at the same instant, 8 times",
                        results,
                        lost=f"{overwritten} of 8 trials overwrote a change",
                    )
                )
                time.sleep(2 * 2 + 1)  # the after-response senders have met the tarpit by now
                for window, row in enumerate(rows[: len(faults)]):
                    accepted = [subject for w, subject in load.contact_ok if w == window]
                    missing, unnotified = contact_messages_lost(database_url, accepted)
                    row["data lost"] = f"{missing} of {len(accepted)} messages, {unnotified} notifications"
                accepted = [subject for _, subject in load.contact_ok]
                missing, unnotified = contact_messages_lost(database_url, accepted)
                rows.append(
                    summarise(
                        "contact form alone, whole run (every notification meets the SMTP tarpit)",
                        load.contact_results,
                        lost=f"{missing} of {len(accepted)} messages, {unnotified} notifications",
                    )
                )
    finally:
        shutil.rmtree(work, ignore_errors=True)

    output = table(rows)
    print(output)
    if not options.no_record:
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
        section = (
            f"\n## Chaos run, {stamp}\n\n`make chaos` (bench/chaos.py): gunicorn with 2 workers on PostgreSQL "
            f"{postgres_version()} and Redis {redis_version()}, all private; 3 readers and 1 contact-form sender, "
            f"each fault held {hold:g} s; {time.monotonic() - started:.0f} s in all. Machine: {machine()}.\n\n"
            f"{output}\n"
        )
        with open(ROOT / "bench" / "RESULTS.md", "a") as results_file:
            results_file.write(section)


@contextlib.contextmanager
def lifted(start, stop):
    start()
    try:
        yield
    finally:
        stop()


def postgres_version():
    from tests.support.services import postgres_bin

    return postgres_bin().parent.name


def redis_version():
    output = subprocess.run(["redis-server", "--version"], capture_output=True, text=True).stdout
    match = re.search(r"v=(\S+)", output)
    return match.group(1) if match else "?"


if __name__ == "__main__":
    main()
