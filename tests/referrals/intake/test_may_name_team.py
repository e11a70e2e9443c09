"""The question "Can we say who we are in a text or voicemail?": asked beside the safe ways on
a referral's contact page and on the question form; it counts only where a text or a voicemail
is ticked as safe, and is otherwise ignored and saved as no, as it is when not answered. "Check
your answers" shows it with a Change link; a wrong answer is refused next to the field, with
what was typed kept."""

import re

import pytest

from referrals.intake.forms import ReferralForm
from referrals.intake.rules import may_name_team_is_asked
from referrals.intake.steps import referral_steps
from referrals.models import Enquiry, Referral, ReferralKind
from tests.intake_journey import answer_questions, send_referral

pytestmark = pytest.mark.django_db

QUESTION = "Can we say who we are in a text or voicemail?"
CONTACT_PAGE = "contacting-you-safely/"


@pytest.mark.parametrize(
    ("safe", "asked"),
    [
        (["text"], True),
        (["voicemail"], True),
        (["email", "phone", "text"], True),
        (["email", "phone"], False),
        ([], False),
        (None, False),
    ],
)
def test_the_question_counts_only_where_a_text_or_a_voicemail_is_safe(safe, asked):
    assert may_name_team_is_asked(safe) is asked


@pytest.mark.parametrize("kind", [ReferralKind.SELF, ReferralKind.PROFESSIONAL])
def test_the_question_is_asked_on_the_page_that_asks_the_safe_ways(kind):
    (step,) = [s for s in referral_steps(kind) if "safe_contact" in s.fields]
    assert step.fields.index("may_name_team") == step.fields.index("safe_contact") + 1


def test_the_question_is_on_the_contact_page_and_the_question_form(
    client, refer_url, enquiry_url, referral_data
):
    answer_questions(client, refer_url, referral_data)
    assert QUESTION in client.get(f"{refer_url}{CONTACT_PAGE}").content.decode()
    assert QUESTION in client.get(enquiry_url).content.decode()
    professional = ReferralForm(kind=ReferralKind.PROFESSIONAL)
    assert "the family" in professional.fields["may_name_team"].label


@pytest.mark.parametrize(
    ("safe", "answer", "stored"),
    [
        (["text"], "yes", True),
        (["voicemail", "phone"], "yes", True),
        (["text"], "no", False),
        (["text"], "", False),  # not answered: texts never name the team
        (["email", "phone"], "yes", False),  # neither a text nor a voicemail: ignored
    ],
)
def test_a_referral_stores_whether_we_may_name_the_team(
    client, refer_url, referral_data, safe, answer, stored
):
    referral_data.update(safe_contact=safe, may_name_team=answer, preferred_contact="")
    assert send_referral(client, refer_url, referral_data).status_code == 302
    assert Referral.objects.get().may_name_team is stored


@pytest.mark.parametrize(("safe", "stored"), [(["email", "text"], True), (["email"], False)])
def test_a_question_stores_whether_we_may_name_the_team(
    client, enquiry_url, enquiry_data, safe, stored
):
    enquiry_data.update(phone="07123 456789", safe_contact=safe, may_name_team="yes")
    assert client.post(enquiry_url, enquiry_data).status_code == 302
    assert Enquiry.objects.get().may_name_team is stored


def _row(html, label):
    """The check page's value for the row labelled `label`, as text."""
    found = re.search(rf"{re.escape(label)}\s*</dt>\s*<dd[^>]*>(.*?)</dd>", html, flags=re.DOTALL)
    assert found, f"no row {label!r}"
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(1)).split())


def test_check_your_answers_shows_the_answer_and_can_change_it(client, refer_url, referral_data):
    referral_data.update(safe_contact=["email", "text"], may_name_team="yes", preferred_contact="")
    accepted, check_page = answer_questions(client, refer_url, referral_data)
    assert accepted
    html = client.get(check_page).content.decode()
    assert _row(html, QUESTION) == "Yes"
    change = f'href="{refer_url}{CONTACT_PAGE}#id_may_name_team_0"'
    assert change in html

    # Change: the question page shows the answer kept, and a new answer replaces it.
    page = client.get(f"{refer_url}{CONTACT_PAGE}").content.decode()
    assert re.search(r'value="yes"\s+checked', page)
    response = client.post(
        f"{refer_url}{CONTACT_PAGE}",
        {**referral_data, "may_name_team": "no"},
    )
    assert response.status_code == 302
    assert _row(client.get(check_page).content.decode(), QUESTION) == "No"


def test_check_your_answers_says_the_question_does_not_apply_without_a_text_or_voicemail(
    client, refer_url, referral_data
):
    referral_data.update(safe_contact=["email"], may_name_team="yes", preferred_contact="")
    accepted, check_page = answer_questions(client, refer_url, referral_data)
    assert accepted
    assert _row(client.get(check_page).content.decode(), QUESTION).startswith("Does not apply")


def test_a_wrong_answer_is_refused_next_to_the_field_and_what_was_typed_is_kept(
    client, refer_url, referral_data
):
    referral_data.update(safe_contact=["text"], may_name_team="perhaps", preferred_contact="")
    accepted, response = answer_questions(client, refer_url, referral_data)
    assert not accepted
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_may_name_team-error"' in html
    assert 'href="#id_may_name_team_0"' in html  # the error summary links to it
    assert 'value="+447123456789"' in html or 'value="07123 456789"' in html
