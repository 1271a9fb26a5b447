"""The caller and the public reference data (regions, industry fields); each concept's API is in its own
`<concept>/api/`."""

from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from ..models import IndustryField, Organisation, Region
from ..registry import registry
from ..visibility import Viewer
from ..work import API_ITEMS
from .filters import FilterSet
from .serializers import IndustryFieldSerializer, MeSerializer, RegionSerializer, TasksSerializer


class MeView(APIView):
    """The signed-in user, their organisation, its kind and their role."""

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        user = request.user
        viewer = Viewer.for_user(user)
        organisation = (
            Organisation.objects.filter(pk=viewer.organisation_id).first() if viewer.organisation_id else None
        )
        data = {
            "id": user.pk,
            "username": user.username,
            "full_name": user.get_full_name(),
            "kind": viewer.kind,
            "role": viewer.role,
            "organisation": organisation,
            "is_superuser": user.is_superuser,
        }
        return Response(MeSerializer(data).data)


class MeTasksView(APIView):
    """The caller's work to do, as their dashboard lists it: each non-empty queue of the work they may act on (plans
    to approve, entries to endorse, reviews to write…) with its count, the page of its full list and its first
    items (at most 50), each with the page where it is done and its due date, soonest first."""

    @extend_schema(responses=TasksSerializer)
    def get(self, request):
        queues = registry.work_for(request, Viewer.for_user(request.user), limit=API_ITEMS)
        data = {"count": sum(queue.count for queue in queues), "queues": queues}
        return Response(TasksSerializer(data).data)


class RegionFilter(FilterSet):
    class Meta:
        model = Region
        fields = ["level", "parent"]


class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    """China's administrative divisions (GB/T 2260): public reference data."""

    queryset = Region.objects.all()
    serializer_class = RegionSerializer
    permission_classes = [AllowAny]
    filterset_class = RegionFilter
    search_fields = ["code", "name", "name_en"]
    ordering_fields = ["code", "name"]


class IndustryFieldViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = IndustryField.objects.all()
    serializer_class = IndustryFieldSerializer
    permission_classes = [AllowAny]
    pagination_class = None
