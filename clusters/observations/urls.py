from django.urls import path

from clusters.observations.views import (
    cluster_compare,
    cluster_diagnostic,
    cluster_indicators,
    observation_add,
    observation_delete,
    observation_detail,
    observation_edit,
    observation_evidence,
    observation_history,
    observation_queue,
    observation_return,
    observation_submit,
    observation_verify,
)

urlpatterns = [
    path("clusters/compare/", cluster_compare, name="cluster-compare"),
    path("clusters/<int:pk>/indicators/", cluster_indicators, name="cluster-indicators"),
    path("clusters/<int:pk>/indicators/add/", observation_add, name="observation-add"),
    path("observations/review/", observation_queue, name="observation-queue"),
    path("clusters/<int:pk>/indicators/<int:observation_pk>/", observation_detail, name="observation-detail"),
    path("clusters/<int:pk>/indicators/<int:observation_pk>/submit/", observation_submit, name="observation-submit"),
    path("clusters/<int:pk>/indicators/<int:observation_pk>/verify/", observation_verify, name="observation-verify"),
    path("clusters/<int:pk>/indicators/<int:observation_pk>/return/", observation_return, name="observation-return"),
    path("clusters/<int:pk>/indicators/<int:observation_pk>/edit/", observation_edit, name="observation-edit"),
    path("clusters/<int:pk>/indicators/<int:observation_pk>/delete/", observation_delete, name="observation-delete"),
    path(
        "clusters/<int:pk>/indicators/<int:observation_pk>/evidence/", observation_evidence, name="observation-evidence"
    ),
    path("clusters/<int:pk>/indicators/<int:observation_pk>/history/", observation_history, name="observation-history"),
    path("clusters/<int:pk>/diagnostic/", cluster_diagnostic, name="cluster-diagnostic"),
]
