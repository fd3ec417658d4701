"""Admin hooks for judging: rounds and panels as snippets, the results views,
the Judging menu item, and the audit log's actions."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_views
from .models import JudgingRound


class JudgingRoundViewSet(SnippetViewSet):
    """Rounds, each with its panels inline (Snippets > Judging rounds)."""

    model = JudgingRound
    icon = "group"
    menu_label = "Judging rounds"
    list_display = ["name", "programme", "opens_at", "closes_at", "mode"]
    list_filter = ["programme", "mode"]


register_snippet(JudgingRoundViewSet)


admin_urls = [
    path("", admin_views.rounds_index, name="index"),
    path("<id:pk>/", admin_views.round_results, name="results"),
    path("<id:pk>/assign/", admin_views.run_assignment, name="assign"),
    path("<id:pk>/decide/", admin_views.decision, name="decide"),
    path("<id:pk>/move/", admin_views.move, name="move"),
    path("<id:pk>/reopen/<id:sheet_pk>/", admin_views.reopen, name="reopen"),
    path(
        "<id:pk>/export/<str:spreadsheet_format>/",
        admin_views.export,
        name="export",
    ),
]


@hooks.register("register_admin_urls")
def register_judging_urls():
    return [
        path(
            "judging/",
            include((admin_urls, "judging_admin"), namespace="judging_admin"),
        )
    ]


class JudgingMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(admin_views.PERMISSION)


@hooks.register("register_admin_menu_item")
def register_judging_menu_item():
    return JudgingMenuItem(
        "Judging", reverse("judging_admin:index"), icon_name="group", order=260
    )


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
