from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from ..history import history_entries
from .permissions import RulesPermission


class HistoryChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    label = serializers.CharField()
    old = serializers.CharField()
    new = serializers.CharField()


class HistoryEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    date = serializers.DateTimeField()
    user = serializers.CharField(allow_null=True)
    type = serializers.ChoiceField(choices=["+", "~", "-"])
    type_label = serializers.CharField()
    reason = serializers.CharField()
    changes = HistoryChangeSerializer(many=True)


class TenantViewSetMixin:
    """Base of every tenant-owned viewset: the queryset comes from the model's
    scoped manager (only what the viewer may see; anything else is a 404) and
    writes are checked against `permission_rules` (a refusal is a 403)."""

    permission_classes = [IsAuthenticated, RulesPermission]
    permission_rules: dict[str, str] = {}


class TenantReadOnlyViewSet(TenantViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass


class TenantModelViewSet(TenantViewSetMixin, viewsets.ModelViewSet):
    pass


class HistoryMixin:
    """Adds GET …/{id}/history/: the object's audit trail, for those who may see it."""

    @extend_schema(responses=HistoryEntrySerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def history(self, request, pk=None):
        obj = self.get_object()
        return Response(HistoryEntrySerializer(history_entries(obj), many=True).data)
