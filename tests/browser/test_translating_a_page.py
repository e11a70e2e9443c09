"""An editor translates a page with wagtail-localize, under the admin's Content Security Policy
(no inline script: home/templates/wagtail_localize/ carry wagtail-localize's two inline scripts
as data for static/js/admin_init.js).

The "Translate" form's "select all" ticks every language; choosing Polish alone opens the
side-by-side translation editor with the page's English sentences in it, and nothing the page
needs is refused."""

import pytest
from wagtail.models import Locale

from home import languages
from home.models import InformationPage

from .journeys import log_in
from .support import refused

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_an_editor_opens_a_page_in_the_translation_editor(open_page, site_data):
    languages.ensure_locales()
    page = InformationPage.objects.filter(locale__language_code="en-gb").live().first()
    polish = Locale.objects.get(language_code="pl")

    admin = open_page("/admin/login/")
    log_in(admin, "editor", "vig-demo-editor")
    admin.goto(f"/admin/localize/submit/page/{page.id}/")
    assert admin.status == 200
    boxes = admin.page.locator("input[name='locales']")
    assert boxes.count() == 2  # Polish and Arabic, each still an alias of the English page
    admin.page.locator("input[name='select_all']").check()
    assert all(boxes.nth(n).is_checked() for n in range(boxes.count()))
    admin.page.locator("input[name='select_all']").uncheck()
    assert not any(boxes.nth(n).is_checked() for n in range(boxes.count()))

    admin.page.locator(f"input[name='locales'][value='{polish.id}']").check()
    admin.page.locator("form [type='submit']").last.click()
    admin.page.wait_for_load_state()
    editor = admin.page.locator(".js-translation-editor")
    editor.get_by_text(page.title, exact=True).first.wait_for()
    assert admin.page.evaluate("() => typeof window.chooserUrls === 'object'")
    assert refused(admin) == []

    translation = page.get_translation(polish)
    assert translation.alias_of_id is None  # a translation now, no longer a copy
