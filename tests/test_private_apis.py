"""Every private name of another package the code relies on (docs/upgrading.md), held here: a test
fails, naming the package and the name, when an upgrade changes it."""

import ast
import inspect
import textwrap

import pytest
from csp import decorators as csp_decorators
from csp import middleware as csp_middleware
from django.contrib.sessions.backends.db import SessionStore
from django.core.cache.backends.redis import RedisCacheClient
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.test import RequestFactory
from django.urls import reverse
from django_tasks_db.management.commands import db_worker
from wagtail.models import Page, Site
from wagtail.models.preview import PreviewableMixin
from wagtail_modeladmin.views import IndexView

from referrals.triage.queue import CaseIndexView


def changed(package, name):
    return f"{package}: {name} changed; see docs/upgrading.md"


def test_django_request_get_raw_host():
    request = RequestFactory().get("/", HTTP_HOST="vig.example:8443")
    assert request._get_raw_host() == "vig.example:8443", changed("django", "_get_raw_host")
    assert callable(HttpRequest._get_raw_host)


def test_django_session_keeps_its_expiry_under_session_expiry():
    session = SessionStore()
    session.set_expiry(600)
    assert session.get("_session_expiry") == 600, changed("django", "_session_expiry")


def test_django_leaves_the_csrf_secret_in_the_request_meta():
    request = RequestFactory().get("/")
    get_token(request)
    assert request.META.get("CSRF_COOKIE"), changed("django", 'request.META["CSRF_COOKIE"]')


def test_django_redis_client_internals():
    for name in ("_get_connection_pool_index", "_get_connection_pool"):
        assert callable(getattr(RedisCacheClient, name, None)), changed("django", name)
    client = RedisCacheClient(["redis://127.0.0.1:6379/15"])
    assert hasattr(client, "_client") and hasattr(client, "_lib"), changed("django", "_client")


@pytest.mark.django_db
def test_wagtail_caches_the_site_and_route_on_the_request(home_page):
    request = RequestFactory().get(home_page.url)
    site = Site.find_for_request(request)
    assert getattr(request, "_wagtail_site", None) == site, changed("wagtail", "_wagtail_site")
    Page.route_for_request(request, request.path)
    route = getattr(request, "_wagtail_route_for_request", None)
    assert route is not None and route[0] == home_page, changed(
        "wagtail", "_wagtail_route_for_request"
    )


def test_wagtail_marks_the_preview_request():
    source = inspect.getsource(PreviewableMixin.make_preview_request)
    assert "request.is_preview = True" in source, changed("wagtail", "request.is_preview")


def test_wagtail_page_password_url_name_and_argument():
    url = reverse(
        "wagtailcore_authenticate_with_password",
        kwargs={"page_view_restriction_id": 1, "page_id": 2},
    )
    assert url.startswith("/_util/"), changed("wagtail", "wagtailcore_authenticate_with_password")


def assigned(function, target):
    """The attribute names `function` assigns on `target` (e.g. self.x = ...)."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    return {
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.ctx, ast.Store)
        and isinstance(node.value, ast.Name)
        and node.value.id == target
    }


def test_modeladmin_index_view_sets_up_what_for_state_sets_up():
    dispatch = assigned(IndexView.dispatch, "self")
    for_state = assigned(CaseIndexView.for_state.__func__, "view")
    missing = dispatch - for_state
    assert not missing, changed("wagtail-modeladmin", f"IndexView.dispatch sets {sorted(missing)}")


def test_django_csp_attribute_names():
    decorators = inspect.getsource(csp_decorators)
    for name in ("_csp_exempt", "_csp_update", "_csp_replace", "_csp_config"):
        assert name in decorators, changed("django-csp", name)
    middleware = inspect.getsource(csp_middleware)
    for name in ("_csp_nonce", "_csp_exempt", "_csp_update", "_csp_replace", "_csp_config"):
        assert name in middleware, changed("django-csp", name)


def test_django_tasks_db_worker_class():
    worker = getattr(db_worker, "Worker", None)
    assert worker is not None, changed("django-tasks-db", "db_worker.Worker")
    parameters = set(inspect.signature(worker.__init__).parameters)
    wanted = {
        "queue_names",
        "interval",
        "batch",
        "backend_name",
        "startup_delay",
        "max_tasks",
        "worker_id",
        "excluded_queue_names",
    }
    assert wanted <= parameters, changed("django-tasks-db", f"Worker({wanted - parameters})")
    assert "self.running" in inspect.getsource(worker), changed("django-tasks-db", "running")


def test_modeladmin_index_view_names_the_queue_overrides():
    for name in ("IGNORED_PARAMS", "SEARCH_VAR", "EXPORT_VAR", "PAGE_VAR", "ERROR_FLAG"):
        assert hasattr(IndexView, name), changed("wagtail-modeladmin", f"IndexView.{name}")
    for name in ("get_filters_params", "get_query_string", "as_spreadsheet", "get_queryset"):
        assert callable(getattr(IndexView, name, None)), changed("wagtail-modeladmin", name)
