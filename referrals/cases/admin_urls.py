"""Every admin address of a case, a list or an action, from one place.

wagtail-modeladmin names its URLs `<app>_<model>_modeladmin_<action>`; nothing else in the code
or the tests builds such a name by hand. These use its public AdminURLHelper, so a move to
Wagtail's own ModelViewSet (docs/upgrading.md) changes this module only.
"""

from urllib.parse import urlencode

from django.contrib.admin.utils import quote
from wagtail_modeladmin.helpers import AdminURLHelper


def case_url(case, action="inspect"):
    """A case's page in the admin (or another of its actions: "delete")."""
    return AdminURLHelper(type(case)).get_action_url(action, quote(case.pk))


def case_url_for(model, pk, action="inspect"):
    """The same, for a case known by its model and primary key."""
    return AdminURLHelper(model).get_action_url(action, quote(pk))


def list_url(model, **filters):
    """The list of a kind of case (or the email outbox), with these filters."""
    url = AdminURLHelper(model).index_url
    return f"{url}?{urlencode(filters)}" if filters else url


def add_url(model):
    """The "add" address modeladmin registers for a kind of case (every kind refuses it)."""
    return AdminURLHelper(model).create_url
