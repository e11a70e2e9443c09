"""Editors upload images a page can use; one too big to render safely is refused with a message
that says what to do, next to the file field."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Collection

from .helpers import soup


def png(size):
    buffer = io.BytesIO()
    PILImage.new("1", size).save(buffer, "PNG")  # one bit a pixel: a small file, many pixels
    return buffer.getvalue()


@pytest.fixture
def editor_client(client, db):
    client.force_login(get_user_model().objects.get(username="editor"))
    return client


def upload(client, size):
    return client.post(
        "/admin/images/add/",
        {
            "title": "Family photo",
            "file": SimpleUploadedFile("photo.png", png(size)),
            "collection": Collection.get_first_root_node().pk,
        },
    )


def test_a_camera_photo_of_24_megapixels_is_accepted(editor_client):
    assert upload(editor_client, (6000, 4000)).status_code == 302
    assert get_image_model().objects.filter(title="Family photo").exists()


def test_an_image_over_the_limit_is_refused_with_what_to_do(editor_client):
    response = upload(editor_client, (6000, 4400))  # 26.4 megapixels
    assert response.status_code == 200
    assert not get_image_model().objects.filter(title="Family photo").exists()
    field = soup(response).find("input", attrs={"name": "file"})
    message = field.find_parent(attrs={"data-field-wrapper": True}).get_text(" ")
    assert "26400000 pixels" in message
    assert "up to 25000000" in message
    assert "Make it smaller" in message
