"""Managers answer subject access (UK GDPR art. 15) and erasure (art. 17) requests in the admin.

Found by email, phone, or name with postcode across referrals and enquiries; a copy of
everything held as HTML to print or JSON; erasure after a confirmation step with a reason, that
leaves no copy anywhere: not in the case, its notes, its history, the outbox, sessions or staff
members' saved searches, nor in any other table. All of it audited, none of it in a URL.
"""

import json

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.urls import reverse
from wagtail.models import ModelLogEntry

from referrals.cases import audit
from referrals.cases.admin_urls import case_url, list_url
from referrals.cases.kinds import ERASED_TEXT
from referrals.models import (
    CaseEvent,
    CaseEventAction,
    CaseNote,
    EmailKind,
    OutboundEmail,
    RecipientRole,
    Referral,
    ReferralKind,
    ReferralStatus,
    SubjectRequest,
    SubjectRequestKind,
)
from referrals.privacy.sessions import INTAKE_PREFIX, SEARCH_SESSION_KEY
from referrals.triage import services as triage
from tests.factories import EnquiryFactory, ReferralFactory

URL = "/admin/referrals/subject-requests/"
EMAIL = "Jo.Bloggs@Example.invalid"
PHONE = "+447911123456"
NAME = "Jo Bloggs"
CHILD = "Sammy"
POSTCODE = "EH54 6FF"


@pytest.fixture
def family(db):
    """One parent's referral (with a note, a decline and an email sent) and question, plus a
    stranger's referral that must never be touched."""
    referral = ReferralFactory(
        contact_name=NAME,
        email=EMAIL.lower(),
        phone=PHONE,
        postcode=POSTCODE,
        child_first_name=CHILD,
        what_to_change="Bedtimes with Sammy are hard.",
    )
    enquiry = EnquiryFactory(name=NAME, email=EMAIL.lower(), question="Is there a waiting list?")
    stranger = ReferralFactory(contact_name="Alex Other", email="alex@example.invalid")
    OutboundEmail.objects.create(
        kind=EmailKind.REFERRER_CONFIRMATION,
        recipient_role=RecipientRole.REFERRER,
        to_address=EMAIL.lower(),
        reference=referral.reference,
        referral=referral,
    )
    return referral, enquiry, stranger


def search(client, **terms):
    return client.post(URL, {"action": "search", **terms})


def act(client, action, cases, **extra):
    keys = [f"{type(case)._meta.model_name}-{case.pk}" for case in cases]
    return client.post(URL, {"action": action, "email": EMAIL, "case": keys, **extra})


# Finding the person ----------------------------------------------------------------------------


def test_a_manager_finds_every_case_holding_a_person_by_email(client, manager, family):
    referral, enquiry, stranger = family
    client.force_login(manager)

    html = search(client, email=EMAIL.upper()).content.decode()

    assert referral.reference in html
    assert enquiry.reference in html
    assert stranger.reference not in html
    assert "2 cases found" in html


@pytest.mark.parametrize(
    ("terms", "found"),
    [
        ({"phone": "07911 123456"}, {"referral"}),  # as people write it
        ({"name": "  jo   BLOGGS ", "postcode": "eh546ff"}, {"referral", "enquiry"}),
        ({"name": NAME, "postcode": "ZZ1 1ZZ"}, {"enquiry"}),  # the enquiry holds no postcode
    ],
)
def test_a_person_is_found_by_phone_or_by_name_with_postcode(client, manager, family, terms, found):
    referral, enquiry, _ = family
    client.force_login(manager)

    html = search(client, **terms).content.decode()

    assert (referral.reference in html) is ("referral" in found)
    assert (enquiry.reference in html) is ("enquiry" in found)
    if "enquiry" in found:
        assert "Check it is them" in html  # found by name alone: the manager checks


def test_a_name_alone_is_not_enough_and_the_form_says_so_keeping_what_was_typed(client, manager):
    client.force_login(manager)

    response = search(client, name=NAME)

    assert response.status_code == 400
    html = response.content.decode()
    assert "Add their postcode" in html
    assert f'value="{NAME}"' in html


def test_an_empty_search_asks_for_something_to_search_by(client, manager):
    client.force_login(manager)
    response = search(client)
    assert response.status_code == 400
    assert "Enter their email address, phone number, or name and postcode" in (
        response.content.decode()
    )


def test_a_referring_professional_is_found_as_the_professional(client, manager, db):
    referral = ReferralFactory(
        kind=ReferralKind.PROFESSIONAL,
        professional_name="Pat Worker",
        professional_email="pat.worker@example.invalid",
    )
    client.force_login(manager)

    html = search(client, email="pat.worker@example.invalid").content.decode()

    assert referral.reference in html
    assert "The referring professional" in html


def test_cases_already_anonymised_are_not_found(client, manager, family):
    referral, _, _ = family
    Referral.objects.filter(pk=referral.pk).update(status=ReferralStatus.CLOSED)
    triage.case_anonymise(case=Referral.objects.get(pk=referral.pk))
    client.force_login(manager)

    html = search(client, phone="07911123456").content.decode()

    assert "0 cases found" in html


@pytest.mark.parametrize("role", ["officer", "guider", "editor"])
def test_only_managers_answer_subject_requests(client, request, role, family):
    client.force_login(request.getfixturevalue(role))

    assert client.get(URL).status_code in (302, 403)  # Wagtail sends them to the dashboard
    response = search(client, email=EMAIL)
    assert response.status_code in (302, 403)
    assert family[0].reference not in response.content.decode()
    assert URL not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_managers_find_it_in_the_referrals_menu(client, manager):
    client.force_login(manager)
    assert URL in client.get(reverse("wagtailadmin_home")).content.decode()


def test_search_terms_in_a_url_are_ignored(client, manager, family):
    client.force_login(manager)
    response = client.get(URL, {"email": EMAIL})
    assert response.status_code == 200
    assert family[0].reference not in response.content.decode()
    assert "no-store" in response["Cache-Control"]


# The copy: subject access ----------------------------------------------------------------------


def _history_for(referral, officer):
    triage.case_transition(case=referral, to=ReferralStatus.UNDER_REVIEW, by=officer)
    triage.case_add_note(case=referral, author=officer, text="Rang Jo Bloggs, left no message.")


def test_the_copy_to_print_holds_everything_about_the_case(client, manager, officer, family):
    referral, enquiry, _ = family
    _history_for(referral, officer)
    client.force_login(officer)
    client.get(case_url(referral))
    client.force_login(manager)
    client.get(list_url(Referral), {"export": "csv"})

    response = act(client, "report", [referral, enquiry])

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert "What we hold about you" in html
    for held in (NAME, CHILD, "Bedtimes with Sammy are hard.", "Is there a waiting list?"):
        assert held in html  # the answers
    assert "Under review" in html  # the history
    assert "Rang Jo Bloggs, left no message." in html  # the notes
    assert "Your referral" in html or referral.reference in html  # the email's subject
    assert "Officer1 Tester" in html and "Viewed the case" in html  # who viewed
    assert "Exported in a list (CSV)" in html  # and who exported


def test_the_copy_as_json_is_a_download_with_the_same_contents(client, manager, officer, family):
    referral, _, _ = family
    _history_for(referral, officer)
    client.force_login(manager)

    response = act(client, "json", [referral])

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    document = json.loads(response.content)
    (case,) = document["cases"]
    assert case["reference"] == referral.reference
    answers = {row["label"]: row["value"] for row in case["answers"]}
    assert answers["Parent or carer's name"] == NAME
    assert answers["Child first name"] == CHILD
    assert [note["text"] for note in case["notes"]] == ["Rang Jo Bloggs, left no message."]
    assert case["emails"][0]["to"] == "Referrer"
    assert case["emails"][0]["subject"]


def test_every_field_the_case_holds_is_in_the_copy(manager, family):
    from referrals.privacy.subject_access import NOT_PERSONAL, held_answers

    referral = family[0]
    labels = {row["label"].lower() for row in held_answers(referral)}
    for field in Referral._meta.concrete_fields:
        value = getattr(referral, field.attname)
        if field.name in NOT_PERSONAL or value in ("", None):
            continue
        assert str(field.verbose_name).lower() in labels, field.name


def test_a_copy_given_is_recorded_without_the_search_terms(client, manager, family):
    referral, enquiry, _ = family
    client.force_login(manager)

    act(client, "report", [referral, enquiry])

    record = SubjectRequest.objects.get()
    assert record.kind == SubjectRequestKind.ACCESS
    assert record.user == manager
    assert record.matched_on == ["email"]
    assert sorted(record.references) == sorted([referral.reference, enquiry.reference])
    assert (
        EMAIL.lower() not in json.dumps(list(ModelLogEntry.objects.values("label", "data"))).lower()
    )
    assert ModelLogEntry.objects.filter(action=audit.SUBJECT_ACCESS).count() == 3  # request + 2


def test_choosing_no_case_says_so(client, manager, family):
    client.force_login(manager)
    response = client.post(URL, {"action": "report", "email": EMAIL})
    assert response.status_code == 400
    assert "Choose at least one case." in response.content.decode()
    assert not SubjectRequest.objects.exists()


# Erasure ---------------------------------------------------------------------------------------


def _rows_mentioning(value):
    """Every table in the database, every column, read as text (PostgreSQL's row-to-text)."""
    hits = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            quoted = connection.ops.quote_name(table)
            cursor.execute(
                f"SELECT count(*) FROM {quoted} AS t WHERE t::text ILIKE %s",  # noqa: S608
                [f"%{value}%"],
            )
            if cursor.fetchone()[0]:
                hits.append(table)
    return hits


def _visitor_and_officer_sessions(officer):
    """The parent's answers in progress, another visitor's (which must survive, though its
    names share letters with the family's), and an officer's saved searches."""
    visitor = SessionStore()
    visitor[f"{INTAKE_PREFIX}7"] = {
        "data": {"contact_name": [NAME], "email": [EMAIL], "phone": ["07911 123456"]},
        "done": ["about-you"],
        "seen": 0,
    }
    visitor["unrelated"] = "kept"
    visitor.create()
    other = SessionStore()
    other[f"{INTAKE_PREFIX}7"] = {
        "data": {"contact_name": ["Jo Bloggsworth"], "contact_times": ["evenings"]},
        "done": ["about-you"],
        "seen": 0,
    }
    other.create()
    staff = SessionStore()
    staff[SEARCH_SESSION_KEY] = {
        "t1": "bloggs",
        "t2": "EH54 6FF",
        "t3": "someone else",
        "t4": CHILD,
        "t5": "Bloggsworth",
    }
    staff["_auth_user_id"] = str(officer.pk)
    staff.create()
    return visitor, other, staff


def test_erasure_asks_for_confirmation_first_and_changes_nothing_until_then(
    client, manager, family
):
    referral, _, _ = family
    client.force_login(manager)

    response = act(client, "erase", [referral])

    assert response.status_code == 200
    html = response.content.decode()
    assert "This cannot be undone" in html
    assert "Erase now" in html
    referral.refresh_from_db()
    assert referral.contact_name == NAME
    assert not SubjectRequest.objects.exists()


def test_erasure_without_a_reason_is_refused_next_to_the_field(client, manager, family):
    referral, _, _ = family
    client.force_login(manager)

    response = act(client, "erase_confirm", [referral], reason="  ")

    assert response.status_code == 400
    assert "Give the reason for the erasure." in response.content.decode()
    referral.refresh_from_db()
    assert referral.contact_name == NAME


@pytest.mark.postgres
def test_erasure_leaves_no_copy_anywhere(client, manager, officer, family):
    referral, enquiry, stranger = family
    _history_for(referral, officer)
    triage.case_transition(
        case=Referral.objects.get(pk=referral.pk),
        to=ReferralStatus.DECLINED,
        by=officer,
        decline_reason="Jo Bloggs would be better helped by Sammy's school.",
        signposted_to="School nurse",
    )
    visitor, other, staff = _visitor_and_officer_sessions(officer)
    client.force_login(manager)

    response = act(
        client, "erase_confirm", [referral, enquiry], reason="Asked by phone on 3 March."
    )

    assert response.status_code == 302
    referral.refresh_from_db()
    enquiry.refresh_from_db()
    assert referral.anonymised_at and enquiry.anonymised_at
    assert referral.contact_name == ERASED_TEXT
    assert referral.status == ReferralStatus.CLOSED  # an open case is closed by the erasure
    assert enquiry.status == "closed"
    assert set(CaseNote.objects.filter(referral=referral).values_list("text", flat=True)) == {
        ERASED_TEXT
    }
    assert not CaseEvent.objects.filter(referral=referral).exclude(detail="").exists()
    assert CaseEvent.objects.filter(referral=referral, action=CaseEventAction.ERASED).exists()
    assert not OutboundEmail.objects.filter(to_address__iexact=EMAIL).exists()
    # Sessions: the visitor's answers in progress and the officer's saved searches about them.
    visitor_kept = SessionStore(session_key=visitor.session_key).load()
    assert not [key for key in visitor_kept if key.startswith(INTAKE_PREFIX)]
    kept = SessionStore(session_key=staff.session_key).load()
    assert kept[SEARCH_SESSION_KEY] == {"t3": "someone else", "t5": "Bloggsworth"}
    # Nobody else's answers in progress are touched.
    assert SessionStore(session_key=other.session_key).load()[f"{INTAKE_PREFIX}7"]["data"] == {
        "contact_name": ["Jo Bloggsworth"],
        "contact_times": ["evenings"],
    }
    assert kept["_auth_user_id"] == str(officer.pk)  # the officer stays signed in
    assert SessionStore(session_key=visitor.session_key).load()["unrelated"] == "kept"
    # Nowhere else in the database either.
    for value in (NAME, EMAIL, "7911123456", "Bedtimes with Sammy", "Sammy's school"):
        assert _rows_mentioning(value) == [], value
    # The stranger's case is untouched; the erasure is recorded, with its reason.
    stranger.refresh_from_db()
    assert stranger.contact_name == "Alex Other" and stranger.anonymised_at is None
    record = SubjectRequest.objects.get(kind=SubjectRequestKind.ERASURE)
    assert record.reason == "Asked by phone on 3 March."
    assert record.user == manager
    assert ModelLogEntry.objects.filter(action=audit.ERASE).count() == 3


def test_erasing_a_referring_professional_keeps_the_familys_referral(client, manager, db):
    referral = ReferralFactory(
        kind=ReferralKind.PROFESSIONAL,
        professional_name="Pat Worker",
        professional_email="pat.worker@example.invalid",
        professional_phone="+441506282948",
        professional_organisation="Anytown Health Visiting",
    )
    client.force_login(manager)
    key = f"referral-{referral.pk}"

    response = client.post(
        URL,
        {
            "action": "erase_confirm",
            "email": "pat.worker@example.invalid",
            "case": [key],
            "reason": "Left the service and asked us to remove their details.",
        },
    )

    assert response.status_code == 302
    referral.refresh_from_db()
    assert (referral.professional_name, referral.professional_email) == ("", "")
    assert referral.professional_phone == ""
    assert referral.contact_name.startswith("Test Parent")  # the family's referral stays
    assert referral.anonymised_at is None
    assert referral.status == ReferralStatus.NEW


def test_the_case_page_says_the_details_were_erased_at_the_persons_request(client, manager, family):
    referral, _, _ = family
    client.force_login(manager)
    act(client, "erase_confirm", [referral], reason="Asked in writing.")

    html = client.get(case_url(referral)).content.decode()

    assert "at the person's request" in html
    assert NAME not in html


# The audit trail stays readable ----------------------------------------------------------------


def test_site_history_opens_after_a_view_an_export_a_transition_and_an_erasure(
    client, manager, officer, family
):
    referral, enquiry, _ = family
    client.force_login(officer)
    client.get(case_url(referral))
    triage.case_transition(case=referral, to=ReferralStatus.UNDER_REVIEW, by=officer)
    client.force_login(manager)
    client.get(list_url(Referral), {"export": "csv"})
    act(client, "report", [enquiry])
    act(client, "erase_confirm", [referral, enquiry], reason="Asked by email.")

    response = client.get("/admin/reports/site-history/")

    assert response.status_code == 200
    html = response.content.decode()
    for shown in (
        "Viewed the case",
        "Changed the status",
        "Exported cases",
        "Gave a copy of what we hold",
        "Erased personal details at the person",
        "Erasure request covering 2 cases",
    ):
        assert shown in html, shown
    assert NAME not in html and EMAIL.lower() not in html.lower()


def test_managers_see_who_viewed_or_exported_a_case_on_its_page(client, manager, officer, family):
    referral = family[0]
    client.force_login(officer)
    url = case_url(referral)
    client.get(url)
    officer_view = client.get(url).content.decode()
    client.force_login(manager)
    client.get(list_url(Referral), {"export": "xlsx"})

    html = client.get(url).content.decode()

    assert "Who has seen this case" in html
    assert "Officer1 Tester" in html
    assert "Exported in a list (XLSX)" in html
    assert "Who has seen this case" not in officer_view


def test_the_copy_includes_the_work_with_the_family(client, manager, guider, family):
    from datetime import timedelta

    from django.utils import timezone

    from referrals.casework import services as casework
    from referrals.models import ConsentCovers, ConsentGiver, CycleLocation

    referral = family[0]
    Referral.objects.filter(pk=referral.pk).update(status=ReferralStatus.ALLOCATED, guider=guider)
    referral.refresh_from_db()
    today = timezone.localdate()
    casework.record_consent(
        referral=referral,
        by=guider,
        given_by=ConsentGiver.PARENT_OR_CARER,
        given_on=today - timedelta(days=20),
        covers=ConsentCovers.INTERVENTION,
    )
    casework.add_goal(
        referral=referral,
        by=guider,
        text="Laugh together at tea time",
        start_rating=3,
        rated_on=today - timedelta(days=19),
    )
    casework.save_cycle(
        referral=referral,
        by=guider,
        number=None,
        location=CycleLocation.SCHOOL,
        filmed_on=today - timedelta(days=10),
        note="Filmed at nursery",
    )
    client.force_login(manager)

    document = json.loads(act(client, "json", [referral]).content)

    work = document["cases"][0]["casework"]
    assert work["goals"][0]["goal"] == "Laugh together at tea time"
    assert {"label": "Rating", "value": "3"} in work["goals"][0]["ratings"][0]
    assert {"label": "Note", "value": "Filmed at nursery"} in work["cycles"][0]
    assert any(row["label"] == "Given by" for row in work["consents"][0])
    html = act(client, "report", [referral]).content.decode()
    assert "Our work with you" in html and "Laugh together at tea time" in html


def _professional_referral():
    referral = ReferralFactory(
        kind=ReferralKind.PROFESSIONAL,
        contact_name="Dana Family",
        child_first_name="Rowan",
        professional_name="Pat Worker",
        professional_email="pat.worker@example.invalid",
        professional_role="Health visitor",
        what_to_change="Pat Worker thinks bedtimes are hard.",
    )
    return referral, f"referral-{referral.pk}"


def test_a_referring_professionals_copy_holds_only_their_own_details(client, manager, db):
    referral, key = _professional_referral()
    client.force_login(manager)

    response = client.post(
        URL, {"action": "json", "email": "pat.worker@example.invalid", "case": [key]}
    )

    (case,) = json.loads(response.content)["cases"]
    text = json.dumps(case)
    assert "Pat Worker" in text and "pat.worker@example.invalid" in text
    for family_detail in ("Dana Family", "Rowan", "bedtimes"):
        assert family_detail not in text, family_detail
    assert case["history"] == [] and case["casework"] is None


def test_cases_found_by_name_alone_are_not_ticked(client, manager, family):
    _, enquiry, _ = family
    client.force_login(manager)
    html = search(client, name=NAME, postcode="ZZ1 1ZZ").content.decode()
    box = html.split(f'value="enquiry-{enquiry.pk}"')[1].split(">")[0]
    assert "checked" not in box
    assert "Check it is them" in html


def test_a_reason_that_names_the_person_is_refused_by_the_field(client, manager, family):
    referral, _, _ = family
    client.force_login(manager)

    response = act(client, "erase_confirm", [referral], reason=f"{NAME} asked by phone")

    assert response.status_code == 400
    assert "Take the person&#x27;s name" in response.content.decode()
    referral.refresh_from_db()
    assert referral.contact_name == NAME


def test_erasing_a_professional_removes_them_from_the_cases_free_text_too(client, manager, db):
    referral, key = _professional_referral()
    client.force_login(manager)

    client.post(
        URL,
        {
            "action": "erase_confirm",
            "email": "pat.worker@example.invalid",
            "case": [key],
            "reason": "Asked us to.",
        },
    )

    referral.refresh_from_db()
    assert "Pat Worker" not in referral.what_to_change
    assert referral.professional_role == ""
    assert referral.contact_name == "Dana Family"


def test_an_unsent_email_of_an_erased_case_is_given_up_not_sent_to_nobody(client, manager, family):
    from referrals.models import EmailState

    referral = family[0]
    client.force_login(manager)
    act(client, "erase_confirm", [referral], reason="Asked by email.")

    message = OutboundEmail.objects.get(referral=referral)
    assert message.to_address == ""
    assert message.state == EmailState.GAVE_UP
    assert message.last_error == "Personal details removed before sending"


def test_a_young_person_is_found_by_first_name_date_of_birth_and_postcode(client, manager, family):
    referral = family[0]
    client.force_login(manager)
    born = referral.child_date_of_birth.isoformat()

    html = search(client, name="sammy", date_of_birth=born, postcode=POSTCODE).content.decode()
    assert referral.reference in html
    assert "The child or young person" in html

    html = search(client, name="sammy", date_of_birth="2001-01-01", postcode=POSTCODE)
    assert referral.reference not in html.content.decode()
    response = search(client, name="sammy", date_of_birth=born)
    assert response.status_code == 400  # the postcode is needed too
