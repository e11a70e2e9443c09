"""Case references: VIG- plus 4 and 4 characters of Crockford base32, unique."""

from unittest import mock

import pytest

from referrals.models import Enquiry, Referral
from referrals.references import REFERENCE_RE
from tests.intake_journey import send_referral

pytestmark = pytest.mark.django_db

NEW_REFERENCE = "referrals.services.intake.new_reference"


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


def test_str_of_saved_records_is_the_reference_never_a_name(
    client, refer_url, referral_data, enquiry_url, enquiry_data
):
    send_referral(client, refer_url, referral_data)
    client.post(enquiry_url, enquiry_data)
    referral, enquiry = Referral.objects.get(), Enquiry.objects.get()
    assert str(referral) == referral.reference
    assert str(enquiry) == enquiry.reference
