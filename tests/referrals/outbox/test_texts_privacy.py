"""A family's mobile number is kept only until the text is sent: retention and erasure clear it
from texts not yet sent, and a subject access report shows the texts sent about them."""

import subprocess
import sys
from pathlib import Path

import pytest

from referrals.cases.references import discreet_reference
from referrals.models import EmailState
from referrals.outbox.sending import deliver
from referrals.privacy.subject_access import case_document
from referrals.privacy.subject_requests import Match
from referrals.triage.services import case_anonymise
from tests.factories import ReferralFactory
from tests.referrals.outbox.conftest import queue_text

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.django_db
def test_retention_clears_the_number_of_a_text_not_yet_sent(site_settings, settings):
    settings.OUTBOX_SEND_AT_COMMIT = False
    family = ReferralFactory(phone="+447700900123")
    waiting = queue_text(family)

    case_anonymise(case=family)

    waiting.refresh_from_db()
    assert waiting.to_phone == ""
    assert waiting.state == EmailState.GAVE_UP
    assert deliver([waiting.pk]) == 0


def test_the_console_backend_prints_texts_under_the_development_settings():
    """`make run`: a text is printed with its number, reference and body, no key needed."""
    script = (
        "import django; django.setup()\n"
        "from referrals.outbox.texts import text_backend\n"
        "print(text_backend().send(to='+447700900123', body='Your reference is VIG-TEST-0001',"
        " reference='vig-1'))\n"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "vig_site.settings.dev",
        "DATABASE_URL": "sqlite:///:memory:",
    }
    result = subprocess.run(  # noqa: S603 - fixed arguments, our own code
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "Text to: +447700900123" in result.stdout
    assert "Reference: vig-1" in result.stdout
    assert "Your reference is VIG-TEST-0001" in result.stdout


@pytest.mark.django_db
def test_a_subject_access_copy_shows_each_text_sent_about_the_family(site_settings):
    family = ReferralFactory(phone="+447700900123")
    deliver([queue_text(family).pk])

    document = case_document(Match(family))

    [text] = document["emails"]
    assert text["subject"].startswith("Text message: ")
    assert discreet_reference(family.reference) in text["subject"]
