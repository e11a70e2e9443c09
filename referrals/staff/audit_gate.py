"""Keep VIG Guiders out of the site-wide audit log.

Wagtail shows audit entries by model: anyone with any permission on Referral sees the entries
of every referral. A Guider may see only the referrals allocated to them, so the site history
report (which would list other families' references and who worked on them) is closed to them.
"""

from django.core.exceptions import PermissionDenied
from django.urls import reverse

from referrals import permissions as perms
from referrals.cases.selectors import sees_only_own_allocations


def is_guider_only(user):
    return (
        user.is_authenticated
        and user.has_perm(perms.VIEW_REFERRAL)
        and sees_only_own_allocations(user)
    )


class GuiderAuditLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self._report_path = None

    @property
    def report_path(self):
        # Looked up once, on first use (the URLconf is not loaded when middleware is built).
        if self._report_path is None:
            self._report_path = reverse("wagtailadmin_reports:site_history")
        return self._report_path

    def __call__(self, request):
        if request.path.startswith(self.report_path) and is_guider_only(request.user):
            raise PermissionDenied
        return self.get_response(request)
