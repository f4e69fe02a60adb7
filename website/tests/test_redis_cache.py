"""website.cache.RedisCache against the Redis server of CELERY_BROKER_URL (skipped without one):
the same behaviour as Django's, with one Redis client reused for every operation."""

import os

import pytest

from website.cache import RedisCache


@pytest.fixture
def redis_cache():
    url = os.environ.get("CELERY_BROKER_URL", "")
    if not url.startswith("redis"):
        pytest.skip("CELERY_BROKER_URL is not a Redis URL: no Redis server to test the cache on")
    cache = RedisCache(url, {"KEY_PREFIX": "czn-test-cache"})
    cache.clear()
    yield cache
    cache.clear()


@pytest.mark.redis
def test_operations_behave_as_djangos(redis_cache):
    redis_cache.set("a", {"x": 1}, 30)
    redis_cache.set_many({"b": "deux", "c": 3}, 30)
    assert redis_cache.get("a") == {"x": 1}
    assert redis_cache.get_many(["a", "b", "c", "missing"]) == {"a": {"x": 1}, "b": "deux", "c": 3}
    assert redis_cache.get("missing", "défaut") == "défaut"
    assert redis_cache.incr("c") == 4
    redis_cache.delete("a")
    assert redis_cache.get("a") is None


@pytest.mark.redis
def test_one_client_is_reused(redis_cache):
    client = redis_cache._cache
    first = client.get_client("k")
    assert client.get_client("other") is first
    assert client.get_client("k", write=True) is first  # one server: the same pool
    redis_cache.set("k", 1, 30)
    assert client.get_client("k") is first
