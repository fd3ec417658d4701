"""The questions an entry asks: the form's common questions, then one per criterion.

Every view of an entry (the form, the read-only view, the admin) lists its
questions through :func:`entry_questions`, so they always agree on order, keys
and word limits.
"""

from dataclasses import dataclass, field

from .words import count_words

TITLE_KEY = "title"


@dataclass(frozen=True)
class Question:
    """One question: its answer is stored under ``key`` in ``Entry.answers``."""

    key: str
    label: str
    required: bool = True
    help_text: str = ""
    word_limit: int | None = None
    field_type: str = "multiline"
    description: object = ""  # a criterion's rich text (Wagtail's RichText)
    guidance: tuple[str, ...] = field(default=())
    form_field: object = None  # the EntryFormField, for common questions

    @property
    def is_criterion(self) -> bool:
        """True for the answer sections that come from the category's criteria."""
        return self.key.startswith("criterion-")


def criterion_key(block) -> str:
    """The answer key of a criterion block: stable while editors reorder blocks."""
    return f"criterion-{block.id}"


def entry_questions(entry_form, category) -> list[Question]:
    """The title, the form's common questions, then one section per criterion."""
    questions = [
        Question(
            TITLE_KEY,
            "Entry title",
            help_text="The name the judges will know your entry by.",
            field_type="singleline",
        )
    ]
    for form_field in entry_form.get_form_fields():
        questions.append(
            Question(
                form_field.clean_name,
                form_field.label,
                required=form_field.required,
                help_text=form_field.help_text,
                word_limit=form_field.word_limit,
                field_type=form_field.field_type,
                form_field=form_field,
            )
        )
    for block in category.body:
        if block.block_type == "criterion":
            questions.append(
                Question(
                    criterion_key(block),
                    block.value["title"],
                    help_text="",
                    word_limit=block.value["word_limit"],
                    description=block.value["description"],
                    guidance=tuple(block.value["guidance"]),
                )
            )
    return questions


def answered_count(questions: list[Question], answers: dict) -> int:
    """How many questions have an answer that is more than whitespace."""
    return sum(1 for q in questions if str(answers.get(q.key, "")).strip())


def word_counts(questions: list[Question], answers: dict) -> dict[str, int]:
    """The word count of each answer, by the one word-count rule."""
    return {q.key: count_words(str(answers.get(q.key, ""))) for q in questions}
