from django.utils.translation import get_language


def localized(obj, field: str) -> str:
    """A model text in the reader's language.

    Texts an analyst reads have a German version in a `<field>_de` beside the
    English `<field>`; where the German one is empty, English stands in.
    """
    return in_language(getattr(obj, field), getattr(obj, f"{field}_de", ""))


def in_language(english: str, german: str) -> str:
    """`localized` for texts read as plain values."""
    return (german or english) if get_language() == "de" else english
