from django.utils.formats import number_format


def megabytes(size: int) -> str:
    """Bytes as megabytes of 1,000,000 bytes with one decimal: "2.6" ("2,6" in German)."""
    return number_format(size / 1_000_000, decimal_pos=1)
