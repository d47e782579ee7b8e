from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RatesConfig(AppConfig):
    name = "innen.rates"
    label = "rates"
    verbose_name = _("Statutory interest rates")
    default_auto_field = "django.db.models.BigAutoField"
