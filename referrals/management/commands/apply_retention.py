from django.conf import settings
from django.core.management.base import BaseCommand

from referrals.triage.services import apply_retention


class Command(BaseCommand):
    help = (
        "Anonymise referrals and enquiries closed more than RETENTION_CLOSED_DAYS days ago: "
        "personal details are removed; the reference, status and dates are kept. Run it daily."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only say how many cases would be anonymised."
        )
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"Override RETENTION_CLOSED_DAYS (now {settings.RETENTION_CLOSED_DAYS}).",
        )

    def handle(self, *args, dry_run=False, days=None, **options):
        days = settings.RETENTION_CLOSED_DAYS if days is None else days
        if days < 1:
            self.stderr.write("The retention period must be at least one day.")
            return
        counts = apply_retention(days=days, dry_run=dry_run)
        verb = "would be anonymised" if dry_run else "anonymised"
        for kind, count in counts.items():
            self.stdout.write(f"{count} closed {kind.model._meta.verbose_name_plural} {verb}.")
        if dry_run:
            total = sum(counts.values())
            self.stdout.write(f"Dry run: nothing changed ({total} in all, older than {days} days).")
