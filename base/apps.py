from django.apps import AppConfig
from wagtail.users.apps import WagtailUsersAppConfig


class BaseConfig(AppConfig):
    """What every app shares and that knows no award rule."""

    default = True
    default_auto_field = "django.db.models.BigAutoField"
    name = "base"

    def ready(self):
        from django.db.models.signals import post_migrate
        from django.urls import register_converter

        from . import frontend_cache, signals
        from .address import sync_after_migrate
        from .ids import IdConverter

        signals.connect()
        # After Wagtail's and home's migrations have made the default Site.
        post_migrate.connect(sync_after_migrate, dispatch_uid="base.sync_default_site")
        frontend_cache.connect()
        # Before any URLconf is loaded: their ``<id:...>`` patterns need it.
        register_converter(IdConverter, "id")


class UsersConfig(WagtailUsersAppConfig):
    """Wagtail's users app, with staff forms whose last name is optional."""

    default = False
    user_viewset = "base.users.UserViewSet"
