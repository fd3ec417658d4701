"""The entries list's filters in the admin: by programme and by category.

Each list of pages is read in one query whatever the number of entries.
"""

from django.contrib.admin import SimpleListFilter

from base.ids import parse_id
from categories.models import CategoryPage, ProgrammePage


class ProgrammeFilter(SimpleListFilter):
    """Entries of one programme, latest programme first."""

    title = "programme"
    parameter_name = "programme"

    def lookups(self, request, model_admin):
        self.programmes = {
            str(p.pk): p for p in ProgrammePage.objects.order_by("-closes_at", "path")
        }
        return [(pk, p.title) for pk, p in self.programmes.items()]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        programme = self.programmes.get(self.value())
        if programme is None:
            return queryset.none()
        return queryset.filter(
            category__in=CategoryPage.objects.in_programme(programme)
        )


class CategoryFilter(SimpleListFilter):
    """Entries of one category; its programme is named unless one is chosen."""

    title = "category"
    parameter_name = "category"

    def lookups(self, request, model_admin):
        wanted = parse_id(request.GET.get(ProgrammeFilter.parameter_name, ""))
        chosen = (
            None if wanted is None else ProgrammePage.objects.filter(pk=wanted).first()
        )
        categories = CategoryPage.objects.order_by("path")
        if chosen is not None:
            categories = categories.in_programme(chosen)
        categories = list(categories)
        programmes = ProgrammePage.objects.for_categories(categories)
        choices = []
        for category in categories:
            programme = programmes[category.pk]
            if chosen is None and programme is not None:
                label = f"{category.title} ({programme.title})"
            else:
                label = category.title
            choices.append((str(category.pk), label))
        return choices

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        category_id = parse_id(self.value())
        if category_id is None:
            return queryset.none()
        return queryset.filter(category_id=category_id)
