"""On a fresh demo (`make run`), the home page shows a believable current wait worked out from
the demo's families."""

import io
import re

import pytest
from django.core.management import call_command

from home.models.wait import PublicWait
from tests.html import soup

pytestmark = pytest.mark.django_db


def test_the_demo_home_page_shows_a_believable_wait_from_the_demo_families(client, home_page):
    call_command("setup_demo", stdout=io.StringIO())
    wait = PublicWait.latest()
    assert wait.families >= 5
    assert 4 <= wait.weeks <= 12

    glance = " ".join(
        soup(client.get("/").content.decode()).select_one(".glance").get_text().split()
    )
    found = re.search(r"Most families start within about (\d+) weeks", glance)
    assert found and int(found.group(1)) == wait.weeks
    assert f"{wait.families} families" in glance
