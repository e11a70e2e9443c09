"""Editors see what each block is before they add it: a description and a rendered preview."""

import pytest
from django.urls import reverse

from home.blocks import BaseStreamBlock
from tests.html import soup

BLOCKS = list(BaseStreamBlock().child_blocks.values())
# Blocks whose value needs content that only exists on a real site (an embed provider).
NO_PREVIEW = {"video"}


@pytest.mark.parametrize("block", BLOCKS, ids=lambda block: block.name)
def test_every_block_describes_itself_in_the_picker(block):
    assert block.get_description().strip()


@pytest.mark.parametrize(
    "block", [b for b in BLOCKS if b.name not in NO_PREVIEW], ids=lambda block: block.name
)
def test_every_block_shows_a_preview_in_the_picker(admin_client, home_page, block):
    assert block.is_previewable
    response = admin_client.get(
        reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "css/site.css" in html
    # The preview shows the block's own sample words, not an empty box.
    texts = [soup(text).get_text() for text in _strings(block.get_preview_value())]
    assert any(text in html for text in texts if len(text) > 3)


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)
    elif hasattr(value, "items"):
        for _, item in value.items():
            yield from _strings(item)
    elif hasattr(value, "source"):
        yield str(value.source)
