from django.core.exceptions import BadRequest
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _

# Far beyond any list's last page, which a page number past the end shows.
MAX_PAGE_DIGITS = 9


def page_of(request, queryset, per_page: int):
    """The requested page of a list; a page "number" that is no number is a bad request."""
    number = request.GET.get("page", "1")
    if not (number.isascii() and number.isdigit() and len(number) <= MAX_PAGE_DIGITS):
        raise BadRequest(
            _("The page number must be a whole number of at most %(digits)d digits.")
            % {"digits": MAX_PAGE_DIGITS}
        )
    return Paginator(queryset, per_page).get_page(number)


def bad_request(request, exception):
    """Say what was wrong with the request, not just that something was."""
    return render(request, "400.html", {"message": str(exception)}, status=400)
