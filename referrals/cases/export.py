"""CSV and XLSX exports of the filtered queue, safe against spreadsheet formula injection.

A cell that starts with =, +, -, @, a tab or a carriage return could run as a formula when the
file is opened, so such cells get a leading apostrophe and are shown as typed. Exports carry
what a manager needs to report on the queue, not everything a family told us (no email, phone,
date of birth or free text), and every export is recorded in the audit log.
"""

import csv
import datetime
import io

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from referrals.cases import audit, selectors
from referrals.cases.display import display_name
from referrals.cases.kinds import AGE_IN_DAYS, FLAGS, kind_of
from referrals.intake.validators import INVISIBLE

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
    text = "".join(ch for ch in text if ch not in INVISIBLE)
    if text.startswith(DANGEROUS_FIRST_CHARACTERS):
        return "'" + text
    return text


def _when(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


COMPUTED = {
    AGE_IN_DAYS: selectors.age_in_days,
    FLAGS: lambda case: "; ".join(selectors.case_flags(case)),
}


def cell(case, name):
    """One export cell: a computed fact, or a field written as the case page shows it."""
    if name in COMPUTED:
        return COMPUTED[name](case)
    model_field = case._meta.get_field(name)
    if model_field.choices:
        return getattr(case, f"get_{name}_display")()
    value = getattr(case, name)
    if model_field.is_relation:
        return display_name(value)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.datetime):
        return _when(value)
    return value


def rows(queryset, columns):
    for case in queryset.iterator(chunk_size=2000):
        yield [neutralise(cell(case, name)) for _, name in columns]


def _is_relation(model, name):
    return model._meta.get_field(name).is_relation


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
    columns = kind_of(model).export_columns
    related = [name for _, name in columns if name not in COMPUTED and _is_relation(model, name)]
    queryset = queryset.select_related(*related)
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
