"""The Redis cache used in production works against a real Redis and reuses its client."""

import uuid

import pytest
from django.conf import settings

from vig_site.cache import RedisCache

REDIS_URL = getattr(settings, "REDIS_URL", "") or "redis://127.0.0.1:6379/15"


@pytest.fixture
def redis_cache():
    cache = RedisCache(REDIS_URL, {"KEY_PREFIX": f"vig-test-{uuid.uuid4().hex[:8]}"})
    try:
        cache.get("ping")
    except Exception as exc:  # any connection error means there is no Redis here
        pytest.skip(f"No Redis at {REDIS_URL}: {type(exc).__name__}")
    yield cache
    cache.delete_many(["a", "b", "n"])


def test_reads_and_writes_round_trip(redis_cache):
    redis_cache.set("a", (1, b"<html>", "text/html"))
    redis_cache.add("n", 1)
    redis_cache.incr("n")
    assert redis_cache.get_many(["a", "n", "b"]) == {"a": (1, b"<html>", "text/html"), "n": 2}


def test_one_client_object_serves_every_call(redis_cache):
    redis_cache.get("a")
    client = redis_cache._cache.get_client()
    redis_cache.set("b", 1)
    assert redis_cache._cache.get_client() is client
    assert redis_cache._cache.get_client(write=True) is client  # one server: one pool
