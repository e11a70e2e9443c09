"""The README's configuration table names every environment variable the settings read, so a
new setting cannot go unexplained to whoever deploys the site."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READ = re.compile(
    r"""(?:os\.environ\.get|os\.environ\[|env_int|env_bool|env_list)\(?\s*["']([A-Z][A-Z0-9_]+)["']"""
)


def variables_the_settings_read():
    found = set()
    for path in (ROOT / "vig_site").rglob("*.py"):
        found |= set(READ.findall(path.read_text()))
    return found


def test_the_scan_finds_the_settings_variables():
    found = variables_the_settings_read()
    assert {"DATABASE_URL", "SECRET_KEY", "SITE_BASE_URL", "STAFF_MFA_REQUIRED"} <= found


def test_every_environment_variable_is_in_the_readmes_configuration_table():
    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("## Configuration") :]
    section = section[: section.index("\n## ", 1)]
    first_cells = re.findall(r"^\| (`[^|]+)\|", section, re.MULTILINE)
    documented = {name for cell in first_cells for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", cell)}
    assert variables_the_settings_read() - documented == set()
