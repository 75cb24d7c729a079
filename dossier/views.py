import hashlib

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.cache import cache
from django.core.exceptions import BadRequest, EmptyResultSet
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

# Far beyond any list's last page, which a page number past the end shows.
MAX_PAGE_DIGITS = 9


class CachedCountPaginator(Paginator):
    @cached_property
    def count(self) -> int:
        """The list's total, counted once for each version of the index and filter.

        Counting a million claims took longer than serving their page; the total is
        kept until anything in the dossier changes (pages/changes.py).
        """
        from pages.kept import PAGE_SECONDS, version

        try:
            query = str(self.object_list.query)
        except EmptyResultSet:  # none(): nothing to count, nor to keep
            return 0
        digest = hashlib.sha256(query.encode()).hexdigest()
        key = f"count:{version('index')}:{digest}"
        count = cache.get(key)
        if count is None:
            count = Paginator.count.func(self)
            cache.set(key, count, PAGE_SECONDS)
        return count


def page_of(request, queryset, per_page: int, paginator=Paginator):
    """The requested page of a list; a page "number" that is no number is a bad request."""
    number = request.GET.get("page", "1")
    if not (number.isascii() and number.isdigit() and len(number) <= MAX_PAGE_DIGITS):
        raise BadRequest(
            _("The page number must be a whole number of at most %(digits)d digits.")
            % {"digits": MAX_PAGE_DIGITS}
        )
    return paginator(queryset, per_page).get_page(number)


def bad_request(request, exception):
    """Say what was wrong with the request, not just that something was."""
    return render(request, "400.html", {"message": str(exception)}, status=400)


def locked_out(request, credentials, *args, **kwargs):
    """The admin's login page again, saying why the right password is refused for now."""

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    form = AdminAuthenticationForm(request, initial={"username": request.POST.get("username")})
    form.cleaned_data = {}
    form.add_error(
        None,
        _(
            "Too many failed logins for this username from your address. Logging in is "
            "blocked for %(minutes)d minutes; then try again, or ask an administrator."
        )
        % {"minutes": minutes},
    )
    context = admin.site.each_context(request) | {
        "title": _("Log in"),
        "subtitle": None,
        "app_path": request.get_full_path(),
        "form": form,
        "username": request.user.get_username(),
        "site_header": admin.site.site_header,
    }
    response = render(request, "admin/login.html", context, status=429)
    response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    return response
