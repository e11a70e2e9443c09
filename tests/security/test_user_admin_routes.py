"""Every route Wagtail registers for administering accounts is either within a Manager's remit,
with a test that holds the remit, or refused to them (issue 20, items 1 and 2).

The routes are read from the URL resolver and the bulk-action registry, not listed by hand: a
Wagtail upgrade that adds a route to the user screens (as 8.0 added "copy", which let a Manager
set the superuser's password) fails here until the route is refused to Managers or given a
remit and a line in the tables below.
"""

from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from wagtail.admin.views.bulk_action.registry import bulk_action_registry

from home.roles import CONTENT_EDITORS
from referrals.staff.roles import MANAGERS, TRIAGE_OFFICERS, VIG_GUIDERS
from tests.factories import make_user
from tests.html import field_values

pytestmark = pytest.mark.django_db
User = get_user_model()
PASSWORD = "a-test-password-123"
USER_ADMIN_MODULES = ("wagtail.users", "referrals.staff.accounts")


@pytest.fixture
def accounts():
    """A Manager and, around them, one account of every kind they might reach."""
    return SimpleNamespace(
        manager=make_user("boss", MANAGERS),
        officer=make_user("off1", TRIAGE_OFFICERS),
        guider=make_user("guider1", VIG_GUIDERS),
        superuser=make_user("root", superuser=True),
        peer=make_user("peer", MANAGERS),
        editor=make_user("editor1", CONTENT_EDITORS),
    )


@pytest.fixture
def manager_client(accounts):
    client = Client()
    client.force_login(accounts.manager)
    return client


def out_of_remit(accounts):
    return [accounts.superuser, accounts.peer, accounts.editor]


def refused(response):
    """Forbidden, not found, or sent back to the dashboard (how Wagtail answers a refusal)."""
    if response.status_code in (403, 404):
        return True
    return response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


def group_id(name):
    return str(Group.objects.get(name=name).pk)


def offered_groups(html):
    """The group ids a page offers in its group checkboxes or role choice."""
    return {value for value in field_values(html, "group", "groups", "role") if value.isdigit()}


def triage_group_ids():
    return {group_id(TRIAGE_OFFICERS), group_id(VIG_GUIDERS)}


# The routes --------------------------------------------------------------------------------


def walk(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, pattern.namespace or namespace)
        else:
            yield namespace, pattern


def user_admin_routes():
    """(URL name, pattern, model) for every route of Wagtail's users app: its viewsets'
    namespaces, and any other route served by its views (or ours that replace them)."""
    routes = []
    for namespace, pattern in walk(get_resolver().url_patterns):
        view = getattr(pattern.callback, "view_class", pattern.callback)
        if (namespace or "").startswith("wagtailusers") or view.__module__.startswith(
            USER_ADMIN_MODULES
        ):
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            model = getattr(pattern.callback, "view_initkwargs", {}).get("model")
            routes.append((name, pattern, model))
    return routes


def url_for(name, pattern, model, accounts):
    """The route's address for an account within the Manager's remit (an officer), so that a
    refusal is the route's own and not the remit's."""
    kwargs = {}
    for key, converter in pattern.pattern.converters.items():
        if key == "pk" and model is User:
            kwargs[key] = accounts.officer.pk
        elif key == "pk" and model is Group:
            kwargs[key] = Group.objects.get(name=TRIAGE_OFFICERS).pk
        elif key == "pk" and model is not None and model._default_manager.exists():
            kwargs[key] = model._default_manager.first().pk
        else:
            kwargs[key] = converter.to_url(1 if converter.regex.startswith("[0-9") else "x")
    return reverse(name, kwargs=kwargs)


def bulk_url(action, *users, next_url="/admin/users/"):
    ids = "".join(f"&id={user.pk}" for user in users)
    return reverse("wagtail_bulk_action", args=["auth", "user", action]) + f"?next={next_url}{ids}"


# What a Manager may use, and the test that holds each one's remit -------------------------


def lists_accounts_filtering_by_triage_groups_only(client, name, url, accounts):
    response = client.get(url)
    assert response.status_code == 200
    assert offered_groups(response.content.decode()) <= triage_group_ids()


def adds_accounts_with_triage_groups_only(client, name, url, accounts):
    html = client.get(url).content.decode()
    assert 'name="is_superuser"' not in html
    assert 'name="password1"' not in html
    assert offered_groups(html) == triage_group_ids()


def opens_only_accounts_within_remit(client, name, url, accounts):
    for target in out_of_remit(accounts):
        response = client.get(reverse(name, args=[target.pk]))
        assert refused(response), (name, target.username, response.status_code)
    for target in (accounts.officer, accounts.guider, accounts.manager):
        response = client.get(reverse(name, args=[target.pk]))
        assert response.status_code == 200, (name, target.username, response.status_code)


MANAGER_ROUTES = {
    "wagtailusers_users:index": lists_accounts_filtering_by_triage_groups_only,
    "wagtailusers_users:index_results": lists_accounts_filtering_by_triage_groups_only,
    "wagtailusers_users:add": adds_accounts_with_triage_groups_only,
    "wagtailusers_users:edit": opens_only_accounts_within_remit,
    "wagtailusers_users:history": opens_only_accounts_within_remit,
    "wagtailusers_users:history_results": opens_only_accounts_within_remit,
    "wagtailusers_users:usage": opens_only_accounts_within_remit,
}


def assigns_only_triage_groups_within_remit(client, accounts):
    everyone = [accounts.officer, accounts.manager, *out_of_remit(accounts)]
    page = client.get(bulk_url("assign_role", *everyone))
    assert page.status_code == 200
    assert offered_groups(page.content.decode()) == triage_group_ids()
    # A group beyond the triage roles is refused for anyone.
    client.post(bulk_url("assign_role", accounts.officer), {"role": group_id(MANAGERS)})
    assert not accounts.officer.groups.filter(name=MANAGERS).exists()
    # A triage role reaches the accounts within remit only, never the Manager's own.
    client.post(bulk_url("assign_role", *everyone), {"role": group_id(VIG_GUIDERS)})
    assert accounts.officer.groups.filter(name=VIG_GUIDERS).exists()
    for user in [accounts.manager, *out_of_remit(accounts)]:
        assert not user.groups.filter(name=VIG_GUIDERS).exists(), user.username


def deactivates_only_within_remit_and_signs_them_out(client, accounts):
    everyone = [accounts.officer, accounts.manager, *out_of_remit(accounts)]
    officers_browser = Client()
    officers_browser.force_login(accounts.officer)
    response = client.post(bulk_url("set_active_state", *everyone), {"mark_as_active": "False"})
    assert response.status_code == 302
    assert not User.objects.get(pk=accounts.officer.pk).is_active
    for user in [accounts.manager, *out_of_remit(accounts)]:
        assert User.objects.get(pk=user.pk).is_active, user.username
    assert not signed_in_sessions(accounts.officer)
    assert officers_browser.get("/admin/referrals/referral/").status_code == 302


MANAGER_BULK_ACTIONS = {
    "assign_role": assigns_only_triage_groups_within_remit,
    "set_active_state": deactivates_only_within_remit_and_signs_them_out,
}


def signed_in_sessions(user):
    return [
        s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(user.pk)
    ]


# The class ------------------------------------------------------------------------------------


def test_every_user_admin_route_is_within_a_managers_remit_or_refused(accounts, manager_client):
    routes = user_admin_routes()
    assert {name for name, _, _ in routes} >= {"wagtailusers_users:index"}, "no routes found"
    problems = []
    for name, pattern, model in routes:
        url = url_for(name, pattern, model, accounts)
        if name in MANAGER_ROUTES:
            try:
                MANAGER_ROUTES[name](manager_client, name, url, accounts)
            except AssertionError as error:
                problems.append(f"{name}: its remit does not hold: {error}")
            continue
        for method in ("get", "post"):
            response = getattr(manager_client, method)(url)
            if not refused(response):
                problems.append(f"{name} ({method.upper()} {url}): {response.status_code}")
    assert not problems, "Routes neither in MANAGER_ROUTES nor refused:\n" + "\n".join(problems)


def test_every_bulk_action_on_accounts_is_within_a_managers_remit_or_refused(
    accounts, manager_client
):
    actions = [
        a.action_type for a in bulk_action_registry.get_bulk_actions_for_model("auth", "user")
    ]
    assert actions, "no bulk actions found"
    problems = []
    for action in actions:
        if action in MANAGER_BULK_ACTIONS:
            try:
                MANAGER_BULK_ACTIONS[action](manager_client, accounts)
            except AssertionError as error:
                problems.append(f"{action}: its remit does not hold: {error}")
            continue
        url = bulk_url(action, accounts.officer)
        for method in ("get", "post"):
            response = getattr(manager_client, method)(url)
            if not refused(response):
                problems.append(f"{action} ({method.upper()}): {response.status_code}")
    assert User.objects.filter(pk=accounts.officer.pk).exists()
    assert not problems, "Bulk actions neither allowed with a remit nor refused:\n" + "\n".join(
        problems
    )


# The findings, one by one ---------------------------------------------------------------------


def copy_data(user, **extra):
    return {
        "username": user.username,
        "email": user.email,
        "first_name": "Taken",
        "last_name": "Over",
        "password1": "Taken-over-pass-123",
        "password2": "Taken-over-pass-123",
        "is_active": "on",
        "is_superuser": "on",
        **extra,
    }


def test_a_manager_cannot_take_over_an_account_through_copy(accounts, manager_client):
    superusers = set(User.objects.filter(is_superuser=True))
    for target in (accounts.superuser, accounts.officer, accounts.manager):
        response = manager_client.post(f"/admin/users/copy/{target.pk}/", copy_data(target))
        assert refused(response), target.username
    root = User.objects.get(pk=accounts.superuser.pk)
    assert root.check_password(PASSWORD)
    assert not User.objects.get(pk=accounts.officer.pk).is_superuser
    assert not User.objects.get(pk=accounts.manager.pk).is_superuser
    assert set(User.objects.filter(is_superuser=True)) == superusers


def test_there_is_no_copy_of_an_account_for_anyone(accounts):
    client = Client()
    client.force_login(accounts.superuser)
    assert client.get(f"/admin/users/copy/{accounts.officer.pk}/").status_code == 404
    assert (
        f"/admin/users/copy/{accounts.officer.pk}/"
        not in client.get("/admin/users/").content.decode()
    )


def test_a_manager_cannot_put_an_officer_in_managers_through_bulk_actions(accounts, manager_client):
    manager_client.post(bulk_url("assign_role", accounts.officer), {"role": group_id(MANAGERS)})
    assert list(accounts.officer.groups.values_list("name", flat=True)) == [TRIAGE_OFFICERS]


def test_a_manager_cannot_deactivate_the_superuser_or_an_editor_in_bulk(accounts, manager_client):
    manager_client.post(
        bulk_url("set_active_state", accounts.superuser, accounts.editor),
        {"mark_as_active": "False"},
    )
    assert User.objects.get(pk=accounts.superuser.pk).is_active
    assert User.objects.get(pk=accounts.editor.pk).is_active


def test_a_manager_cannot_delete_accounts_in_bulk(accounts, manager_client):
    response = manager_client.post(bulk_url("delete", accounts.officer))
    assert refused(response)
    assert User.objects.filter(pk=accounts.officer.pk).exists()


def test_deactivating_in_bulk_ends_the_sessions_whoever_does_it(accounts):
    root = Client()
    root.force_login(accounts.superuser)
    editors_browser = Client()
    editors_browser.force_login(accounts.editor)
    assert signed_in_sessions(accounts.editor)
    response = root.post(bulk_url("set_active_state", accounts.editor), {"mark_as_active": "False"})
    assert response.status_code == 302
    assert not User.objects.get(pk=accounts.editor.pk).is_active
    assert not signed_in_sessions(accounts.editor)


@pytest.mark.parametrize("view", ["history", "usage"])
def test_a_manager_does_not_see_an_administrators_history_or_usage(accounts, manager_client, view):
    for target in out_of_remit(accounts):
        response = manager_client.get(reverse(f"wagtailusers_users:{view}", args=[target.pk]))
        assert refused(response), target.username
    officer = reverse(f"wagtailusers_users:{view}", args=[accounts.officer.pk])
    assert manager_client.get(officer).status_code == 200


def test_a_bulk_action_on_accounts_without_our_rules_is_refused_to_a_manager(
    accounts, manager_client, monkeypatch
):
    """As if a later Wagtail added a bulk action on accounts that we have not ruled on: here
    Wagtail's own "set active state", which checks nothing but auth.change_user."""
    from wagtail.users.views.bulk_actions import SetActiveStateBulkAction

    bulk_action_registry.get_bulk_actions_for_model("auth", "user")  # the registry is built
    monkeypatch.setitem(
        bulk_action_registry.actions["auth"]["user"], "unruled", SetActiveStateBulkAction
    )
    response = manager_client.post(
        bulk_url("unruled", accounts.superuser), {"mark_as_active": "False"}
    )
    assert refused(response)
    assert User.objects.get(pk=accounts.superuser.pk).is_active


def test_a_route_the_user_screens_gain_is_refused_to_a_manager_until_ruled_on(accounts, rf):
    """As if a later Wagtail added a route to the user screens: here "copy" switched back on.
    A non-superuser is refused it whatever the account; a superuser is not."""
    from django.core.exceptions import PermissionDenied

    from referrals.staff.accounts import StaffUserViewSet

    viewset = StaffUserViewSet("wagtailusers_users", url_prefix="users")
    viewset.copy_view_enabled = True
    [copy] = [p for p in viewset.get_urlpatterns() if p.name == "copy"]
    request = rf.get(f"/admin/users/copy/{accounts.officer.pk}/")
    request.user = accounts.manager
    with pytest.raises(PermissionDenied):
        copy.callback(request, pk=accounts.officer.pk)
    request.user = accounts.superuser
    assert copy.callback(request, pk=accounts.officer.pk).status_code == 200


@pytest.mark.parametrize("pk", ["99999999", "99999999999999999999999"])
def test_an_account_address_that_names_no_account_is_not_found(accounts, manager_client, pk):
    assert manager_client.get(f"/admin/users/edit/{pk}/").status_code == 404
