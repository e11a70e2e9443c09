"""Spam and abuse protection never loses a real family's referral: it flags, it does not
reject. reCAPTCHA verification is mocked at its edge, django_recaptcha's client.submit."""

from unittest import mock
from urllib.error import HTTPError, URLError

import pytest
from django.test import override_settings
from django_recaptcha.client import RecaptchaResponse

from referrals.models import Enquiry, Referral
from tests.intake_journey import (
    answer_questions,
    first_question_url,
    send_from_check,
    send_referral,
)
from vig_site.client_address import parse_trusted_proxies

pytestmark = pytest.mark.django_db

SUBMIT = "django_recaptcha.fields.client.submit"
RECAPTCHA_ON = override_settings(
    RECAPTCHA_ENABLED=True,
    RECAPTCHA_PUBLIC_KEY="test-public-key",
    RECAPTCHA_PRIVATE_KEY="test-private-key",
    RECAPTCHA_REQUIRED_SCORE=0.5,
)


def google_says(score, *, valid=True, action="submit"):
    return RecaptchaResponse(is_valid=valid, extra_data={"score": score}, action=action)


@RECAPTCHA_ON
def test_recaptcha_script_loads_only_where_forms_are_sent(
    client, refer_url, enquiry_url, referral_data
):
    """On the enquiry form and the referral's check page (where it is sent), nowhere else:
    not on the start page, the question pages or any other page."""
    accepted, check_page = answer_questions(client, refer_url, referral_data)
    assert accepted
    for html in (client.get(check_page).content.decode(), client.get(enquiry_url).content.decode()):
        assert "recaptcha/api.js?render=test-public-key" in html
        assert 'name="recaptcha"' in html
        assert "<script>" not in html  # no inline script (CSP)
    for path in ("/", refer_url, first_question_url(client, refer_url)):
        assert "recaptcha" not in client.get(path).content.decode(), path


def test_no_recaptcha_without_keys(client, refer_url, enquiry_url, referral_data):
    accepted, check_page = answer_questions(client, refer_url, referral_data)
    assert "recaptcha" not in client.get(check_page).content.decode()
    assert "recaptcha" not in client.get(enquiry_url).content.decode()


@RECAPTCHA_ON
def test_good_recaptcha_score_is_recorded_and_not_flagged(client, refer_url, referral_data):
    with mock.patch(SUBMIT, return_value=google_says(0.9)) as submit:
        response = send_referral(client, refer_url, {**referral_data, "recaptcha": "token"})
    assert response.status_code == 302
    submit.assert_called_once()
    assert submit.call_args.kwargs["private_key"] == "test-private-key"
    referral = Referral.objects.get()
    assert referral.recaptcha_score == 0.9
    assert not referral.is_flagged


@RECAPTCHA_ON
def test_low_recaptcha_score_saves_and_flags_possible_spam(client, refer_url, referral_data):
    with mock.patch(SUBMIT, return_value=google_says(0.1)):
        response = send_referral(client, refer_url, {**referral_data, "recaptcha": "token"})
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.flagged_possible_spam
    assert not referral.flagged_not_verified
    assert referral.recaptcha_score == 0.1
    assert "score" in referral.spam_reason


@RECAPTCHA_ON
@pytest.mark.parametrize(
    "failure",
    [
        URLError("no route to host"),
        TimeoutError("timed out"),
        OSError("connection reset"),
        HTTPError("https://www.google.com/recaptcha/api/siteverify", 503, "down", {}, None),
        ValueError("bad JSON"),
    ],
    ids=["urlerror", "timeout", "connection-reset", "http-error", "bad-json"],
)
def test_google_unreachable_saves_and_flags_not_verified_never_500(
    client, refer_url, referral_data, failure
):
    with mock.patch(SUBMIT, side_effect=failure):
        response = send_referral(client, refer_url, {**referral_data, "recaptcha": "token"})
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.flagged_not_verified
    assert not referral.flagged_possible_spam
    assert "unavailable" in referral.spam_reason


@RECAPTCHA_ON
def test_invalid_token_saves_and_flags_not_verified(client, enquiry_url, enquiry_data):
    with mock.patch(SUBMIT, return_value=google_says(0.9, valid=False)):
        response = client.post(enquiry_url, {**enquiry_data, "recaptcha": "token"})
    assert response.status_code == 302
    assert Enquiry.objects.get().flagged_not_verified


@RECAPTCHA_ON
def test_no_token_because_no_javascript_saves_and_flags_not_verified(
    client, refer_url, referral_data
):
    with mock.patch(SUBMIT) as submit:
        response = send_referral(client, refer_url, referral_data)
    assert response.status_code == 302
    submit.assert_not_called()
    assert Referral.objects.get().flagged_not_verified


def test_honeypot_is_hidden_from_everyone(client, refer_url, enquiry_url, referral_data):
    accepted, check_page = answer_questions(client, refer_url, referral_data)
    for html in (client.get(check_page).content.decode(), client.get(enquiry_url).content.decode()):
        assert '<div class="intake-hp" aria-hidden="true">' in html
        assert 'name="website"' in html


def test_filled_honeypot_saves_and_flags_possible_spam(client, refer_url, referral_data):
    referral_data["website"] = "http://spam.example"
    response = send_referral(client, refer_url, referral_data)
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.flagged_possible_spam
    assert referral.spam_reason == "Hidden field filled in"


def test_filled_honeypot_on_enquiry_saves_and_flags(client, enquiry_url, enquiry_data):
    enquiry_data["website"] = "buy now " * 500
    assert client.post(enquiry_url, enquiry_data).status_code == 302
    assert Enquiry.objects.get().flagged_possible_spam


@override_settings(SUBMISSION_RATE_LIMIT=2, SUBMISSION_RATE_WINDOW_SECONDS=600)
def test_over_the_rate_limit_shows_phone_number_and_keeps_what_was_typed(
    client, refer_url, referral_data, site_settings
):
    assert send_referral(client, refer_url, referral_data).status_code == 302
    assert send_referral(client, refer_url, referral_data).status_code == 302

    response = send_referral(client, refer_url, {**referral_data, "what_to_change": "Third try"})
    html = response.content.decode()

    assert response.status_code == 429
    assert Referral.objects.count() == 2
    assert site_settings.phone in html
    # The check page, with every answer still there to send later.
    assert "Third try" in html
    assert "siobhan@example.com" in html
    assert "There is a problem" not in html
    # The answers are kept: once the window allows, the same check page sends them.
    with override_settings(SUBMISSION_RATE_LIMIT=10):
        assert send_from_check(client, refer_url).status_code == 302
    assert Referral.objects.order_by("-pk").first().what_to_change == "Third try"


@override_settings(SUBMISSION_RATE_LIMIT=1)
def test_rate_limit_is_per_client(client, enquiry_url, enquiry_data):
    assert client.post(enquiry_url, enquiry_data, REMOTE_ADDR="192.0.2.1").status_code == 302
    assert client.post(enquiry_url, enquiry_data, REMOTE_ADDR="192.0.2.1").status_code == 429
    assert client.post(enquiry_url, enquiry_data, REMOTE_ADDR="192.0.2.2").status_code == 302
    assert Enquiry.objects.count() == 2


@override_settings(SUBMISSION_RATE_LIMIT=1)
def test_forms_with_errors_do_not_count_towards_the_rate_limit(client, refer_url, referral_data):
    for _attempt in range(3):
        assert (
            send_referral(client, refer_url, {**referral_data, "postcode": ""}).status_code == 200
        )
    assert send_referral(client, refer_url, referral_data).status_code == 302


@override_settings(SUBMISSION_RATE_LIMIT=5)
def test_a_burst_of_parallel_submissions_cannot_slip_past_the_limit(rf):
    import threading

    from referrals.intake import ratelimit

    request = rf.post("/refer/", REMOTE_ADDR="192.0.2.50")
    barrier = threading.Barrier(20)
    granted = []

    def attempt():
        barrier.wait(timeout=10)
        granted.append(ratelimit.reserve(request))

    threads = [threading.Thread(target=attempt) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert granted.count(True) == 5
    # Refused attempts gave their slot straight back; the five taken are still taken.
    assert not ratelimit.reserve(request)


@override_settings(
    SUBMISSION_RATE_LIMIT=1,
    TRUSTED_PROXIES="10.0.0.0/8",
    TRUSTED_PROXY_NETWORKS=parse_trusted_proxies("10.0.0.0/8"),
)
def test_two_clients_behind_our_proxy_have_their_own_limits(client, enquiry_url, enquiry_data):
    def via_proxy(visitor):
        return client.post(
            enquiry_url, enquiry_data, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=visitor
        ).status_code

    assert via_proxy("203.0.113.1") == 302
    assert via_proxy("203.0.113.2") == 302  # not counted against the proxy's one address
    assert via_proxy("203.0.113.1") == 429
    assert Enquiry.objects.count() == 2


@override_settings(
    SUBMISSION_RATE_LIMIT=1,
    TRUSTED_PROXIES="10.0.0.0/8",
    TRUSTED_PROXY_NETWORKS=parse_trusted_proxies("10.0.0.0/8"),
)
def test_a_forged_forwarded_header_does_not_escape_the_limit(client, enquiry_url, enquiry_data):
    def direct(forged):
        return client.post(
            enquiry_url, enquiry_data, REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR=forged
        ).status_code

    assert direct("203.0.113.1") == 302
    assert direct("203.0.113.99") == 429  # the header is not believed from outside
