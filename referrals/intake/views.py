"""The public form pages' request handling: show the form, check it, save it, confirm it.

This sits above models, forms and services. The form pages (referrals.models.pages) route
their URLs here; ReferralsConfig.ready() hands this module to them, so the models never
import upwards.

A referral page is a start page (<page>/), short question pages (<page>/<step>/, described
once in referrals.intake.forms.REFERRAL_STEPS), "Check your answers" (<page>/check-your-answers/)
and the confirmation (<page>/confirmation/). Answers in progress live only in the visitor's
session (referrals.intake.answers). The enquiry page is one form. Both send from one POST, where the
rate limit, the spam checks and the double-send guard apply, and redirect to the
confirmation. The new reference travels in a signed cookie that only that form page's
addresses receive, never in the URL, so the confirmation page cannot be reached by guessing
another family's reference, and it shows no personal data.

The start page, the empty enquiry form and the confirmation are the same for every visitor
but for a few words (the CSRF token; the reference and the date we will be in touch), so each
is rendered once per content version and those words are put in per visitor: the start page
and the empty form through the public page cache (home.cache), the confirmation here. The
question and check pages show a visitor's own answers: they are never shared.
"""

import datetime
import hashlib
import logging
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import dateformat, timezone
from django.utils.cache import add_never_cache_headers
from django.utils.datastructures import MultiValueDict
from django.utils.html import escape

from home import snapshot
from home.cache import (
    CSRF_PLACEHOLDER,
    FORM_KEY_PLACEHOLDER,
    form_key,
    mark_shareable,
    mark_shareable_but_for_csrf,
    read_current,
    store_current,
    with_token,
)
from home.models import SiteSettings
from referrals.cases.working_days import contact_by_date
from referrals.intake import ratelimit, spam
from referrals.intake.answers import IDLE_SECONDS, Answers
from referrals.intake.forms import (
    CONDITIONAL_FIELDS,
    SPAM_FIELDS,
    ChildDateOfBirthField,
    EnquiryForm,
    ReferralForm,
    UKPhoneField,
    referral_steps,
)
from referrals.intake.services import enquiry_submit, referral_submit
from referrals.models import EnquiryFormPage, ReferralFormPage

logger = logging.getLogger(__name__)

CONFIRMATION_COOKIE = "vig-confirmation-{page_id}"
CONFIRMATION_SALT = "referrals.intake.views.confirmation"
# Between the reference and the date in the cookie: in neither (VIG-XXXX-XXXX, 2026-01-05),
# and, like them, a cookie-octet, so the value is never quoted.
CONFIRMATION_SEPARATOR = "_"
CONFIRMATION_SECONDS = 60 * 60
CONTACT_BY_FORMAT = "l j F Y"
# Where the visitor's own reference and date go in the shared confirmation page.
REFERENCE_PLACEHOLDER = "vig-reference-placeholder-7c2a"
CONTACT_BY_PLACEHOLDER = "vig-contact-by-placeholder-7c2a"
# Label and input width class of the day, month and year inputs.
DATE_PARTS = [("Day", 2), ("Month", 2), ("Year", 4)]
# What an editor's preview of the confirmation page shows instead of a real reference.
PREVIEW_REFERENCE = "VIG-PREV-IEW0"


@dataclass(frozen=True)
class Intake:
    """How one kind of form page builds its form and saves what was sent."""

    form: Any  # (page, data, checked) -> the form
    submit: Any  # (page, form, verdict, team) -> the saved case


INTAKES = {
    ReferralFormPage: Intake(
        form=lambda page, data, checked: ReferralForm(data=data, kind=page.kind, checked=checked),
        submit=lambda page, form, verdict, team: referral_submit(
            form_data=form.data_for_saving(),
            page=page,
            kind=page.kind,
            spam=verdict,
            declaration_accepted=True,
            team=team,
        ),
    ),
    EnquiryFormPage: Intake(
        form=lambda page, data, checked: EnquiryForm(data=data, checked=checked),
        submit=lambda page, form, verdict, team: enquiry_submit(
            form_data=form.data_for_saving(), page=page, spam=verdict, team=team
        ),
    ),
}


def _intake(page):
    return INTAKES[type(page)]


def _steps(page):
    """The page's question pages (referrals.intake.forms.REFERRAL_STEPS); () for a one-page form."""
    return referral_steps(page.kind) if isinstance(page, ReferralFormPage) else ()


def form_view(page, request):
    if _steps(page):
        return start_view(page, request)
    intake = _intake(page)
    if request.method != "POST":
        shared = settings.PUBLIC_PAGE_CACHE_SECONDS > 0
        if request.user.is_authenticated or request.GET or not shared:
            return render_form(page, request, intake.form(page, None, True))
        return blank_form(page, request)
    if not ratelimit.reserve(request):
        # Keep what they typed, but do not check it or save it: ask them to phone.
        form = intake.form(page, request.POST, False)
        return render_form(page, request, form, rate_limited=True, status=429)
    key, already = _claim(page, request)
    if already is not None:
        return already
    form = intake.form(page, request.POST, True)
    if form.is_valid():
        sent = _save(page, request, form, key)
        if sent is not None:
            return sent
    _abandon(request, key)
    return render_form(page, request, form)


def _claim(page, request):
    """(the key of this copy of the form, None), or (None, the first sending's confirmation)
    when this very copy was sent already (a double click, or sent again while slow)."""
    key = _sent_key(page, request)
    if key and not _claim_sending(key):
        answer = _already_sent(page, key)
        if answer is not None:
            ratelimit.release(request)
            return None, answer
    return key, None


def _save(page, request, form, key):
    """Save a valid form; the redirect to its confirmation, or None if the model refused it."""
    verdict = spam.assess(form)
    try:
        # The team's settings as this request read them (for a visitor, once per process and
        # content version: home.snapshot), not a query of their own.
        case = _intake(page).submit(page, form, verdict, SiteSettings.load(request))
    except ValidationError as exc:  # defence in depth: the form should catch it
        logger.warning("Submission refused by model validation on page %s", page.pk)
        _add_model_errors(form, exc)
        return None
    sent = (case.reference, timezone.localdate(case.received_at).isoformat())
    _remember_sent(key, sent)
    response = redirect(page.confirmation_url())
    _remember_confirmation(page, response, *sent)
    return response


def _abandon(request, key):
    _forget_sent(key)  # nothing was saved: the corrected form may be sent
    ratelimit.release(request)  # nothing was saved: mistakes do not count


# The referral's question pages ---------------------------------------------------------------


def start_view(page, request):
    """The referral's start page: the editor's words, the topics we will ask about and a start
    button. The same for everyone (no form, no answers), so the page cache shares it."""
    if request.method == "POST":
        return _one_page_form_posted(page, request)
    response = page.render(
        request,
        template=page.template,
        context_overrides={
            "steps": _steps(page),
            "first_step_url": _step_url(page, _steps(page)[0]),
        },
    )
    if settings.PUBLIC_PAGE_CACHE_SECONDS > 0 and not request.user.is_authenticated:
        mark_shareable(response)
    else:
        add_never_cache_headers(response)
    return response


def _step_url(page, step):
    return page.url + page.reverse_subpage("step_view", kwargs={"step": step.slug})


def _check_url(page):
    return page.url + page.reverse_subpage("check_view")


def _next_url(page, steps, answers, after=None):
    """The first question page after `after` not yet answered, else the check page."""
    done = set(answers.done)
    index = steps.index(after) + 1 if after else 0
    for step in steps[index:]:
        if step.slug not in done:
            return _step_url(page, step)
    for step in steps[:index]:
        if step.slug not in done:
            return _step_url(page, step)
    return _check_url(page)


def _back_url(page, steps, answers, step):
    """Back to the check page once every page is answered (a Change), else the page before."""
    if all(each.slug in answers.done for each in steps):
        return _check_url(page)
    index = steps.index(step)
    return _step_url(page, steps[index - 1]) if index else page.url


def _posted_answers(form, post):
    """{input name: [values]} of the step's own inputs, from what was posted. An input left
    empty (an unticked box) is kept as [] so changing an answer can clear it."""
    values = {}
    for name in form.fields:
        bound = form[name]
        widget = form.fields[name].widget
        names = (
            [f"{bound.html_name}_{index}" for index in range(len(widget.widgets))]
            if hasattr(widget, "widgets")
            else [bound.html_name]
        )
        for input_name in names:
            values[input_name] = [str(value) for value in post.getlist(input_name)]
    return values


def _one_page_form_posted(page, request):
    """An old copy of the one-page form (open in a tab since before the question pages, or a
    cached copy): nothing typed is lost. Every page whose answers pass is kept, as if answered
    one by one; the visitor goes on to the first page still to answer, or to Check your
    answers, and sends from there."""
    steps = _steps(page)
    answers = Answers(request, page)
    for step in steps:
        form = ReferralForm(data=request.POST, kind=page.kind, step=step)
        if form.is_valid():
            answers.save_step(step.slug, _posted_answers(form, request.POST))
    response = redirect(_next_url(page, steps, answers))
    response.status_code = 303
    return response


def step_view(page, request, slug):
    steps = _steps(page)
    step = next((each for each in steps if each.slug == slug), None)
    if step is None:
        raise Http404
    answers = Answers(request, page)
    if answers.expired or (steps.index(step) > 0 and not answers.started):
        return render_start_again(page, request)
    if request.method == "POST":
        form = ReferralForm(data=request.POST, kind=page.kind, step=step)
        if form.is_valid():
            answers.save_step(step.slug, _posted_answers(form, request.POST))
            return redirect(_next_url(page, steps, answers, after=step))
    else:
        earlier = steps[: steps.index(step)]
        missing = [each for each in earlier if each.slug not in answers.done]
        if missing:  # a later page's address before the earlier ones were answered
            return redirect(_step_url(page, missing[0]))
        answers.touch()
        if step.slug not in answers.done:
            return _blank_step(page, request, steps, step, _back_url(page, steps, answers, step))
        form = ReferralForm(
            data=MultiValueDict(answers.data()), kind=page.kind, step=step, checked=False
        )
    return _render_step(page, request, steps, step, form, _back_url(page, steps, answers, step))


def _render_step(page, request, steps, step, form, back_url, **extra_context):
    return render_page(
        page,
        request,
        "pages/intake/question_page.html",
        form=form,
        step=step,
        step_number=steps.index(step) + 1,
        step_count=len(steps),
        back_url=back_url,
        form_action=_step_url(page, step),
        **{"form_key": form_key(request), **extra_context},
    )


def _blank_step(page, request, steps, step, back_url):
    """A question page not yet answered: the same for every visitor but for their CSRF token
    and form key, so it is rendered once per content version in each process (home.snapshot)
    with placeholders where those go, and each visitor's own are put in."""

    def render():
        form = ReferralForm(data=None, kind=page.kind, step=step, checked=False)
        blank = _render_step(
            page,
            request,
            steps,
            step,
            form,
            back_url,
            csrf_token=CSRF_PLACEHOLDER,
            form_key=FORM_KEY_PLACEHOLDER,
        )
        return blank.rendered_content.encode()

    key = ("question page", request.get_host(), page.pk, step.slug, back_url)
    shared = snapshot.remember(request, key, render)
    response = HttpResponse(with_token(request, shared))
    add_never_cache_headers(response)
    return response


def check_view(page, request):
    steps = _steps(page)
    if not steps:
        raise Http404
    if request.method == "POST":
        return _send_checked(page, request, steps)
    answers = Answers(request, page)
    if answers.expired or not answers.started:
        return _sent_or_start_again(page, request)
    if any(step.slug not in answers.done for step in steps):
        return redirect(_next_url(page, steps, answers))
    form = ReferralForm(data=MultiValueDict(answers.data()), kind=page.kind, spam_checks=False)
    form.is_valid()
    answers.show_declaration()
    return render_check(page, request, form, _sending_form(page, None))


def _sent_or_start_again(page, request):
    """No answers in progress: if this browser has just sent the referral (Back from the
    confirmation, or Send pressed in a second tab), show its confirmation; only otherwise say
    that nothing was sent and to start again."""
    if _confirmation_cookie(page, request) is not None:
        return redirect(page.confirmation_url())
    return render_start_again(page, request)


def _sending_form(page, data):
    """The check page's own form: the honeypot and reCAPTCHA, checked at send."""
    form = ReferralForm(data=data, kind=page.kind, spam_checks=True)
    form.fields = {name: form.fields[name] for name in SPAM_FIELDS if name in form.fields}
    return form


def _send_checked(page, request, steps):
    """Send the answers kept in the session, after the check page and its declaration."""
    answers = Answers(request, page)
    if not ratelimit.reserve(request):
        # Nothing is checked or saved: the answers stay, to send later or to phone through.
        form = ReferralForm(data=MultiValueDict(answers.data()), kind=page.kind, spam_checks=False)
        form.is_valid()
        return render_check(
            page, request, form, _sending_form(page, None), rate_limited=True, status=429
        )
    key, already = _claim(page, request)
    if already is not None:
        answers.clear()
        return already
    if answers.expired or not answers.started:
        _abandon(request, key)
        return _sent_or_start_again(page, request)
    if any(step.slug not in answers.done for step in steps) or not answers.declaration_shown:
        # Not every page answered, or the declaration not shown for these answers: show them.
        _abandon(request, key)
        return redirect(_check_url(page))
    data = MultiValueDict(answers.data())
    for name in SPAM_FIELDS:
        data.setlist(name, request.POST.getlist(name))
    form = ReferralForm(data=data, kind=page.kind, spam_checks=True)
    if form.is_valid():
        sent = _save(page, request, form, key)
        if sent is not None:
            answers.clear()
            return sent
    _abandon(request, key)
    return render_check(page, request, form, _sending_form(page, None))


def _summary(page, form, steps):
    """The check page's rows: for each question page, its title, its address and, for each
    question asked there, (label, value lines, the Change link's address)."""
    sections = []
    data = form.cleaned_data if form.is_bound and form.errors is not None else {}
    for step in steps:
        url = _step_url(page, step)
        rows = []
        for name in step.fields:
            if name in CONDITIONAL_FIELDS:
                continue
            field = form.fields[name]
            rows.append(
                {
                    "label": str(field.label).removesuffix(" (optional)"),
                    "lines": _answer_lines(form, name, data),
                    "change_url": f"{url}#{form.error_anchor(name)}",
                }
            )
        sections.append({"step": step, "url": url, "rows": rows})
    return sections


NOT_GIVEN = "Not given"


def _answer_lines(form, name, data):
    field = form.fields[name]
    value = data.get(name)
    if isinstance(field, ChildDateOfBirthField):
        return [dateformat.format(value, "j F Y")] if value else [NOT_GIVEN]
    if isinstance(field, UKPhoneField):
        typed = form[name].value()
        return [typed] if typed else [NOT_GIVEN]
    choices = dict(getattr(field, "choices", ()))
    if isinstance(value, list):
        return [str(choices.get(each, each)) for each in value] or [NOT_GIVEN]
    if isinstance(value, bool):
        return ["Yes" if value else "No"]
    if choices and value:
        line = str(choices.get(value, value))
        for other, (parent, when) in CONDITIONAL_FIELDS.items():
            if parent == name and value == when and data.get(other):
                line = f"{line}: {data[other]}"
        return [line]
    return str(value).splitlines() if value else [NOT_GIVEN]


def render_check(page, request, form, sending, *, rate_limited=False, status=200):
    steps = _steps(page)
    errors = [] if rate_limited else _error_links(form, steps=steps, page=page)
    return render_page(
        page,
        request,
        "pages/intake/check_answers.html",
        form=sending,
        sections=_summary(page, form, steps),
        error_list=errors,
        has_errors=bool(errors),
        rate_limited=rate_limited,
        back_url=_step_url(page, steps[-1]),
        form_action=_check_url(page),
        status=status,
    )


def render_start_again(page, request):
    """What a visitor sees when their answers are gone (60 idle minutes, the quick exit, or
    an address opened without having started)."""
    return render_page(
        page,
        request,
        "pages/intake/start_again.html",
        idle_minutes=IDLE_SECONDS // 60,
        first_step_url=_step_url(page, _steps(page)[0]),
    )


def render_page(page, request, template, *, status=200, **context):
    form = context.get("form")
    if "error_list" not in context:
        context["error_list"] = (
            _error_links(form) if form is not None and form.is_bound and form.errors else []
        )
        context["has_errors"] = bool(context["error_list"])
    response = page.render(
        request, template=template, context_overrides={"date_parts": DATE_PARTS, **context}
    )
    response.status_code = status
    add_never_cache_headers(response)
    return response


def _error_links(form, *, steps=(), page=None):
    """(href, message) for the error summary, in page order. On the check page, the links go
    to the question page where the answer can be changed."""
    if not (form.is_bound and form.errors):
        return []
    where = {name: _step_url(page, step) for step in steps for name in step.fields}
    return [
        (f"{where.get(name, '')}#{anchor}" if anchor else "", message)
        for name, anchor, message in form.visible_errors()
    ]


# A form page sent twice --------------------------------------------------------------------
#
# Each form a visitor is shown carries its own CSRF token (Django masks it afresh for every
# page), so the token posted identifies that one copy of the form: no extra hidden field. The
# first POST of a copy claims it in the shared cache; a second POST of the same copy waits for
# the first to be saved and gets its confirmation. Only a digest of the token is kept.

SENT_FORMS_SECONDS = 60 * 60
SENDING = "sending"
WAIT_FOR_FIRST_SECONDS = 10


def _sent_key(page, request):
    token = request.POST.get("csrfmiddlewaretoken", "")
    if not token:
        return None
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{page.pk}:{token}".encode()).hexdigest()
    return f"intake-sent:{digest[:40]}"


def _claim_sending(key):
    try:
        return cache.add(key, SENDING, timeout=SENT_FORMS_SECONDS)
    except Exception:  # no shared cache: send it; the rate limit still applies
        logger.warning("Cache unavailable: a repeated form cannot be recognised")
        return True


def _remember_sent(key, sent):
    if key:
        try:
            cache.set(key, sent, timeout=SENT_FORMS_SECONDS)
        except Exception:  # noqa: S110 - only the double-click guard is lost
            pass


def _forget_sent(key):
    if key:
        try:
            cache.delete(key)
        except Exception:  # noqa: S110 - the claim expires by itself
            pass


def _already_sent(page, key):
    """The first sending's confirmation; None when that one was not saved (it had mistakes),
    so this one is checked and saved in its place."""
    deadline = time.monotonic() + WAIT_FOR_FIRST_SECONDS
    while True:
        sent = cache.get(key)
        if sent is None:
            return None
        if sent != SENDING:
            response = redirect(page.confirmation_url())
            _remember_confirmation(page, response, *sent)
            return response
        if time.monotonic() > deadline:
            return None
        time.sleep(0.1)


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
        _intake(page).form(page, None, True),
        extra_context={"csrf_token": CSRF_PLACEHOLDER, "form_key": FORM_KEY_PLACEHOLDER},
    )
    shared = response.rendered_content.encode()
    visitors = HttpResponse(with_token(request, shared))
    add_never_cache_headers(visitors)
    return mark_shareable_but_for_csrf(visitors, shared)


def _remember_confirmation(page, response, reference, received):
    """The new reference goes to the confirmation page in a signed cookie, named for this form
    page, that lasts an hour (or until the quick exit deletes it): no session row is written
    for it. Its value is made only of RFC 6265 cookie-octets (`<reference>_<date>:<signature>`),
    which every cookie parser reads the same."""
    value = f"{reference}{CONFIRMATION_SEPARATOR}{received}"
    response.set_signed_cookie(
        CONFIRMATION_COOKIE.format(page_id=page.pk),
        value,
        salt=CONFIRMATION_SALT,
        max_age=CONFIRMATION_SECONDS,
        path="/",  # so the quick exit (/leave/) can delete it
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def _confirmation_cookie(page, request):
    try:
        value = request.get_signed_cookie(
            CONFIRMATION_COOKIE.format(page_id=page.pk),
            salt=CONFIRMATION_SALT,
            max_age=CONFIRMATION_SECONDS,
        )
        reference, received = value.split(CONFIRMATION_SEPARATOR)
        return reference, datetime.date.fromisoformat(received)
    except (KeyError, ValueError, TypeError, signing.BadSignature):
        return None


def confirmation_view(page, request):
    stored = _confirmation_cookie(page, request)
    if stored is None:
        return redirect(page.url)
    reference, received = stored
    return render_confirmation(page, request, reference=reference, received=received)


def render_confirmation(page, request, *, reference, received, shared=True):
    """The confirmation page: rendered once per content version with placeholders, then the
    visitor's reference and date are put in (they are all that differs between visitors).
    An editor's preview (`shared=False`) is always rendered from the page it is given."""
    # Shared only as an anonymous visitor sees it (a signed-in editor's copy has Wagtail's
    # user bar in it).
    shared = shared and settings.PUBLIC_PAGE_CACHE_SECONDS > 0 and not request.user.is_authenticated
    key = f"confirmation-page:v3:{page.pk}"
    version, stored = read_current(key) if shared else (None, None)
    if stored is not None:
        shell, working_days = stored
    else:
        working_days = SiteSettings.load(request_or_site=request).response_working_days
        shell = page.render(
            request,
            template=page.confirmation_template,
            context_overrides={
                "reference": REFERENCE_PLACEHOLDER,
                "contact_by": CONTACT_BY_PLACEHOLDER,
            },
        ).rendered_content
        if shared:
            store_current(key, version, (shell, working_days))
    contact_by = dateformat.format(contact_by_date(received, working_days), CONTACT_BY_FORMAT)
    response = HttpResponse(
        shell.replace(REFERENCE_PLACEHOLDER, escape(reference)).replace(
            CONTACT_BY_PLACEHOLDER, escape(contact_by)
        )
    )
    add_never_cache_headers(response)
    return response


def preview(page, request, mode):
    """An editor's preview: the start page or blank form, "Check your answers" with no answers
    (where the privacy notice and the send button are), or the confirmation page with a
    sample reference."""
    if mode == "check" and _steps(page):
        form = ReferralForm(kind=page.kind, spam_checks=False)
        return render_check(page, request, form, _sending_form(page, None))
    if mode == "confirmation":
        return render_confirmation(
            page, request, reference=PREVIEW_REFERENCE, received=timezone.localdate(), shared=False
        )
    if _steps(page):
        response = page.render(
            request,
            template=page.template,
            context_overrides={
                "steps": _steps(page),
                "first_step_url": _step_url(page, _steps(page)[0]),
            },
        )
        add_never_cache_headers(response)
        return response
    return render_form(page, request, _intake(page).form(page, None, True))


def render_form(page, request, form, *, rate_limited=False, status=200, extra_context=None):
    response = page.render(
        request,
        template=page.form_template,
        context_overrides={
            "form": form,
            "date_parts": DATE_PARTS,
            "rate_limited": rate_limited,
            "error_list": [] if rate_limited else _error_links(form),
            "has_errors": bool(form.is_bound and not rate_limited and form.errors),
            "form_key": form_key(request),
            **(extra_context or {}),
        },
    )
    response.status_code = status
    add_never_cache_headers(response)
    return response


def _add_model_errors(form, exc):
    messages = getattr(exc, "message_dict", {"__all__": exc.messages})
    for name, errors in messages.items():
        field = name if name in form.fields else None
        for _message in errors:
            form.add_error(field, "Check this answer and try again")
