"""Path converters bounded to what the database stores, so a URL like
/anvandare/9223372036854775808/ is a 404 rather than an integer overflow in the query.
Imported by every urls.py that uses them (registering happens on import)."""

from django.urls import register_converter


class RowId:
    """A primary key: 1–18 digits, always within a 64-bit integer column."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(value)


class Year(RowId):
    """A budget year: four digits."""

    regex = "[0-9]{4}"


register_converter(RowId, "id")
register_converter(Year, "year")
