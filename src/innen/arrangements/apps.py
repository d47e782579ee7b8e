from django.apps import AppConfig


class ArrangementsConfig(AppConfig):
    name = "innen.arrangements"
    label = "arrangements"
    verbose_name = "Arrangements"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from innen.arrangements.acknowledged import acknowledged_days
        from innen.arrangements.guards import GUARDS
        from innen.arrangements.still_applies import notice_no_longer_applies
        from innen.dbguards import install_after_migrate
        from innen.ledger.limitation import acknowledgements_from
        from innen.outbox.notices import when_checking_notices

        install_after_migrate(self, GUARDS)
        when_checking_notices(notice_no_longer_applies)  # outbox sits below: hand it in
        acknowledgements_from(acknowledged_days)  # so does the ledger's limitation
