"""A PostgreSQL server of a test's own, on a port of its own, that the test may stop and start.

The shared PostgreSQL on 127.0.0.1:5432 serves every other test and engineer on the machine: a
test that takes the database away uses one of these instead. The cluster lives in a temporary
folder and is removed with it. As root (PostgreSQL refuses to run as root) it runs as the
`postgres` user.
"""

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

from .outages import closed_port


def _program(name):
    found = shutil.which(name) or next(
        iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None
    )
    if found is None:
        raise RuntimeError(f"{name} not found: install PostgreSQL's server (Debian: postgresql)")
    return found


class PrivatePostgres:
    """initdb, start, stop, start again, remove. `url(name)` is a DATABASE_URL for a database
    on it."""

    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="vig-private-pg-"))
        self.data = self.folder / "data"
        self.port = closed_port()
        self._as = []
        if os.geteuid() == 0:
            postgres = pwd.getpwnam("postgres")
            os.chown(self.folder, postgres.pw_uid, postgres.pw_gid)
            self._as = ["runuser", "-u", "postgres", "--"]
        self._run(
            "initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"
        )

    def _run(self, program, *args):
        subprocess.run(  # noqa: S603 - PostgreSQL's own programs, on our own folder
            [*self._as, _program(program), *map(str, args)],
            check=True,
            capture_output=True,
            timeout=120,
        )

    def start(self):
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c full_page_writes=off"
        )
        self._run(
            "pg_ctl", "-D", self.data, "-o", options, "-l", self.folder / "log", "-w", "start"
        )

    def stop(self):
        """As an outage: every connection is cut and new ones are refused."""
        self._run("pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop")

    def remove(self):
        try:
            self.stop()
        except subprocess.CalledProcessError:
            pass  # not running
        shutil.rmtree(self.folder, ignore_errors=True)

    def create_database(self, name, *, copy_of):
        """A new database holding what the database at the URL `copy_of` holds (schema, rows,
        triggers): the test database, migrated once for the session, is copied in seconds."""
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        dump = subprocess.run(  # noqa: S603 - PostgreSQL's own program
            [_program("pg_dump"), "--no-owner", "--no-privileges", "-d", copy_of],
            check=True,
            capture_output=True,
            timeout=120,
        )
        subprocess.run(  # noqa: S603 - PostgreSQL's own program
            [_program("psql"), "-q", "-v", "ON_ERROR_STOP=1", "-d", self.url(name)],
            input=dump.stdout,
            check=True,
            capture_output=True,
            timeout=120,
        )

    def url(self, name):
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"
