"""Requests refused before any view reads them."""

import re

from django.core.exceptions import BadRequest
from django.utils.translation import gettext as _

# C0 controls and DEL, which no form field or link produces; tab and line breaks
# are left to the fields, which strip them. PostgreSQL cannot even hold a NUL.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def reject_control_characters(get_response):
    def middleware(request):
        for key, values in request.GET.lists():
            if CONTROL_CHARACTERS.search(key) or any(
                CONTROL_CHARACTERS.search(value) for value in values
            ):
                raise BadRequest(_("The address contains control characters, which no link has."))
        return get_response(request)

    return middleware
