"""Pages of the API's lists, whose total is counted once per version of the data, not per page.

The page links are absolute, from the site's configured address (SITE_URL), not from the
request: a list is kept as built for every client, and a Host header is the client's to
choose.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.utils.functional import cached_property
from rest_framework.pagination import PageNumberPagination
from rest_framework.utils.urls import remove_query_param, replace_query_param

from pages.changes import INDEX
from pages.kept import PAGE_SECONDS, version


class CachedCountPaginator(Paginator):
    @cached_property
    def count(self) -> int:
        """The list's total, counted once for each version of the index and filter.

        Counting a million claims took longer than serving their page; the total is
        kept until anything in the dossier changes (pages/changes.py).
        """
        try:
            query = str(self.object_list.query)
        except EmptyResultSet:  # none(): nothing to count, nor to keep
            return 0
        digest = hashlib.sha256(query.encode()).hexdigest()
        key = f"count:{version(INDEX)}:{digest}"
        count = cache.get(key)
        if count is None:
            count = Paginator.count.func(self)
            cache.set(key, count, PAGE_SECONDS)
        return count


class CachedCountPagination(PageNumberPagination):
    django_paginator_class = CachedCountPaginator

    def get_next_link(self):
        if not self.page.has_next():
            return None
        return replace_query_param(
            self.site_url(), self.page_query_param, self.page.next_page_number()
        )

    def get_previous_link(self):
        if not self.page.has_previous():
            return None
        url, number = self.site_url(), self.page.previous_page_number()
        if number == 1:
            return remove_query_param(url, self.page_query_param)
        return replace_query_param(url, self.page_query_param, number)

    def site_url(self) -> str:
        return settings.SITE_URL + self.request.get_full_path()
