"""Invitations and the members' record in /admin/, to read: changes go through `members`."""

from django.contrib import admin

from innen.accounts.models import Invitation, MemberEvent
from innen.readonly_admin import ReadOnlyAdmin


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ["email", "organisation", "role", "created_at", "expires_at", "accepted_at"]
    list_filter = ["organisation", "role"]
    search_fields = ["email"]
    exclude = ["token_hash"]


@admin.register(MemberEvent)
class MemberEventAdmin(ReadOnlyAdmin):
    list_display = ["occurred_at", "organisation", "kind", "subject", "actor_name"]
    list_filter = ["organisation", "kind"]
    search_fields = ["subject", "actor_name"]
