"""The intake tells "Leave this site quickly" what to forget (ReferralsConfig.ready registers
its answers' session keys and its confirmation cookie with home.quick_exit): a visitor who
leaves mid-referral has nothing left to show anyone else at that browser, and nothing the
intake does not own is touched."""

from tests.intake_journey import answer_questions, check_url

FROM_THIS_SITE = {"Sec-Fetch-Site": "same-origin"}


def test_leaving_forgets_the_answers_of_the_question_pages(client, refer_url, referral_data):
    answer_questions(client, refer_url, referral_data)
    assert referral_data["contact_name"] in client.get(check_url(refer_url)).content.decode()
    session = client.session
    session["not-an-answer"] = "kept"
    session.save()
    client.get("/leave/", headers=FROM_THIS_SITE)
    html = client.get(check_url(refer_url)).content.decode()
    assert referral_data["contact_name"] not in html
    assert "You need to start again" in html
    assert client.session["not-an-answer"] == "kept"
