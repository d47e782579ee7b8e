"""Webhooks: an organisation's own systems told of events, signed, retried and logged."""

from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "innen.webhooks"
    label = "webhooks"
    verbose_name = "Webhooks"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from innen.dbguards import install_after_migrate
        from innen.dossier.record import events_appended
        from innen.webhooks.guards import GUARDS
        from innen.webhooks.receivers import on_events_appended

        events_appended.connect(on_events_appended, dispatch_uid="innen.webhooks")
        install_after_migrate(self, GUARDS)
