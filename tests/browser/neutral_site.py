"""The quick exit's neutral site, answered inside the browser: the tests never leave the machine.

Without JavaScript the exit link goes to /leave/, which forgets the answers in progress and
redirects to the neutral site. Playwright does not route the hop after a redirect (it would
really try to reach the neutral site), so /leave/ is routed too: the request still reaches our
server, which does its work and answers 302; the browser is then sent on with a meta refresh,
which works without JavaScript and starts a new navigation that is routed.
Playwright sends that request on with the browser's Referer but without its Sec-Fetch-*
headers, so /leave/ knows it from this site as it knows an older browser's (by its Referer).
"""

NEUTRAL_SITE = "https://www.bbc.co.uk/weather"
NEUTRAL_PAGE = "<title>Weather</title><h1>Weather</h1>"


def serve_neutral_site_locally(context, *, neutral_site=NEUTRAL_SITE):
    origin = "/".join(neutral_site.split("/")[:3])
    context.route(
        f"{origin}/**",
        lambda route: route.fulfill(status=200, content_type="text/html", body=NEUTRAL_PAGE),
    )

    def leave(route):
        if route.request.method != "GET":
            route.continue_()  # the beacon: a POST answered 204, nothing to follow
            return
        response = route.fetch(max_redirects=0)
        location = response.headers.get("location", "")
        assert response.status == 302, f"/leave/ answered {response.status}"
        assert "'" not in location and '"' not in location
        route.fulfill(
            status=200,
            content_type="text/html",
            body=f"<meta http-equiv='refresh' content='0; url={location}'><title>Leaving</title>",
        )

    context.route("**/leave/", leave)
