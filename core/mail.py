"""Outgoing mail never blocks a request: django-post-office queues it, and it is sent after the response.

``EMAIL_BACKEND`` is post-office's queue, so ``send_mail`` only stores a row. Once the transaction that
stored it commits, a background thread of this process sends the queue through the real backend
(``POST_OFFICE["BACKENDS"]``, SMTP in production, bounded by ``EMAIL_TIMEOUT``); post-office's file lock
keeps two processes from sending the same mail. A send that fails is requeued up to ``MAX_RETRIES``
times, ``RETRY_INTERVAL`` apart, for the periodic ``manage.py send_queued_mail`` (cron, every minute) to
retry. Each message and its status (queued, sent, failed, requeued) shows in the admin under Post Office.
"""

import logging
import threading

from django.db import connections, transaction
from post_office.mail import send_queued_mail_until_done

logger = logging.getLogger(__name__)

_state = threading.Condition()
_running = False
_pending = False


def single_line(text: str) -> str:
    """``text`` with line breaks and runs of whitespace made single spaces, as a mail header must be."""
    return " ".join(str(text).split())


def send_after_commit(sender=None, **kwargs):
    """Receiver of post-office's ``email_queued``: send once the queuing transaction has committed."""
    transaction.on_commit(_wake_sender)


def _wake_sender():
    global _running, _pending
    with _state:
        _pending = True
        if _running:
            return  # the running sender looks at the queue again before it stops
        _running = True
    threading.Thread(target=_send_until_idle, name="queued-mail-sender", daemon=True).start()


def _send_until_idle():
    global _running, _pending
    try:
        while True:
            with _state:
                if not _pending:
                    _running = False
                    _state.notify_all()
                    return
                _pending = False
            try:
                send_queued_mail_until_done()
            except Exception:  # the message stays queued for the periodic run
                logger.exception("Sending queued mail failed; send_queued_mail will retry.")
    finally:
        connections.close_all()
        with _state:
            _running = False
            _state.notify_all()


def wait_for_queued_mail(timeout: float) -> bool:
    """Wait until this process's sender is idle; return False if it is still busy after ``timeout`` seconds."""
    with _state:
        return _state.wait_for(lambda: not _running, timeout=timeout)
