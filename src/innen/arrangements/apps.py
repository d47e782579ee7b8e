from django.apps import AppConfig


class ArrangementsConfig(AppConfig):
    name = "innen.arrangements"
    label = "arrangements"
    verbose_name = "Arrangements"
    default_auto_field = "django.db.models.BigAutoField"
