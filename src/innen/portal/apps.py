from django.apps import AppConfig
from django.core.checks import Tags, register


class PortalConfig(AppConfig):
    name = "innen.portal"
    label = "portal"
    verbose_name = "Portal"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from innen.dbguards import install_after_migrate
        from innen.outbox.links import portal_codes_from
        from innen.portal.checks import portal_codes_opened_by_the_site_keys
        from innen.portal.codes import portal_code
        from innen.portal.guards import GUARDS

        register(portal_codes_opened_by_the_site_keys, Tags.security, Tags.database)
        portal_codes_from(portal_code)  # the outbox sits below the portal: hand the code in
        install_after_migrate(self, GUARDS)
