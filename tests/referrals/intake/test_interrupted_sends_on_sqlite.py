"""`make run` sends at commit on SQLite, through the same hand-over and settling as the worker:
a send interrupted after the provider was called is given up, the messages only claimed with
it are sent later, once (tests/reliability/test_worker_killed_mid_send.py kills a real worker
on PostgreSQL)."""

import pytest

from tests.fresh_sqlite import run_on_fresh_sqlite

INTERRUPTED_ON_SQLITE = """
from datetime import timedelta
from unittest import mock

from django.conf import settings
from django.core import mail
from django.utils import timezone

from referrals.models import OutboundEmail
from referrals.outbox.sending import deliver, send_due
from referrals.outbox.settling import CLAIM_STALE_AFTER, SENDING_STALE_AFTER, settle_interrupted

settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
rows = [
    OutboundEmail.objects.create(kind="team_new_referral", reference="VIG-TEST-0001",
                                 recipient_role="team", to_address=f"team{n}@example.invalid")
    for n in range(3)
]


class Killed(BaseException):
    pass


def provider_then_killed(messages):
    raise Killed  # the process dies while the provider has the first message


with mock.patch("django.core.mail.backends.locmem.EmailBackend.send_messages",
                side_effect=provider_then_killed):
    try:
        deliver([row.pk for row in rows])
    except Killed:
        pass
later = timezone.now() + max(CLAIM_STALE_AFTER, SENDING_STALE_AFTER) + timedelta(minutes=1)
settle_interrupted(later)
send_due(later)
print("sent:", *sorted(address for message in mail.outbox for address in message.to))
for row in OutboundEmail.objects.order_by("pk"):
    print("row:", row.to_address, row.state)
"""


@pytest.mark.django_db(transaction=False)
def test_only_the_message_handed_to_the_provider_is_given_up_on_make_runs_sqlite(tmp_path):
    printed = run_on_fresh_sqlite(tmp_path, INTERRUPTED_ON_SQLITE).splitlines()
    assert "sent: team1@example.invalid team2@example.invalid" in printed
    rows = [line.removeprefix("row: ") for line in printed if line.startswith("row: ")]
    assert rows == [
        "team0@example.invalid gave_up",
        "team1@example.invalid sent",
        "team2@example.invalid sent",
    ]
