"""The one word count, shared by the server and the browser.

A word is a run of characters between whitespace that holds at least one letter
or digit, so "co-design", "NHS's" and "10%" are one word each, and a dash or
bullet standing alone is none. Entrants write plain text, which is what the
judges read, so there is no markup to skip. ``static/js/entry-form.js``
implements the same rule (``countWords``); ``tests/word_count_cases.json`` holds
the cases both are tested against.
"""

import re

# The whitespace that separates words: the same set is spelt out in the browser.
WHITESPACE = re.compile(
    "[\t\n\x0b\x0c\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f"
    "\u3000\ufeff]+"
)


def count_words(text: str) -> int:
    """How many words ``text`` has, by the rule above."""
    return sum(
        1 for token in WHITESPACE.split(text or "") if any(c.isalnum() for c in token)
    )
