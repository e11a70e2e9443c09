"""An email provider that takes each message and never answers, as one might while the worker
is killed: it notes each message it is handed (its recipient, a file in HANDED_TO_PROVIDER),
then waits for ever. For a worker in a process of its own (worker_process.py)."""

import os
import threading
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend


class HangingProvider(BaseEmailBackend):
    def send_messages(self, email_messages):
        for message in email_messages:
            for address in message.to:
                (Path(os.environ["HANDED_TO_PROVIDER"]) / address).touch()
            threading.Event().wait()  # never answers
        return 0
