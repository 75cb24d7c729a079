from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import BadRequest
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

# Far beyond any list's last page, which a page number past the end shows.
MAX_PAGE_DIGITS = 9


class CappedCountPaginator(Paginator):
    """Counts a list only so far past the page asked for: `cap` items beyond its start.

    Counting every question a figure filter selects among a million claims took half a
    second; an exact total past a thousand tells a reader little more than "more than
    a thousand". Within the cap the total is exact; past it, `more_than` says how far
    it was counted, and there is always a next page while there are more.
    """

    def __init__(self, object_list, per_page, cap: int = 1000, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap
        self.counted_to = cap

    def get_page(self, number):
        # Counted from the page asked for; the links to its neighbours count nothing more.
        if str(number).isdigit():
            self.counted_to = (max(int(number), 1) - 1) * self.per_page + self.cap
        return super().get_page(number)

    @cached_property
    def count(self) -> int:
        # One more than the cap: enough to know that there are more.
        return self.object_list.order_by()[: self.counted_to + 1].count()

    @property
    def more_than(self) -> int | None:
        """The number counted to when there are more, else None (the count is exact)."""
        return self.counted_to if self.count > self.counted_to else None

    @property
    def more_pages_than(self) -> int | None:
        """The pages counted when there are more, else None."""
        return self.more_than // self.per_page if self.more_than else None


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
