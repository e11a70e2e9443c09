"""Django's database sessions, with a session ended in one statement.

A visitor's session ends when their referral is sent (referrals.intake.answers.Answers.clear):
Django's own delete() reads the row before deleting it. Set as SESSION_ENGINE.
"""

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import connections, router


class SessionStore(DatabaseSessionStore):
    def delete(self, session_key=None):
        if session_key is None:
            if self.session_key is None:
                return
            session_key = self.session_key
        model = self.model
        connection = connections[router.db_for_write(model)]
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)} "  # noqa: S608
                "WHERE session_key = %s",
                [session_key],
            )
