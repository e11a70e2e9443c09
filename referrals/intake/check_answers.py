"""A referral's "Check your answers" page: every answer kept in the session, each with a Change
link to its question page, the declaration, and the Send button that sends the referral.

Sending is where the rate limit, the spam checks (the honeypot and reCAPTCHA, on this page's
own small form) and the double-send guard apply; the whole referral is checked again.
"""

from django.http import Http404
from django.shortcuts import redirect
from django.utils import dateformat
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _

from referrals.intake import ratelimit
from referrals.intake.answers import Answers
from referrals.intake.confirmation import confirmation_cookie
from referrals.intake.double_send import abandon, claim
from referrals.intake.fields import ChildDateOfBirthField, UKPhoneField, without_optional
from referrals.intake.forms import SPAM_FIELDS, ReferralForm
from referrals.intake.journey import (
    check_url,
    next_url,
    page_steps,
    render_start_again,
    step_url,
)
from referrals.intake.rendering import error_links, render_page
from referrals.intake.rules import may_name_team_is_asked
from referrals.intake.sending import save
from referrals.intake.steps import CONDITIONAL_FIELDS

NOT_GIVEN = _("Not given")
DOES_NOT_APPLY = _("Does not apply: no texts or voicemails")
YES = _("Yes")
NO = _("No")
# A date of birth as the family reads it: "27 March 2019" ("E": the month's name as a date
# says it, e.g. Polish "27 marca 2019").
DATE_FORMAT = "j E Y"


def check_view(page, request):
    steps = page_steps(page)
    if not steps:
        raise Http404
    if request.method == "POST":
        return _send_checked(page, request, steps)
    answers = Answers(request, page)
    if answers.expired or not answers.started:
        return _sent_or_start_again(page, request)
    if any(step.slug not in answers.done for step in steps):
        return redirect(next_url(page, steps, answers))
    form = ReferralForm(data=MultiValueDict(answers.data()), kind=page.kind, spam_checks=False)
    form.is_valid()
    answers.show_declaration()
    return render_check(page, request, form, sending_form(page))


def _sent_or_start_again(page, request):
    """No answers in progress: if this browser has just sent the referral (Back from the
    confirmation, or Send pressed in a second tab), show its confirmation; only otherwise say
    that nothing was sent and to start again."""
    if confirmation_cookie(page, request) is not None:
        return redirect(page.confirmation_url())
    return render_start_again(page, request)


def sending_form(page, data=None):
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
        return render_check(page, request, form, sending_form(page), rate_limited=True, status=429)
    key, already = claim(page, request)
    if already is not None:
        answers.clear()
        return already
    if answers.expired or not answers.started:
        abandon(request, key)
        return _sent_or_start_again(page, request)
    if any(step.slug not in answers.done for step in steps) or not answers.declaration_shown:
        # Not every page answered, or the declaration not shown for these answers: show them.
        abandon(request, key)
        return redirect(check_url(page))
    data = MultiValueDict(answers.data())
    for name in SPAM_FIELDS:
        data.setlist(name, request.POST.getlist(name))
    form = ReferralForm(data=data, kind=page.kind, spam_checks=True)
    if form.is_valid():
        sent = save(page, request, form, key)
        if sent is not None:
            answers.clear()
            return sent
    abandon(request, key)
    return render_check(page, request, form, sending_form(page))


def _summary(page, form, steps):
    """The check page's rows: for each question page, its title, its address and, for each
    question asked there, (label, value lines, the Change link's address)."""
    sections = []
    data = form.cleaned_data if form.is_bound and form.errors is not None else {}
    for step in steps:
        url = step_url(page, step)
        rows = []
        for name in step.fields:
            if name in CONDITIONAL_FIELDS:
                continue
            field = form.fields[name]
            rows.append(
                {
                    "label": without_optional(field.label),
                    "lines": _answer_lines(form, name, data),
                    "change_url": f"{url}#{form.error_anchor(name)}",
                }
            )
        sections.append({"step": step, "url": url, "rows": rows})
    return sections


def _may_name_team_lines(form, data):
    """The answer to "Can we say who we are in a text or voicemail?", which counts only where
    one of those is ticked as safe; not answered there, it is no (as it is saved)."""
    safe = data.get("safe_contact", form["safe_contact"].value())
    if not may_name_team_is_asked(safe):
        return [str(DOES_NOT_APPLY)]
    return [str(YES if data.get("may_name_team") == "yes" else NO)]


def _answer_lines(form, name, data):
    field = form.fields[name]
    value = data.get(name)
    if name == "may_name_team":
        return _may_name_team_lines(form, data)
    if isinstance(field, ChildDateOfBirthField):
        return [dateformat.format(value, DATE_FORMAT)] if value else [str(NOT_GIVEN)]
    if isinstance(field, UKPhoneField):
        typed = form[name].value()
        return [typed] if typed else [str(NOT_GIVEN)]
    choices = dict(getattr(field, "choices", ()))
    if isinstance(value, list):
        return [str(choices.get(each, each)) for each in value] or [str(NOT_GIVEN)]
    if isinstance(value, bool):
        return [str(YES if value else NO)]
    if choices and value:
        line = str(choices.get(value, value))
        for other, (parent, when) in CONDITIONAL_FIELDS.items():
            if parent == name and value == when and data.get(other):
                # Translators: a chosen answer, then what was typed after choosing it
                # ("Other: aunt").
                line = _("%(choice)s: %(detail)s") % {"choice": line, "detail": data[other]}
        return [line]
    return str(value).splitlines() if value else [str(NOT_GIVEN)]


def render_check(page, request, form, sending, *, rate_limited=False, status=200):
    steps = page_steps(page)
    where = {name: step_url(page, step) for step in steps for name in step.fields}
    errors = [] if rate_limited else error_links(form, where=where)
    return render_page(
        page,
        request,
        "pages/intake/check_answers.html",
        form=sending,
        sections=_summary(page, form, steps),
        error_list=errors,
        has_errors=bool(errors),
        rate_limited=rate_limited,
        back_url=step_url(page, steps[-1]),
        form_action=check_url(page),
        status=status,
    )
