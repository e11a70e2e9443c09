"""A minimal HTTP client for the benchmark: one connection per request (gunicorn's sync workers
close every connection anyway), cookies kept per visitor, CSRF token read from the form."""

import http.client
import re
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Site:
    name: str
    port: int
    headers: dict  # what the proxy in front would add (X-Forwarded-Proto for the project)
    scheme: str = "http"

    @property
    def origin(self):
        return f"{self.scheme}://127.0.0.1:{self.port}"


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def location(self):
        location = self.headers.get("Location", "")
        return urlsplit(location).path if location else ""

    def csrf_token(self):
        match = CSRF_INPUT.search(self.body)
        if not match:
            raise RuntimeError("no CSRF token in the form page")
        return match.group(1).decode()


class Visitor:
    """One browser: its own cookies, nothing else shared."""

    def __init__(self, site):
        self.site = site
        self.cookies = {}

    def request(self, method, path, fields=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.site.port, timeout=60)
        headers = dict(self.site.headers)
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items() if v)
        body = None
        if fields is not None:
            body = urlencode(fields, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = self.site.origin
        try:
            connection.request(method, path, body, headers)
            response = connection.getresponse()
            data = response.read()
        finally:
            connection.close()
        for cookie in response.msg.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return Response(response.status, response.msg, data)

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, fields):
        return self.request("POST", path, fields)
