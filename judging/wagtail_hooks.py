"""Admin hooks for judging: the audit log's actions (the admin views follow)."""

from wagtail import hooks


@hooks.register("register_log_actions")
def register_judging_log_actions(actions):
    """Label judging's changes in the audit log (Reports > Site history)."""
    actions.register_action("judging.assign", "Assign judges", "Judges assigned")
    actions.register_action(
        "judging.conflict", "Declare a conflict", "Conflict of interest declared"
    )
    actions.register_action("judging.submit", "Submit score sheet", "Sheet submitted")
    actions.register_action("judging.reopen", "Reopen score sheet", "Sheet reopened")
    actions.register_action("judging.decide", "Decide result", "Result decided")
    actions.register_action(
        "judging.move_shortlist", "Move shortlist", "Shortlist moved to this round"
    )
