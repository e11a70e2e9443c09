"""A content editor changes the home page in the Wagtail admin and the public sees it."""

import pytest

from .journeys import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NEW_INTRODUCTION = "Free, friendly 1-to-1 support for you and your child, at home or in school."


def test_editor_edits_the_home_page_publishes_and_the_public_page_shows_the_change(
    open_page, site_data
):
    home = site_data["home"]
    public = open_page("/")
    assert NEW_INTRODUCTION not in public.page.locator("main .lead").inner_text()

    admin = open_page("/admin/login/")
    log_in(admin, "editor", "vig-demo-editor")
    admin.goto(f"/admin/pages/{home.id}/edit/")
    introduction = admin.page.locator("#id_introduction")
    introduction.fill(NEW_INTRODUCTION)

    # Editors may publish directly; the default "Moderators approval" workflow is offered too.
    admin.page.get_by_role("button", name="More actions").click()
    assert admin.page.get_by_role("button", name="Submit to Moderators approval").is_visible()
    admin.page.get_by_role("button", name="Publish", exact=True).click()
    admin.page.wait_for_url(f"**/admin/pages/{home.get_parent().id}/")
    assert "has been published" in admin.page.locator(".messages").inner_text()

    # A visitor who had the page open sees the new words on the next visit: nothing stale.
    public.goto("/")
    assert public.page.locator("main .lead").inner_text() == NEW_INTRODUCTION
    assert not public.problems(), public.problems()
