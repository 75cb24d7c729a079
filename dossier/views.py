from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import BadRequest, RequestDataTooBig
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from dossier.sizes import megabytes

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


def requested_page(request, count: int) -> int:
    """The page number asked for (?page=), from 1 to `count`; past the end, the last."""
    number = request.GET.get("page", "1")
    if not (number.isascii() and number.isdigit() and len(number) <= MAX_PAGE_DIGITS):
        raise BadRequest(
            _("The page number must be a whole number of at most %(digits)d digits.")
            % {"digits": MAX_PAGE_DIGITS}
        )
    return min(max(int(number), 1), count)


def text_page_links(current: int, count: int, url_of, around: int = 3) -> list[dict]:
    """Links to the pages of a long text: the first, the last and a few around the
    current one; None marks a gap. Empty when the text is one page."""
    if count <= 1:
        return []
    shown = {1, count, *range(max(1, current - around), min(count, current + around) + 1)}
    links, previous = [], 0
    for number in sorted(shown):
        if number > previous + 1:
            links.append(None)
        links.append({"number": number, "url": url_of(number), "current": number == current})
        previous = number
    return links


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
    message = str(exception)
    if isinstance(exception, RequestDataTooBig):
        # Django's own words name a setting; an editor pasting a long text needs the limit.
        message = _(
            "What you sent is larger than the %(megabytes)s MB a form takes. A source's "
            "text may have at most %(text)s MB: shorten it, or split it into parts."
        ) % {
            "megabytes": megabytes(settings.DATA_UPLOAD_MAX_MEMORY_SIZE),
            "text": megabytes(settings.SOURCE_TEXT_MAX_BYTES),
        }
    return render(request, "400.html", {"message": message}, status=400)


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
