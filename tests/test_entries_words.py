"""The one word count, on the cases the browser is tested against too."""

import json
from pathlib import Path

import pytest

from entries.words import count_words

CASES = json.loads((Path(__file__).parent / "word_count_cases.json").read_text())


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:20] or "empty" for c in CASES])
def test_count_words(case):
    assert count_words(case["text"]) == case["words"]


def test_none_counts_as_no_words():
    assert count_words(None) == 0
