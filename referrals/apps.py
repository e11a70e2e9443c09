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
        from django.db.models.signals import post_migrate, pre_migrate

        from referrals import checks  # noqa: F401 - checks registers checks
        from referrals.cases import reference_triggers  # noqa: F401 - checks registers checks
        from referrals.intake import views  # noqa: F401 - checks registers checks
        from referrals.models import IntakeFormPage

        IntakeFormPage.request_handler = views
        # References unique across kinds of case, at the database (see reference_triggers).
        pre_migrate.connect(reference_triggers.remove, sender=self)
        post_migrate.connect(reference_triggers.install, sender=self)


class StaffUsersConfig(WagtailUsersAppConfig):
    """Wagtail's user screens with the staff-account rules of referrals.staff.accounts: in
    INSTALLED_APPS in place of "wagtail.users" (Wagtail's documented way to swap its viewset)."""

    default = False
    user_viewset = "referrals.staff.accounts.StaffUserViewSet"
