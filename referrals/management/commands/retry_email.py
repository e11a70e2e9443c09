from django.core.management.base import BaseCommand

from referrals.outbox.sending import send_due


class Command(BaseCommand):
    help = (
        "Send every outbox email that is due (failed ones whose wait has passed, queued ones), "
        "give up, visibly, on any interrupted after it was handed to the provider, and queue "
        "again those a stopped worker had only claimed. The worker does this all the time; run "
        "this every few minutes (cron, systemd timer or a scheduler) as a backstop."
    )

    def handle(self, *args, **options):
        count = send_due()
        self.stdout.write(f"Sent or tried {count} email(s).")
