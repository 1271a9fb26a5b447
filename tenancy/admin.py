from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .accounts.services import account_set_active, api_token_revoke
from .experts.services import EXPERT_PROFILE_FIELDS, expert_profile_update
from .models import ApiToken, ExpertProfile, IndustryField, Membership, Organisation, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name", "name_en"]
    raw_id_fields = ["parent"]


@admin.register(IndustryField)
class IndustryFieldAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "position"]


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "slug", "region", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "name_en", "slug"]
    raw_id_fields = ["region", "parent"]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "organisation", "role", "is_active"]
    list_filter = ["role", "is_active", "organisation__kind"]
    search_fields = ["user__username", "organisation__name"]
    raw_id_fields = ["user", "organisation"]


@admin.register(ExpertProfile)
class ExpertProfileAdmin(SimpleHistoryAdmin):
    list_display = ["user", "affiliation", "region", "is_eligible"]
    list_filter = ["is_eligible"]
    search_fields = ["user__username", "affiliation"]
    raw_id_fields = ["user", "region"]

    def get_readonly_fields(self, request, obj=None):
        return ["user"] if obj is not None else []  # a profile stays with its user

    def save_model(self, request, obj, form, change):
        """A change goes through the service, so the apps above react to it (conflicts of interest)."""
        if not change:
            super().save_model(request, obj, form, change)
            return
        changes = {name: form.cleaned_data[name] for name in EXPERT_PROFILE_FIELDS if name in form.changed_data}
        expert_profile_update(profile=obj, by=request.user, **changes)


admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class AccountAdmin(UserAdmin):
    def save_model(self, request, obj, form, change):
        """Deactivating an account here ends its tokens and sessions, as the member pages do."""
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data:
            account_set_active(user=obj, active=obj.is_active)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are made by their users (the key is shown to them once); here they are only seen and revoked."""

    list_display = ["prefix", "name", "user", "created", "expires", "last_used", "revoked"]
    list_filter = ["revoked", "expires"]
    search_fields = ["user__username", "name", "prefix"]
    readonly_fields = list_display
    fields = list_display
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        for token in queryset:
            api_token_revoke(token=token)
