"""Spreadsheet cells that any text can fill and none can run as a formula.

Every cell of the entries exports, CSV and XLSX, passes through
:func:`neutralise`, which does two things, in this order:

1. It removes what a spreadsheet cannot hold. XLSX is XML, and XML 1.0 has no
   place for most control characters (``\\x0b`` from a pasted title makes
   openpyxl refuse the whole file), nor for lone surrogates, U+FFFE or U+FFFF.
   Tab, line feed and carriage return are kept. CSV could hold them all, but
   both exports show the same text.
2. It quotes formulas. Wagtail's CSV export writes values as they are, and a
   spreadsheet opening the file runs a cell such as ``=HYPERLINK(...)`` typed
   by an entrant (CSV or formula injection); openpyxl stores any text that
   starts with ``=`` as a formula.

What counts as a formula start: OWASP's list (``=``, ``+``, ``-``, ``@``, tab,
carriage return), also after leading blanks or invisible characters (spaces,
a non-breaking space, a zero-width space) and in their full-width or small
forms (``＝``, ``﹢``), since a spreadsheet may trim or normalise those on
import and we cannot run every version of Excel and LibreOffice to prove
otherwise. Quoting text that would not have run costs only a ``'``.
"""

import re
import unicodedata

# What spreadsheets read as the start of a formula (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Characters XML 1.0 cannot hold (its "Char" production), so XLSX cannot.
UNHOLDABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def invisible(character: str) -> bool:
    """True for a blank or a character that shows nothing (e.g. U+200B)."""
    return character.isspace() or unicodedata.category(character) in ("Cf", "Cc")


def runs_as_formula(text: str) -> bool:
    """True if a spreadsheet might read ``text`` as a formula."""
    first_shown = next((c for c in text if not invisible(c)), "")
    return text.startswith(FORMULA_STARTS) or unicodedata.normalize(
        "NFKC", first_shown
    ).startswith(FORMULA_STARTS)


def neutralise(value):
    """``value`` as a spreadsheet cell: unholdable characters removed, and a
    leading ``'`` if it is text a spreadsheet could run.

    The quote makes Excel, LibreOffice and Google Sheets show the text as
    typed. Numbers, dates and other values are returned unchanged.
    """
    if not isinstance(value, str):
        return value
    value = UNHOLDABLE.sub("", value)
    if value and runs_as_formula(value):
        return "'" + value
    return value
