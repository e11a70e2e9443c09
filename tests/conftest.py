"""Shared fixtures. The demo site (home page, information pages, site settings) is built once
per test session; each test runs in a transaction that is rolled back.

Transactional tests (the browser tests) flush the database after each test, so pytest-django
runs them after all the others; they rebuild what they need themselves.
"""

import json

import pytest
from django.test import Client
from wagtail.models import Site

from home.demo import site as demo_site
from home.models import HomePage, SiteSettings
from home.roles import CONTENT_EDITORS
from referrals.staff import roles
from tests.factories import EnquiryFactory, ReferralFactory, make_user

# What migrations leave in the test database (root page, default Site, groups, permissions),
# serialized once before the demo data goes in, for restore_migrated_state().
MIGRATED_STATE = {}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from django.db import connection

    from referrals.demo import pages as demo_pages

    with django_db_blocker.unblock():
        MIGRATED_STATE["default"] = content_types_first(
            connection.creation.serialize_db_to_string()
        )
        home, _ = demo_site.setup_site()
        demo_pages.setup_form_pages(home)
        demo_site.ensure_accounts()


def content_types_first(serialized):
    """The serialized rows with the content types first. Deserializing a Wagtail task (say a
    GroupApprovalTask) looks up its content type; if that row is not back yet the lookup
    inserts one, and the serialized row then collides with it (a duplicate-key error that
    depended on which test ran before)."""
    rows = json.loads(serialized)
    rows.sort(key=lambda row: row["model"] != "contenttypes.contenttype")  # stable
    return json.dumps(rows)


@pytest.fixture
def home_page(db):
    return HomePage.objects.get()


@pytest.fixture
def site(db):
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def site_settings(site):
    return SiteSettings.load()


# --- One user per role (the groups the migrations create), a client signed in as each ---------


@pytest.fixture
def editor(db):
    return make_user("editor1", CONTENT_EDITORS)


@pytest.fixture
def officer(db):
    return make_user("officer1", roles.TRIAGE_OFFICERS)


@pytest.fixture
def officer2(db):
    return make_user("officer2", roles.TRIAGE_OFFICERS)


@pytest.fixture
def manager(db):
    return make_user("manager1", roles.MANAGERS)


@pytest.fixture
def guider(db):
    return make_user("guider1", roles.VIG_GUIDERS)


@pytest.fixture
def superuser(db):
    return make_user("superuser1", superuser=True)


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def editor_client(editor):
    return signed_in(editor)


@pytest.fixture
def officer_client(officer):
    return signed_in(officer)


@pytest.fixture
def manager_client(manager):
    return signed_in(manager)


@pytest.fixture
def guider_client(guider):
    return signed_in(guider)


@pytest.fixture
def superuser_client(superuser):
    return signed_in(superuser)


# --- A case of each kind, as the public forms leave it ----------------------------------------


@pytest.fixture
def referral(db):
    return ReferralFactory()


@pytest.fixture
def enquiry(db):
    return EnquiryFactory()


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with an empty cache (rate limits, cached pages) and a process that
    remembers no address as unshareable and nothing of the published pages (home.snapshot)."""
    from django.core.cache import cache

    from home import languages, snapshot
    from home.cache import forget_unshareable

    cache.clear()
    forget_unshareable()
    snapshot.forget()
    languages.forget()  # a locale made in a rolled-back test has gone
    yield
    cache.clear()
    forget_unshareable()
    snapshot.forget()


def restore_migrated_state():
    """Bring a transactional test's database back to exactly what migrations create.

    Transactional tests (live server, threads) see the session's demo data on their first run
    and a flushed database afterwards; flush and reload the migrated state so each starts the
    same way, then build what it needs.
    """
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import connection

    call_command(
        "flush", verbosity=0, interactive=False, reset_sequences=False, inhibit_post_migrate=True
    )
    ContentType.objects.clear_cache()  # its ids are the flushed rows'; look them up afresh
    connection.creation.deserialize_db_from_string(MIGRATED_STATE["default"])
    # Deserializing some Wagtail models looks up their content type through the cache; keep
    # it complete and matching the restored rows, or a lookup that misses inserts a duplicate.
    ContentType.objects.clear_cache()
    ContentType.objects.get_for_models(*apps.get_models())


# --- CI: a skipped test fails the run unless allowed (tests/skip_policy.py) -------------------

pytest_plugins = ["tests.skip_policy"]
