from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    name = "pagecache"
    verbose_name = "Page cache"

    def ready(self):
        from core import replicas
        from pagecache import generation
        from pagecache.replicas import replica_is_current

        generation.connect_invalidation()
        replicas.register_freshness_check(replica_is_current)
