"""Managers export the filtered queue as CSV or XLSX, safe against formula injection."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry

from referrals.cases import audit
from referrals.cases.admin_urls import list_url
from referrals.cases.export import neutralise
from referrals.models import Enquiry, Referral, ReferralStatus
from tests.factories import EnquiryFactory, ReferralFactory

DANGEROUS = ['=HYPERLINK("http://evil.invalid")', "+1+1", "-2+3", "@SUM(A1)", "\tTab", "\rReturn"]


def read_csv(response):
    text = b"".join(response.streaming_content if response.streaming else [response.content])
    return list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))


def read_xlsx(response):
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


@pytest.mark.parametrize("value", DANGEROUS)
def test_cells_that_could_run_as_formulas_are_neutralised(value):
    assert neutralise(value) == "'" + value


@pytest.mark.parametrize("value", ["Rowan", "EH99 9ZZ", "", "a=b", "O'Neill"])
def test_ordinary_text_is_exported_as_typed(value):
    assert neutralise(value) == value


@pytest.mark.parametrize(("file_format", "reader"), [("csv", read_csv), ("xlsx", read_xlsx)])
def test_export_neutralises_formula_injection_in_every_cell(client, manager, file_format, reader):
    for value in DANGEROUS:
        ReferralFactory(contact_name=value, school_or_nursery=value, postcode="EH99 9ZZ")
    client.force_login(manager)

    response = client.get(list_url(Referral), {"export": file_format})

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    table = reader(response)
    header, body = table[0], table[1:]
    assert len(body) == len(DANGEROUS)
    # XML (inside XLSX) stores a carriage return as a newline; what matters is the apostrophe.
    names = {row[header.index("Parent or carer")].replace("\r", "\n") for row in body}
    assert names == {("'" + value).replace("\r", "\n") for value in DANGEROUS}
    for row in body:
        for cell in row:
            if isinstance(cell, str) and cell:
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_export_follows_the_list_filters(client, manager):
    wanted = ReferralFactory(status=ReferralStatus.ACCEPTED)
    ReferralFactory(status=ReferralStatus.NEW)
    client.force_login(manager)

    response = client.get(list_url(Referral), {"export": "csv", "status__exact": "accepted"})

    body = read_csv(response)[1:]
    assert [row[0] for row in body] == [wanted.reference]


def test_export_leaves_out_contact_details_and_free_text(client, manager):
    referral = ReferralFactory(what_to_change="Mealtimes are tense.")
    client.force_login(manager)

    text = client.get(list_url(Referral), {"export": "csv"}).content.decode("utf-8-sig")

    for private in (referral.email, referral.phone, "Mealtimes are tense.", "2019-05-17"):
        assert private not in text


def test_every_export_is_recorded_in_the_audit_log(client, manager):
    referrals = ReferralFactory.create_batch(3)
    client.force_login(manager)

    client.get(list_url(Referral), {"export": "xlsx"})

    entry = ModelLogEntry.objects.get(action=audit.EXPORT)
    assert entry.user == manager
    assert entry.data["format"] == "xlsx"
    assert sorted(entry.data["references"]) == sorted(r.reference for r in referrals)


def test_managers_can_export_enquiries(client, manager):
    enquiry = EnquiryFactory(name="=cmd|' /C calc'!A0")
    client.force_login(manager)

    response = client.get(list_url(Enquiry), {"export": "csv"})

    body = read_csv(response)[1:]
    assert body[0][0] == enquiry.reference
    assert "'=cmd|' /C calc'!A0" in body[0]


def test_export_links_are_shown_to_managers_only(client, manager, officer, referral):
    client.force_login(officer)
    assert "export=csv" not in client.get(list_url(Referral)).content.decode()
    client.force_login(manager)
    assert "export=csv" in client.get(list_url(Referral)).content.decode()


def test_an_unknown_export_format_is_refused(client, manager):
    client.force_login(manager)

    response = client.get(list_url(Referral), {"export": "pdf"})

    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")


def test_control_characters_are_dropped_before_the_formula_check():
    assert neutralise("Pasted\x0bfrom slides") == "Pastedfrom slides"
    assert neutralise("\x0b=1+1") == "'=1+1"


def test_xlsx_export_survives_control_characters_in_stored_text(client, manager):
    ReferralFactory(
        contact_name="Rowan\x0bFictional",
        signposted_to="Family\x0cCentre",
        decline_reason="Pasted\x0b text",
    )
    client.force_login(manager)
    response = client.get(list_url(Referral), {"export": "xlsx"})
    assert response.status_code == 200
    assert "RowanFictional" in {cell for row in read_xlsx(response) for cell in row}


def test_officers_notes_and_reasons_are_stored_without_control_characters():
    from referrals.triage.forms import DeclineForm, NoteForm

    note = NoteForm(data={"text": "Called\x0b mum"})
    assert note.is_valid()
    assert note.cleaned_data["text"] == "Called mum"
    decline = DeclineForm(
        data={"version": 1, "to": "declined", "decline_reason": "\x0c", "signposted_to": "x"},
        transitions=[],
    )
    assert not decline.is_valid()
    assert "decline_reason" in decline.errors


def test_the_site_history_still_opens_after_an_export(client, manager):
    """The audit trail the README promises stays readable: an export used to make Wagtail's
    Site history answer 500 for everyone."""
    ReferralFactory.create_batch(2)
    client.force_login(manager)
    client.get(list_url(Referral), {"export": "csv"})
    response = client.get("/admin/reports/site-history/")
    assert response.status_code == 200
    assert "Export of 2 referral case(s) (csv)" in response.content.decode()


def test_invisible_characters_are_kept_out_of_exports():
    from referrals.cases.export import neutralise

    assert neutralise("Ann\u202e htimS\u200b") == "Ann htimS"
