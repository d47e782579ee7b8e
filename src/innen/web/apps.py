from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "innen.web"
    verbose_name = "Web"

    def ready(self) -> None:
        from innen.web.kept_pages import listen

        listen()
