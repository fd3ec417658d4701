"""Spreadsheet cells that cannot run as formulas.

Wagtail's CSV export writes values as they are, and a spreadsheet opening the
file runs a cell such as ``=HYPERLINK(...)`` typed by an entrant as a formula
(CSV or formula injection). Every cell of the entries exports, CSV and XLSX,
passes through :func:`neutralise`.
"""

# What spreadsheets read as the start of a formula (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """``value``, with a leading ``'`` if it is text a spreadsheet would run.

    The quote makes Excel, LibreOffice and Google Sheets show the text as
    typed. Numbers, dates and other values are returned unchanged.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
