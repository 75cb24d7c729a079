from django.utils.translation import get_language


def localized(obj, field: str) -> str:
    """A model text in the reader's language.

    Texts an analyst reads have a German version in a `<field>_de` beside the
    English `<field>`; where the German one is empty, English stands in.
    """
    if get_language() == "de":
        return getattr(obj, f"{field}_de", "") or getattr(obj, field)
    return getattr(obj, field)
