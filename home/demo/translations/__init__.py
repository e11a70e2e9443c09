"""The demo pages in Polish and Arabic: a PO file per page and language, and their import
(translate.py)."""
