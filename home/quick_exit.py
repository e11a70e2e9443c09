"""What "Leave this site quickly" forgets of a visit (home.views.leave_quickly).

home knows nothing of the apps that keep a visitor's answers: each app that does registers,
when it is ready, the session keys and the cookies that hold them, by the start of their
names. Leaving deletes every session key and cookie so named, and nothing else, so a member of
staff signed in on the same browser stays signed in.
"""

from dataclasses import dataclass

_session_prefixes = []
_cookies = []


@dataclass(frozen=True)
class ForgottenCookies:
    prefix: str  # every cookie whose name starts so
    path: str  # the path they are set for (a cookie is deleted at its own path)


def forget_session_keys(prefix):
    """Leaving deletes every session key that starts with `prefix`."""
    if prefix not in _session_prefixes:
        _session_prefixes.append(prefix)


def forget_cookies(prefix, *, path="/"):
    """Leaving deletes every cookie, set for `path`, whose name starts with `prefix`."""
    cookies = ForgottenCookies(prefix, path)
    if cookies not in _cookies:
        _cookies.append(cookies)


def session_prefixes():
    return tuple(_session_prefixes)


def forget_session(session):
    """Delete the registered keys from `session`."""
    prefixes = session_prefixes()
    for key in [key for key in session.keys() if key.startswith(prefixes)]:
        del session[key]


def forget_cookies_of(request, response):
    """Have the browser delete each registered cookie it sent with `request`."""
    for name in request.COOKIES:
        for cookies in _cookies:
            if name.startswith(cookies.prefix):
                response.delete_cookie(name, path=cookies.path, samesite="Lax")
                break
