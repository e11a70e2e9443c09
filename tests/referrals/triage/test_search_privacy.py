"""Names and postcodes typed into the triage search never appear in a URL."""

from django.urls import reverse

from referrals.cases.admin_urls import list_url
from referrals.models import Enquiry, OutboundEmail, Referral
from referrals.triage.search import SEARCH_SESSION_KEY
from tests.factories import EnquiryFactory, ReferralFactory


def test_search_box_posts_so_the_name_stays_out_of_the_address(client, officer):
    wanted = ReferralFactory(contact_name="Rowan Fictional", postcode="EH99 9ZZ")
    other = ReferralFactory()
    client.force_login(officer)
    url = list_url(Referral)

    form = client.get(url).content.decode()
    assert 'id="changelist-search"' in form
    assert 'method="post"' in form.split('id="changelist-search"')[1].split(">")[0]

    response = client.post(url, {"q": "Rowan", "status__exact": "new"})
    assert response.status_code == 302
    location = response["Location"]
    assert "Rowan" not in location
    assert "status__exact=new" in location
    assert "search=" in location

    page = client.get(location)
    html = page.content.decode()
    assert wanted.reference in html
    assert other.reference not in html
    # The term is shown back in the box, but no link on the page carries it.
    assert 'value="Rowan"' in html
    assert "q=Rowan" not in html


def test_export_of_a_search_carries_only_the_token(client, manager):
    ReferralFactory(contact_name="Rowan Fictional")
    ReferralFactory()
    client.force_login(manager)
    location = client.post(list_url(Referral), {"q": "Rowan"})["Location"]
    html = client.get(location).content.decode()
    assert "export=csv" in html
    export_links = [part for part in html.split('"') if "export=csv" in part]
    assert export_links and all("Rowan" not in link for link in export_links)
    csv = client.get(list_url(Referral) + export_links[0].replace("&amp;", "&")).content.decode()
    assert csv.count("\n") == 2  # the header and the one matching referral


def test_a_search_token_from_another_session_finds_nothing(client, officer, officer2):
    ReferralFactory(contact_name="Rowan Fictional")
    client.force_login(officer)
    location = client.post(list_url(Referral), {"q": "Rowan"})["Location"]
    client.force_login(officer2)
    html = client.get(location).content.decode()
    assert "Rowan" not in html


def test_clearing_the_search_shows_everything_again(client, officer):
    first, second = ReferralFactory(), ReferralFactory()
    client.force_login(officer)
    client.post(list_url(Referral), {"q": first.reference})
    location = client.post(list_url(Referral), {"q": ""})["Location"]
    html = client.get(location).content.decode()
    assert first.reference in html and second.reference in html


def test_enquiries_and_outbox_search_the_same_way(client, officer):
    enquiry = EnquiryFactory(name="Juniper Fictional")
    client.force_login(officer)
    for model in (Enquiry, OutboundEmail):
        response = client.post(list_url(model), {"q": enquiry.reference})
        assert response.status_code == 302
        assert client.get(response["Location"]).status_code == 200


def test_editors_cannot_search_referrals(client, editor):
    client.force_login(editor)
    response = client.post(list_url(Referral), {"q": "Rowan"})
    # Wagtail turns the refusal into a redirect to the dashboard, as for the list itself.
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    assert SEARCH_SESSION_KEY not in client.session


def test_unknown_list_parameters_cannot_probe_other_tables(client, officer, manager):
    mine = ReferralFactory(assigned_to=manager)
    other = ReferralFactory()
    client.force_login(officer)
    for probe in ("md5$", "nothing-starts-like-this"):
        response = client.get(list_url(Referral), {"assigned_to__password__startswith": probe})
        assert response.status_code == 200
        html = response.content.decode()
        # The parameter is ignored: the answer is the same whatever the probe.
        assert mine.reference in html and other.reference in html


def test_misspelt_or_tracking_parameters_do_not_break_the_list(client, officer):
    referral = ReferralFactory()
    client.force_login(officer)
    for params in ({"nope": "1"}, {"utm_source": "email"}, {"status__exact": "new", "x": "y"}):
        response = client.get(list_url(Referral), params)
        assert response.status_code == 200
        assert referral.reference in response.content.decode()
    outbox = list_url(OutboundEmail)
    assert client.get(outbox, {"referral__contact_name__startswith": "A"}).status_code == 200


def test_a_name_that_reads_like_a_reference_is_still_found_by_name(client, officer):
    wanted = ReferralFactory(contact_name="Rosemary Fictional")
    client.force_login(officer)
    location = client.post(list_url(Referral), {"q": "Rosemary"})["Location"]
    assert wanted.reference in client.get(location).content.decode()


def test_a_reference_read_out_over_the_phone_is_found(client, officer):
    wanted = ReferralFactory()
    other = ReferralFactory()
    client.force_login(officer)
    spoken = "vig " + wanted.reference[4:].replace("-", " ").lower().replace("0", "o")
    location = client.post(list_url(Referral), {"q": spoken})["Location"]
    html = client.get(location).content.decode()
    assert wanted.reference in html
    assert other.reference not in html


def test_a_name_in_the_address_does_not_search(client, officer):
    """A GET ?q=Name used to filter, so a name could end up in a URL, a log or a bookmark."""
    wanted, other = ReferralFactory(contact_name="Rowan Fictional"), ReferralFactory()
    client.force_login(officer)
    html = client.get(list_url(Referral), {"q": "Rowan"}).content.decode()
    assert wanted.reference in html and other.reference in html  # the whole list, unfiltered
