"""Sending a referral through its question pages, as a visitor's browser does, for any test.

A referral is asked on a start page, a few question pages, and "Check your answers", from
which it is sent. Tests give the answers as one dict of input names and values (as the old
one-page form posted them): every question page is posted the whole dict and keeps only its
own inputs; the check page's POST carries only the spam checks (the honeypot `website`, and
`recaptcha`) and the CSRF token. Each page is opened (GET) before it is posted, so a client
that enforces CSRF uses each page's own token.
"""

import re

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
START = re.compile(r"<a\b[^>]*\bbutton--start\b[^>]*>")
HREF = re.compile(r'href="([^"]+)"')
CHECK_PATH = "check-your-answers/"


def csrf_token(html):
    found = CSRF.search(html if isinstance(html, str) else html.decode())
    assert found, "the page carries no CSRF token"
    return found.group(1)


def first_question_url(client, url):
    """The address the start page's "Start now" button goes to."""
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    found = START.search(response.content.decode())
    assert found, f"{url} has no start button"
    return HREF.search(found.group(0)).group(1)


def check_url(url):
    return f"{url}{CHECK_PATH}"


def post_page(client, path, answers):
    """Open a question or check page, then post `answers` with its own CSRF token."""
    page = client.get(path)
    data = dict(answers)
    if page.status_code == 200 and CSRF.search(page.content.decode()):
        data["csrfmiddlewaretoken"] = csrf_token(page.content)
    return client.post(path, data)


def answer_questions(client, url, answers, *, max_pages=12):
    """Walk the question pages of the referral page at `url` with `answers`.

    Returns (True, the check page's address) when every page accepted its answers, or
    (False, the response of the first page that did not), which shows its errors.
    """
    path = first_question_url(client, url)
    for _ in range(max_pages):
        if path == check_url(url):
            return True, path
        response = post_page(client, path, answers)
        if response.status_code != 302:
            return False, response
        path = response["Location"]
    raise AssertionError("the question pages never reached the check page")


def send_from_check(client, url, answers=None):
    """Open "Check your answers" and send: the spam checks come from `answers`."""
    spam = {name: value for name, value in (answers or {}).items() if name in SPAM_INPUTS}
    return post_page(client, check_url(url), spam)


SPAM_INPUTS = ("website", "recaptcha")


def send_referral(client, url, answers):
    """Answer every question page and send from the check page. Returns the last response:
    the first question page that refused its answers (200, with errors), or the send's (a
    redirect to the confirmation when the referral was saved)."""
    accepted, result = answer_questions(client, url, answers)
    if not accepted:
        return result
    return send_from_check(client, url, answers)


def question_urls(url, kind="self"):
    """The addresses of the question pages of a referral page at `url`, in order."""
    from referrals.intake.steps import referral_steps

    return [f"{url}{step.slug}/" for step in referral_steps(kind)]
