"""The dunning policies: the list and one policy's editor (see policy_views)."""

from django.urls import URLPattern, path

from innen.web import behaviour_policy_views, policy_views

urlpatterns: list[URLPattern] = [
    path("", policy_views.policy_list, name="policies"),
    path("<int:pk>/", policy_views.policy_edit, name="policy-edit"),
    path("new/", policy_views.policy_new_make, name="policy-new"),
    path(
        "behaviours/",
        behaviour_policy_views.behaviour_policies_save,
        name="policy-behaviours",
    ),
    path("<int:pk>/copy/", policy_views.policy_copy_make, name="policy-copy"),
    path("<int:pk>/delete/", policy_views.policy_delete_make, name="policy-delete"),
]
