"""What a case's page shows of what was sent, section by section, for each kind of case.

A presenter turns one case into (heading, [(label, value)]) sections in the order an officer
reads them, plus anything its kind shows first (a referral's safe-contact answers). The view
and the template stay the same for every kind.
"""

from datetime import date

from django.conf import settings
from django.utils import timezone

from referrals.cases.display import phone_link
from referrals.cases.kinds import ENQUIRY, REFERRAL, kind_of
from referrals.intake.validators import age_on
from referrals.models import ReferralKind


def _yes_no(value):
    return "Yes" if value else "No"


class CasePresenter:
    def __init__(self, case):
        self.case = case

    def sections(self):
        return []

    def phone(self, value, *, family=True):
        """A phone number as staff dial it (07911 123456), as a tel: link; the family's own
        number is not a link where they said a phone call is not safe."""
        safe = not (family and kind_of(self.case).has_safe_contact) or self.case.safe_to_phone
        return phone_link(value, safe_to_phone=safe)

    def safe_contact(self):
        c = self.case
        return [
            ("Email", c.safe_to_email, bool(c.email)),
            ("Text message", c.safe_to_text, bool(c.phone)),
            ("Phone call", c.safe_to_phone, bool(c.phone)),
            ("Voicemail", c.safe_to_voicemail, bool(c.phone)),
        ]

    def context(self):
        context = {"sections": self.sections(), **self.language()}
        if kind_of(self.case).has_safe_contact:
            context["safe_contact"] = self.safe_contact()
        return context

    def language(self):
        """The language the family used on the site, named in English ("Polish"), and whether
        our messages to them go in another language than the team's."""
        return {
            "family_language": self.case.get_site_language_display(),
            "messages_in_family_language": self.case.site_language != settings.LANGUAGE_CODE,
        }


class ReferralPresenter(CasePresenter):
    def sections(self):
        """Everything submitted, in the order a triage officer reads it."""
        r = self.case
        relationship = r.get_relationship_display()
        if r.relationship_other:
            relationship = f"{relationship}: {r.relationship_other}"
        location = r.get_session_location_display()
        if r.session_location_other:
            location = f"{location}: {r.session_location_other}"
        dob = r.child_date_of_birth
        sections = [
            (
                "Parent or carer",
                [
                    ("Name", r.contact_name),
                    ("Relationship to the child", relationship),
                    ("Phone", self.phone(r.phone)),
                    ("Email", r.email),
                    ("Prefers", r.get_preferred_contact_display()),
                    ("Best times to contact", r.contact_times),
                    ("Postcode", r.postcode),
                ],
            ),
            (
                "The child",
                [
                    ("First name", r.child_first_name),
                    (
                        "Date of birth",
                        f"{dob:%-d %B %Y} (age {age_on(dob, timezone.localdate())})"
                        if isinstance(dob, date)
                        else "",
                    ),
                    ("School or nursery", r.school_or_nursery),
                ],
            ),
            (
                "What they would like",
                [
                    ("What they would like to change", r.what_to_change),
                    ("Where sessions would suit", location),
                    ("Other services involved", r.other_services),
                    ("Preferred language", r.language),
                    ("Interpreter needed", _yes_no(r.interpreter_needed)),
                    ("Access needs", r.access_needs),
                ],
            ),
        ]
        if r.kind == ReferralKind.PROFESSIONAL:
            sections.append(
                (
                    "Professional referrer",
                    [
                        ("Name", r.professional_name),
                        ("Role", r.professional_role),
                        ("Organisation", r.professional_organisation),
                        ("Work email", r.professional_email),
                        ("Work phone", self.phone(r.professional_phone, family=False)),
                        ("The family agrees to the referral", _yes_no(r.family_agrees)),
                    ],
                )
            )
        sections.append(
            (
                "Consent",
                [
                    ("Read the privacy notice", _yes_no(r.consent_privacy)),
                    ("Agrees to be contacted", _yes_no(r.consent_contact)),
                ],
            )
        )
        if r.decline_reason or r.signposted_to:
            sections.append(
                (
                    "Decision",
                    [
                        ("Reason for declining", r.decline_reason),
                        ("Signposted to", r.signposted_to),
                    ],
                )
            )
        return sections


class EnquiryPresenter(CasePresenter):
    def sections(self):
        e = self.case
        return [
            (
                "The enquiry",
                [
                    ("Name", e.name),
                    ("Email", e.email),
                    ("Phone", self.phone(e.phone)),
                    ("Prefers", e.get_preferred_contact_display()),
                    ("Question", e.question),
                ],
            )
        ]


PRESENTERS = {REFERRAL: ReferralPresenter, ENQUIRY: EnquiryPresenter}


def presenter_for(case):
    return PRESENTERS[kind_of(case)](case)
