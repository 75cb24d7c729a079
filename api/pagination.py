"""Pages of the API's lists, whose total is counted once a minute rather than per page."""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.utils.functional import cached_property
from rest_framework.pagination import PageNumberPagination


class CachedCountPaginator(Paginator):
    @cached_property
    def count(self) -> int:
        """The list's total, kept in the shared cache for API_COUNT_SECONDS.

        Counting a million claims took longer than serving their page; a total a
        minute old is good enough to page through, and each filter has its own.
        """
        query = str(self.object_list.query)
        key = "api-count:" + hashlib.sha256(query.encode()).hexdigest()
        count = cache.get(key)
        if count is None:
            count = Paginator.count.func(self)
            cache.set(key, count, settings.API_COUNT_SECONDS)
        return count


class CachedCountPagination(PageNumberPagination):
    django_paginator_class = CachedCountPaginator
