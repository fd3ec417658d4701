"""Admin hooks that need the home page: the entries panel on the dashboard."""

from wagtail import hooks

from entries.dashboard import EntriesPanel

from .models import HomePage


def entries_panel(now=None) -> EntriesPanel:
    """The entries panel for the programme the home page leads to."""
    home = HomePage.objects.first()
    return EntriesPanel(home.get_current_programme() if home else None, now=now)


@hooks.register("construct_homepage_panels")
def add_entries_panel(request, panels):
    """The current programme's entries per category, for those who may see them."""
    if request.user.has_perm("entries.view_entry"):
        panels.append(entries_panel())
