"""The rows of the review lists for a request (every page, in the request's sort): the pages and their exports
(evaluations/review/exports.py) both read them, so a spreadsheet holds what the page shows."""

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from evaluations.review import blind, selectors
from evaluations.review.tables import (
    ASSIGNMENT_SORTS,
    CONFLICT_SORTS,
    ENTRY_REVIEW_CHANGE_SORTS,
    ENTRY_REVIEW_SORTS,
    MY_CONFLICT_SORTS,
    REVIEW_CHANGE_SORTS,
    ROUND_ASSIGNMENT_SORTS,
)
from tenancy.visibility import Viewer


def conflict_reader(request):
    """The viewer of the conflict list: the ministry (every declaration) or an expert (their own); 403 otherwise."""
    viewer = Viewer.for_user(request.user)
    if not (viewer.is_national or viewer.is_expert):
        raise PermissionDenied
    return viewer


def conflicts_shown(request):
    """The declarations the viewer may read in the request's sort, the viewer and the sorting. An expert sorts by
    date only: a blind round's entry is shown by its code, so its cluster's name must not order the list."""
    viewer = conflict_reader(request)
    sorting = (MY_CONFLICT_SORTS if viewer.is_expert else CONFLICT_SORTS).read(request)
    return sorting.apply(selectors.visible_conflicts()), viewer, sorting


def name_conflicts(user, declarations, *, is_expert):
    """Sets `title` and `shown_reason` on each declaration: for an expert, a conflict with the cluster of a blind-round
    entry they were assigned is shown by the entry's label, its reason masked."""
    declarations = list(declarations)
    blind_entries = selectors.blind_entries_by_cluster(user) if is_expert else {}
    linked = [blind_entries[d.cluster_id][0] for d in declarations if d.cluster_id in blind_entries]
    maskers = blind.maskers_for(linked)
    for declaration in declarations:
        entries = blind_entries.get(declaration.cluster_id)
        if entries:
            declaration.title = "、".join(blind.entry_label(entry) for entry in entries)
            declaration.shown_reason = maskers[entries[0].pk](declaration.reason)
        else:
            declaration.title = declaration.cluster.display_name
            declaration.shown_reason = declaration.reason
    return declarations


def assignments_shown(request):
    """The expert's assignments for the tab (`?show=open`: the reviews still to write, the work queue's selector;
    otherwise all of them) in the request's sort: (assignments, the tab, the sorting); 403 for anyone else."""
    if not Viewer.for_user(request.user).is_expert:
        raise PermissionDenied
    show = "open" if request.GET.get("show") == "open" else "all"
    assignments = selectors.open_assignments(now=timezone.now()) if show == "open" else selectors.visible_assignments()
    sorting = ASSIGNMENT_SORTS.read(request)
    return sorting.apply(assignments), show, sorting


def round_assignments_shown(request, round_):
    """A round's entries with their experts and review progress in the request's sort (every page; the export reads
    it too), and the sorting. The caller has checked that the viewer manages the round's review."""
    sorting = ROUND_ASSIGNMENT_SORTS.read(request)
    return sorting.apply(selectors.round_review_progress(round=round_)), sorting


def entry_reviews_shown(request, submission):
    """The reviews of an entry in the request's sort (every page; the export reads it too), and the sorting."""
    sorting = ENTRY_REVIEW_SORTS.read(request)
    return sorting.apply(selectors.visible_reviews().filter(assignment__submission=submission)), sorting


def review_changes_shown(request, *, review=None, submission=None):
    """The score trail of one review or of an entry's reviews in the request's sort, and the sorting (the ministry's:
    403 for anyone else)."""
    if not request.user.has_perm("evaluations.view_review_changes"):
        raise PermissionDenied
    sorting = (REVIEW_CHANGE_SORTS if review is not None else ENTRY_REVIEW_CHANGE_SORTS).read(request)
    return sorting.apply(selectors.review_changes(review=review, submission=submission)), sorting
