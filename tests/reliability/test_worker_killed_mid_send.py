"""A worker killed in the middle of sending: only a message it had handed to the provider may
have been delivered, so only that one is given up (visibly, never sent twice). Messages it had
merely claimed go back to the queue and are sent, once, by the next worker.

The worker runs as production runs it, in a process of its own, against the test database; its
provider (hanging_provider.py) takes a message and never answers, and the process is killed
(SIGKILL: nothing is finished or recorded) while both sender threads wait on it.
"""

import datetime
import signal
from collections import Counter

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from referrals.models import EmailState, OutboundEmail
from referrals.outbox.claim import claim
from referrals.outbox.sending import send, send_due
from referrals.outbox.settling import (
    CLAIM_STALE_AFTER,
    INTERRUPTED,
    SENDING_STALE_AFTER,
    settle_interrupted,
)
from tests.factories import queued_team_emails

from .worker_process import production_env, start_worker, tail, wait_for

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _needs_postgresql(settings):
    if connection.vendor != "postgresql":
        pytest.skip("The worker's SKIP LOCKED claim needs PostgreSQL: set DATABASE_URL to one.")
    settings.OUTBOX_SEND_AT_COMMIT = False
    mail.outbox = []


def referrals_with_their_two_emails(count):
    """`count` new referrals' pairs of team emails (a case's messages are sent together), each
    to an address of its own; their ids."""
    ids = []
    for n in range(count):
        for i, message in enumerate(queued_team_emails(2)):
            OutboundEmail.objects.filter(pk=message.pk).update(
                to_address=f"referral{n}-email{i}@example.invalid"
            )
            ids.append(message.pk)
    return ids


def database_url():
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def states():
    return dict(OutboundEmail.objects.values_list("to_address", "state"))


def test_a_killed_worker_gives_up_only_what_it_handed_to_the_provider(tmp_path):
    referrals_with_their_two_emails(3)  # 6 messages
    handed = tmp_path / "handed"
    handed.mkdir()
    env = production_env(
        database_url(),
        tmp_path,
        EMAIL_BACKEND="tests.reliability.hanging_provider.HangingProvider",
        HANDED_TO_PROVIDER=str(handed),
    )
    with (tmp_path / "worker.log").open("w+") as log:
        # Two sender threads: it claims two cases' messages (4), and each thread hands the
        # first of its case's two to the provider, which never answers.
        worker = start_worker("--threads", "2", "--interval", "0.2", env=env, log=log)
        try:
            wait_for(
                lambda: len(list(handed.iterdir())) == 2,
                worker=worker,
                log=log,
                what="two messages handed to the provider",
            )
            claimed = Counter(states().values())
            assert claimed == {EmailState.SENDING: 4, EmailState.QUEUED: 2}, tail(log)
        finally:
            worker.send_signal(signal.SIGKILL)
            worker.wait(timeout=30)
    in_flight = {path.name for path in handed.iterdir()}

    # The next worker, or retry_email, once the dead worker's claims are old enough.
    later = (
        timezone.now() + max(SENDING_STALE_AFTER, CLAIM_STALE_AFTER) + datetime.timedelta(minutes=1)
    )
    settle_interrupted(later)
    send_due(later)

    sent = Counter(address for message in mail.outbox for address in message.to)
    everything = states()
    assert len(everything) == 6
    for address, state in everything.items():
        if address in in_flight:  # may have been delivered: given up, visibly, not sent again
            assert state == EmailState.GAVE_UP, address
            assert sent[address] == 0, address
        else:  # claimed but never handed over, or never claimed: sent, once
            assert state == EmailState.SENT, address
            assert sent[address] == 1, address
    given_up = OutboundEmail.objects.filter(state=EmailState.GAVE_UP)
    assert set(given_up.values_list("last_error", flat=True)) == {INTERRUPTED}
    assert given_up.count() == len(in_flight) == 2


def test_a_claim_that_went_back_to_the_queue_is_not_sent_by_the_worker_that_made_it(settings):
    """A worker too slow to hand its claimed messages over (behind a provider that hangs) is
    taken for dead: its claims go back to the queue. When it wakes, it sends none of them; the
    worker that claims them next does, once."""
    ids = referrals_with_their_two_emails(1)
    now = timezone.now()
    slow = claim(ids=ids, now=now)
    assert [m.pk for m in slow] == ids

    settle_interrupted(now + CLAIM_STALE_AFTER + datetime.timedelta(seconds=1))
    assert set(OutboundEmail.objects.values_list("state", flat=True)) == {EmailState.QUEUED}

    send(slow, None)  # the slow worker carries on
    assert mail.outbox == []
    assert send_due() == 2
    assert Counter(m.to[0] for m in mail.outbox) == {m.to_address: 1 for m in slow}
    assert set(OutboundEmail.objects.values_list("state", flat=True)) == {EmailState.SENT}
