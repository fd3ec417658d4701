from django.apps import AppConfig
from wagtail.users.apps import WagtailUsersAppConfig


class BaseConfig(AppConfig):
    """What every app shares and that knows no award rule."""

    default = True
    default_auto_field = "django.db.models.BigAutoField"
    name = "base"

    def ready(self):
        from django.urls import register_converter

        from . import frontend_cache, signals
        from .ids import IdConverter

        signals.connect()
        frontend_cache.connect()
        # Before any URLconf is loaded: their ``<id:...>`` patterns need it.
        register_converter(IdConverter, "id")


class UsersConfig(WagtailUsersAppConfig):
    """Wagtail's users app, with staff forms whose last name is optional."""

    default = False
    user_viewset = "base.users.UserViewSet"
