from django.core.management.base import BaseCommand

from referrals.tasks import retry_due_emails


class Command(BaseCommand):
    help = (
        "Re-queue outbox emails that failed and are due a retry, and queued ones no worker "
        "picked up. Run it every few minutes (cron, systemd timer or a scheduler)."
    )

    def handle(self, *args, **options):
        count = retry_due_emails()
        self.stdout.write(f"Re-queued {count} email(s).")
