from django.urls import URLPattern, URLResolver, path

from innen.web import dashboard_views, experiment_views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", dashboard_views.dashboard_page, name="dashboard"),
    path("experiment/", experiment_views.experiment_switch, name="experiment-switch"),
]
