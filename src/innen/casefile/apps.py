from django.apps import AppConfig


class CasefileConfig(AppConfig):
    """The case file built from the dossier; an app (without models) for its templates."""

    name = "innen.casefile"
