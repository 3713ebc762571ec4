"""The fail-soft Redis cache: a real Redis, then the same calls with Redis gone."""

from __future__ import annotations

import shutil
import subprocess
import time

import pytest

from quicklooks.caching.backends import FailSoftRedisCache
from tests.conftest import free_port

needs_redis = pytest.mark.skipif(not shutil.which("redis-server"), reason="redis-server is not installed")


@pytest.fixture
def private_redis(tmp_path):
    port = free_port()
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True, text=True).stdout.strip() != "PONG":
        assert time.monotonic() < deadline, "private redis-server did not start"
        time.sleep(0.05)
    yield port, process
    process.terminate()
    process.wait(timeout=10)


@needs_redis
def test_answers_like_an_empty_cache_while_redis_is_away(private_redis):
    port, process = private_redis
    cache = FailSoftRedisCache(f"redis://127.0.0.1:{port}/0", {})
    cache.set("kept", "value")
    assert cache.get("kept") == "value"
    assert cache.add("counter", 0) is True
    assert cache.incr("counter") == 1

    process.terminate()
    process.wait(timeout=10)
    assert cache.get("kept", "default") == "default"
    assert cache.get_many(["kept"]) == {}
    assert cache.add("other", 1) is False
    cache.set("other", 1)  # dropped, not raised
    with pytest.raises(ValueError):
        cache.incr("counter")
    assert cache.delete("kept") is False
