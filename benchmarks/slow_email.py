import time

from django.core.mail.backends.locmem import EmailBackend

DELAY_SECONDS = 0.5


class SlowEmailBackend(EmailBackend):
    """An email provider that takes half a second to answer."""

    def send_messages(self, messages):
        time.sleep(DELAY_SECONDS)
        return super().send_messages(messages)
