"""Redis down: the site carries on without its shared cache and loses nothing.

The cache is pointed at a real Redis address that does not answer — a closed port on
127.0.0.1 (connection refused), or a socket that accepts and never replies (a hung Redis) —
not at a mock. Pages are still served, referrals still saved with their emails queued; the
page cache, the submission rate limit and the sign-in throttle carry on without it, and each
says so in the log, with no personal data.
"""

import logging
import socket
from unittest import mock

import pytest
from django.test import Client

from home.models import HomePage, InformationPage
from referrals.models import EmailState, OutboundEmail, Referral
from referrals.staff.roles import TRIAGE_OFFICERS
from tests.factories import make_user
from vig_site.cache import ReusedClientRedisCacheClient, forget_degraded

from .outages import closed_port
from .submit import VISITOR_ADDRESS, open_form, personal_data_in, submit_referral

pytestmark = pytest.mark.django_db


def _use_redis_at(settings, port):
    settings.CACHES = {
        "default": {
            "BACKEND": "vig_site.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/11",
            "KEY_PREFIX": "vig-faults",
        }
    }
    forget_degraded()


@pytest.fixture
def redis_down(settings, caplog):
    """The cache is Redis on a port where nothing listens."""
    caplog.set_level(logging.INFO)
    _use_redis_at(settings, closed_port())
    yield
    forget_degraded()


@pytest.fixture
def redis_hung(settings, caplog):
    """The cache is Redis on a socket that accepts connections and never answers. Yields the
    cache calls that asked it (each waits for a reply until its timeout), counted from before
    any other fixture's; the breaker, once open, stays open for the test."""
    caplog.set_level(logging.INFO)
    asked = []
    ask = ReusedClientRedisCacheClient.get_client

    def counted(client, *args, **kwargs):
        asked.append(1)
        return ask(client, *args, **kwargs)

    with (
        socket.socket() as listener,
        mock.patch("vig_site.cache.OUTAGE_RETRY_SECONDS", 3600),
        mock.patch.object(ReusedClientRedisCacheClient, "get_client", counted),
    ):
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)  # the kernel completes connections; nobody ever reads or replies
        _use_redis_at(settings, listener.getsockname()[1])
        yield asked
    forget_degraded()


def _visitor():
    return Client(REMOTE_ADDR=VISITOR_ADDRESS, raise_request_exception=False)


def _records(caplog):
    """What was logged while the test's fixtures were set up and while it ran."""
    return caplog.get_records("setup") + caplog.records


def _warnings(caplog):
    return [r.getMessage() for r in _records(caplog) if r.levelno >= logging.WARNING]


def test_public_pages_and_the_form_are_served_without_redis(redis_down, refer_url, caplog):
    visitor = _visitor()
    pages = [HomePage.objects.get(), *InformationPage.objects.live()]
    assert len(pages) > 1
    for page in pages:
        for _ in range(2):  # the second visit would be a cache hit if the cache worked
            response = visitor.get(page.url)
            assert response.status_code == 200, page.url
            assert page.title in response.content.decode()
    assert visitor.get(refer_url).status_code == 200
    _, form = open_form(visitor, refer_url)
    assert form.status_code == 200
    assert b'name="csrfmiddlewaretoken"' in form.content

    warnings = _warnings(caplog)
    assert any("Cache (Redis) unavailable" in w for w in warnings)
    assert any("without the page cache" in w for w in warnings)
    assert personal_data_in(_records(caplog)) == []


def test_referrals_are_saved_and_their_emails_queued_without_redis(
    redis_down, refer_url, answers, settings, caplog
):
    settings.SUBMISSION_RATE_LIMIT = 1  # would refuse the second referral if it were counted
    visitor = _visitor()
    before = Referral.objects.count()

    confirmations = []
    for _ in range(2):
        response = submit_referral(visitor, refer_url, answers)
        assert response.status_code == 302, response.content[:500]
        confirmation = visitor.get(response["Location"])
        assert confirmation.status_code == 200
        confirmations.append(confirmation.content.decode())

    saved = list(Referral.objects.order_by("-pk")[:2])
    assert Referral.objects.count() == before + 2
    for referral in saved:
        assert referral.contact_name == answers["contact_name"]
        assert any(referral.reference in page for page in confirmations)
        queued = OutboundEmail.objects.filter(referral=referral)
        assert queued.exists()
        assert set(queued.values_list("state", flat=True)) == {EmailState.QUEUED}

    warnings = _warnings(caplog)
    assert any("submission rate limit is not applied" in w for w in warnings)
    assert personal_data_in(_records(caplog)) == []


def test_staff_can_still_sign_in_without_redis(redis_down, caplog):
    officer = make_user("officer-faults", TRIAGE_OFFICERS)
    officer.set_password("correct-horse-battery-9")
    officer.save()
    staff = Client(REMOTE_ADDR=VISITOR_ADDRESS, raise_request_exception=False)
    wrong = staff.post("/admin/login/", {"username": "officer-faults", "password": "not-it"})
    assert wrong.status_code == 200  # the form again, with its message: not an error page
    right = staff.post(
        "/admin/login/", {"username": "officer-faults", "password": "correct-horse-battery-9"}
    )
    assert right.status_code == 302
    assert staff.get("/admin/").status_code == 200

    assert any("not counted by the sign-in throttle" in w for w in _warnings(caplog))
    assert personal_data_in(_records(caplog)) == []
    assert not any("officer" in r.getMessage() for r in _records(caplog))


def test_an_editor_can_publish_without_redis(redis_down, caplog):
    page = InformationPage.objects.live().first()
    page.title = "A title changed while the cache was down"
    page.save_revision().publish()

    assert _visitor().get(page.url).content.decode().count(page.title) >= 1
    assert any("without a new page-cache version" in w for w in _warnings(caplog))


def test_a_hung_redis_is_waited_for_once_not_on_every_cache_call(redis_hung, refer_url, answers):
    """One reply timeout (0.5 s) opens the breaker; every later cache call fails at once,
    without asking Redis. (redis-py's own timeouts, 5 s each, on the several cache calls of each
    request, would take minutes.) Counted, not timed."""
    visitor = _visitor()
    for _ in range(3):
        assert visitor.get("/").status_code == 200
    assert visitor.get(refer_url).status_code == 200
    assert submit_referral(visitor, refer_url, answers).status_code == 302
    assert len(redis_hung) == 1  # the first cache call, wherever it came from
