"""The criteria a score sheet asks about: the category's criterion blocks.

Generated from the same blocks as the entry form's answer sections
(``entries.questions.entry_questions``, through ``criterion_key``), so each
criterion's key is the key of the answer it judges, and the sheet follows
the editors' order.
"""

from dataclasses import dataclass

from entries.questions import criterion_key


@dataclass(frozen=True)
class Criterion:
    """One criterion to score: its answer key, title and weight."""

    key: str
    title: str
    weight: float = 1
    guidance: tuple[str, ...] = ()


def round_criteria(judging_round, category) -> list[Criterion]:
    """The criteria of ``category`` in ``judging_round``, with the round's weights.

    A weight named on the round (by criterion title) applies; any other
    criterion weighs 1.
    """
    weights = judging_round.weights or {}
    return [
        Criterion(
            criterion_key(block),
            block.value["title"],
            float(weights.get(block.value["title"], 1)),
            tuple(block.value["guidance"]),
        )
        for block in category.body
        if block.block_type == "criterion"
    ]
