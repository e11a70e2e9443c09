"""Case references: VIG- plus 4 and 4 characters of Crockford base32, unique."""

from unittest import mock

import pytest
from django.db import IntegrityError, transaction

from referrals.cases.kinds import KINDS
from referrals.cases.references import REFERENCE_RE
from referrals.models import Enquiry, Referral
from tests.factories import EnquiryFactory, ReferralFactory
from tests.fresh_sqlite import run_on_fresh_sqlite
from tests.intake_journey import send_referral

pytestmark = pytest.mark.django_db

NEW_REFERENCE = "referrals.intake.services.new_reference"


def test_references_use_crockford_base32_without_confusable_letters(
    client, enquiry_url, enquiry_data
):
    for _ in range(5):
        client.post(enquiry_url, enquiry_data)
    references = list(Enquiry.objects.values_list("reference", flat=True))
    assert len(set(references)) == 5
    for reference in references:
        assert REFERENCE_RE.match(reference)
        assert not set(reference[4:]) & set("ILOU")


def test_reference_collision_is_retried_with_a_new_reference(
    client, refer_url, referral_data, enquiry_url, enquiry_data
):
    with mock.patch(NEW_REFERENCE, return_value="VIG-AAAA-AAAA"):
        send_referral(client, refer_url, referral_data)
    with mock.patch(
        NEW_REFERENCE, side_effect=["VIG-AAAA-AAAA", "VIG-AAAA-AAAA", "VIG-BBBB-CCCC"]
    ) as generate:
        response = send_referral(client, refer_url, referral_data)

    assert response.status_code == 302
    assert generate.call_count == 3
    assert sorted(Referral.objects.values_list("reference", flat=True)) == [
        "VIG-AAAA-AAAA",
        "VIG-BBBB-CCCC",
    ]
    # References are unique across referrals and enquiries.
    with mock.patch(NEW_REFERENCE, side_effect=["VIG-BBBB-CCCC", "VIG-DDDD-EEEE"]):
        client.post(enquiry_url, enquiry_data)
    assert Enquiry.objects.get().reference == "VIG-DDDD-EEEE"


FACTORIES = {Referral: ReferralFactory, Enquiry: EnquiryFactory}


@pytest.mark.parametrize(
    ("kind", "other"),
    [(kind, other) for kind in KINDS for other in KINDS if other is not kind],
    ids=lambda kind: kind.model.__name__,
)
def test_the_database_refuses_a_reference_another_kind_of_case_has(kind, other):
    """What the intake relies on to save a case without reading first
    (migration 0015 names each pair of kinds: a new kind fails here until its pairs are added)."""
    taken = FACTORIES[other.model]().reference
    with pytest.raises(IntegrityError), transaction.atomic():
        FACTORIES[kind.model](reference=taken)
    case = FACTORIES[kind.model]()
    with pytest.raises(IntegrityError), transaction.atomic():
        kind.model.objects.filter(pk=case.pk).update(reference=taken)


COLLISION_ON_SQLITE = """
from unittest import mock
from referrals.models import Enquiry
from referrals.intake.services import enquiry_submit
from tests.factories import ReferralFactory
ReferralFactory(reference="VIG-AAAA-AAAA")
data = {"name": "A Parent", "email": "parent@example.invalid", "question": "When?"}
with mock.patch("referrals.intake.services.new_reference",
                side_effect=["VIG-AAAA-AAAA", "VIG-BBBB-CCCC"]):
    enquiry = enquiry_submit(form_data=data)
print("saved:", enquiry.reference, Enquiry.objects.count())
"""


def test_a_collision_is_retried_on_make_runs_sqlite_too(tmp_path):
    printed = run_on_fresh_sqlite(tmp_path, COLLISION_ON_SQLITE)
    assert "saved: VIG-BBBB-CCCC 1" in printed


def test_str_of_saved_records_is_the_reference_never_a_name(
    client, refer_url, referral_data, enquiry_url, enquiry_data
):
    send_referral(client, refer_url, referral_data)
    client.post(enquiry_url, enquiry_data)
    referral, enquiry = Referral.objects.get(), Enquiry.objects.get()
    assert str(referral) == referral.reference
    assert str(enquiry) == enquiry.reference
