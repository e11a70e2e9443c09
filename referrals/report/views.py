"""The service report for Managers: referrals, triage outcomes, waiting times, the waiting list,
cycles, endings, goal ratings and who is referred, for a period; each measure a chart drawn on
the server (inline SVG), a summary in words and its table, which downloads as CSV.

Who may see it and download its tables: `permissions.VIEW_SERVICE_REPORT`, which only Managers
(and superusers) have. It is not the permission to export families' personal data
(`EXPORT_REFERRAL`): someone may be given the counts without the queue's export. The period
travels in the query string (dates are not personal data), so a report can be bookmarked and its
downloads are plain links.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.http import urlencode
from django.views import View

from home.models import SiteSettings
from referrals import permissions as perms
from referrals.cases import audit
from referrals.cases.admin_urls import case_url_for
from referrals.cases.export import neutralise, write_csv
from referrals.models import Referral
from referrals.report.figures import Figures, Period
from referrals.report.forms import ReportPeriodForm, default_period
from referrals.report.sections import section_builders
from referrals.report.tables import promise_calendar_days

REPORT_PERMISSION = perms.VIEW_SERVICE_REPORT
TEMPLATE = "referrals/admin/report.html"
WAITING_LIST = "waiting-list"  # the download of every family waiting, one row each


def case_url(pk):
    return case_url_for(Referral, pk)


class ServiceReportView(View):
    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(REPORT_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        today = timezone.localdate()
        asked = {k: v for k, v in request.GET.items() if k in ("start", "end")}
        form = ReportPeriodForm(asked or None, today=today)
        if asked and not form.is_valid():
            return TemplateResponse(request, TEMPLATE, {"form": form}, status=400)
        start, end = (
            (form.cleaned_data["start"], form.cleaned_data["end"])
            if asked
            else default_period(today)
        )
        period = Period(start, end)
        working_days = SiteSettings.load(request_or_site=request).response_working_days
        figures = Figures(period, today=today, promise_days=promise_calendar_days(working_days))
        builders = section_builders(figures, promise_working_days=working_days, case_url=case_url)
        download = request.GET.get("download")
        if download == WAITING_LIST:
            return self.waiting_list(figures)
        if download:
            if download not in builders:
                raise Http404("No such table in the report.")
            section = builders[download]()
            return self.csv(section.csv_rows(), f"{download}-{period.start}-to-{period.end}")
        sections = [build() for build in builders.values()]
        query = urlencode({"start": f"{period.start:%d/%m/%Y}", "end": f"{period.end:%d/%m/%Y}"})
        context = {
            "form": form,
            "period": period,
            "sections": sections,
            "query": query,
            "waiting_list": WAITING_LIST,
            "working_days": working_days,
        }
        return TemplateResponse(request, TEMPLATE, context)

    def csv(self, rows, name):
        headers, *body = rows
        response = HttpResponse(
            write_csv(
                [neutralise(h) for h in headers], [[neutralise(c) for c in row] for row in body]
            ),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="service-report-{name}.csv"'
        response["Cache-Control"] = "no-store"
        return response

    def waiting_list(self, figures):
        """Every family waiting for a VIG Guider, longest first: references, so it is recorded
        in the audit log as an export."""
        families = figures.waiting_families()
        rows = [
            [
                "Reference",
                "Referred",
                "Accepted",
                "Days waiting since accepted",
                "Days since referral",
            ],
            *(
                [
                    row["reference"],
                    f"{timezone.localtime(row['received_at']):%Y-%m-%d}",
                    f"{row['accepted_on']:%Y-%m-%d}",
                    row["waited"],
                    row["since_referral"],
                ]
                for row in families
            ),
        ]
        audit.log_export(
            user=self.request.user,
            references=[row["reference"] for row in families],
            file_format="csv",
        )
        return self.csv(rows, f"waiting-list-{figures.today}")
