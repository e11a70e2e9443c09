"""The go-live check says what is missing for texts to reach families: a real provider, and
GOV.UK Notify's key and template; it warns when Notify's delivery receipts would be refused."""

import pytest
from django.core import checks

NOTIFY = "referrals.outbox.texts.NotifyTextBackend"


def texts_found():
    found = checks.run_checks(tags=["golive"], include_deployment_checks=True)
    return {m.id: m for m in found if m.id in ("golive.E008", "golive.W008")}


@pytest.fixture
def notify_ready(settings, db):
    settings.TEXT_BACKEND = NOTIFY
    settings.NOTIFY_API_KEY = "live-key"
    settings.NOTIFY_SMS_TEMPLATE_ID = "template-id"
    settings.NOTIFY_CALLBACK_TOKEN = "callback-token"  # noqa: S105
    return settings


def test_notify_with_its_key_template_and_callback_token_passes(notify_ready):
    assert texts_found() == {}


@pytest.mark.parametrize(
    "backend",
    ["referrals.outbox.texts.ConsoleTextBackend", "referrals.outbox.texts.LocmemTextBackend"],
)
def test_texts_that_never_leave_the_machine_fail(notify_ready, backend):
    notify_ready.TEXT_BACKEND = backend
    error = texts_found()["golive.E008"]
    assert error.level == checks.ERROR
    assert NOTIFY in error.hint


@pytest.mark.parametrize("missing", ["NOTIFY_API_KEY", "NOTIFY_SMS_TEMPLATE_ID"])
def test_notify_without_its_key_or_template_fails_naming_what_is_missing(notify_ready, missing):
    setattr(notify_ready, missing, "")
    error = texts_found()["golive.E008"]
    assert missing in error.msg
    assert "((body))" in error.hint


def test_notify_without_a_callback_token_is_warned_about(notify_ready):
    notify_ready.NOTIFY_CALLBACK_TOKEN = ""
    warning = texts_found()["golive.W008"]
    assert warning.level == checks.WARNING
    assert "/notify/delivery-receipts/" in warning.hint


def test_another_gateways_class_is_left_to_its_own_settings(notify_ready):
    notify_ready.TEXT_BACKEND = "council.sms.GatewayTextBackend"
    notify_ready.NOTIFY_API_KEY = ""
    assert texts_found() == {}
