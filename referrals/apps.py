from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "referrals"
    verbose_name = "Referrals and enquiries"

    def ready(self):
        # Views import forms and services, which import the models: the form pages get their
        # request handling here, once every app is loaded, instead of importing it themselves.
        from . import views
        from .models import IntakeFormPage

        IntakeFormPage.request_handler = views
