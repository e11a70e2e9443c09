from django.core.management.base import BaseCommand

from home.demo import site


class Command(BaseCommand):
    help = (
        "Create the demo site: pages, site settings and demo staff accounts. Idempotent: "
        "anything that already exists is left as it is."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-accounts", action="store_true", help="Create content only, no staff accounts."
        )

    def handle(self, *args, no_accounts=False, **options):
        home, pages = site.setup_site()
        self.stdout.write(f"Site ready: {home.title} with {len(pages)} information pages.")
        if no_accounts:
            return
        site.ensure_accounts()
        self.stdout.write("Demo staff logins (development only) at /admin/:")
        for username, password, *_ in site.DEMO_ACCOUNTS:
            self.stdout.write(f"  {username:<10} {password}")
