"""The rules across a form's answers (referrals.intake.rules), one test each: the answers that
break the rule get its message at its field, in the words of the person the form talks to, and
answers that keep it get none. The forms are checked as a question page or the enquiry page
checks them."""

from referrals.intake.forms import EnquiryForm, ReferralForm
from referrals.intake.steps import referral_steps
from referrals.models import ReferralKind


def step_named(kind, slug):
    return next(step for step in referral_steps(kind) if step.slug == slug)


def contact_page(answers, kind=ReferralKind.SELF):
    """The referral's "contacting safely" question page, checked with these answers."""
    slug = "contacting-the-family-safely" if kind == ReferralKind.PROFESSIONAL else None
    step = step_named(kind, slug or "contacting-you-safely")
    form = ReferralForm(data={"contact_times": "", **answers}, kind=kind, step=step)
    form.is_valid()
    return form.errors


def enquiry(answers):
    form = EnquiryForm(data={"name": "Sam", "question": "Is it for us?", **answers})
    form.is_valid()
    return form.errors


def test_an_email_address_or_a_phone_number_is_needed_to_reach_them():
    neither = {"email": "", "phone": "", "safe_contact": ["email"]}
    message = "Enter an email address or a phone number so we can"
    assert contact_page(neither)["email"] == [f"{message} contact you"]
    assert enquiry(neither)["email"] == [f"{message} reply to you"]
    assert contact_page(neither, ReferralKind.PROFESSIONAL)["email"] == [
        f"{message} contact the family"
    ]
    assert "email" not in contact_page({**neither, "phone": "07123 456789"})
    assert "email" not in contact_page({**neither, "email": "sam@example.com"})


def test_a_way_ticked_as_safe_must_use_the_details_given():
    email_only = {"email": "sam@example.com", "phone": ""}
    message = "Tick a safe way for us to contact you that matches the details you gave"
    assert contact_page({**email_only, "safe_contact": ["text", "phone"]})["safe_contact"] == [
        message
    ]
    assert contact_page(
        {"email": "", "phone": "07123 456789", "safe_contact": ["email"]}, ReferralKind.PROFESSIONAL
    )["safe_contact"] == [message.replace("contact you", "contact the family")]
    assert not contact_page({**email_only, "safe_contact": ["email"]})
    assert not contact_page({"email": "", "phone": "07123 456789", "safe_contact": ["voicemail"]})


def test_the_preferred_way_must_be_one_ticked_as_safe():
    answers = {
        "email": "sam@example.com",
        "phone": "07123 456789",
        "safe_contact": ["email"],
        "preferred_contact": "phone",
    }
    assert contact_page(answers)["preferred_contact"] == [
        "Choose a way you ticked as safe, or leave this question blank"
    ]
    assert contact_page(answers, ReferralKind.PROFESSIONAL)["preferred_contact"] == [
        "Choose a way you ticked as safe for the family, or leave this question blank"
    ]
    assert not contact_page({**answers, "preferred_contact": "email"})
    assert not contact_page({**answers, "preferred_contact": ""})


def test_email_preferred_needs_an_email_address():
    answers = {"email": "", "phone": "07123 456789", "safe_contact": ["email", "phone"]}
    assert contact_page({**answers, "preferred_contact": "email"})["preferred_contact"] == [
        "Enter an email address, or choose another way"
    ]
    assert not contact_page({**answers, "preferred_contact": "phone"})


def test_a_call_or_a_text_preferred_needs_a_phone_number():
    answers = {"email": "sam@example.com", "phone": "", "safe_contact": ["email", "text", "phone"]}
    for preferred in ("phone", "text"):
        assert contact_page({**answers, "preferred_contact": preferred})["preferred_contact"] == [
            "Enter a phone number, or choose another way"
        ]
    assert not contact_page({**answers, "preferred_contact": "email"})


def test_a_mistake_gets_one_message_not_two():
    """No details at all and email preferred: the missing details are the mistake; the
    preferred way is not refused as well."""
    errors = contact_page(
        {"email": "", "phone": "", "safe_contact": ["email"], "preferred_contact": "email"}
    )
    assert errors == {"email": ["Enter an email address or a phone number so we can contact you"]}


def about(kind, slug, answers):
    form = ReferralForm(data=answers, kind=kind, step=step_named(kind, slug))
    form.is_valid()
    return form.errors


def test_another_relationship_to_the_child_must_be_described():
    answers = {"contact_name": "Sam", "postcode": "EH54 6FF", "relationship": "other"}
    assert about(ReferralKind.SELF, "about-you", answers)["relationship_other"] == [
        "Tell us your relationship to the child"
    ]
    professional = {**answers, "family_agrees": "on"}
    assert about(ReferralKind.PROFESSIONAL, "the-family", professional)["relationship_other"] == [
        "Tell us the parent or carer's relationship to the child"
    ]
    assert not about(ReferralKind.SELF, "about-you", {**answers, "relationship_other": "Aunt"})
    assert not about(ReferralKind.SELF, "about-you", {**answers, "relationship": "parent"})


def test_somewhere_else_for_sessions_must_be_named():
    answers = {"session_location": "other", "language": "", "access_needs": ""}
    assert about(ReferralKind.SELF, "your-sessions", answers)["session_location_other"] == [
        "Tell us where else would suit you"
    ]
    assert about(ReferralKind.PROFESSIONAL, "the-familys-sessions", answers)[
        "session_location_other"
    ] == ["Tell us where else would suit the family"]
    named = {**answers, "session_location_other": "The library"}
    assert not about(ReferralKind.SELF, "your-sessions", named)
    assert not about(ReferralKind.SELF, "your-sessions", {**answers, "session_location": "home"})


def test_an_unchecked_form_shows_answers_without_judging_them():
    """What the rate limit's "please phone us" page shows: what was typed, and no errors."""
    form = ReferralForm(data={"email": "not an address", "safe_contact": []}, checked=False)
    assert form.errors == {}
    assert form["email"].value() == "not an address"
