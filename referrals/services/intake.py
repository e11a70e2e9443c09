"""Receiving referrals and enquiries from the public forms.

The record and its history entry are saved in one transaction; emails are written to the
outbox in the same transaction and sent by a task after it commits, so a failing email
provider can never lose a submission.
"""

import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from home.models import SiteSettings

from ..casekinds import ENQUIRY, KINDS, REFERRAL
from ..models import (
    CaseEvent,
    CaseEventAction,
    EmailKind,
    Enquiry,
    RecipientRole,
    Referral,
    ReferralKind,
)
from ..notifications import outbox_message, queue_emails
from ..references import new_reference

__all__ = ["enquiry_submit", "referral_submit", "team_email_address"]

logger = logging.getLogger(__name__)

REFERENCE_ATTEMPTS = 10


def team_email_address(team=None):
    """The team inbox: SiteSettings.email (`team`, else read afresh), else
    TEAM_NOTIFICATION_EMAIL, else ''."""
    return (team or SiteSettings.load()).email or settings.TEAM_NOTIFICATION_EMAIL


def _taken_by_another_kind(case):
    """References are unique across every kind of case: one query over the other kinds (the
    case's own table refuses a duplicate by its unique key)."""
    others = [kind.model for kind in KINDS if kind.model is not type(case)]
    queries = [model.objects.filter(reference=case.reference).values("pk") for model in others]
    return bool(queries) and queries[0].union(*queries[1:]).exists()


def _save_with_new_reference(case):
    """Give `case` a unique reference and save it, retrying on a collision."""
    for _attempt in range(REFERENCE_ATTEMPTS):
        case.reference = new_reference()
        if _taken_by_another_kind(case):
            continue
        try:
            with transaction.atomic():
                case.save()
        except IntegrityError:
            if type(case).objects.filter(reference=case.reference).exists():
                continue  # another request took the same reference a moment ago
            raise
        return case
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


def _receive(case, *, spam):
    """Flag, validate and save a new case with a fresh reference and its "received" entry."""
    case.received_at = timezone.now()
    if spam is not None:
        for name, value in spam.as_model_fields().items():
            setattr(case, name, value)
    case.full_clean(exclude=["reference"])
    _save_with_new_reference(case)
    CaseEvent.objects.create(**case.link(), action=CaseEventAction.SUBMITTED, to_status=case.status)
    return case


@transaction.atomic
def referral_submit(
    *, form_data, page=None, kind=None, spam=None, declaration_accepted=False, team=None
):
    """Save a referral from the public form; record its history; queue its emails.

    `form_data` is ReferralForm.data_for_saving(); `spam` a referrals.spam.SpamVerdict.
    `declaration_accepted`: sent from the check page, whose declaration (the privacy notice
    read, the team may make contact) was shown and accepted: both consents are recorded, with
    when. `team`: the site settings, if the caller has them already.
    """
    kind = kind or getattr(page, "kind", None) or ReferralKind.SELF
    data = {key: value for key, value in form_data.items() if key in REFERRAL.intake_fields}
    if kind != ReferralKind.PROFESSIONAL:
        for name in [name for name in data if name.startswith("professional_")]:
            data[name] = ""
        data["family_agrees"] = False
    referral = Referral(kind=kind, **data)
    if declaration_accepted:
        referral.consent_privacy = referral.consent_contact = True
        referral.declaration_accepted_at = timezone.now()
    referral = _receive(referral, spam=spam)
    if kind == ReferralKind.PROFESSIONAL:
        # The professional's work address: the family's safe-contact answer is about the family.
        confirm_to = referral.professional_email
    else:
        confirm_to = referral.email if referral.safe_to_email else ""
    queue_emails(
        [
            _notify_team(referral, EmailKind.TEAM_NEW_REFERRAL, team),
            outbox_message(
                kind=EmailKind.REFERRER_CONFIRMATION,
                case=referral,
                recipient_role=RecipientRole.REFERRER,
                to_address=confirm_to,
            ),
        ]
    )
    return referral


@transaction.atomic
def enquiry_submit(*, form_data, page=None, spam=None, team=None):
    """Save a question from the public enquiry form; record its history; queue its emails.
    `team`: the site settings, if the caller has them already."""
    data = {key: value for key, value in form_data.items() if key in ENQUIRY.intake_fields}
    enquiry = _receive(Enquiry(**data), spam=spam)
    queue_emails(
        [
            _notify_team(enquiry, EmailKind.TEAM_NEW_ENQUIRY, team),
            outbox_message(
                kind=EmailKind.ENQUIRY_CONFIRMATION,
                case=enquiry,
                recipient_role=RecipientRole.REFERRER,
                # Only where they said email is safe, as for a referral.
                to_address=enquiry.email if enquiry.safe_to_email else "",
            ),
        ]
    )
    return enquiry
