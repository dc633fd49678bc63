#!/usr/bin/env bash
# Fault recovery, shown end to end: the site runs on PostgreSQL, the database server is stopped while the
# site serves, pages must answer the friendly 503 (and /healthz 503), a contact form sent meanwhile must be
# refused with "not sent", and once PostgreSQL is back the same server process must serve 200s again.
#
#   bench/fault_recovery.sh                  # a private, throw-away PostgreSQL cluster on a spare port
#   bench/fault_recovery.sh --system-cluster # stop/start the machine's own cluster with pg_ctlcluster
#
# The private cluster is the default because stopping the shared cluster breaks anyone else using it
# (other test runs on this machine). Either way the cluster is left as it was found, whatever happens.
# Needs root (to run PostgreSQL as the postgres user) and the project's .venv (`make install`).
set -euo pipefail
cd "$(dirname "$0")/.."

MODE=private
[[ "${1:-}" == "--system-cluster" ]] && MODE=system
PY=.venv/bin/python
free_port() { "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
APP_PORT=${APP_PORT:-$(free_port)}
PG_PORT=${PG_PORT:-$(free_port)}
WORK=$(mktemp -d /tmp/lowmilk-fault.XXXXXX)
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
SERVER_PID=""
SYSTEM_WAS_RUNNING=""
FAILURES=0

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*"; }

cleanup() {
  set +e
  [[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  if [[ "$MODE" == private ]]; then
    runuser -u postgres -- "$PGBIN/pg_ctl" -D "$WORK/data" -m immediate stop >/dev/null 2>&1
  elif [[ -n "$SYSTEM_WAS_RUNNING" ]] && ! pg_isready -h 127.0.0.1 -p 5432 -q; then
    log "restoring the system cluster (it was running before)"
    pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" main start
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

pg_stop() {
  if [[ "$MODE" == private ]]; then
    runuser -u postgres -- "$PGBIN/pg_ctl" -D "$WORK/data" -m fast -w stop >/dev/null
  else
    pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" main stop
  fi
}

pg_start() {
  if [[ "$MODE" == private ]]; then
    runuser -u postgres -- "$PGBIN/pg_ctl" -D "$WORK/data" -l "$WORK/postgres.log" -w \
      -o "-p $PG_PORT -k $WORK -c listen_addresses=127.0.0.1" start >/dev/null
  else
    pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" main start
  fi
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p "$PG_PORT" -q && return 0; sleep 0.5; done
  echo "PostgreSQL did not come back" >&2
  return 1
}

# expect STATUS URL [curl options...]: fetch, compare the status, keep the body in $WORK/body
expect() {
  local want=$1 url=$2 got
  shift 2
  got=$(curl -s -o "$WORK/body" -w '%{http_code}' -b "$WORK/cookies" -c "$WORK/cookies" "$@" "http://127.0.0.1:$APP_PORT$url")
  if [[ "$got" == "$want" ]]; then
    log "ok    $want $url"
  else
    log "FAIL  wanted $want, got $got for $url"
    FAILURES=$((FAILURES + 1))
  fi
}

expect_text() {
  if grep -q "$1" "$WORK/body"; then log "ok    page says: $1"; else log "FAIL  page lacks: $1"; FAILURES=$((FAILURES + 1)); fi
}

chmod 755 "$WORK"
if [[ "$MODE" == private ]]; then
  log "creating a private PostgreSQL cluster on port $PG_PORT"
  chown postgres "$WORK"
  runuser -u postgres -- "$PGBIN/initdb" -D "$WORK/data" -A trust -U postgres >/dev/null
  pg_start
  DB_NAME=lowmilk_fault
else
  PG_PORT=5432
  PG_VERSION=$(ls /etc/postgresql | sort -V | tail -n 1)
  pg_isready -h 127.0.0.1 -p 5432 -q && SYSTEM_WAS_RUNNING=1
  [[ -n "$SYSTEM_WAS_RUNNING" ]] || pg_start
  SYSTEM_WAS_RUNNING=1
  DB_NAME=lowmilk_fault_recovery
fi
export PGOPTIONS="--client-min-messages=warning"
psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "DROP DATABASE IF EXISTS $DB_NAME" -c "CREATE DATABASE $DB_NAME"

export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/$DB_NAME"
export SECRET_KEY="fault-recovery-$(head -c 32 /dev/urandom | base64 | tr -d '/+=')"
export ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=0 CSRF_COOKIE_SECURE=0 SESSION_COOKIE_SECURE=0
export CONN_MAX_AGE=60 MEDIA_ROOT="$WORK/media"
unset DEBUG

log "migrating and loading the demo content"
$PY manage.py migrate --no-input -v0
$PY manage.py load_demo >/dev/null

if [[ -x .venv/bin/gunicorn ]]; then
  .venv/bin/gunicorn lowmilk.wsgi --bind "127.0.0.1:$APP_PORT" --workers 2 --log-level warning >"$WORK/server.log" 2>&1 &
  SERVER=gunicorn
else
  $PY manage.py runserver "127.0.0.1:$APP_PORT" --noreload >"$WORK/server.log" 2>&1 &
  SERVER=runserver
fi
SERVER_PID=$!
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$APP_PORT/healthz" >/dev/null && break; sleep 0.2; done
kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log"; echo "the site did not start" >&2; exit 1; }
log "site served by $SERVER (pid $SERVER_PID) with persistent connections (CONN_MAX_AGE=60)"

log "--- 1. database up"
expect 200 /
expect 200 /articles/
expect 200 /healthz
expect 200 /contact/
TOKEN=$(grep -o 'name="csrfmiddlewaretoken" value="[^"]*"' "$WORK/body" | sed 's/.*value="//; s/"$//')
FORM=(--data-urlencode "csrfmiddlewaretoken=$TOKEN" --data-urlencode "name=Sam" --data-urlencode "email=sam@example.org"
      --data-urlencode "subject=During the outage" --data-urlencode "message=Is anyone there?")
REFERER=(-H "Referer: http://127.0.0.1:$APP_PORT/contact/")

log "--- 2. PostgreSQL stopped while the site serves"
pg_stop
expect 503 /
expect_text "back shortly"
expect 503 /articles/
expect 503 /healthz
expect 503 /contact/ "${REFERER[@]}" "${FORM[@]}"
expect_text "Your message was not sent"

log "--- 3. PostgreSQL back: the same server process serves again"
pg_start
RECOVERED=""
for _ in $(seq 1 20); do
  [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$APP_PORT/")" == 200 ]] && RECOVERED=1 && break
  sleep 0.5
done
[[ -n "$RECOVERED" ]] || { log "FAIL  site did not recover"; FAILURES=$((FAILURES + 1)); }
expect 200 /
expect 200 /articles/
expect 200 /healthz
expect 302 /contact/ "${REFERER[@]}" "${FORM[@]}"
STORED=$(psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d "$DB_NAME" -tAc "SELECT count(*) FROM pages_contactmessage")
if [[ "$STORED" == 1 ]]; then log "ok    exactly one contact message stored (the one sent after recovery)"
else log "FAIL  $STORED contact messages stored, expected 1"; FAILURES=$((FAILURES + 1)); fi
if kill -0 "$SERVER_PID" 2>/dev/null; then log "ok    server process $SERVER_PID never restarted"
else log "FAIL  server process $SERVER_PID is gone"; FAILURES=$((FAILURES + 1)); fi

[[ "$MODE" == system ]] && psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $DB_NAME"
if [[ "$FAILURES" == 0 ]]; then log "fault recovery: all checks passed"; else log "fault recovery: $FAILURES check(s) failed"; exit 1; fi
