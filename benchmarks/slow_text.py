"""A stand-in for GOV.UK Notify: the real Notify backend and client (its signed token, its JSON),
whose HTTP call waits BENCH_TEXT_SECONDS (0 by default; 2 for the slow-provider case) and answers
201 with a new id, as Notify does. Nothing leaves the machine.

Production settings send texts through TEXT_BACKEND; the benchmark names this class there.
"""

import json
import os
import time
import uuid

import requests

from referrals.outbox.texts import NotifyTextBackend


class SlowNotifyTextBackend(NotifyTextBackend):
    def __init__(self):
        super().__init__()
        self.client.request_session.request = self._answer

    def _answer(self, method, url, **kwargs):
        json.loads(kwargs["data"])  # the body Notify would read
        delay = float(os.environ.get("BENCH_TEXT_SECONDS", "0"))
        if delay:
            time.sleep(delay)
        response = requests.Response()
        response.status_code = 201
        response._content = json.dumps({"id": str(uuid.uuid4())}).encode()
        response.url = url
        return response
