"""Production settings, plus the benchmark's constant view (/floor/).

Everything else comes from vig_site.settings.production and the environment that
benchmarks/run.py passes, exactly as a deployment would set it. Static files are collected into
artifacts/bench/static so a benchmark run never touches the project's own STATIC_ROOT.
"""

from vig_site.settings.production import *  # noqa: F403
from vig_site.settings.production import BASE_DIR

ROOT_URLCONF = "benchmarks.urls"
STATIC_ROOT = BASE_DIR / "artifacts" / "bench" / "static"
