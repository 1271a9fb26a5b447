"""GET /api/v1/search/?q=…[&kind=…][&limit=…]: the hits the caller may open, grouped by kind (visitors: the public
register and published policies)."""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from tenancy.scoping import current_viewer

from ..registry import kind, kinds
from ..selectors import DEFAULT_LIMIT, MAX_LIMIT, search
from ..wording import problem_message
from .serializers import SearchSerializer


class SearchView(APIView):
    """Search clusters, members (name, English name, credit code), policies, cultivation plans and competition
    entries at once. Chinese needs no spaces (two characters or more), Latin letters ignore case and accents.
    Each group holds at most `limit` hits (default 5, at most 50), best first."""

    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, required=True, description="What to search for."),
            OpenApiParameter("kind", OpenApiTypes.STR, description="Only this kind (clusters, members, …)."),
            OpenApiParameter("limit", OpenApiTypes.INT, description=f"Hits per kind (1–{MAX_LIMIT})."),
        ],
        responses=SearchSerializer,
    )
    def get(self, request):
        only = request.query_params.get("kind", "")
        if only and kind(only) is None:
            names = ", ".join(entry.kind for entry in kinds())
            raise ValidationError({"kind": [_("Unknown kind; one of: %(kinds)s.") % {"kinds": names}]})
        try:
            limit = int(request.query_params.get("limit", DEFAULT_LIMIT))
        except ValueError:
            raise ValidationError({"limit": [_("Enter a whole number.")]}) from None
        if not 1 <= limit <= MAX_LIMIT:
            raise ValidationError({"limit": [_("Enter a number from 1 to %(most)d.") % {"most": MAX_LIMIT}]})
        results = search(viewer=current_viewer(), text=request.query_params.get("q", ""), only=only, limit=limit)
        if not results.query.ok:
            raise ValidationError({"q": [problem_message(results.query)]})
        return Response(SearchSerializer(results).data)
