"""The triage admin's screens, one module each, on top of wagtail-modeladmin's views.

`search` keeps search terms out of URLs, `index` is the queue's list (filters, search,
export), `case` a case's page and its actions, `retention` the managers' retention page,
`subject_requests` the managers' subject access and erasure requests.
"""

from .case import CaseInspectView
from .index import CaseIndexView, OutboxIndexView
from .retention import RetentionView
from .search import SEARCH_SESSION_KEY
from .subject_requests import SubjectRequestView

__all__ = [
    "SEARCH_SESSION_KEY",
    "CaseIndexView",
    "CaseInspectView",
    "OutboxIndexView",
    "RetentionView",
    "SubjectRequestView",
]
