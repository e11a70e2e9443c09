"""Managers answer subject access and erasure requests: find every case that holds a person,
give them a copy of everything held (HTML to print, or JSON), or erase their details.

Everything is posted: the person's details never go into a URL, and nothing about them is kept
between steps but in the page the Manager is looking at (the search is carried in the form).
Every response is marked never to be cached.
"""

import json

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.views import View
from wagtail.admin import messages

from referrals.cases.admin_urls import case_url
from referrals.cases.kinds import kind_of
from referrals.privacy import erasure, subject_access, subject_requests
from referrals.triage.forms import ErasureForm, SubjectSearchForm

SEARCH_TEMPLATE = "referrals/admin/subject_requests.html"
CONFIRM_TEMPLATE = "referrals/admin/subject_erasure_confirm.html"
REPORT_TEMPLATE = "referrals/admin/subject_access_report.html"


def case_key(case):
    return f"{kind_of(case).name}-{case.pk}"


class SubjectRequestView(View):
    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(subject_requests.ANSWER_SUBJECT_REQUESTS):
            raise PermissionDenied
        response = super().dispatch(request, *args, **kwargs)
        add_never_cache_headers(response)
        return response

    def get(self, request):
        return self.render(SEARCH_TEMPLATE, {"form": SubjectSearchForm()})

    def post(self, request):
        form = SubjectSearchForm(request.POST)
        if not form.is_valid():
            return self.render(SEARCH_TEMPLATE, {"form": form}, status=400)
        criteria = form.criteria()
        matches = subject_requests.find_cases(criteria, by=request.user)
        action = request.POST.get("action", "search")
        if action == "search":
            return self.render(SEARCH_TEMPLATE, {"form": form, "matches": self.rows(matches)})

        chosen = set(request.POST.getlist("case"))
        selected = [m for m in matches if case_key(m.case) in chosen]
        if not selected:
            context = {"form": form, "matches": self.rows(matches)}
            context["selection_error"] = "Choose at least one case."
            return self.render(SEARCH_TEMPLATE, context, status=400)
        if action == "report":
            return self.report(criteria, selected, as_json=False)
        if action == "json":
            return self.report(criteria, selected, as_json=True)
        if action in ("erase", "erase_confirm"):
            return self.erasure(form, criteria, selected, confirmed=action == "erase_confirm")
        messages.error(request, "That action is not available.")
        return redirect("referrals_subject_requests")

    def rows(self, matches):
        return [
            {
                "match": match,
                "key": case_key(match.case),
                "kind": kind_of(match.case).model._meta.verbose_name,
                "status": kind_of(match.case).status_label(match.case.status),
                "finished": match.case.status in kind_of(match.case).finished,
                "url": case_url(match.case),
            }
            for match in matches
        ]

    def report(self, criteria, selected, *, as_json):
        document = subject_access.access_report(selected, criteria, by=self.request.user)
        if as_json:
            response = HttpResponse(
                json.dumps(document, indent=2, ensure_ascii=False),
                content_type="application/json; charset=utf-8",
            )
            filename = f"subject-access-request-{document['request']}.json"
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
            return response
        return self.render(REPORT_TEMPLATE, {"document": document})

    def erasure(self, form, criteria, selected, *, confirmed):
        erasure_form = ErasureForm(self.request.POST if confirmed else None)
        if not confirmed or not erasure_form.is_valid():
            context = {
                "form": form,
                "erasure_form": erasure_form,
                "matches": self.rows(selected),
            }
            return self.render(CONFIRM_TEMPLATE, context, status=400 if confirmed else 200)
        try:
            record = erasure.erase(
                selected,
                criteria,
                by=self.request.user,
                reason=erasure_form.cleaned_data["reason"],
            )
        except erasure.SubjectRequestError as error:
            field = error.field if error.field in erasure_form.fields else None
            erasure_form.add_error(field, error.message)
            context = {"form": form, "erasure_form": erasure_form, "matches": self.rows(selected)}
            return self.render(CONFIRM_TEMPLATE, context, status=400)
        count = len(record.references)
        messages.success(
            self.request,
            f"Personal details erased from {count} case{'s' if count != 1 else ''}: "
            f"{', '.join(record.references)}. Recorded in the audit log.",
        )
        return redirect("referrals_subject_requests")

    def render(self, template, context, status=200):
        return TemplateResponse(self.request, template, context, status=status)
