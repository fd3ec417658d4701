"""Rich text from outside the editor, made as safe as the editor's own."""

from wagtail.admin.rich_text.converters.editor_html import EditorHTMLConverter


def clean_rich_text(html: str, features: list[str] | None = None) -> str:
    """Rich text as the editor would store it with ``features``.

    Tags and attributes beyond those features (a ``<script>``, an ``onclick``)
    are removed: text imported from a file is not trusted more than an
    editor's typing.
    """
    return EditorHTMLConverter(features=features).to_database_format(html)
