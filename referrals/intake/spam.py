"""Spam signals for the public forms. None of them ever rejects a submission.

A real family's referral must never be lost, so every signal only flags the record for the
triage officer:

- reCAPTCHA v3 (django-recaptcha) when keys are configured: a score below
  RECAPTCHA_REQUIRED_SCORE flags "possible spam"; no token (no JavaScript), an invalid token
  or Google being unreachable (django-recaptcha only catches HTTPError; URLError, timeouts and
  anything else would escape as a server error) flags "not verified".
- A honeypot field, hidden from sighted users and from screen readers: filled in flags
  "possible spam".
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django_recaptcha.fields import ReCaptchaField, client
from django_recaptcha.widgets import ReCaptchaV3

logger = logging.getLogger(__name__)

HONEYPOT_FIELD = "website"
RECAPTCHA_ACTION = "submit"


@dataclass(frozen=True)
class RecaptchaResult:
    verified: bool
    score: float | None = None
    reason: str = ""


@dataclass(frozen=True)
class SpamVerdict:
    possible_spam: bool = False
    not_verified: bool = False
    reason: str = ""
    score: float | None = None

    def as_model_fields(self):
        return {
            "flagged_possible_spam": self.possible_spam,
            "flagged_not_verified": self.not_verified,
            "spam_reason": self.reason[:200],
            "recaptcha_score": self.score,
        }


class RecaptchaV3Widget(ReCaptchaV3):
    """The v3 widget without django-recaptcha's inline script (our CSP forbids inline scripts):
    static/js/recaptcha.js asks Google for a token when the form is submitted."""

    template_name = "intake/recaptcha_v3.html"  # app template: found by the form renderer


class RecaptchaV3Field(ReCaptchaField):
    """django-recaptcha's field, but it reports instead of refusing: clean() returns a
    RecaptchaResult and never raises."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget",
            RecaptchaV3Widget(
                action=RECAPTCHA_ACTION, required_score=settings.RECAPTCHA_REQUIRED_SCORE
            ),
        )
        kwargs.setdefault("label", "")
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, value):
        token = (value or "").strip()
        if not token:
            return RecaptchaResult(verified=False, reason="reCAPTCHA: no token (no JavaScript?)")
        try:
            response = client.submit(
                recaptcha_response=token[:4000],
                private_key=self.private_key,
                remoteip=self.get_remote_ip(),
            )
        except Exception as exc:  # URLError, timeouts, HTTP errors, bad JSON: never a 500
            logger.warning("reCAPTCHA verification unavailable: %s", type(exc).__name__)
            return RecaptchaResult(
                verified=False, reason=f"reCAPTCHA unavailable ({type(exc).__name__})"
            )
        if not response.is_valid:
            return RecaptchaResult(verified=False, reason="reCAPTCHA: token not valid")
        if response.action != RECAPTCHA_ACTION:
            return RecaptchaResult(verified=False, reason="reCAPTCHA: wrong action")
        try:
            score = float(response.extra_data.get("score", 0))
        except (TypeError, ValueError):
            score = 0.0
        return RecaptchaResult(verified=True, score=score)


def assess(form):
    """The spam verdict for a valid IntakeForm: honeypot and reCAPTCHA, flags only."""
    reasons = []
    possible_spam = False
    not_verified = False
    score = None
    if form.cleaned_data.get(HONEYPOT_FIELD):
        possible_spam = True
        reasons.append("Hidden field filled in")
    result = form.cleaned_data.get("recaptcha")
    if isinstance(result, RecaptchaResult):
        score = result.score
        if not result.verified:
            not_verified = True
            reasons.append(result.reason)
        elif score is not None and score < settings.RECAPTCHA_REQUIRED_SCORE:
            possible_spam = True
            reasons.append(
                f"reCAPTCHA score {score:.1f} below {settings.RECAPTCHA_REQUIRED_SCORE:.1f}"
            )
    return SpamVerdict(
        possible_spam=possible_spam,
        not_verified=not_verified,
        reason="; ".join(reasons),
        score=score,
    )
