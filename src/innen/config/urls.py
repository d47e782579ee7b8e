from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from innen.web import health

urlpatterns: list[URLPattern | URLResolver] = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("innen.api.urls")),
    path("account/", include("innen.accounts.urls")),
    path("settings/webhooks/", include("innen.webhooks.urls")),
    path("settings/connections/", include("innen.connections.urls")),
    path("dashboard/", include("innen.web.dashboard_urls")),
    path("worklist/", include("innen.web.worklist_urls")),
    path("portal/", include("innen.portal.urls")),
    path("arrangements/", include("innen.arrangements.urls")),
    path("", include("innen.web.urls")),
]
# No route serves MEDIA_ROOT, in any mode: every stored file goes through a view that checks
# who asks (see innen.storedfiles).
