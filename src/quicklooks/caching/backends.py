"""A Redis cache that degrades to "no cache" while Redis is away, instead of failing requests.

Redis is a cache and a broker here, never the only copy of anything, so a
restart of Redis must cost speed, not pages or comments. Django's own Redis
backend raises on a lost connection, which would turn every page view,
login and comment into a 500 until Redis is back. This backend answers as
if the cache were empty: reads miss, writes are dropped, ``add`` refuses
and ``incr`` says the key is missing, and it logs once per outage.

Consequences while Redis is away, all of them recover by themselves:
pages are rendered on every request (nginx keeps serving page files);
sessions are read from the database (``cached_db``); rate limits that
count in the cache start counting again from zero.
"""

from __future__ import annotations

import logging
import threading

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger(__name__)
UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, ConnectionError, TimeoutError, OSError)


class FailSoftRedisCache(RedisCache):
    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        # Seconds, not the default of waiting forever on a dead socket.
        options.setdefault("socket_connect_timeout", 0.5)
        options.setdefault("socket_timeout", 1.0)
        super().__init__(server, {**params, "OPTIONS": options})
        self._down = False
        self._lock = threading.Lock()

    def _failed(self, operation: str, error: Exception) -> None:
        with self._lock:
            first, self._down = not self._down, True
        if first:
            log.warning("Redis cache unavailable (%s: %s); serving without it until it is back", operation, error)

    def _ok(self) -> None:
        if self._down:
            with self._lock:
                self._down = False
            log.warning("Redis cache is back")

    def _call(self, operation: str, fallback, *args, **kwargs):
        try:
            result = getattr(super(), operation)(*args, **kwargs)
        except UNAVAILABLE as error:
            self._failed(operation, error)
            return fallback
        self._ok()
        return result

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version)

    def set(self, key, value, timeout=..., version=None):
        from django.core.cache.backends.base import DEFAULT_TIMEOUT

        return self._call("set", None, key, value, DEFAULT_TIMEOUT if timeout is ... else timeout, version)

    def set_many(self, data, timeout=..., version=None):
        from django.core.cache.backends.base import DEFAULT_TIMEOUT

        return self._call("set_many", list(data), data, DEFAULT_TIMEOUT if timeout is ... else timeout, version)

    def add(self, key, value, timeout=..., version=None):
        from django.core.cache.backends.base import DEFAULT_TIMEOUT

        return self._call("add", False, key, value, DEFAULT_TIMEOUT if timeout is ... else timeout, version)

    def touch(self, key, timeout=..., version=None):
        from django.core.cache.backends.base import DEFAULT_TIMEOUT

        return self._call("touch", False, key, DEFAULT_TIMEOUT if timeout is ... else timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version)

    def incr(self, key, delta=1, version=None):
        try:
            result = super().incr(key, delta, version)
        except UNAVAILABLE as error:
            self._failed("incr", error)
            raise ValueError(f"Key '{key}' not found (the Redis cache is unavailable).") from None
        self._ok()
        return result

    def clear(self):
        return self._call("clear", None)
