"""A referral's question pages: the start page, one short page per topic (the step table,
referrals.intake.steps) and the way through them, forward, back and to "Check your answers".

Answers in progress live only in the visitor's session (referrals.intake.answers). The start
page is the same for every visitor, so the public page cache shares it (home.cache); a question
page not yet answered is rendered once per content version with placeholders for the visitor's
CSRF token and form key (home.snapshot). A page showing a visitor's own answers is never shared.
"""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers
from django.utils.datastructures import MultiValueDict
from django.utils.translation import get_language

from home import snapshot
from home.cache import CSRF_PLACEHOLDER, FORM_KEY_PLACEHOLDER, form_key, mark_shareable, with_token
from referrals.intake.answers import IDLE_SECONDS, Answers
from referrals.intake.forms import ReferralForm
from referrals.intake.rendering import render_page
from referrals.intake.steps import referral_steps
from referrals.models import ReferralFormPage


def page_steps(page):
    """The page's question pages (referrals.intake.steps); () for a one-page form."""
    return referral_steps(page.kind) if isinstance(page, ReferralFormPage) else ()


def step_url(page, step):
    return page.url + page.reverse_subpage("step_view", kwargs={"step": step.slug})


def check_url(page):
    return page.url + page.reverse_subpage("check_view")


def next_url(page, steps, answers, after=None):
    """The first question page after `after` not yet answered, else the check page."""
    done = set(answers.done)
    index = steps.index(after) + 1 if after else 0
    for step in steps[index:]:
        if step.slug not in done:
            return step_url(page, step)
    for step in steps[:index]:
        if step.slug not in done:
            return step_url(page, step)
    return check_url(page)


def back_url(page, steps, answers, step):
    """Back to the check page once every page is answered (a Change), else the page before."""
    if all(each.slug in answers.done for each in steps):
        return check_url(page)
    index = steps.index(step)
    return step_url(page, steps[index - 1]) if index else page.url


def render_start(page, request):
    """The start page: the editor's words, the topics we will ask about and a start button."""
    steps = page_steps(page)
    return page.render(
        request,
        template=page.template,
        context_overrides={"steps": steps, "first_step_url": step_url(page, steps[0])},
    )


def start_view(page, request):
    """The referral's start page. The same for everyone (no form, no answers), so the page
    cache shares it."""
    if request.method == "POST":
        return _one_page_form_posted(page, request)
    response = render_start(page, request)
    if settings.PUBLIC_PAGE_CACHE_SECONDS > 0 and not request.user.is_authenticated:
        mark_shareable(response)
    else:
        add_never_cache_headers(response)
    return response


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
    steps = page_steps(page)
    answers = Answers(request, page)
    for step in steps:
        form = ReferralForm(data=request.POST, kind=page.kind, step=step)
        if form.is_valid():
            answers.save_step(step.slug, _posted_answers(form, request.POST))
    response = redirect(next_url(page, steps, answers))
    response.status_code = 303
    return response


def step_view(page, request, slug):
    steps = page_steps(page)
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
            return redirect(next_url(page, steps, answers, after=step))
    else:
        earlier = steps[: steps.index(step)]
        missing = [each for each in earlier if each.slug not in answers.done]
        if missing:  # a later page's address before the earlier ones were answered
            return redirect(step_url(page, missing[0]))
        answers.touch()
        if step.slug not in answers.done:
            return _blank_step(page, request, steps, step, back_url(page, steps, answers, step))
        form = ReferralForm(
            data=MultiValueDict(answers.data()), kind=page.kind, step=step, checked=False
        )
    return _render_step(page, request, steps, step, form, back_url(page, steps, answers, step))


def _render_step(page, request, steps, step, form, back, **extra_context):
    return render_page(
        page,
        request,
        "pages/intake/question_page.html",
        form=form,
        step=step,
        step_number=steps.index(step) + 1,
        step_count=len(steps),
        back_url=back,
        form_action=step_url(page, step),
        **{"form_key": form_key(request), **extra_context},
    )


def _blank_step(page, request, steps, step, back):
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
            back,
            csrf_token=CSRF_PLACEHOLDER,
            form_key=FORM_KEY_PLACEHOLDER,
        )
        return blank.rendered_content.encode()

    key = ("question page", request.get_host(), get_language(), page.pk, step.slug, back)
    shared = snapshot.remember(request, key, render)
    response = HttpResponse(with_token(request, shared))
    add_never_cache_headers(response)
    return response


def render_start_again(page, request):
    """What a visitor sees when their answers are gone (60 idle minutes, the quick exit, or
    an address opened without having started)."""
    return render_page(
        page,
        request,
        "pages/intake/start_again.html",
        idle_minutes=IDLE_SECONDS // 60,
        first_step_url=step_url(page, page_steps(page)[0]),
    )
