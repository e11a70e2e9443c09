"""Every word a family or a referring professional meets in the referral and enquiry journeys
is marked for translation, so the journey can be served in Polish and Arabic.

No catalogue is needed: a pseudo-language wraps every marked string in ⟦ ⟧. Under it, a label,
hint, choice or error message that is not wrapped was never marked, and a new unmarked string
fails here.
"""

import gettext as gettext_module
from contextlib import contextmanager
from unittest import mock

import pytest
from django.utils.translation import trans_real

from referrals.intake.forms import SPAM_FIELDS, EnquiryForm, ReferralForm
from referrals.intake.steps import REFERRAL_STEPS
from referrals.models import ReferralKind
from tests.intake_journey import check_url, post_page, question_urls

OPEN, CLOSE = "⟦", "⟧"
CONTEXT_SEPARATOR = "\x04"


class PseudoLanguage(gettext_module.NullTranslations):
    """Translates every marked string to itself in ⟦ ⟧ (English dates and numbers stay)."""

    def gettext(self, message):
        return f"{OPEN}{message.split(CONTEXT_SEPARATOR)[-1]}{CLOSE}"

    def ngettext(self, singular, plural, number):
        return self.gettext(singular if number == 1 else plural)

    def to_language(self):
        return "en-gb"


@contextmanager
def pseudo_language():
    """Every language Django activates in here is the pseudo-language."""
    previous = getattr(trans_real._active, "value", None)
    pseudo = PseudoLanguage()
    with mock.patch.object(trans_real, "translation", lambda language: pseudo):
        trans_real._active.value = pseudo
        try:
            yield
        finally:
            if previous is None:
                del trans_real._active.value
            else:
                trans_real._active.value = previous


def marked(text):
    text = str(text)
    return text.startswith(OPEN) and text.endswith(CLOSE)


def journey_forms():
    """(name, form) for every question page of both referral routes, and the enquiry."""
    for kind, steps in REFERRAL_STEPS.items():
        for step in steps:
            yield f"{kind} {step.slug}", ReferralForm(kind=kind, step=step)
    yield "enquiry", EnquiryForm()


def words_of(form):
    """(where, text) for every label, hint, choice and error message a field can show."""
    for name, field in form.fields.items():
        if name in SPAM_FIELDS:
            continue
        yield f"{name} label", field.label
        if field.help_text:
            yield f"{name} hint", field.help_text
        for value, label in getattr(field, "choices", ()):
            yield f"{name} choice {value}", label
        for code, message in field.error_messages.items():
            yield f"{name} error {code}", message


def test_every_label_hint_choice_and_error_message_of_every_question_is_marked():
    with pseudo_language():
        unmarked = [
            f"{form_name}: {where}: {text}"
            for form_name, form in journey_forms()
            for where, text in words_of(form)
            if not marked(text)
        ]
        step_titles = [
            step.title
            for steps in REFERRAL_STEPS.values()
            for step in steps
            if not marked(step.title)
        ]
    assert unmarked == []
    assert step_titles == []


def test_the_words_are_read_in_the_visitors_language_when_shown_not_when_loaded():
    form = ReferralForm(kind=ReferralKind.PROFESSIONAL, step=REFERRAL_STEPS["professional"][1])
    with pseudo_language():
        translated = str(form.fields["contact_name"].label)
    assert translated == "⟦The parent or carer's full name⟧"
    assert str(form.fields["contact_name"].label) == "The parent or carer's full name"


FUTURE = {"child_date_of_birth_2": "2999"}
OLD = {"child_date_of_birth_2": "1990"}
SHORT = {"child_date_of_birth_2": "20"}
# What the forms say when answers are wrong: checks of one answer, and rules across answers.
WRONG_ANSWERS = [
    ("self", "about-you", {"postcode": "nowhere", "relationship": "other"}),
    ("self", "about-you", {"contact_name": "x" * 101}),
    ("self", "your-child", {"child_date_of_birth_0": "1", "child_date_of_birth_1": ""}),
    ("self", "your-child", {"child_date_of_birth_0": "x", "child_date_of_birth_1": "1"}),
    ("self", "your-child", {"child_date_of_birth_0": "1", "child_date_of_birth_1": "1"} | SHORT),
    ("self", "your-child", {"child_date_of_birth_0": "1", "child_date_of_birth_1": "1"} | FUTURE),
    ("self", "your-child", {"child_date_of_birth_0": "1", "child_date_of_birth_1": "1"} | OLD),
    ("self", "your-child", {"child_date_of_birth_0": "31", "child_date_of_birth_1": "2"}),
    ("self", "your-sessions", {"session_location": "other"}),
    ("self", "contacting-you-safely", {"email": "no", "phone": "12", "safe_contact": ["text"]}),
    ("self", "contacting-you-safely", {"safe_contact": ["text"]}),
    (
        "professional",
        "contacting-the-family-safely",
        {"email": "a@example.com", "safe_contact": ["text"], "preferred_contact": "phone"},
    ),
    ("professional", "the-family", {"relationship": "other"}),
]


@pytest.mark.parametrize(("kind", "slug", "answers"), WRONG_ANSWERS)
def test_every_message_about_a_wrong_answer_is_marked(kind, slug, answers):
    step = next(each for each in REFERRAL_STEPS[kind] if each.slug == slug)
    with pseudo_language():
        form = ReferralForm(data={"child_date_of_birth_2": "2019", **answers}, kind=kind, step=step)
        form.is_valid()
        messages = [str(message) for errors in form.errors.values() for message in errors]
    assert messages, "the answers were meant to be wrong"
    assert [message for message in messages if not marked(message)] == []


def test_the_enquirys_messages_about_wrong_answers_are_marked():
    with pseudo_language():
        form = EnquiryForm(data={"email": "", "phone": "", "safe_contact": ["email"]})
        form.is_valid()
        messages = [str(message) for errors in form.errors.values() for message in errors]
    assert "⟦Enter an email address or a phone number so we can reply to you⟧" in messages
    assert [message for message in messages if not marked(message)] == []


# Fixed words of the journey's own pages, which must reach the page marked.
QUESTION_PAGE_WORDS = ["There is a problem", "Error:", "Continue", "Back"]
CHECK_PAGE_WORDS = [
    "Check your answers before sending your referral",
    "Change",
    "Now send your referral",
    "By sending this referral you confirm that:",
    "your answers are true, as far as you know",
    "Not given",
]
START_AGAIN_WORDS = ["You need to start again", "Nothing was sent to us.", "Start again"]
ENQUIRY_WORDS = ["There is a problem", "How we can reply safely", "Enter your name"]


def assert_shown_marked(html, words):
    for word in words:
        assert f"{OPEN}{word}{CLOSE}" in html, word
        if " " in word:  # a sentence is nowhere else unmarked (a single word could be)
            assert word not in html.replace(f"{OPEN}{word}{CLOSE}", ""), f"{word} unmarked"


@pytest.mark.django_db
def test_the_question_check_and_start_again_pages_show_their_words_marked(
    client, refer_url, referral_data
):
    urls = question_urls(refer_url)
    with pseudo_language():
        client.get(refer_url)
        start_again = client.get(urls[1]).content.decode()
        wrong = post_page(client, urls[0], {}).content.decode()
        for url in urls:
            post_page(client, url, {**referral_data, "school_or_nursery": ""})
        check = client.get(check_url(refer_url)).content.decode()
    assert_shown_marked(start_again, START_AGAIN_WORDS)
    assert_shown_marked(wrong, QUESTION_PAGE_WORDS)
    assert_shown_marked(check, CHECK_PAGE_WORDS)
    assert "⟦Your child⟧" in check and "⟦Parent⟧" in check


@pytest.mark.django_db
def test_the_enquiry_form_shows_its_words_marked(client, enquiry_url):
    with pseudo_language():
        page = post_page(client, enquiry_url, {"name": ""}).content.decode()
    assert_shown_marked(page, ENQUIRY_WORDS)
