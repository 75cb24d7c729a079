"""What an editor's browser posts back: the change form as it was opened."""


def opened_form(response) -> dict:
    """The POST data of an admin change page, its inlines included, as the editor got it."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        data |= {bf.html_name: bf.value() for bf in formset.management_form}
        forms += formset.forms
    for form in forms:
        for bound in form:
            value = bound.value()
            if value is None or value is False:
                continue
            data[bound.html_name] = "on" if value is True else value
    return data
