"""Two-factor sign-in for everyone who can see referral data (issue: staff accounts)."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry

from home.roles import CONTENT_EDITORS
from referrals.cases.admin_urls import case_url, list_url
from referrals.models import Enquiry, OutboundEmail, RecoveryCode, Referral
from referrals.staff.roles import MANAGERS, TRIAGE_OFFICERS, VIG_GUIDERS
from tests.factories import EnquiryFactory, ReferralFactory, make_user
from tests.html import soup
from tests.staff_sign_in import code_for, sign_in

pytestmark = pytest.mark.django_db
RECOVERY_CODE = re.compile(r"[0-9a-f]{6}-[0-9a-f]{6}")
SECRET_KEY = re.compile(r"[A-Z2-7 ]+")  # base32, shown in groups


def shown_in_code(page, pattern):
    """The texts of the page's <code> elements that are wholly `pattern`."""
    texts = [code.get_text() for code in soup(page).find_all("code")]
    return [text for text in texts if pattern.fullmatch(text)]


@pytest.fixture(autouse=True)
def _required(settings):
    settings.STAFF_MFA_REQUIRED = True


def enrolled(user):
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return device


def data_urls():
    referral, enquiry = ReferralFactory(), EnquiryFactory()
    return [
        reverse("wagtailadmin_home"),
        list_url(Referral),
        case_url(referral),
        list_url(Referral) + "?export=csv",
        list_url(Enquiry),
        case_url(enquiry),
        list_url(OutboundEmail),
        reverse("referrals_retention"),
        reverse("referrals_waiting_list"),
        reverse("wagtailusers_users:index"),
        "/admin/reports/site-history/",
        "/admin/pages/",
    ]


@pytest.mark.parametrize("role", [TRIAGE_OFFICERS, MANAGERS, VIG_GUIDERS, "superuser"])
def test_a_password_alone_opens_nothing_with_referral_data(role):
    user = make_user("person", superuser=True) if role == "superuser" else make_user("person", role)
    enrolled(user)
    client = sign_in("person")
    for url in data_urls():
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("referrals_two_factor_verify")), url
    # Posting to an action is refused outright.
    referral = ReferralFactory()
    url = case_url(referral)
    assert client.post(url, {"action": "note", "text": "x"}).status_code == 403


def test_an_officer_gets_in_with_the_code_from_their_app():
    user = make_user("officer", TRIAGE_OFFICERS)
    device = enrolled(user)
    client = sign_in("officer")
    queue = list_url(Referral)
    response = client.post(
        reverse("referrals_two_factor_verify"), {"code": code_for(device), "next": queue}
    )
    assert response.status_code == 302
    assert response["Location"] == queue
    assert client.get(queue).status_code == 200


def test_wrong_and_reused_codes_are_refused_with_a_message():
    user = make_user("officer", TRIAGE_OFFICERS)
    device = enrolled(user)
    first = sign_in("officer")
    response = first.post(reverse("referrals_two_factor_verify"), {"code": "000000"})
    assert response.status_code == 400
    assert "That code is not right" in response.content.decode()
    code = code_for(device)
    assert first.post(reverse("referrals_two_factor_verify"), {"code": code}).status_code == 302
    # The same code again, from another sign-in, is refused: each code works once.
    second = sign_in("officer")
    assert second.post(reverse("referrals_two_factor_verify"), {"code": code}).status_code == 400


def test_the_code_step_is_throttled_like_a_password(settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    user = make_user("officer", TRIAGE_OFFICERS)
    device = enrolled(user)
    client = sign_in("officer")
    for _ in range(3):
        client.post(reverse("referrals_two_factor_verify"), {"code": "111111"})
    response = client.post(reverse("referrals_two_factor_verify"), {"code": code_for(device)})
    assert response.status_code == 429


def test_enrolment_shows_a_qr_code_then_ten_recovery_codes_once():
    user = make_user("newofficer", TRIAGE_OFFICERS)
    client = sign_in("newofficer")
    response = client.get(list_url(Referral))
    assert response["Location"].startswith(reverse("referrals_two_factor_enrol"))
    page = client.get(reverse("referrals_two_factor_enrol"))
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(reverse("referrals_two_factor_enrol"), {"code": code_for(device)})
    assert response.status_code == 302
    codes_page = client.get(response["Location"])
    codes = shown_in_code(codes_page, RECOVERY_CODE)
    assert len(codes) == 10
    # Stored only as hashes; shown only once.
    stored = set(RecoveryCode.objects.filter(user=user).values_list("code_hash", flat=True))
    assert len(stored) == 10 and not stored & set(codes)
    assert client.get(reverse("referrals_two_factor_recovery_codes")).status_code == 302
    assert client.get(list_url(Referral)).status_code == 200


def test_a_recovery_code_works_once():
    from referrals.staff.two_factor import new_recovery_codes

    user = make_user("officer", TRIAGE_OFFICERS)
    enrolled(user)
    codes = new_recovery_codes(user)
    first = sign_in("officer")
    assert first.post(reverse("referrals_two_factor_verify"), {"code": codes[0]}).status_code == 302
    replay = sign_in("officer")
    assert (
        replay.post(reverse("referrals_two_factor_verify"), {"code": codes[0]}).status_code == 400
    )


def test_editors_who_see_no_referral_data_need_no_second_factor():
    make_user("editor1", CONTENT_EDITORS)
    client = sign_in("editor1")
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_a_manager_resets_an_officers_second_factor_and_it_is_audited():
    manager = make_user("boss", MANAGERS)
    officer = make_user("officer", TRIAGE_OFFICERS)
    enrolled(manager)
    enrolled(officer)
    RecoveryCode.objects.create(user=officer, code_hash="x" * 64)
    officers_browser = sign_in("officer")
    client = sign_in("boss")
    client.post(
        reverse("referrals_two_factor_verify"),
        {"code": code_for(TOTPDevice.objects.get(user=manager))},
    )
    response = client.post(reverse("referrals_two_factor_reset", args=[officer.pk]))
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=officer).exists()
    assert not RecoveryCode.objects.filter(user=officer).exists()
    assert ModelLogEntry.objects.filter(action="referrals.reset_second_factor").count() == 1
    # The officer is signed out, and enrols again at their next sign-in.
    assert officers_browser.get(reverse("wagtailadmin_home"))["Location"].startswith(
        "/admin/login/"
    )


def test_nobody_resets_their_own_or_a_superusers_second_factor():
    manager = make_user("boss", MANAGERS)
    root = make_user("root", superuser=True)
    enrolled(manager)
    client = sign_in("boss")
    client.post(
        reverse("referrals_two_factor_verify"),
        {"code": code_for(TOTPDevice.objects.get(user=manager))},
    )
    for target in (manager, root):
        response = client.post(reverse("referrals_two_factor_reset", args=[target.pk]))
        assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    assert TOTPDevice.objects.filter(user=manager).exists()


def test_opening_the_enrolment_page_twice_keeps_one_key():
    user = make_user("newofficer", TRIAGE_OFFICERS)
    client = sign_in("newofficer")
    first = client.get(reverse("referrals_two_factor_enrol")).content.decode()
    TOTPDevice.objects.create(user=user, confirmed=False, name="stray second")
    second = client.get(reverse("referrals_two_factor_enrol"))
    assert second.status_code == 200
    [key] = shown_in_code(first, SECRET_KEY)
    assert key in second.content.decode()


def session_key(client):
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def with_cookie(key):
    """Another browser holding a captured session cookie."""
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = key
    return client


def assert_rotated(client, before):
    """The session the second factor verified has a new key, and the old key opens nothing."""
    assert session_key(client) != before
    assert client.get(list_url(Referral)).status_code == 200
    captured = with_cookie(before).get(list_url(Referral))
    assert captured.status_code == 302
    assert captured["Location"].startswith(reverse("wagtailadmin_login"))


def test_the_session_key_changes_when_the_code_is_accepted():
    device = enrolled(make_user("officer", TRIAGE_OFFICERS))
    client = sign_in("officer")
    before = session_key(client)
    response = client.post(reverse("referrals_two_factor_verify"), {"code": code_for(device)})
    assert response.status_code == 302
    assert_rotated(client, before)


def test_the_session_key_changes_when_a_recovery_code_is_accepted():
    from referrals.staff.two_factor import new_recovery_codes

    user = make_user("officer", TRIAGE_OFFICERS)
    enrolled(user)
    [code, *_] = new_recovery_codes(user)
    client = sign_in("officer")
    before = session_key(client)
    assert client.post(reverse("referrals_two_factor_verify"), {"code": code}).status_code == 302
    assert_rotated(client, before)


def test_the_session_key_changes_when_enrolment_is_confirmed():
    user = make_user("newofficer", TRIAGE_OFFICERS)
    client = sign_in("newofficer")
    client.get(reverse("referrals_two_factor_enrol"))
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    before = session_key(client)
    response = client.post(reverse("referrals_two_factor_enrol"), {"code": code_for(device)})
    assert response.status_code == 302
    # The new recovery codes are still shown once, in the new session.
    codes_page = client.get(response["Location"])
    assert len(shown_in_code(codes_page, RECOVERY_CODE)) == 10
    assert_rotated(client, before)
