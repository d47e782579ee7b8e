"""Starting Django outside a web server: the `innen` command, the benchmarks' processes."""

import os


def setup_django() -> None:
    """Point Django at innen's settings (unless the environment names others) and load the apps."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innen.config.settings")
    import django

    django.setup()
