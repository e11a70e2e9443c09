"""Sending a form page: how each kind of page builds its form and saves what was sent, and
the saving of a valid form (the spam verdict, the service, the double-send record and the
redirect to the confirmation)."""

import logging
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext

from home.models import SiteSettings
from referrals.intake import spam
from referrals.intake.confirmation import redirect_to_confirmation
from referrals.intake.double_send import remember_sent
from referrals.intake.forms import EnquiryForm, ReferralForm
from referrals.intake.services import enquiry_submit, referral_submit
from referrals.models import EnquiryFormPage, ReferralFormPage

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Intake:
    """How one kind of form page builds its form and saves what was sent."""

    form: Any  # (page, data, checked) -> the form
    submit: Any  # (page, form, verdict, team) -> the saved case


INTAKES = {
    ReferralFormPage: Intake(
        form=lambda page, data, checked: ReferralForm(data=data, kind=page.kind, checked=checked),
        submit=lambda page, form, verdict, team: referral_submit(
            form_data=form.data_for_saving(),
            page=page,
            kind=page.kind,
            spam=verdict,
            declaration_accepted=True,
            team=team,
        ),
    ),
    EnquiryFormPage: Intake(
        form=lambda page, data, checked: EnquiryForm(data=data, checked=checked),
        submit=lambda page, form, verdict, team: enquiry_submit(
            form_data=form.data_for_saving(), page=page, spam=verdict, team=team
        ),
    ),
}


def intake_for(page):
    return INTAKES[type(page)]


def save(page, request, form, key):
    """Save a valid form; the redirect to its confirmation, or None if the model refused it.
    `key` is this copy of the form's claim (referrals.intake.double_send)."""
    verdict = spam.assess(form)
    try:
        # The team's settings as this request read them (for a visitor, once per process and
        # content version: home.snapshot), not a query of their own.
        case = intake_for(page).submit(page, form, verdict, SiteSettings.load(request))
    except ValidationError as exc:  # defence in depth: the form should catch it
        logger.warning("Submission refused by model validation on page %s", page.pk)
        _add_model_errors(form, exc)
        return None
    sent = (case.reference, timezone.localdate(case.received_at).isoformat())
    remember_sent(key, sent)
    return redirect_to_confirmation(page, *sent)


def _add_model_errors(form, exc):
    messages = getattr(exc, "message_dict", {"__all__": exc.messages})
    for name, errors in messages.items():
        field = name if name in form.fields else None
        for _message in errors:
            form.add_error(field, gettext("Check this answer and try again"))
