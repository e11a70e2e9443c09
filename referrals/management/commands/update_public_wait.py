"""Work out the current wait the public sees ("Most families start within about N weeks").

The worker does this once a day by itself (task_worker); run this to do it now, for example
after importing casework. See referrals.report.public_wait for how it is worked out.
"""

from django.core.management.base import BaseCommand
from django.utils import dateformat, timezone

from home.models.wait import MIN_FAMILIES
from referrals.report.public_wait import update_public_wait


class Command(BaseCommand):
    help = "Work out the current wait shown on the public pages (the worker does it daily)."

    def handle(self, *args, **options):
        wait = update_public_wait()
        when = dateformat.format(timezone.localtime(wait.worked_out_at), "j F Y H:i")
        if wait.weeks is None:
            self.stdout.write(
                f"Worked out at {when}: {wait.families} families started in the last six months, "
                f"fewer than {MIN_FAMILIES}, so no wait is shown (the pages ask people to phone)."
            )
        else:
            self.stdout.write(
                f"Worked out at {when}: most families start within about {wait.weeks} weeks "
                f"({wait.families} families started in the last six months)."
            )
