"""Who sees which onboarding imports: the ministry all of them; a provincial government's administrators their
organisation's files."""

from django.db.models import Q

from tenancy.selectors import NOTHING
from tenancy.visibility import Viewer

from .models import OnboardingImport


def onboarding_visibility(viewer: Viewer) -> Q:
    if viewer.is_system or viewer.is_national:
        return Q()
    if viewer.role == "admin" and viewer.organisation_id is not None:
        return Q(organisation_id=viewer.organisation_id)
    return NOTHING


def onboarding_imports():
    """The caller's visible onboarding imports, newest first."""
    return OnboardingImport.objects.select_related("created_by").order_by("-created", "-pk")


def kinds_for(user) -> list[tuple[str, str]]:
    """The kinds of file `user` may import: organisations (the ministry's and a province's administrators),
    experts (the ministry's editors)."""
    perms = {
        OnboardingImport.Kind.ORGANISATIONS: "tenancy.add_organisation",
        OnboardingImport.Kind.EXPERTS: "tenancy.manage_experts",
    }
    return [(kind, label) for kind, label in OnboardingImport.Kind.choices if user.has_perm(perms[kind])]
