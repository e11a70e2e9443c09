"""Django's Redis cache, keeping one Redis client per connection pool, and surviving an outage.

Django's RedisCacheClient builds a new `redis.Redis` object around its connection pool on every
cache call; on a cached page that was a measurable share of the request. A `redis.Redis` client
is safe to share between threads (each command takes a connection from the pool), so one per
pool is kept and reused.

**When Redis is down** the site keeps working without it, and a dead Redis costs milliseconds:

- Connecting and each reply have short timeouts (CONNECT_TIMEOUT_SECONDS, REPLY_TIMEOUT_SECONDS;
  `OPTIONS` in CACHES may set others), where redis-py's own are 5 s each.
- After a failure the cache is not tried again for OUTAGE_RETRY_SECONDS: every call in between
  fails at once, so a Redis that hangs costs one timeout per process every few seconds, not
  one per cache call.
- A read that fails is a miss and a write that fails is skipped (a cache only ever saves
  work), so Wagtail's and Django's own uses of the cache carry on. `add`, `incr` and `decr`
  raise CacheUnavailable instead: their answer is a decision (a claim, a count), and the code
  that asks — the page cache, the submission rate limit, the double-submit guard, the sign-in
  throttle — decides how to carry on without it, and says so in the log (`degraded`).

Log lines name the exception's type only: no keys, no values, no addresses of visitors.
"""

import functools
import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient

logger = logging.getLogger(__name__)

CONNECT_TIMEOUT_SECONDS = 0.25
REPLY_TIMEOUT_SECONDS = 0.5
OUTAGE_RETRY_SECONDS = 5
# A degraded feature says so at most this often per process, not on every request.
DEGRADED_LOG_EVERY_SECONDS = 60


class CacheUnavailable(Exception):
    """The shared cache (Redis) did not answer."""


_last_logged = {}
_log_lock = threading.Lock()


def degraded(log, what):
    """Log, as a warning and at most once a minute per process, that `what` carries on without
    the shared cache. `what` is fixed text: never a key, a value or anything a visitor sent."""
    now = time.monotonic()
    with _log_lock:
        last = _last_logged.get((log.name, what))
        if last is not None and now - last < DEGRADED_LOG_EVERY_SECONDS:
            return
        _last_logged[(log.name, what)] = now
    log.warning("Cache unavailable: %s", what)


def forget_degraded():
    """Log the next degradation at once (tests; a fresh process does anyway)."""
    _last_logged.clear()


class ReusedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("socket_connect_timeout", CONNECT_TIMEOUT_SECONDS)
        kwargs.setdefault("socket_timeout", REPLY_TIMEOUT_SECONDS)
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._client(connection_pool=self._get_connection_pool(write))
            self._clients[index] = client
        return client


def _guarded(method):
    """Run a cache call unless Redis is known to be down; on a failure, note the outage and
    raise CacheUnavailable."""

    @functools.wraps(method)
    def call(self, *args, **kwargs):
        if self._down_until and time.monotonic() < self._down_until:
            raise CacheUnavailable("the cache is down")
        try:
            result = method(self, *args, **kwargs)
        except self._lib_errors as exc:
            if not self._down_until:
                logger.warning(
                    "Cache (Redis) unavailable (%s): reads are misses and writes are skipped "
                    "until it answers; trying again every %s s",
                    type(exc).__name__,
                    OUTAGE_RETRY_SECONDS,
                )
            self._down_until = time.monotonic() + OUTAGE_RETRY_SECONDS
            raise CacheUnavailable(type(exc).__name__) from None
        if self._down_until:
            self._down_until = 0
            logger.info("Cache (Redis) answering again")
        return result

    return call


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient
        self._down_until = 0

    @property
    def _lib_errors(self):
        redis = self._cache._lib
        return (redis.ConnectionError, redis.TimeoutError, OSError)

    # Decisions: the caller is told the cache is unavailable.
    add = _guarded(DjangoRedisCache.add)
    incr = _guarded(DjangoRedisCache.incr)

    # A read that fails is a miss; a write that fails is skipped.
    _get = _guarded(DjangoRedisCache.get)
    _get_many = _guarded(DjangoRedisCache.get_many)
    _has_key = _guarded(DjangoRedisCache.has_key)
    _set = _guarded(DjangoRedisCache.set)
    _set_many = _guarded(DjangoRedisCache.set_many)
    _touch = _guarded(DjangoRedisCache.touch)
    _delete = _guarded(DjangoRedisCache.delete)
    _delete_many = _guarded(DjangoRedisCache.delete_many)
    _clear = _guarded(DjangoRedisCache.clear)

    def get(self, key, default=None, version=None):
        try:
            return self._get(key, default, version)
        except CacheUnavailable:
            return default

    def get_many(self, keys, version=None):
        try:
            return self._get_many(keys, version)
        except CacheUnavailable:
            return {}

    def has_key(self, key, version=None):
        try:
            return self._has_key(key, version)
        except CacheUnavailable:
            return False

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            self._set(key, value, timeout, version)
        except CacheUnavailable:
            pass

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return self._set_many(data, timeout, version)
        except CacheUnavailable:
            return list(data)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return self._touch(key, timeout, version)
        except CacheUnavailable:
            return False

    def delete(self, key, version=None):
        try:
            return self._delete(key, version)
        except CacheUnavailable:
            return False

    def delete_many(self, keys, version=None):
        try:
            self._delete_many(keys, version)
        except CacheUnavailable:
            pass

    def clear(self):
        try:
            return self._clear()
        except CacheUnavailable:
            return False
