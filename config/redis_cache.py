"""Django's Redis cache backend, with one Redis client object per connection pool.

Django's `RedisCacheClient.get_client` builds a new `redis.Redis` object for every call; building
one costs about as much as the round trip to Redis itself, and a cached public page makes two calls
(the publication stamp, then the page). The client objects are thread-safe and share their pool's
connections, so one per pool serves every call of the process.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class ReusedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient
