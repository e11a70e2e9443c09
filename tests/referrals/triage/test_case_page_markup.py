"""Every case page is well-formed for a screen reader, in every status and with every form on
it: each id once, a label for every field, and no empty form.

An "Under review" referral has three status changes, each with a note box; if their ids are
the same, the second and third labels point at the first box and the others have none."""

from collections import Counter
from datetime import datetime, timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from referrals.cases.admin_urls import case_url
from referrals.casework import services as casework
from referrals.models import EnquiryStatus, ReferralStatus
from referrals.models.casework import CycleLocation, CycleStatus, Outcome, RatingStage
from tests.factories import EnquiryFactory, ReferralFactory

FROZEN = timezone.make_aware(datetime(2026, 3, 10, 11, 0))
TODAY = FROZEN.date()
# Inputs that are not fields a person fills in (a button's text is its label).
NOT_FIELDS = {"hidden", "submit", "button", "reset", "image"}


@pytest.fixture(autouse=True)
def frozen(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: FROZEN)


def page_url(case):
    return case_url(case)


def problems(html):
    """What a screen reader user (and the Nu checker) would trip over on the page."""
    soup = BeautifulSoup(html, "html.parser")
    found = []
    ids = Counter(element["id"] for element in soup.find_all(id=True))
    found += [f"id {name!r} is used {count} times" for name, count in ids.items() if count > 1]
    for field in soup.find_all(["input", "select", "textarea"]):
        if field.name == "input" and field.get("type", "text") in NOT_FIELDS:
            continue
        labelled = (
            (field.get("id") and soup.find("label", attrs={"for": field["id"]}))
            or field.get("aria-labelledby")
            or field.find_parent("label")
        )
        if not labelled:
            found.append(f"{field.name} {field.get('name')!r} has no label")
    for form in soup.find_all("form"):
        if form.find(True) is None and not form.get_text(strip=True):
            found.append(f"an empty form: {form}")
    return found


def assert_well_formed(html):
    found = problems(html)
    assert not found, "\n".join(found)


def referral_in(status, guider):
    extra = (
        {"guider": guider} if status in (ReferralStatus.ALLOCATED, ReferralStatus.CLOSED) else {}
    )
    if status == ReferralStatus.DECLINED:
        extra = {"decline_reason": "Outside the area.", "signposted_to": "Not signposted"}
    return ReferralFactory(status=status, received_at=FROZEN - timedelta(days=40), **extra)


@pytest.mark.parametrize("status", ReferralStatus.values)
def test_a_referral_page_has_unique_ids_labelled_fields_and_no_empty_form(
    client, manager, guider, status
):
    referral = referral_in(status, guider)
    client.force_login(manager)  # a Manager sees every action and every casework form

    response = client.get(page_url(referral))

    assert response.status_code == 200
    assert response.content.decode().count("<form") >= 1
    assert_well_formed(response.content.decode())


@pytest.mark.parametrize("status", EnquiryStatus.values)
def test_an_enquiry_page_has_unique_ids_labelled_fields_and_no_empty_form(client, officer, status):
    enquiry = EnquiryFactory(status=status, received_at=FROZEN - timedelta(days=3))
    client.force_login(officer)

    response = client.get(page_url(enquiry))

    assert response.status_code == 200
    assert_well_formed(response.content.decode())


def test_three_status_changes_each_have_their_own_labelled_note_box(client, officer):
    referral = referral_in(ReferralStatus.UNDER_REVIEW, None)
    client.force_login(officer)

    soup = BeautifulSoup(client.get(page_url(referral)).content, "html.parser")

    boxes = soup.find_all("textarea", attrs={"name": "note"})
    assert len(boxes) == 3
    assert len({box["id"] for box in boxes}) == 3
    for box in boxes:
        (label,) = soup.find_all("label", attrs={"for": box["id"]})
        assert label.get_text(strip=True) == "Note for the history (optional)"
        assert soup.find_all(id=box["id"]) == [box]


@pytest.fixture
def family_at_work(guider):
    """An allocated family with consent, a goal and two cycles: every casework form shows."""
    family = ReferralFactory(
        status=ReferralStatus.ALLOCATED, guider=guider, received_at=FROZEN - timedelta(days=90)
    )
    casework.record_consent(
        referral=family,
        by=guider,
        given_by="parent_or_carer",
        given_on=TODAY - timedelta(days=60),
        covers="intervention",
    )
    casework.add_goal(
        referral=family,
        by=guider,
        text="Enjoy bath time together",
        start_rating=3,
        rated_on=TODAY - timedelta(days=60),
    )
    casework.save_cycle(
        referral=family,
        by=guider,
        number=None,
        location=CycleLocation.HOME,
        status=CycleStatus.DONE,
        filmed_on=TODAY - timedelta(days=30),
        reviewed_on=TODAY - timedelta(days=25),
    )
    casework.rate_goals(
        referral=family,
        by=guider,
        stage=RatingStage.REVIEW,
        ratings={family.intervention.goals.get(): 5},
        rated_on=TODAY - timedelta(days=25),
        cycle=family.intervention.cycles.get(number=1),
    )
    casework.save_cycle(
        referral=family,
        by=guider,
        number=None,
        location=CycleLocation.SCHOOL,
        filmed_on=TODAY + timedelta(days=7),
    )
    return family


def test_the_casework_page_of_an_allocated_family_is_well_formed(client, family_at_work, guider):
    client.force_login(guider)

    html = client.get(page_url(family_at_work)).content.decode()

    assert "Working with the family" in html
    assert 'name="cycle2-filmed_on"' in html and 'name="end_work-outcome"' in html
    assert_well_formed(html)


def test_a_page_shown_again_with_a_mistake_is_still_well_formed(client, family_at_work, manager):
    """A form posted back with an error keeps its own ids, next to the others' fresh ones."""
    client.force_login(manager)
    url = page_url(family_at_work)
    version = family_at_work.version

    refused = client.post(
        url,
        {"action": "end_work", "form_prefix": "end_work", "end_work-outcome": Outcome.COMPLETED},
    )
    assert refused.status_code == 400
    assert_well_formed(refused.content.decode())

    refused = client.post(url, {"action": "assign", "version": version, "officer": ""})
    assert refused.status_code == 400
    assert_well_formed(refused.content.decode())
