"""A professional translator's round trip, as an editor does it in the admin: download a page's
PO file, have it translated, upload it, and the Polish page says what the translator wrote.
Machine translation is off: its address answers "not found"."""

import polib
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import Locale
from wagtail_localize.models import Translation
from wagtail_localize.operations import translate_object

from home.languages import ensure_locales
from home.models import InformationPage


@pytest.fixture
def translation(home_page):
    ensure_locales()
    page = InformationPage.objects.filter(locale__language_code="en-gb").live().first()
    polish = Locale.objects.get(language_code="pl")
    translate_object(page, [polish])
    return Translation.objects.get(source__object_id=page.translation_key, target_locale=polish)


def test_a_translators_po_file_goes_out_and_comes_back_in(editor_client, translation):
    page = translation.source.get_source_instance()
    response = editor_client.get(reverse("wagtail_localize:download_pofile", args=[translation.id]))
    assert response.status_code == 200
    po = polib.pofile(response.content.decode())
    title = next(entry for entry in po if entry.msgid == page.title)
    assert title.msgstr == ""  # nothing translated yet

    title.msgstr = "Co dzieje się w cyklu VIG"
    upload = SimpleUploadedFile("page.po", str(po).encode(), content_type="text/x-gettext")
    response = editor_client.post(
        reverse("wagtail_localize:upload_pofile", args=[translation.id]),
        {"file": upload, "next": "/admin/"},
    )
    assert response.status_code == 302
    translation.save_target(publish=True)
    polish = page.get_translation(translation.target_locale)
    assert polish.title == "Co dzieje się w cyklu VIG"


def test_machine_translation_is_off(editor_client, translation):
    response = editor_client.post(
        reverse("wagtail_localize:machine_translate", args=[translation.id])
    )
    assert response.status_code == 404
