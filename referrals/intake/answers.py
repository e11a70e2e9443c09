"""Answers in progress on a referral's question pages: kept only in the visitor's server-side
session, never in a URL or a hidden field, and forgotten after IDLE_SECONDS without a request.

Each form page keeps its answers under the session key `intake:<translation key>`, the same
for the page in every language, so a visitor who changes language keeps what they typed. The
quick exit deletes every session key that starts with `intake:` (SESSION_PREFIX): that is the
contract between the two, so keep every answer under that prefix.

What is kept is what the visitor typed, as posted (each input's name and its values), for the
pages that were checked and accepted; the whole referral is checked again when it is sent.
"""

import time

SESSION_PREFIX = "intake:"
IDLE_SECONDS = 60 * 60
TOUCH_EVERY_SECONDS = 60
EXPIRY_KEY = "_session_expiry"  # where Django keeps a session's own expiry (set_expiry)


def now():
    """Seconds since the epoch (a function of its own, so a test can move the clock)."""
    return time.time()


def session_key(page):
    return f"{SESSION_PREFIX}{page.translation_key}"


class Answers:
    """One visitor's answers for one form page.

    `expired` is True when answers were there but the visitor did nothing for IDLE_SECONDS:
    they have been deleted by the time it is read.
    """

    def __init__(self, request, page):
        self.session = request.session
        self.key = session_key(page)
        self.expired = False
        self._record = self.session.get(self.key)
        if self._record is not None and now() - self._record["seen"] > IDLE_SECONDS:
            self.clear()
            self.expired = True

    @property
    def started(self):
        return self._record is not None

    @property
    def done(self):
        """The slugs of the question pages answered (and accepted)."""
        return list(self._record["done"]) if self._record else []

    @property
    def declaration_shown(self):
        """True when the check page, with its declaration, was shown for these very answers."""
        return bool(self._record and self._record.get("declaration_shown"))

    def data(self):
        """{input name: [values]}: every answer kept, as a form's data."""
        return dict(self._record["data"]) if self._record else {}

    def save_step(self, slug, values):
        """Keep the values posted for one question page (replacing its earlier answers)."""
        record = self._record or {"data": {}, "done": []}
        record["data"].update(values)
        if slug not in record["done"]:
            record["done"].append(slug)
        record["declaration_shown"] = False
        self._store(record)

    def show_declaration(self):
        if self._record is not None and not self._record.get("declaration_shown"):
            self._record["declaration_shown"] = True
            self._store(self._record)
        else:
            self.touch()

    def touch(self):
        """Note activity, so the answers last another IDLE_SECONDS (written at most once a
        minute: opening pages does not write the session on every request)."""
        if self._record is not None and now() - self._record["seen"] >= TOUCH_EVERY_SECONDS:
            self._store(self._record)

    def clear(self):
        self.session.pop(self.key, None)
        self._record = None
        if not [key for key in self.session.keys() if key != EXPIRY_KEY]:
            # Nothing else was kept for this visitor: delete the session row and its cookie.
            self.session.flush()

    def _store(self, record):
        record["seen"] = now()
        self._record = record
        self.session[self.key] = record
        self.session.modified = True
        if not _is_staff(self.session):
            # A member of the public: the session itself ends with the answers' idle time, so
            # the row holding them is not kept longer than the answers are.
            self.session.set_expiry(IDLE_SECONDS)


def _is_staff(session):
    return "_auth_user_id" in session
