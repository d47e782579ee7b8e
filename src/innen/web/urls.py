from django.urls import path

from innen.web import views

urlpatterns = [
    path("", views.home, name="home"),
]
