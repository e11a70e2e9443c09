import re

from bs4 import BeautifulSoup


def soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def visible_text(response):
    """The words a reader sees in <main>, with white space folded."""
    main = soup(response).find("main")
    return re.sub(r"\s+", " ", main.get_text(" ")).strip()
