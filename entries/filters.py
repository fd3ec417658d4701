"""The entries list's filters in the admin: by programme and by category.

A category's programme is its parent page, found by tree path rather than a
foreign key, so these filters read each list of pages in one query whatever
the number of entries.
"""

from django.contrib.admin import SimpleListFilter

from categories.models import CategoryPage, ProgrammePage


def programme_path(category) -> str:
    """The tree path of a category's programme (its parent page)."""
    return category.path[: -CategoryPage.steplen]


class ProgrammeFilter(SimpleListFilter):
    """Entries of one programme, latest programme first."""

    title = "programme"
    parameter_name = "programme"

    def lookups(self, request, model_admin):
        programmes = ProgrammePage.objects.order_by("-closes_at", "path")
        self.paths = {str(p.pk): p.path for p in programmes}
        return [(str(p.pk), p.title) for p in programmes]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        path = self.paths.get(self.value())
        if path is None:
            return queryset.none()
        return queryset.filter(category__path__startswith=path)


class CategoryFilter(SimpleListFilter):
    """Entries of one category; its programme is named unless one is chosen."""

    title = "category"
    parameter_name = "category"

    def lookups(self, request, model_admin):
        programmes = {p.path: p for p in ProgrammePage.objects.all()}
        wanted = request.GET.get(ProgrammeFilter.parameter_name)
        chosen = next((p for p in programmes.values() if str(p.pk) == wanted), None)
        categories = CategoryPage.objects.order_by("path")
        if chosen is not None:
            categories = categories.child_of(chosen)
        choices = []
        for category in categories:
            programme = programmes.get(programme_path(category))
            if chosen is None and programme is not None:
                label = f"{category.title} ({programme.title})"
            else:
                label = category.title
            choices.append((str(category.pk), label))
        return choices

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        if not self.value().isdigit():
            return queryset.none()
        return queryset.filter(category_id=self.value())
