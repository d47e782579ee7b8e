from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "innen.web"
    verbose_name = "Web"
