"""Reading the HTML a page sends, as a browser would parse it (BeautifulSoup), not with regular
expressions: an attribute order, a line break or a nested tag changes nothing for a reader, and
so changes nothing for these helpers.

    page = soup(response)                        # a response, bytes or text
    rows = table_rows(response, caption="Triage outcomes")
    text_of(page.find("main"))                   # the words, white space folded
"""

import re
import warnings

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, Tag


def soup(html):
    """The parsed document: `html` is a response, bytes, text or an already parsed tag."""
    if isinstance(html, Tag):
        return html
    if hasattr(html, "content"):
        html = html.content
    if isinstance(html, bytes):
        html = html.decode()
    with warnings.catch_warnings():  # a fragment may be only a URL (a block's sample link)
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        return BeautifulSoup(html, "html.parser")


def text_of(element):
    """The words in `element` (a tag, or HTML as text) as a reader sees them: white space
    folded, ends trimmed; '' for None."""
    if element is None:
        return ""
    if not isinstance(element, Tag):
        element = soup(element)
    return re.sub(r"\s+", " ", element.get_text(" ")).strip()


def main_of(html):
    """The page's <main>, or fail saying there is none."""
    main = soup(html).find("main")
    assert main is not None, "the page has no <main>"
    return main


def visible_text(response):
    """The words a reader sees in <main>, with white space folded."""
    return text_of(main_of(response))


def table(html, *, caption=None):
    """The first table (whose caption reads `caption`, when given), or fail naming it."""
    for found in soup(html).find_all("table"):
        if caption is None or text_of(found.find("caption")) == caption:
            return found
    raise AssertionError(f"no table captioned {caption!r}" if caption else "no table")


def table_rows(html, *, caption=None):
    """The body rows of that table: its <tr> tags outside <thead>, less a first row of headings
    only (<th>, no <td>)."""
    rows = [
        row for row in table(html, caption=caption).find_all("tr") if not row.find_parent("thead")
    ]
    if rows and rows[0].find("th") and not rows[0].find("td"):
        rows = rows[1:]
    return rows


def attributes(html, tag, **filters):
    """The attributes of every `tag` matching `filters` (BeautifulSoup's find_all keywords)."""
    return [element.attrs for element in soup(html).find_all(tag, **filters)]


def field_values(html, *names):
    """The `value`s a form offers under the field `names`: their checkboxes or radio buttons,
    and the options of their <select>s."""
    page = soup(html)
    values = [
        box["value"]
        for box in page.find_all("input", attrs={"value": True})
        if box.get("name") in names
    ]
    for select in page.find_all("select"):
        if select.get("name") in names:
            values += [option["value"] for option in select.find_all("option", value=True)]
    return values
