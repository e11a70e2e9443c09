"""Security headers on every response, and a throttle on staff sign-in."""

import pytest


def test_public_pages_send_a_strict_content_security_policy(client, home_page):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "'unsafe-inline'" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


def test_admin_pages_are_never_cached_by_browsers(admin_client):
    response = admin_client.get("/admin/")
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]


@pytest.mark.parametrize("path", ["/", "/admin/login/"])
def test_forms_need_a_csrf_token(home_page, path):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(path, {"username": "editor", "password": "x"})
    assert response.status_code == 403


def failed_login(client, username="editor", address="10.0.0.1"):
    return client.post(
        "/admin/login/",
        {"username": username, "password": "wrong-password"},
        REMOTE_ADDR=address,
    )


def test_sign_in_is_paused_after_repeated_failures(client, db, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    for _ in range(3):
        assert failed_login(client).status_code == 200
    response = failed_login(client)
    assert response.status_code == 429
    assert "Too many sign-in attempts" in response.content.decode()
    # Even the right password is refused while paused.
    response = client.post(
        "/admin/login/",
        {"username": "editor", "password": "vig-demo-editor"},
        REMOTE_ADDR="10.0.0.1",
    )
    assert response.status_code == 429


def test_the_pause_also_protects_an_account_attacked_from_many_addresses(client, db, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    for n in range(3):
        failed_login(client, address=f"10.0.1.{n}")
    assert failed_login(client, address="10.0.1.99").status_code == 429


def test_a_successful_sign_in_is_not_throttled(client, db, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    failed_login(client)
    response = client.post(
        "/admin/login/",
        {"username": "editor", "password": "vig-demo-editor"},
        REMOTE_ADDR="10.0.0.1",
    )
    assert response.status_code == 302
    client.logout()
    # The account's failure count was cleared: three more failures are allowed again.
    for _ in range(2):
        assert failed_login(client, address="10.0.9.9").status_code == 200


def test_server_error_page_gives_the_team_phone_number(rf, db):
    from vig_site.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    body = response.content.decode()
    assert "Sorry, there is a problem with the service" in body
    assert "01506 282948" in body


def test_server_error_page_follows_the_team_settings(rf, site_settings):
    from vig_site.views import server_error

    site_settings.phone = "01506 777888"
    site_settings.save()
    assert "01506 777888" in server_error(rf.get("/")).content.decode()


def test_a_form_sent_without_its_security_cookie_gets_a_helpful_page(home_page, db):
    from django.test import Client

    from referrals.demo import pages as demo_pages

    url = demo_pages.setup_form_pages(home_page)["refer"].url
    response = Client(enforce_csrf_checks=True).post(url, {"contact_name": "Sam"})
    assert response.status_code == 403
    body = response.content.decode()
    assert "Sorry, we could not send your form" in body
    assert "01506 282948" in body
    assert "CSRF" not in body
    assert "Sam" not in body


def test_one_office_address_is_not_locked_out_by_a_few_colleagues_typos(client, db, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS = 10
    for name in ("ann", "bob", "cat", "dan"):
        failed_login(client, username=name, address="10.0.2.1")
        failed_login(client, username=name, address="10.0.2.1")
    response = client.post(
        "/admin/login/",
        {"username": "editor", "password": "vig-demo-editor"},
        REMOTE_ADDR="10.0.2.1",
    )
    assert response.status_code == 302


def test_many_failures_from_one_address_are_paused(client, db, settings):
    settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS = 4
    for n in range(4):
        failed_login(client, username=f"guess{n}", address="10.0.3.1")
    assert failed_login(client, username="another", address="10.0.3.1").status_code == 429


def test_the_policy_follows_the_settings(client, home_page, settings):
    policy = {**settings.CONTENT_SECURITY_POLICY}
    policy["DIRECTIVES"] = {**policy["DIRECTIVES"], "img-src": ["'self'", "https://img.example"]}
    settings.CONTENT_SECURITY_POLICY = policy
    assert "img-src 'self' https://img.example" in client.get("/")["Content-Security-Policy"]


def test_the_admin_keeps_its_own_policy(admin_client):
    csp = admin_client.get("/admin/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert directives["script-src"] == "'self'"  # no inline script, as on the public site
    assert "frame-ancestors 'self'" in csp  # the admin frames its own previews


def test_a_previewed_page_may_be_framed_by_the_admin_and_the_public_page_may_not(
    admin_client, client, home_page
):
    url = f"/admin/pages/{home_page.id}/edit/preview/"
    preview = admin_client.get(url)
    assert preview.status_code == 200
    assert "frame-ancestors 'self'" in preview["Content-Security-Policy"]
    assert preview["X-Frame-Options"] == "SAMEORIGIN"
    public = client.get(home_page.url)
    assert "frame-ancestors 'none'" in public["Content-Security-Policy"]
    assert public["X-Frame-Options"] == "DENY"


def test_behind_our_proxy_each_office_has_its_own_sign_in_allowance(client, db, settings):
    from vig_site.client_address import parse_trusted_proxies

    settings.TRUSTED_PROXY_NETWORKS = parse_trusted_proxies("192.0.2.0/24")
    settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS = 4

    def failed_via_proxy(username, office):
        return client.post(
            "/admin/login/",
            {"username": username, "password": "wrong-password"},
            REMOTE_ADDR="192.0.2.10",
            HTTP_X_FORWARDED_FOR=office,
        )

    for n in range(4):
        failed_via_proxy(f"guess{n}", "203.0.113.1")
    assert failed_via_proxy("another", "203.0.113.1").status_code == 429
    # Another office behind the same proxy is not paused by the first one's failures.
    assert failed_via_proxy("another", "203.0.113.2").status_code == 200
