"""The form pages' request handling: the five entry points their routes call.

This sits above models, forms and services. The form pages (referrals.models.pages) route
their URLs here; ReferralsConfig.ready() hands this module to them, so the models never
import upwards.

A referral page is a start page (<page>/), short question pages (<page>/<step>/, described
once in referrals.intake.steps.REFERRAL_STEPS: the journey, referrals.intake.journey), "Check
your answers" (<page>/check-your-answers/: referrals.intake.check_answers) and the
confirmation (<page>/confirmation/: referrals.intake.confirmation). The enquiry page is one
form, here. Both send from one POST, where the rate limit, the spam checks and the
double-send guard (referrals.intake.double_send) apply, and redirect to the confirmation.

The empty enquiry form is the same for every visitor but for their CSRF token, so it is
rendered once per content version and handed to the public page cache (home.cache).
"""

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from home.cache import (
    CSRF_PLACEHOLDER,
    FORM_KEY_PLACEHOLDER,
    mark_shareable_but_for_csrf,
    with_token,
)
from referrals.intake import ratelimit
from referrals.intake.check_answers import check_view, render_check, sending_form
from referrals.intake.confirmation import (
    PREVIEW_REFERENCE,
    confirmation_view,
    render_confirmation,
)
from referrals.intake.double_send import abandon, claim
from referrals.intake.forms import ReferralForm
from referrals.intake.journey import page_steps, render_start, start_view, step_view
from referrals.intake.rendering import render_form
from referrals.intake.sending import intake_for, save

# What the form pages call (referrals.models.pages.IntakeFormPage.request_handler).
__all__ = ["check_view", "confirmation_view", "form_view", "preview", "step_view"]


def form_view(page, request):
    """The page's own address: a referral's start page, or the one-page form and its send."""
    if page_steps(page):
        return start_view(page, request)
    intake = intake_for(page)
    if request.method != "POST":
        shared = settings.PUBLIC_PAGE_CACHE_SECONDS > 0
        if request.user.is_authenticated or request.GET or not shared:
            return render_form(page, request, intake.form(page, None, True))
        return blank_form(page, request)
    if not ratelimit.reserve(request):
        # Keep what they typed, but do not check it or save it: ask them to phone.
        form = intake.form(page, request.POST, False)
        return render_form(page, request, form, rate_limited=True, status=429)
    key, already = claim(page, request)
    if already is not None:
        return already
    form = intake.form(page, request.POST, True)
    if form.is_valid():
        sent = save(page, request, form, key)
        if sent is not None:
            return sent
    abandon(request, key)
    return render_form(page, request, form)


def blank_form(page, request):
    """The empty form, the same for every anonymous visitor but for their CSRF token.

    It is rendered with a placeholder where the token goes and handed to the public page cache
    (home.cache), which serves it from then on before Wagtail routes the request, putting
    each visitor's own token in. Publishing any page or saving the site settings starts a new
    content version, so an editor's change shows at once.
    """
    response = render_form(
        page,
        request,
        intake_for(page).form(page, None, True),
        extra_context={"csrf_token": CSRF_PLACEHOLDER, "form_key": FORM_KEY_PLACEHOLDER},
    )
    shared = response.rendered_content.encode()
    visitors = HttpResponse(with_token(request, shared))
    add_never_cache_headers(visitors)
    return mark_shareable_but_for_csrf(visitors, shared)


def preview(page, request, mode):
    """An editor's preview: the start page or blank form, "Check your answers" with no answers
    (where the privacy notice and the send button are), or the confirmation page with a
    sample reference."""
    if mode == "check" and page_steps(page):
        form = ReferralForm(kind=page.kind, spam_checks=False)
        return render_check(page, request, form, sending_form(page))
    if mode == "confirmation":
        return render_confirmation(
            page, request, reference=PREVIEW_REFERENCE, received=timezone.localdate(), shared=False
        )
    if page_steps(page):
        response = render_start(page, request)
        add_never_cache_headers(response)
        return response
    return render_form(page, request, intake_for(page).form(page, None, True))
