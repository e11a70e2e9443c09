"""A stand-in email provider: builds each message as a real provider would, waits
BENCH_EMAIL_SECONDS (0 by default; 2 for the slow-provider case), and keeps nothing.

Production settings refuse Django's console and locmem backends, so the benchmark names this one
in EMAIL_BACKEND.
"""

import os
import time

from django.core.mail.backends.base import BaseEmailBackend


class SlowEmailBackend(BaseEmailBackend):
    def send_messages(self, messages):
        delay = float(os.environ.get("BENCH_EMAIL_SECONDS", "0"))
        for message in messages:
            message.message().as_bytes()
            if delay:
                time.sleep(delay)
        return len(messages)
