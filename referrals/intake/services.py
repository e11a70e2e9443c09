"""Receiving referrals and enquiries from the public forms.

The record and its history entry are saved in one transaction; emails and texts are written to
the outbox in the same transaction and sent by the worker after it commits, so a failing email
or text provider can never lose a submission. The family's confirmation goes by the ways their
safe-contact answers allow (referrals.cases.safe_contact.family_channels): an email, a text,
both, or none. A case records the language it was sent in (the address's /pl/ or /ar/, active
while the request is handled), and the family's messages go in it.
"""

import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from home.models import SiteSettings
from referrals.cases import history
from referrals.cases.kinds import ENQUIRY, KINDS, REFERRAL
from referrals.cases.references import new_reference
from referrals.cases.safe_contact import family_channels
from referrals.models import (
    CaseEventAction,
    Channel,
    EmailKind,
    Enquiry,
    RecipientRole,
    Referral,
    ReferralKind,
)
from referrals.models.languages import site_language
from referrals.outbox.notifications import outbox_message, outbox_text, queue_emails

__all__ = ["enquiry_submit", "referral_submit", "team_email_address"]

logger = logging.getLogger(__name__)

REFERENCE_ATTEMPTS = 10


def team_email_address(team=None):
    """The team inbox: SiteSettings.email (`team`, else read afresh), else
    TEAM_NOTIFICATION_EMAIL, else ''."""
    return (team or SiteSettings.load()).email or settings.TEAM_NOTIFICATION_EMAIL


def _reference_taken(reference):
    """Whether any kind of case has this reference (one query, asked only after the database
    refused a reference)."""
    queries = [kind.model.objects.filter(reference=reference).values("pk") for kind in KINDS]
    return queries[0].union(*queries[1:]).exists()


def _with_a_new_reference(submit):
    """`submit(reference)` in a transaction of its own (a savepoint inside a caller's), with a
    new reference, and again with another whenever the database refuses it as taken; returns
    what `submit` returns.

    A reference is unique across every kind of case: each kind's table has a unique key on
    it, and triggers refuse one another kind's table holds (migration 0015), so
    nothing is read before saving. A collision (about 1 in 10**12 a case) rolls the whole
    transaction back and tries again."""
    for _attempt in range(REFERENCE_ATTEMPTS):
        reference = new_reference()
        try:
            with transaction.atomic():
                return submit(reference)
        except IntegrityError:
            if not _reference_taken(reference):
                raise
    raise RuntimeError("Could not find an unused reference")


def _notify_team(case, kind, team):
    address = team_email_address(team)
    if not address:
        logger.warning(
            "No team email address (site settings or TEAM_NOTIFICATION_EMAIL): "
            "no notification for %s",
            case.reference,
        )
        return None
    return outbox_message(
        kind=kind, case=case, recipient_role=RecipientRole.TEAM, to_address=address
    )


def _family_confirmation(case, kind):
    """The family's own confirmation of `case`, one outbox row for each way a message may reach
    them (family_channels): by email, by text, by both, or none."""
    return [
        outbox_text(
            kind=kind, case=case, recipient_role=RecipientRole.REFERRER, to_phone=case.phone
        )
        if channel == Channel.TEXT
        else outbox_message(
            kind=kind, case=case, recipient_role=RecipientRole.REFERRER, to_address=case.email
        )
        for channel in family_channels(case)
    ]


def _receive(case, *, spam):
    """Flag, validate and save a new case (its reference given) and its "received" entry."""
    case.received_at = timezone.now()
    if spam is not None:
        for name, value in spam.as_model_fields().items():
            setattr(case, name, value)
    case.full_clean(exclude=["reference"])  # the database checks it, without a query first
    case.save()
    history.record(case, CaseEventAction.SUBMITTED, by=None, to_status=case.status)
    return case


def referral_submit(
    *, form_data, page=None, kind=None, spam=None, declaration_accepted=False, team=None
):
    """Save a referral from the public form; record its history; queue its messages (the
    team's email, the confirmation); in one transaction.

    `form_data` is ReferralForm.data_for_saving(); `spam` a referrals.intake.spam.SpamVerdict.
    `declaration_accepted`: sent from the check page, whose declaration (the privacy notice
    read, the team may make contact) was shown and accepted: both consents are recorded, with
    when. `team`: the site settings, if the caller has them already.
    """
    return _with_a_new_reference(
        lambda reference: _save_referral(
            reference, form_data, page, kind, spam, declaration_accepted, team
        )
    )


def _save_referral(reference, form_data, page, kind, spam, declaration_accepted, team):
    kind = kind or getattr(page, "kind", None) or ReferralKind.SELF
    data = {key: value for key, value in form_data.items() if key in REFERRAL.intake_fields}
    if kind != ReferralKind.PROFESSIONAL:
        for name in [name for name in data if name.startswith("professional_")]:
            data[name] = ""
        data["family_agrees"] = False
    referral = Referral(kind=kind, reference=reference, site_language=site_language(), **data)
    if declaration_accepted:
        referral.consent_privacy = referral.consent_contact = True
        referral.declaration_accepted_at = timezone.now()
    referral = _receive(referral, spam=spam)
    if kind == ReferralKind.PROFESSIONAL:
        # The professional's work address, by email: the family's safe-contact answers are
        # about the family, who are not sent a confirmation of a professional's referral.
        confirmations = [
            outbox_message(
                kind=EmailKind.REFERRER_CONFIRMATION,
                case=referral,
                recipient_role=RecipientRole.REFERRER,
                to_address=referral.professional_email,
            )
        ]
    else:
        confirmations = _family_confirmation(referral, EmailKind.REFERRER_CONFIRMATION)
    queue_emails([_notify_team(referral, EmailKind.TEAM_NEW_REFERRAL, team), *confirmations])
    return referral


def enquiry_submit(*, form_data, page=None, spam=None, team=None):
    """Save a question from the public enquiry form; record its history; queue its messages
    (the team's email, the confirmation by the enquirer's safe ways); in one transaction.
    `team`: the site settings, if the caller has them already."""
    return _with_a_new_reference(lambda reference: _save_enquiry(reference, form_data, spam, team))


def _save_enquiry(reference, form_data, spam, team):
    data = {key: value for key, value in form_data.items() if key in ENQUIRY.intake_fields}
    enquiry = Enquiry(reference=reference, site_language=site_language(), **data)
    enquiry = _receive(enquiry, spam=spam)
    queue_emails(
        [
            _notify_team(enquiry, EmailKind.TEAM_NEW_ENQUIRY, team),
            *_family_confirmation(enquiry, EmailKind.ENQUIRY_CONFIRMATION),
        ]
    )
    return enquiry
