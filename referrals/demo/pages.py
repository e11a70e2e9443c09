"""Demo content for the intake forms (called by setup_demo). Idempotent: pages that exist are
left as they are (editors may have changed them)."""

from django.db import transaction

from home.demo.site import ensure_child, link_ask_for_support, publish
from home.models import InformationPage, SiteSettings
from referrals.models import EnquiryFormPage, ReferralFormPage, ReferralKind

REFER_SLUG = "refer"
PROFESSIONAL_SLUG = "refer-a-family"
ENQUIRY_SLUG = "ask-a-question"


def _privacy_link(home):
    privacy = SiteSettings.load().privacy_page
    if privacy is None:
        privacy = InformationPage.objects.child_of(home).filter(slug="privacy").first()
    if privacy is None:
        return "our privacy notice"
    return f'<a linktype="page" id="{privacy.id}">our privacy notice</a>'


def _privacy_notice(home, what):
    return (
        f"<p>The Children &amp; Young People Team will use the details in this {what} only to "
        "decide how we can help and to contact you about it. Only the staff who deal with "
        "referrals and questions can see them. We keep them for two years after we close "
        "your case, then we delete your personal details.</p>"
        f"<p>Read {_privacy_link(home)} to find out more, including your rights.</p>"
    )


# The steps themselves are the site-wide ones (SiteSettings.what_happens_next), shown after
# these words on the confirmation page: here only what differs between the two forms.
WHAT_HAPPENS_NEXT = "<p>There is no charge for VIG.</p>"
# The same, told to a professional about the family they referred.
WHAT_HAPPENS_NEXT_PROFESSIONAL = (
    "<p>A member of the team may contact you about the referral. We contact the family only "
    "in the ways you told us are safe, and only if the family agrees does a VIG Guider start "
    "working with them. There is no charge for VIG.</p>"
)


def _referral_page_fields(home, kind):
    professional = kind == ReferralKind.PROFESSIONAL
    return {
        "title": (
            "Refer a family for VIG support (professionals)"
            if professional
            else "Ask for VIG support"
        ),
        "kind": kind,
        "introduction": (
            "Refer a family you work with. Talk to the family first: they need to know "
            "about the referral and agree to it. It takes about 5 minutes."
            if professional
            else "Tell us a little about you and your child, and what you would like to "
            "change. It takes about 5 minutes. You do not need to be referred by anyone."
        ),
        "privacy_notice": _privacy_notice(home, "form"),
        "submit_label": "Send referral",
        "confirmation_title": "Referral received",
        "confirmation_text": (
            "<p>Thank you. We will contact the family in the way you told us is safe.</p>"
            if professional
            else "<p>Thank you for getting in touch. We will only contact you in the ways you "
            "told us are safe.</p>"
        ),
        "what_happens_next": WHAT_HAPPENS_NEXT_PROFESSIONAL if professional else WHAT_HAPPENS_NEXT,
        "search_description": (
            "Refer a family you work with for free Video Interaction Guidance (VIG) support."
            if professional
            else "Ask for free Video Interaction Guidance (VIG) support for you and your child."
        ),
    }


def _call_to_action(heading, text, link_text, page):
    return {
        "type": "call_to_action",
        "value": {
            "heading": heading,
            "text": text,
            "link_text": link_text,
            "page": page.id,
            "url": "",
        },
    }


def ensure_home_calls_to_action(home, refer, professional, enquiry):
    """Add calls to action for the forms to the home page, once (only if none links there)."""
    home = home.specific
    raw = list(home.body.raw_data) if home.body else []
    linked = {
        block.get("value", {}).get("page") for block in raw if block.get("type") == "call_to_action"
    }
    if refer.id in linked:
        return False
    ctas = [
        _call_to_action(
            "Ask for VIG support",
            "Fill in a short form and we will get in touch. It is free.",
            "Ask for support",
            refer,
        ),
        _call_to_action(
            "Not sure if VIG is right for you?",
            "Ask us a question first. We will reply in the way you choose.",
            "Ask a question",
            enquiry,
        ),
        _call_to_action(
            "Are you a professional?",
            "Refer a family you work with, with their agreement.",
            "Refer a family",
            professional,
        ),
    ]
    # After the "How to get VIG support" text if there is one, otherwise at the end.
    position = len(raw)
    for index, block in enumerate(raw):
        if block.get("type") == "heading" and "How to get" in block["value"].get("text", ""):
            position = min(index + 2, len(raw))
            break
    home.body = [*raw[:position], *ctas, *raw[position:]]
    publish(home)
    return True


@transaction.atomic
def setup_form_pages(home):
    """Create the referral and enquiry form pages under `home`; return them in a dict."""
    refer = ensure_child(
        home,
        ReferralFormPage,
        REFER_SLUG,
        show_in_menus=True,
        **_referral_page_fields(home, ReferralKind.SELF),
    )
    professional = ensure_child(
        home,
        ReferralFormPage,
        PROFESSIONAL_SLUG,
        **_referral_page_fields(home, ReferralKind.PROFESSIONAL),
    )
    enquiry = ensure_child(
        home,
        EnquiryFormPage,
        ENQUIRY_SLUG,
        title="Ask us a question",
        show_in_menus=True,
        introduction=(
            "Not sure if VIG is right for your family? Ask us anything. We will reply by email "
            "or phone, whichever you choose."
        ),
        privacy_notice=_privacy_notice(home, "question"),
        submit_label="Send question",
        confirmation_title="Question received",
        confirmation_text="<p>Thank you for your question.</p>",
        what_happens_next=(
            "<p>A member of the team will read your question and reply in the way you chose. "
            "If you then decide you would like VIG support, we can help you ask for it.</p>"
        ),
        search_description="Ask the team a question about Video Interaction Guidance (VIG).",
    )
    ensure_home_calls_to_action(home, refer, professional, enquiry)
    link_ask_for_support(home, refer)
    return {"refer": refer, "refer_professional": professional, "enquiry": enquiry}
