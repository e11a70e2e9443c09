"""What the worker writes once the provider has taken a case's messages (sending.record_sent,
one statement for the group): each marked sent with its own provider id, the public's address
cleared and the team's kept; and nothing written over a message that is no longer this
worker's (given up as interrupted, or claimed again, in the meantime)."""

import pytest

from referrals.models import EmailKind, EmailState, OutboundEmail, RecipientRole
from referrals.outbox.claim import claim
from referrals.outbox.sending import record_sent
from tests.factories import ReferralFactory
from tests.fresh_sqlite import run_on_fresh_sqlite

pytestmark = pytest.mark.django_db


def new_referrals_messages():
    referral = ReferralFactory()
    common = {"kind": EmailKind.TEAM_NEW_REFERRAL, "reference": referral.reference}
    return [
        OutboundEmail.objects.create(
            **common,
            referral=referral,
            recipient_role=RecipientRole.TEAM,
            to_address="team@example.invalid",
        ),
        OutboundEmail.objects.create(
            **common,
            referral=referral,
            recipient_role=RecipientRole.REFERRER,
            to_address="parent@example.invalid",
        ),
    ]


def test_a_groups_messages_are_recorded_sent_each_with_its_own_provider_id():
    team, parent = claim(ids=[m.pk for m in new_referrals_messages()])
    record_sent({team: "provider-1", parent: ""})
    team.refresh_from_db()
    parent.refresh_from_db()
    assert (team.state, parent.state) == (EmailState.SENT, EmailState.SENT)
    assert (team.provider_message_id, parent.provider_message_id) == ("provider-1", "")
    assert team.to_address == "team@example.invalid"  # the team's inbox is kept
    assert parent.to_address == ""  # the public's address is kept only until sent
    assert team.sent_at and parent.sent_at and team.next_attempt_at is None


def test_a_message_no_longer_this_workers_is_left_as_it_is():
    team, parent = claim(ids=[m.pk for m in new_referrals_messages()])
    # Meanwhile: the team's message given up as interrupted; the parent's claimed again.
    OutboundEmail.objects.filter(pk=team.pk).update(state=EmailState.GAVE_UP)
    OutboundEmail.objects.filter(pk=parent.pk).update(attempts=parent.attempts + 1)
    record_sent({team: "provider-1", parent: "provider-2"})
    team.refresh_from_db()
    parent.refresh_from_db()
    assert team.state == EmailState.GAVE_UP and team.provider_message_id == ""
    assert parent.state == EmailState.SENDING and parent.to_address == "parent@example.invalid"


RECORD_ON_SQLITE = """
from referrals.models import OutboundEmail
from referrals.outbox.claim import claim
from referrals.outbox.sending import record_sent
rows = [
    OutboundEmail.objects.create(kind="team_new_referral", reference="VIG-TEST-0001",
                                 recipient_role=role, to_address=f"{role}@example.invalid")
    for role in ("team", "referrer")
]
team, parent = claim(ids=[row.pk for row in rows])
record_sent({team: "provider-1", parent: ""})
for row in OutboundEmail.objects.order_by("pk"):
    print("row:", row.state, row.provider_message_id or "-", row.to_address or "-")
"""


@pytest.mark.django_db(transaction=False)
def test_the_same_statement_works_on_make_runs_sqlite(tmp_path):
    printed = run_on_fresh_sqlite(tmp_path, RECORD_ON_SQLITE).splitlines()
    rows = [line.removeprefix("row: ") for line in printed if line.startswith("row: ")]
    assert rows == ["sent provider-1 team@example.invalid", "sent - -"]
