from django.apps import AppConfig


class BaseConfig(AppConfig):
    """What every app shares and that knows no award rule."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "base"

    def ready(self):
        from django.urls import register_converter

        from . import signals
        from .ids import IdConverter

        signals.connect()
        # Before any URLconf is loaded: their ``<id:...>`` patterns need it.
        register_converter(IdConverter, "id")
