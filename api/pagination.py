"""Pages of the API's lists, whose total is counted once per version of the data, not per page.

The page links are absolute, from the site's configured address (SITE_URL), not from the
request: a list is kept as built for every client, and a Host header is the client's to
choose.
"""

from django.conf import settings
from rest_framework.pagination import PageNumberPagination
from rest_framework.utils.urls import remove_query_param, replace_query_param

from dossier.views import CachedCountPaginator


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
