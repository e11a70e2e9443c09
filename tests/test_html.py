"""The shared HTML helpers (tests/html.py) read a page as a browser parses it: attribute order,
line breaks and nested tags change nothing."""

import pytest

from tests.html import field_values, soup, table_rows, text_of, visible_text

PAGE = """<!doctype html><html><body><main>
  <h1>Queue</h1>
  <table class="listing"><caption>Waiting</caption>
    <thead><tr><th>Reference</th></tr></thead>
    <tbody><tr><td><a href="/1">VIG-AAAA-AAAA</a></td></tr>
           <tr><td><a
                 href="/2">VIG-BBBB-BBBB</a></td></tr></tbody>
  </table>
  <table><caption>Closed</caption><tr><th>Reference</th></tr><tr><td>VIG-CCCC-CCCC</td></tr></table>
  <form><input type="checkbox" value="3" name="group"><input name="group" value="4">
    <select name="role"><option value="">Any</option><option value="5">Guiders</option></select>
  </form>
</main></body></html>"""


class Response:
    content = PAGE.encode()


def test_soup_reads_a_response_bytes_or_text_alike():
    assert soup(Response()).h1.get_text() == soup(PAGE).h1.get_text() == "Queue"
    assert soup(PAGE.encode()).h1.get_text() == "Queue"


def test_table_rows_are_the_body_rows_of_the_table_with_that_caption():
    waiting = table_rows(Response(), caption="Waiting")
    assert [text_of(row) for row in waiting] == ["VIG-AAAA-AAAA", "VIG-BBBB-BBBB"]
    assert [row.a["href"] for row in waiting] == ["/1", "/2"]
    assert [text_of(row) for row in table_rows(PAGE, caption="Closed")] == ["VIG-CCCC-CCCC"]
    with pytest.raises(AssertionError, match="Missing"):
        table_rows(PAGE, caption="Missing")


def test_text_of_folds_white_space_and_reads_none_as_nothing():
    assert text_of("<p>Two\n   <b>words</b></p>") == "Two words"
    assert text_of(None) == ""
    assert visible_text(Response()).startswith("Queue Waiting Reference")


def test_field_values_are_the_choices_offered_under_those_names():
    assert field_values(PAGE, "group") == ["3", "4"]
    assert field_values(PAGE, "group", "role") == ["3", "4", "", "5"]
