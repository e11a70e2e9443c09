"""Build the whole demo: the website (home.demo), then the form pages, staff and cases.

It lives in the referrals app because it uses both apps; home knows nothing of referrals.
"""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from home import languages
from home.demo import site
from home.demo.translations import translate as demo_translations
from home.models import SiteSettings
from referrals.demo import cases as demo_cases
from referrals.demo import pages as demo_pages


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
        forms = demo_pages.setup_form_pages(home)
        # Polish and Arabic: every page copied into each language's tree (then translated).
        languages.ensure_locales()
        # ...then translated as a translator's PO files come back (home/demo/translations).
        translated = demo_translations.translate_demo(home)
        if translated.translated:
            self.stdout.write(f"Translated {translated.translated} pages from the PO files.")
        for refused in translated.refused:
            self.stderr.write(f"Not translated (the page stays in English): {refused}")
        # The settings' public wording (opening hours, what happens next) likewise.
        demo_translations.translate_site_wording(SiteSettings.load())
        self.stdout.write(
            f"Site ready: {home.title} with {len(pages)} information and {len(forms)} form pages."
        )
        if no_accounts:
            return
        accounts = [*site.DEMO_ACCOUNTS, *demo_cases.DEMO_ACCOUNTS]
        site.ensure_accounts(accounts)
        created = demo_cases.setup_cases()
        if created:
            self.stdout.write(f"Created {created} fictional referrals and enquiries.")
        call_command("update_public_wait", stdout=self.stdout)  # the home page's current wait
        self.stdout.write("Demo staff logins (development only); sign in at /admin/:")
        if not settings.STAFF_MFA_REQUIRED:
            self.stdout.write(
                "  (two-factor sign-in is off here: STAFF_MFA_REQUIRED=false; production "
                "requires it for everyone who can see referrals)"
            )
        for username, password, *_ in accounts:
            self.stdout.write(f"  {username:<10} {password}")
