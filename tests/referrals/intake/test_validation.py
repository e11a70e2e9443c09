"""Dates of birth, postcodes and phone numbers: what a family types and what we store."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from referrals.intake.validators import child_date_of_birth, normalise_postcode, normalise_uk_phone
from referrals.models import Referral
from tests.intake_journey import send_referral

from .conftest import years_ago


def post_with_birthday(client, url, data, day, month, year):
    data.update(
        child_date_of_birth_0=str(day),
        child_date_of_birth_1=str(month),
        child_date_of_birth_2=str(year),
    )
    return send_referral(client, url, data)


@pytest.mark.django_db
class TestChildDateOfBirthOnTheForm:
    def test_child_born_today_is_accepted(self, client, refer_url, referral_data):
        today = timezone.localdate()
        response = post_with_birthday(
            client, refer_url, referral_data, today.day, today.month, today.year
        )
        assert response.status_code == 302
        assert Referral.objects.get().child_date_of_birth == today

    def test_child_on_their_18th_birthday_is_accepted(self, client, refer_url, referral_data):
        born = years_ago(18)
        if (born.month, born.day) != (timezone.localdate().month, timezone.localdate().day):
            pytest.skip("today is 29 February")
        response = post_with_birthday(
            client, refer_url, referral_data, born.day, born.month, born.year
        )
        assert response.status_code == 302

    def test_child_on_their_19th_birthday_is_refused(self, client, refer_url, referral_data):
        born = years_ago(19)
        html = post_with_birthday(
            client, refer_url, referral_data, born.day, born.month, born.year
        ).content.decode()
        assert "The child must be 18 or younger" in html
        assert not Referral.objects.exists()

    def test_future_date_of_birth_is_refused(self, client, refer_url, referral_data):
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        html = post_with_birthday(
            client, refer_url, referral_data, tomorrow.day, tomorrow.month, tomorrow.year
        ).content.decode()
        assert "must be today or in the past" in html
        assert not Referral.objects.exists()

    def test_29_february_in_a_leap_year_is_accepted(self, client, refer_url, referral_data):
        year = next(y for y in range(timezone.localdate().year - 1, 2000, -1) if y % 4 == 0)
        response = post_with_birthday(client, refer_url, referral_data, 29, 2, year)
        assert response.status_code == 302
        assert Referral.objects.get().child_date_of_birth == datetime.date(year, 2, 29)

    @pytest.mark.parametrize(
        ("day", "month", "year", "message", "wrong"),
        [
            (29, 2, 2023, "must be a real date", "0"),
            (31, 4, 2020, "must be a real date", "0"),
            (0, 1, 2020, "must be a real date", "0"),
            (12, 13, 2020, "must be a real date", "1"),
            ("9999999999", 1, 2020, "must be a real date", "0"),
            (1, "99999999999", 2020, "must be a real date", "1"),
            ("x", 1, 2020, "must be a real date, in numbers", "0"),
            (1, 1, 20, "Year must include 4 numbers", "2"),
            ("", 1, 2020, "must include a day", "0"),
            (1, "", "", "must include a month and a year", "12"),
            ("", "", "", "Enter the child&#x27;s date of birth", "012"),
        ],
    )
    def test_impossible_or_incomplete_dates_are_refused_and_kept(
        self, client, refer_url, referral_data, day, month, year, message, wrong
    ):
        """The summary links to the first wrong box, and only the wrong boxes are red."""
        html = post_with_birthday(
            client, refer_url, referral_data, day, month, year
        ).content.decode()
        assert message in html
        assert f'<a href="#id_child_date_of_birth_{wrong[0]}">' in html
        for part in "012":
            box = re.search(rf'<input[^>]*name="child_date_of_birth_{part}"[^>]*>', html).group()
            assert ("input--error" in box) == (part in wrong), (part, box)
        year_input = re.search(r'<input[^>]*name="child_date_of_birth_2"[^>]*>', html).group()
        assert f'value="{year}"' in year_input
        assert not Referral.objects.exists()

    @pytest.mark.parametrize("month", ["Apr", "april", "APRIL", "apr.", "4", "04"])
    def test_the_month_may_be_a_name_or_a_number(self, client, refer_url, referral_data, month):
        born = years_ago(3)
        response = post_with_birthday(client, refer_url, referral_data, 9, month, born.year)
        assert response.status_code == 302
        assert Referral.objects.get().child_date_of_birth == datetime.date(born.year, 4, 9)

    def test_a_month_name_that_is_not_a_month_is_refused_and_only_the_month_is_red(
        self, client, refer_url, referral_data
    ):
        html = post_with_birthday(client, refer_url, referral_data, 9, "Smarch", 2020)
        html = html.content.decode()
        assert "must be a real date, in numbers" in html
        month = re.search(r'<input[^>]*name="child_date_of_birth_1"[^>]*>', html).group()
        day = re.search(r'<input[^>]*name="child_date_of_birth_0"[^>]*>', html).group()
        assert "input--error" in month and "input--error" not in day


class TestChildDateOfBirthRules:
    """The same rule with a fixed 'today', for the leap-day birthdays."""

    def test_leap_day_baby_turns_19_on_1_march_in_a_common_year(self):
        born = datetime.date(2004, 2, 29)
        assert child_date_of_birth("29", "2", "2004", today=datetime.date(2023, 2, 28)) == born
        with pytest.raises(ValidationError):
            child_date_of_birth("29", "2", "2004", today=datetime.date(2023, 3, 1))

    def test_18th_birthday_accepted_19th_refused(self):
        today = datetime.date(2026, 11, 24)
        assert child_date_of_birth("24", "11", "2008", today=today)
        with pytest.raises(ValidationError, match="18 or younger"):
            child_date_of_birth("24", "11", "2007", today=today)
        assert child_date_of_birth("25", "11", "2007", today=today)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("eh546ff", "EH54 6FF"),
        ("EH54 6FF", "EH54 6FF"),
        ("  eh54   6ff ", "EH54 6FF"),
        ("sw1a1aa", "SW1A 1AA"),
        ("m11ae", "M1 1AE"),
        ("b338th", "B33 8TH"),
    ],
)
def test_postcodes_are_normalised(typed, stored):
    assert normalise_postcode(typed) == stored


@pytest.mark.parametrize("typed", ["", "EH54", "12345", "EH54 6F", "EH54 6FFF", "<b>x</b>"])
def test_postcodes_that_are_not_uk_postcodes_are_refused(typed):
    with pytest.raises(ValidationError):
        normalise_postcode(typed)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("01506 282948", "+441506282948"),
        ("01506282948", "+441506282948"),
        ("+44 1506 282948", "+441506282948"),
        ("(01506) 282-948", "+441506282948"),
        ("07123 456 789", "+447123456789"),
        ("0044 7123 456789", "+447123456789"),
    ],
)
def test_uk_phone_numbers_are_normalised(typed, stored):
    assert normalise_uk_phone(typed) == stored


@pytest.mark.parametrize(
    "typed", ["123", "not a number", "+353 1 234 5678", "+1 202 555 0143", "0750000000000000"]
)
def test_phone_numbers_that_are_not_uk_numbers_are_refused(typed):
    with pytest.raises(ValidationError):
        normalise_uk_phone(typed)


@pytest.mark.django_db
def test_postcode_and_phone_are_normalised_through_the_form(client, refer_url, referral_data):
    referral_data.update(postcode="eh546ff", phone="01506 282948")
    assert send_referral(client, refer_url, referral_data).status_code == 302
    referral = Referral.objects.get()
    assert (referral.postcode, referral.phone) == ("EH54 6FF", "+441506282948")


@pytest.mark.django_db
def test_invalid_phone_number_is_explained_next_to_the_field(client, refer_url, referral_data):
    referral_data["phone"] = "12345"
    html = send_referral(client, refer_url, referral_data).content.decode()
    assert 'id="id_phone-error"' in html
    assert "Enter a UK phone number" in html
    assert 'value="12345"' in html


@pytest.mark.django_db
def test_long_wrong_postcode_gets_the_postcode_message_and_is_not_cut_short(
    client, refer_url, referral_data
):
    referral_data["postcode"] = "NOT A POSTCODE AT ALL"
    html = send_referral(client, refer_url, referral_data).content.decode()
    assert "Enter a real postcode, like EH54 6FF" in html
    assert 'value="NOT A POSTCODE AT ALL"' in html
    # Browsers cut text off silently at maxlength, so the server checks lengths instead.
    assert "maxlength" not in html
