from django.apps import AppConfig
from wagtail.users.apps import WagtailUsersAppConfig


class ReferralsConfig(AppConfig):
    default = True  # this module holds two app configs: "referrals" means this one
    default_auto_field = "django.db.models.BigAutoField"
    name = "referrals"
    verbose_name = "Referrals and enquiries"

    def ready(self):
        # Views import forms and services, which import the models: the form pages get their
        # request handling here, once every app is loaded, instead of importing it themselves.
        from home import quick_exit
        from referrals import checks  # noqa: F401 - checks registers checks
        from referrals.intake import views
        from referrals.intake.answers import SESSION_PREFIX
        from referrals.intake.confirmation import CONFIRMATION_COOKIE_PREFIX
        from referrals.models import IntakeFormPage

        IntakeFormPage.request_handler = views
        # "Leave this site quickly" forgets the answers in progress and a sent referral's
        # confirmation cookie: the intake owns them, so it tells the quick exit their names.
        quick_exit.forget_session_keys(SESSION_PREFIX)
        quick_exit.forget_cookies(CONFIRMATION_COOKIE_PREFIX, path="/")


class StaffUsersConfig(WagtailUsersAppConfig):
    """Wagtail's user screens with the staff-account rules of referrals.staff.accounts: in
    INSTALLED_APPS in place of "wagtail.users" (Wagtail's documented way to swap its viewset)."""

    default = False
    user_viewset = "referrals.staff.accounts.StaffUserViewSet"
