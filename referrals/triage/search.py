"""Search terms (names, postcodes) never go into a URL, where logs and history keep them."""

import secrets
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from wagtail_modeladmin.views import IndexView

from referrals.privacy.sessions import SEARCH_SESSION_KEY

SEARCH_TOKEN_VAR = "search"  # noqa: S105 - a query parameter name, not a secret
SEARCHES_KEPT = 20


class PostedSearchMixin:
    """Search terms (names, postcodes) never go into a URL, where logs and history keep them.

    The search box posts; the term is kept in the session under a random token and the list is
    shown at ?search=<token>. Links built from the list (pages, filters, exports) carry only the
    token.
    """

    IGNORED_PARAMS = (*IndexView.IGNORED_PARAMS, SEARCH_TOKEN_VAR)

    def dispatch(self, request, *args, **kwargs):
        if request.method == "POST":
            return self.post_search(request)
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self, request=None):
        # modeladmin reads the term from ?q= just before this; ours comes only from the session
        # (a term typed into a URL or kept in a bookmark is ignored).
        request = request or self.request
        token = request.GET.get(SEARCH_TOKEN_VAR)
        self.query = request.session.get(SEARCH_SESSION_KEY, {}).get(token, "") if token else ""
        return super().get_queryset(request)

    def post_search(self, request):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("wagtailadmin_login"))
        if not self.permission_helper.user_can_list(request.user):
            raise PermissionDenied
        term = request.POST.get(self.SEARCH_VAR, "").strip()[:200]
        params = {
            key: value
            for key, value in request.POST.items()
            if key not in (self.SEARCH_VAR, SEARCH_TOKEN_VAR, "csrfmiddlewaretoken")
        }
        if term:
            token = secrets.token_urlsafe(9)
            kept = list(request.session.get(SEARCH_SESSION_KEY, {}).items())
            searches = dict(kept[1 - SEARCHES_KEPT :])
            searches[token] = term
            request.session[SEARCH_SESSION_KEY] = searches
            params[SEARCH_TOKEN_VAR] = token
        query = urlencode(params)
        return redirect(f"{request.path}?{query}" if query else request.path)

    def get_query_string(self, new_params=None, remove=None):
        return super().get_query_string(new_params, [*(remove or []), self.SEARCH_VAR])

    def get_filters_params(self, params=None):
        """Only the listed filters' own parameters ever reach the database.

        wagtail-modeladmin applies any other query-string parameter as a queryset lookup,
        which would let a user probe related rows (`?assigned_to__password__startswith=…`) or
        crash the list with a misspelt one. Anything else is ignored.
        """
        allowed = set()
        for list_filter in self.list_filter:
            if isinstance(list_filter, str):
                allowed |= {f"{list_filter}__exact", f"{list_filter}__isnull"}
            else:
                allowed.add(list_filter.parameter_name)
        params = super().get_filters_params(params)
        return {key: value for key, value in params.items() if key in allowed}
