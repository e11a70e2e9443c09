"""The home tests read pages with the shared HTML helpers (tests/html.py); kept here so their
imports stay short."""

from tests.html import soup, text_of, visible_text

__all__ = ["soup", "text_of", "visible_text"]
