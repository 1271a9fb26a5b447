"""Policies in global search (tenancy.search): by title, English title, document number, summary and text, among
the policies the viewer may read (drafts only their issuer's; visitors the published library)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tenancy.search import register_search

from .models import Policy


def register():
    register_search(
        kind="policies",
        label=_("Policies"),
        order=30,
        model=Policy,
        fields=("title", "title_en", "document_number", "summary", "text"),
        rank=("title", "title_en", "document_number"),
        queryset=lambda viewer: Policy.objects.select_related("issuer").only(
            "pk", "title", "title_en", "document_number", "issuer__name", "issuer__name_en"
        ),
        url=lambda policy, viewer: reverse("policy-detail", args=[policy.pk]),
        title=lambda policy: policy.display_title,
        context=lambda policy: " · ".join(filter(None, [policy.document_number, str(policy.issuer)])),
    )
