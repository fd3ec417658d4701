from django.apps import AppConfig


class BaseConfig(AppConfig):
    """What every app shares and that knows no award rule."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "base"

    def ready(self):
        from . import signals

        signals.connect()
