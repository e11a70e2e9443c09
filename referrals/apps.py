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
        from . import checks, views  # noqa: F401 - checks registers the go-live checks
        from .models import IntakeFormPage

        IntakeFormPage.request_handler = views


class StaffUsersConfig(WagtailUsersAppConfig):
    """Wagtail's user screens with the staff-account rules of referrals.staff_accounts: in
    INSTALLED_APPS in place of "wagtail.users" (Wagtail's documented way to swap its viewset)."""

    default = False
    user_viewset = "referrals.staff_accounts.StaffUserViewSet"
