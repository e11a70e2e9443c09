"""setup_demo builds the real site on a new install and changes nothing when run again."""

from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Page, Revision, Site

from home.models import HomePage, SiteSettings


def snapshot():
    return {
        "pages": sorted(Page.objects.values_list("url_path", "title", "live")),
        "revisions": Revision.objects.count(),
        "sites": sorted(Site.objects.values_list("hostname", "root_page__url_path")),
        "settings": sorted(SiteSettings.objects.values_list("phone", "privacy_page_id")),
        "users": sorted(
            get_user_model().objects.values_list("username", "is_superuser", "password")
        ),
        "groups": sorted(
            get_user_model().groups.through.objects.values_list("user_id", "group_id")
        ),
    }


def test_running_setup_demo_twice_changes_nothing(db):
    call_command("setup_demo", stdout=StringIO())
    before = snapshot()
    call_command("setup_demo", stdout=StringIO())
    assert snapshot() == before


def test_setup_demo_keeps_an_editors_changes(db):
    home = HomePage.objects.get()
    home.introduction = "Written by an editor."
    home.save_revision().publish()
    call_command("setup_demo", stdout=StringIO())
    assert HomePage.objects.get(pk=home.pk).introduction == "Written by an editor."


def test_demo_site_serves_the_home_page_at_the_root(db):
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert not Page.objects.filter(title__startswith="Welcome to your new Wagtail site").exists()


def test_demo_accounts_are_refused_in_production_like_settings(db, settings):
    import pytest
    from django.core.exceptions import ImproperlyConfigured

    settings.DEMO_ACCOUNTS_ALLOWED = False
    with pytest.raises(ImproperlyConfigured):
        call_command("setup_demo", stdout=StringIO())
