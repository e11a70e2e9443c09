"""CSV and XLSX exports of the filtered queue, safe against spreadsheet formula injection.

A cell that starts with =, +, -, @, a tab or a carriage return could run as a formula when the
file is opened, so such cells get a leading apostrophe and are shown as typed. Exports carry
what a manager needs to report on the queue, not everything a family told us (no email, phone,
date of birth or free text), and every export is recorded in the audit log.
"""

import csv
import io

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from . import audit, selectors
from .models import Enquiry

DANGEROUS_FIRST_CHARACTERS = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value):
    """Return `value` as text that no spreadsheet will run as a formula or refuse."""
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    # Control characters (pasted from other programs) are not allowed in a spreadsheet cell.
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    if text.startswith(DANGEROUS_FIRST_CHARACTERS):
        return "'" + text
    return text


def _name(user):
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _when(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def _flags(case):
    return "; ".join(selectors.case_flags(case))


REFERRAL_COLUMNS = (
    ("Reference", lambda r: r.reference),
    ("Kind", lambda r: r.get_kind_display()),
    ("Received", lambda r: _when(r.received_at)),
    ("Age (days)", lambda r: selectors.age_in_days(r)),
    ("Status", lambda r: r.get_status_display()),
    ("Assigned to", lambda r: _name(r.assigned_to)),
    ("VIG Guider", lambda r: _name(r.guider)),
    ("Flags", _flags),
    ("Parent or carer", lambda r: r.contact_name),
    ("Postcode", lambda r: r.postcode),
    ("Child's first name", lambda r: r.child_first_name),
    ("School or nursery", lambda r: r.school_or_nursery),
    ("Sessions", lambda r: r.get_session_location_display()),
    ("Language", lambda r: r.language),
    ("Interpreter needed", lambda r: "Yes" if r.interpreter_needed else "No"),
    ("Referring organisation", lambda r: r.professional_organisation),
    ("Decline reason", lambda r: r.decline_reason),
    ("Signposted to", lambda r: r.signposted_to),
    ("Closed", lambda r: _when(r.closed_at)),
)

ENQUIRY_COLUMNS = (
    ("Reference", lambda e: e.reference),
    ("Received", lambda e: _when(e.received_at)),
    ("Age (days)", lambda e: selectors.age_in_days(e)),
    ("Status", lambda e: e.get_status_display()),
    ("Assigned to", lambda e: _name(e.assigned_to)),
    ("Flags", _flags),
    ("Name", lambda e: e.name),
    ("Closed", lambda e: _when(e.closed_at)),
)


def rows(queryset, columns):
    for case in queryset.iterator(chunk_size=2000):
        yield [neutralise(getter(case)) for _, getter in columns]


def write_csv(headers, body):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows(body)
    return buffer.getvalue().encode("utf-8-sig")


def write_xlsx(headers, body):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title="Export")
    sheet.append(headers)
    for row in body:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_response(*, queryset, file_format, user, model):
    """The file for `queryset` (already filtered for this user), recorded in the audit log."""
    columns = ENQUIRY_COLUMNS if model is Enquiry else REFERRAL_COLUMNS
    queryset = queryset.select_related("assigned_to", *(() if model is Enquiry else ("guider",)))
    headers = [heading for heading, _ in columns]
    body = list(rows(queryset, columns))
    references = [row[0] for row in body]
    stamp = timezone.localtime().strftime("%Y-%m-%d-%H%M")
    name = f"{model._meta.verbose_name_plural.replace(' ', '-')}-{stamp}"
    if file_format == "xlsx":
        response = HttpResponse(write_xlsx(headers, body), content_type=XLSX_CONTENT_TYPE)
    else:
        response = HttpResponse(write_csv(headers, body), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.{file_format}"'
    response["Cache-Control"] = "no-store"
    audit.log_export(user=user, model=model, references=references, file_format=file_format)
    return response
