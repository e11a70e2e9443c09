"""Run a script with `make run`'s settings on a fresh SQLite file, in a process of its own.

`make run` uses SQLite while the suite's own database is PostgreSQL; where the two differ (our
own aggregates, LIMIT inside a UNION) a test migrates a new SQLite file and runs its script
through `manage.py shell` there.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_on_fresh_sqlite(tmp_path, script):
    """Migrate a new SQLite file under `tmp_path`, run `script` in `manage.py shell` and
    return what it printed; fails the test with the error's end if either step fails."""
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "DJANGO_"))},
        "DATABASE_URL": f"sqlite:///{tmp_path / 'make-run.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "vig_site.settings.dev",
    }

    def manage(*args):
        return subprocess.run(  # noqa: S603 - our own manage.py
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )

    migrated = manage("migrate", "--noinput", "-v", "0")
    assert migrated.returncode == 0, migrated.stderr[-2000:]
    result = manage("shell", "-c", script)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout
