"""Working a queue of cases: the order it opens in, one link per row, the overdue tag, phone
numbers staff can dial, and the next case in the list an officer came from."""

import html as html_lib
import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from referrals.cases.admin_urls import case_url, list_url
from referrals.cases.display import phone_link, phone_text
from referrals.models import Enquiry, Referral, ReferralKind, ReferralStatus
from tests.factories import EnquiryFactory, ReferralFactory

NEXT_LINK = re.compile(r'<a href="([^"]*)">Next case in this list: (VIG-[0-9A-Z-]+)')
BACK_LINK = re.compile(r'<a href="([^"]*)">\s*<svg[^>]*>.*?</svg>\s*Back to the', re.S)


def days_ago(days):
    return timezone.now() - timedelta(days=days)


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def rows(page):
    """The list's rows, as the HTML of each <tr> in its body."""
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return body.split("<tr")[1:]


def row_links(page):
    """The case link of each row, top to bottom, as the browser would follow it."""
    links = []
    for row in rows(page):
        hrefs = re.findall(r'<a href="([^"]*)"', row)
        links.append(html_lib.unescape(hrefs[0]) if hrefs else None)
    return links


def references_in_order(page, cases):
    return sorted(cases, key=lambda case: page.index(case.reference))


def next_link(page):
    found = NEXT_LINK.search(page)
    return (html_lib.unescape(found.group(1)), found.group(2)) if found else (None, None)


def back_link(page):
    return html_lib.unescape(BACK_LINK.search(page).group(1))


# The order the queue opens in --------------------------------------------------------------


def test_queue_opens_with_overdue_first_then_the_longest_waiting_then_the_rest_newest_first(
    client, officer
):
    new_today = ReferralFactory()
    overdue_newer = ReferralFactory(status=ReferralStatus.UNDER_REVIEW, received_at=days_ago(15))
    closed_long_ago = ReferralFactory(status=ReferralStatus.CLOSED, received_at=days_ago(60))
    waiting_for_family = ReferralFactory(
        status=ReferralStatus.NEEDS_INFORMATION, received_at=days_ago(40)
    )
    overdue_oldest = ReferralFactory(received_at=days_ago(30))
    allocated_recently = ReferralFactory(status=ReferralStatus.ALLOCATED, received_at=days_ago(3))
    new_yesterday = ReferralFactory(received_at=days_ago(1))
    client.force_login(officer)

    page = get(client, list_url(Referral))

    assert references_in_order(
        page,
        [
            new_today,
            overdue_newer,
            closed_long_ago,
            waiting_for_family,
            overdue_oldest,
            allocated_recently,
            new_yesterday,
        ],
    ) == [
        overdue_oldest,  # overdue, oldest first
        overdue_newer,
        waiting_for_family,  # still open: the longest waiting first
        new_yesterday,
        new_today,
        allocated_recently,  # nobody on the triage team needs to act: newest first
        closed_long_ago,
    ]
    assert "Overdue first, then the longest waiting." in page


def test_pages_follow_the_queue_order_across_open_and_finished_cases(client, officer):
    overdue = ReferralFactory(received_at=days_ago(30))
    waiting = ReferralFactory(status=ReferralStatus.ACCEPTED, received_at=days_ago(40))
    new = ReferralFactory()
    closed = [
        ReferralFactory(status=ReferralStatus.CLOSED, received_at=days_ago(50 + i))
        for i in range(50)
    ]  # newest first
    client.force_login(officer)

    first_page = get(client, list_url(Referral))
    second_page = get(client, list_url(Referral) + "?p=2")

    everything = [overdue, waiting, new, *closed]
    assert references_in_order(first_page, everything[:50]) == everything[:50]
    assert len(rows(first_page)) == 50
    assert references_in_order(second_page, everything[50:]) == everything[50:]
    assert len(rows(second_page)) == 3
    assert "53 out of 53" in first_page

    # The case page steps through the same order, from the open cases into the finished ones.
    def after(case):
        return next_link(get(client, case_url(case)))[1]

    assert after(overdue) == waiting.reference
    assert after(new) == closed[0].reference
    assert after(closed[0]) == closed[1].reference
    assert after(closed[-1]) is None


def test_newest_first_is_one_link_away_and_the_queue_order_one_link_back(client, officer):
    old = ReferralFactory(received_at=days_ago(30))
    new = ReferralFactory()
    client.force_login(officer)
    page = get(client, list_url(Referral) + "?overdue=no")
    newest_url = html_lib.unescape(re.search(r'<a href="([^"]*)">Show newest first', page)[1])
    assert "overdue=no" in newest_url  # the filter is kept

    newest = get(client, list_url(Referral) + newest_url)
    back_url = html_lib.unescape(
        re.search(r'<a href="([^"]*)">Show overdue first, then the longest waiting', newest)[1]
    )
    queue = get(client, list_url(Referral) + back_url)

    everything = get(client, list_url(Referral) + newest_url.replace("overdue=no", ""))
    assert everything.index(new.reference) < everything.index(old.reference)
    assert "overdue=no" in back_url and "o=" not in back_url.replace("overdue=no", "")
    assert "Overdue first, then the longest waiting." in queue


def test_the_default_order_marks_no_column_heading_as_sorted(client, officer):
    ReferralFactory()
    client.force_login(officer)
    page = get(client, list_url(Referral))
    assert "sorted" not in page.split("<thead>", 1)[1].split("</thead>", 1)[0]


def test_enquiries_open_in_the_same_order(client, officer):
    answered = EnquiryFactory(status="answered", received_at=days_ago(1))
    overdue = EnquiryFactory(received_at=days_ago(30))
    new = EnquiryFactory()
    client.force_login(officer)
    page = get(client, list_url(Enquiry))
    assert references_in_order(page, [answered, new, overdue]) == [overdue, new, answered]


# One link per row, and the overdue tag ---------------------------------------------------


def test_each_row_has_exactly_one_link_and_it_opens_the_case(client, officer):
    cases = [ReferralFactory(flagged_not_verified=True), ReferralFactory(received_at=days_ago(30))]
    client.force_login(officer)

    page = get(client, list_url(Referral))

    assert len(rows(page)) == 2
    for row in rows(page):
        links = re.findall(r"<a\b[^>]*>(.*?)</a>", row, re.S)
        assert len(links) == 1, row
        assert re.sub(r"<[^>]+>", "", links[0]).strip().startswith("VIG-"), row  # not empty
    assert "Inspect" not in "".join(rows(page))
    for case, link in zip(references_in_order(page, cases), row_links(page), strict=True):
        assert link.split("?")[0] == case_url(case)


def test_overdue_tag_is_its_own_red_tag_with_the_word_not_the_pale_label(client, officer):
    ReferralFactory(received_at=days_ago(30), flagged_not_verified=True)
    client.force_login(officer)

    page = get(client, list_url(Referral))

    assert '<strong class="triage-overdue">Overdue</strong>' in page
    assert 'w-status--label">Overdue' not in page
    assert '<span class="w-status w-status--label">Not verified</span>' in page
    # Overdue leads the flags.
    flags = rows(page)[0].split("field-flags", 1)[1]
    assert flags.index("Overdue") < flags.index("Not verified")


def test_overdue_tag_style_is_solid_red_with_white_text():
    css = (settings.BASE_DIR / "referrals/static/referrals/triage-admin.css").read_text()
    rule = css.split(".triage-overdue {", 1)[1].split("}", 1)[0]
    assert "background: #b3261e" in rule
    assert "color: #fff" in rule


# Phone numbers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("+447911123456", "07911 123456"),
        ("+441506282948", "01506 282948"),
        ("+441312345678", "0131 234 5678"),
        ("+442079460000", "020 7946 0000"),
        ("+447700900123", "07700 900123"),
        ("+33123456789", "+33 1 23 45 67 89"),
        ("", ""),
        ("[removed under the retention policy]", "[removed under the retention policy]"),
    ],
)
def test_phone_numbers_are_shown_in_national_format(stored, shown):
    assert phone_text(stored) == shown


def test_a_phone_number_is_a_tel_link_unless_a_call_is_not_safe():
    assert phone_link("+447911123456") == '<a href="tel:+447911123456">07911 123456</a>'
    unsafe = phone_link("+447911123456", safe_to_phone=False)
    assert "tel:" not in unsafe
    assert unsafe == "07911 123456 <strong>(not safe to phone)</strong>"
    assert phone_link("") == ""


def test_case_page_shows_phone_numbers_to_dial_and_keeps_them_stored_as_plus_44(client, officer):
    referral = ReferralFactory(
        kind=ReferralKind.PROFESSIONAL,
        phone="+447700900123",
        safe_to_phone=True,
        professional_phone="+441506282948",
    )
    client.force_login(officer)

    page = get(client, case_url(referral))

    assert '<a href="tel:+447700900123">07700 900123</a>' in page
    assert '<a href="tel:+441506282948">01506 282948</a>' in page
    referral.refresh_from_db()
    assert (referral.phone, referral.professional_phone) == ("+447700900123", "+441506282948")


def test_the_familys_number_is_not_a_link_where_a_call_is_not_safe(client, officer):
    referral = ReferralFactory(phone="+447700900123", safe_to_phone=False, safe_to_text=True)
    client.force_login(officer)

    page = get(client, case_url(referral))

    assert "tel:+447700900123" not in page
    assert "07700 900123 <strong>(not safe to phone)</strong>" in page


def test_enquiry_page_shows_the_phone_number_to_dial(client, officer):
    enquiry = EnquiryFactory(phone="+447700900456", safe_to_phone=True)
    client.force_login(officer)

    page = get(client, case_url(enquiry))

    assert '<a href="tel:+447700900456">07700 900456</a>' in page


# The next case in this list ------------------------------------------------------------------


def test_next_case_follows_the_filtered_list_the_officer_opened_it_from(client, officer):
    first = ReferralFactory(received_at=days_ago(30))
    skipped = ReferralFactory(received_at=days_ago(20), kind=ReferralKind.PROFESSIONAL)
    second = ReferralFactory(received_at=days_ago(10))
    last = ReferralFactory(received_at=days_ago(1))
    client.force_login(officer)

    page = get(client, list_url(Referral) + "?kind__exact=self")
    assert skipped.reference not in page
    links = row_links(page)
    assert all("kind__exact=self" in link for link in links)

    case_page = get(client, links[0])
    url, reference = next_link(case_page)
    assert reference == second.reference and "kind__exact=self" in url
    assert back_link(case_page) == list_url(Referral) + "?kind__exact=self"

    url, reference = next_link(get(client, url))
    assert reference == last.reference
    # The list's last case has no next one.
    assert next_link(get(client, url)) == (None, None)
    assert first.reference in page


def test_next_case_carries_the_search_token_never_the_search_term(client, officer):
    first = ReferralFactory(contact_name="Rowan Fictional", received_at=days_ago(30))
    ReferralFactory(contact_name="Someone Else", received_at=days_ago(20))
    second = ReferralFactory(contact_name="Rowan Example", received_at=days_ago(10))
    client.force_login(officer)

    location = client.post(list_url(Referral), {"q": "Rowan"})["Location"]
    page = get(client, location)
    links = row_links(page)
    assert len(links) == 2
    assert all("search=" in link and "Rowan" not in link for link in links)

    case_page = get(client, links[0])
    assert first.reference in case_page
    url, reference = next_link(case_page)
    assert reference == second.reference  # the next match, not the next referral
    assert "search=" in url
    for link in (url, back_link(case_page)):
        assert "Rowan" not in link and "q=" not in link


def test_a_search_term_typed_into_the_case_address_is_not_carried_on(client, officer):
    referral = ReferralFactory(received_at=days_ago(5))
    ReferralFactory()
    client.force_login(officer)
    url = case_url(referral)

    page = get(client, url + "?q=Rowan&status__exact=new")

    next_url, _ = next_link(page)
    for link in (next_url, back_link(page)):
        assert "Rowan" not in link and "q=" not in link
        assert "status__exact=new" in link


def test_without_a_list_the_next_case_is_the_next_in_the_queue_order(client, officer):
    overdue = ReferralFactory(received_at=days_ago(30))
    waiting = ReferralFactory(received_at=days_ago(2))
    ReferralFactory()
    client.force_login(officer)

    page = get(client, case_url(overdue))

    url, reference = next_link(page)
    assert reference == waiting.reference
    assert url == case_url(waiting)
    assert back_link(page) == list_url(Referral)


def test_a_case_that_has_left_the_list_leads_to_the_top_of_the_list(client, officer):
    reviewed = ReferralFactory(status=ReferralStatus.UNDER_REVIEW, received_at=days_ago(30))
    top = ReferralFactory(received_at=days_ago(10))
    ReferralFactory()
    client.force_login(officer)
    url = case_url(reviewed)

    # Opened from the New ones, then moved on to Under review.
    _, reference = next_link(get(client, url + "?status__exact=new"))

    assert reference == top.reference


def test_a_guiders_next_case_is_one_of_their_own(client, guider):
    mine = ReferralFactory(status=ReferralStatus.ALLOCATED, guider=guider, received_at=days_ago(9))
    ReferralFactory(status=ReferralStatus.ALLOCATED, received_at=days_ago(5))
    also_mine = ReferralFactory(status=ReferralStatus.ALLOCATED, guider=guider)
    client.force_login(guider)

    first = get(client, case_url(also_mine))
    _, reference = next_link(first)

    assert reference == mine.reference
    assert next_link(get(client, next_link(first)[0])) == (None, None)
