"""One user per role, made from the groups the migration creates."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from home.roles import CONTENT_EDITORS
from referrals.staff import roles

from .factories import EnquiryFactory, ReferralFactory


def make_user(username, *groups, superuser=False):
    user = get_user_model().objects.create_user(
        username=username,
        password="a-test-password-123",
        email=f"{username}@example.invalid",
        first_name=username.title(),
        last_name="Tester",
        is_superuser=superuser,
    )
    user.groups.add(*Group.objects.filter(name__in=groups))
    return user


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
def referral(db):
    return ReferralFactory()


@pytest.fixture
def enquiry(db):
    return EnquiryFactory()
