"""Pages of the API's lists, whose total is counted once per version of the data, not per page."""

from rest_framework.pagination import PageNumberPagination

from dossier.views import CachedCountPaginator


class CachedCountPagination(PageNumberPagination):
    django_paginator_class = CachedCountPaginator
