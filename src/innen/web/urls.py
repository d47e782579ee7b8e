from django.contrib.auth import views as auth_views
from django.urls import include, path

from innen.web import claim, views

urlpatterns = [
    path("", views.home, name="home"),
    path("claim/", claim.claim_calculator, name="claim-calculator"),
    path("import/", include("innen.web.import_urls")),
    path("organisation/switch/", views.switch_organisation, name="switch-organisation"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="web/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
]
