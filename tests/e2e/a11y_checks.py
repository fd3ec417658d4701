"""Checks of a page's layout in the browser, for WCAG 1.4.10 (reflow), 1.4.4
(resize text) and 2.4.11 (focus not obscured). The checks themselves are
JavaScript (a11y_checks.js), run in the page. Shared by the accessibility
browser tests; other areas' tests (the judges' pages) can call them too."""

from pathlib import Path

CHECKS = (Path(__file__).parent / "a11y_checks.js").read_text()


def _run(page, check: str):
    return page.evaluate(f"() => {CHECKS.strip()}.{check}()")


def layout_problems(page) -> list[str]:
    """Sideways scrolling and cut-off controls on the page as shown."""
    return _run(page, "layoutProblems")


def focus_problem(page) -> str | None:
    """Why the focused element is not fully visible, or None."""
    return _run(page, "focusProblem")
