"""A slow email provider does not slow down a family's submission (production task backend)."""

from .slow_email import DELAY_SECONDS
from .timing import median_seconds, report

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def test_submission_latency_is_unaffected_by_a_slow_email_provider(
    client, refer_url, referral_data, settings, django_capture_on_commit_callbacks
):
    settings.SUBMISSION_RATE_LIMIT = 10_000

    def submit():
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(refer_url, referral_data).status_code == 302

    settings.TASKS = DB_TASKS
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    fast = median_seconds(submit, repeat=15, warmup=3)
    settings.EMAIL_BACKEND = "benchmarks.slow_email.SlowEmailBackend"
    slow = median_seconds(submit, repeat=15, warmup=3)
    # For contrast: sending inside the request (the development backend) pays the delay.
    settings.TASKS = IMMEDIATE_TASKS
    inline = median_seconds(submit, repeat=3, warmup=1)

    report(
        "submission",
        fast_provider=fast,
        slow_provider=slow,
        slow_provider_sent_in_request=inline,
        ratio=f"{slow / fast:.2f}",
    )
    assert inline > DELAY_SECONDS  # the benchmark can see a slow provider when it is in the way
    assert slow / fast < 1.5
