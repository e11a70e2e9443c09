"""Officers find a case however its reference is typed or read out."""

import pytest

from referrals.cases.references import normalise_reference


@pytest.mark.parametrize(
    "typed",
    ["VIG-7KQ3-M9XD", "vig-7kq3-m9xd", "vig 7kq3 m9xd", "VIG7KQ3M9XD", " 7KQ3-M9XD ", "7kq3m9xd"],
)
def test_any_spacing_case_or_prefix_finds_the_reference(typed):
    assert normalise_reference(typed) == "VIG-7KQ3-M9XD"


def test_letters_misread_for_digits_are_corrected():
    assert normalise_reference("VIG-O1L0-IOOO") == "VIG-0110-1000"


@pytest.mark.parametrize("typed", ["", "Rowan", "VIG-7KQ3", "VIG-7KQ3-M9XD-1", "EH54 6FF"])
def test_text_that_is_not_a_reference_is_not_read_as_one(typed):
    assert normalise_reference(typed) == ""
