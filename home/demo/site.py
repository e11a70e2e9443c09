"""Build the demo site idempotently: what exists is left as it is (editors may have changed it)."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page, Site

from home import roles
from home.models import AccessibilityStatementPage, HomePage, InformationPage, SiteSettings

from . import content, logo

# Demo staff accounts. These passwords exist only in development and tests: setup_demo refuses
# to create accounts unless settings.DEMO_ACCOUNTS_ALLOWED is true (never in production).
DEMO_ACCOUNTS = [
    # username, password, first name, last name, groups, superuser
    ("admin", "vig-demo-admin", "Alex", "Admin", (), True),
    ("editor", "vig-demo-editor", "Erin", "Editor", (roles.CONTENT_EDITORS,), False),
]


# The demo's "cover your tracks" page is due for review this many days after the demo is made.
DEMO_REVIEW_IN_DAYS = 14


def publish(page):
    page.save_revision().publish()
    return page


@transaction.atomic
def ensure_home_page():
    """Return the site's HomePage, replacing Wagtail's placeholder welcome page once."""
    home = HomePage.objects.first()
    root = Page.objects.get(depth=1)
    if home is None:
        placeholder = Page.objects.filter(depth=2, slug="home").exclude(
            content_type__model="homepage"
        )
        placeholder_ids = list(placeholder.values_list("id", flat=True))
        home = HomePage(
            title=content.HOME_TITLE,
            seo_title=content.HOME_SEO_TITLE,
            slug="home-new" if placeholder_ids else "home",
            introduction=content.HOME_INTRODUCTION,
            search_description=content.HOME_SEARCH_DESCRIPTION,
        )
        root.add_child(instance=home)
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            site = Site(hostname="localhost", port=80, is_default_site=True)
        site.root_page = home
        site.site_name = "VIG Support"
        site.save()
        for page in Page.objects.filter(id__in=placeholder_ids):
            page.delete()
        if home.slug != "home":
            home.slug = "home"
            home.save()
        publish(home)
    return home


def ensure_child(parent, model, slug, **fields):
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = model(slug=slug, **fields)
        parent.add_child(instance=page)
        publish(page)
    return page


@transaction.atomic
def ensure_information_pages(home):
    cycle = ensure_child(
        home,
        InformationPage,
        content.CYCLE_SLUG,
        title=content.CYCLE_TITLE,
        introduction=content.CYCLE_INTRODUCTION,
        body=content.CYCLE_BODY,
        show_in_menus=True,
    )
    privacy = ensure_child(
        home,
        InformationPage,
        "privacy",
        title=content.PRIVACY_TITLE,
        introduction=content.PRIVACY_INTRODUCTION,
        body=content.PRIVACY_BODY,
    )
    # A site made before the statement had its own page type keeps its information page.
    accessibility = Page.objects.child_of(home).filter(slug="accessibility").first()
    if accessibility is None:
        accessibility = ensure_child(
            home,
            AccessibilityStatementPage,
            "accessibility",
            **content.accessibility_statement(),
        )
    cover_tracks = ensure_child(
        home,
        InformationPage,
        "cover-your-tracks",
        title=content.COVER_TRACKS_TITLE,
        introduction=content.COVER_TRACKS_INTRODUCTION,
        body=content.COVER_TRACKS_BODY,
        # Due for review soon, so the editors' dashboard shows one on a fresh demo.
        review_by=timezone.localdate() + datetime.timedelta(days=DEMO_REVIEW_IN_DAYS),
    )
    if not home.body:
        home.body = content.home_body(cycle.id)
        publish(home)
    return {
        "cycle": cycle,
        "privacy": privacy,
        "accessibility": accessibility,
        "cover_tracks": cover_tracks,
    }


@transaction.atomic
def link_ask_for_support(home, page):
    """Point the home page's start button, and the end of the cycle page, at `page` (the form
    to ask for support), once: what an editor has set is left alone."""
    home = HomePage.objects.get(pk=home.pk)  # as stored now, not as the caller last saw it
    if home.start_page_id is None:
        home.start_page = page
        publish(home)
    cycle = InformationPage.objects.child_of(home).filter(slug=content.CYCLE_SLUG).first()
    raw = list(cycle.body.raw_data) if cycle is not None else []
    if cycle is not None and not any(block["type"] == "call_to_action" for block in raw):
        raw.append({"type": "call_to_action", "value": content.cycle_call_to_action(page.id)})
        cycle.body = raw
        publish(cycle)


def ensure_site_settings(home, pages):
    site_settings = SiteSettings.load()
    changed = False
    if site_settings.privacy_page_id is None:
        site_settings.privacy_page = pages["privacy"]
        changed = True
    if site_settings.accessibility_page_id is None:
        site_settings.accessibility_page = pages["accessibility"]
        changed = True
    if site_settings.cover_tracks_page_id is None:
        site_settings.cover_tracks_page = pages["cover_tracks"]
        changed = True
    # The demo's fictional council and the team's ways in besides the phone; an editor's own
    # values are kept.
    for field, value in [
        ("council_name", content.COUNCIL_NAME),
        ("area_served", content.AREA_SERVED),
        ("email", content.EMAIL),
        ("address", content.ADDRESS),
    ]:
        if not getattr(site_settings, field):
            setattr(site_settings, field, value)
            changed = True
    if site_settings.council_logo_id is None:
        site_settings.council_logo = logo.ensure_logo()
        changed = True
    if changed or site_settings.pk is None:
        site_settings.save()
    return site_settings


def ensure_accounts(accounts=DEMO_ACCOUNTS):
    if not getattr(settings, "DEMO_ACCOUNTS_ALLOWED", False):
        raise ImproperlyConfigured(
            "Demo accounts have well-known passwords and are never created in production."
        )
    User = get_user_model()
    created = []
    for username, password, first, last, group_names, superuser in accounts:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(
                username=username,
                first_name=first,
                last_name=last,
                email=f"{username}@example.invalid",
                is_staff=superuser,
                is_superuser=superuser,
            )
            user.set_password(password)
            user.save()
            created.append(username)
        user.groups.add(*Group.objects.filter(name__in=group_names))
    return created


def setup_site():
    home = ensure_home_page()
    pages = ensure_information_pages(home)
    ensure_site_settings(home, pages)
    return home, pages
