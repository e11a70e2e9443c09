"""Where editors may create each page type, and that moderation and previews are on."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import Page

from home.models import HomePage, InformationPage


def test_there_is_one_home_page_and_it_sits_at_the_top(home_page):
    root = Page.objects.get(depth=1)
    assert not HomePage.can_create_at(root)  # max one
    assert not HomePage.can_create_at(home_page)


def test_information_pages_live_under_the_home_page_or_each_other(home_page):
    root = Page.objects.get(depth=1)
    info = InformationPage.objects.first()
    assert InformationPage.can_create_at(home_page)
    assert InformationPage.can_create_at(info)
    assert not InformationPage.can_create_at(root)


def test_the_default_moderation_workflow_covers_the_site(home_page):
    workflow = home_page.get_workflow()
    assert workflow is not None
    assert workflow.active
    assert InformationPage.objects.first().get_workflow() == workflow


def test_editor_can_preview_changes_to_the_home_page(client, home_page):
    from wagtail.test.utils.form_data import nested_form_data, streamfield

    client.force_login(get_user_model().objects.get(username="editor"))
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[home_page.id])
    data = nested_form_data(
        {
            "title": home_page.title,
            "slug": home_page.slug,
            "introduction": "A brand new introduction for the preview.",
            **{
                field: getattr(home_page, field)
                for field in (
                    "glance_heading",
                    "glance_who",
                    "glance_cost",
                    "glance_where",
                    "glance_cycles",
                    "glance_how",
                    "start_label",
                )
            },
            "start_page": str(home_page.start_page_id),
            "body": streamfield([("heading", {"text": "Preview heading", "level": "h2"})]),
            "seo_title": "",
            "search_description": "",
        }
    )
    assert client.post(url, data).json()["is_valid"] is True
    preview = client.get(url).content.decode()
    assert "A brand new introduction for the preview." in preview
    # The live page is unchanged until the editor publishes.
    client.logout()
    assert "A brand new introduction" not in client.get("/").content.decode()


def test_form_pages_live_directly_under_the_home_page(home_page):
    from referrals.models import EnquiryFormPage, ReferralFormPage

    root = Page.objects.get(depth=1)
    info = InformationPage.objects.first()
    for page_type in (ReferralFormPage, EnquiryFormPage):
        assert page_type.can_create_at(home_page)
        assert not page_type.can_create_at(root)
        assert not page_type.can_create_at(info)
    assert {t.__name__ for t in HomePage.creatable_subpage_models()} == {
        "InformationPage",
        "AccessibilityStatementPage",
        "ReferralFormPage",
        "EnquiryFormPage",
    }
