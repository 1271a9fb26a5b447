"""What the evaluations app adds to the work queues (tenancy.work): the ministry's entries to check, rounds with
missing reviews, runs to put on notice and objections to handle; a local government's entries to endorse; a
promotion body's entry deadlines and returned entries; an expert's reviews to write."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from tenancy.registry import registry
from tenancy.rules import is_editor, is_local
from tenancy.visibility import Viewer
from tenancy.work import WorkQueue, item, link, may, rows_list, work_list


def _entry_title(entry):
    return f"{entry.cluster.display_name} · {entry.round.competition.display_name} {entry.round.display_name}"


def _round_title(round_):
    return f"{round_.competition.display_name} {round_.display_name}"


# The ministry ------------------------------------------------------------------------------------------------------


def entries_to_check(request, viewer, limit):
    from evaluations.entries.selectors import entries_to_check as to_check

    now = timezone.now()

    def to_item(entry):
        return item(_entry_title(entry), reverse("entry-detail", args=[entry.pk]), entry.round.review_opens, now=now)

    return work_list(to_check(), limit=limit, to_item=to_item)


def rounds_missing_reviews(request, viewer, limit):
    from evaluations.review.selectors import rounds_missing_reviews as missing

    now = timezone.now()

    def to_item(round_):
        title = _("%(round)s: %(missing)s reviews not submitted") % {
            "round": _round_title(round_),
            "missing": round_.missing,
        }
        return item(title, reverse("round-assignments", args=[round_.pk]), round_.review_closes, now=now)

    return work_list(missing(), limit=limit, to_item=to_item)


def runs_to_publish(request, viewer, limit):
    from evaluations.runs.selectors import runs_to_publish as to_publish

    def to_item(run):
        title = _("%(round)s: run #%(run)s") % {"round": _round_title(run.round), "run": run.pk}
        notice = getattr(run, "notice", None)
        if notice is not None:
            return item(title, reverse("notice-detail", args=[notice.pk]))
        return item(title, f"{reverse('notice-add')}?run={run.pk}")

    return work_list(to_publish(), limit=limit, to_item=to_item)


def objections_to_handle(request, viewer, limit):
    from evaluations.notice.selectors import objections_to_handle as to_handle

    now = timezone.now()

    def to_item(objection):
        title = _("%(notice)s: objection of %(name)s") % {"notice": objection.notice.title, "name": objection.name}
        return item(title, reverse("objection-detail", args=[objection.pk]), objection.notice.closes, now=now)

    return work_list(to_handle(), limit=limit, to_item=to_item)


# A local government ------------------------------------------------------------------------------------------------


def _writes_endorsements(request, viewer):
    # `evaluations.endorse_submission` without its entry: a local government's editors and admins.
    return (is_local & is_editor).test(request.user)


def entries_to_endorse(request, viewer, limit):
    from evaluations.entries.selectors import entries_awaiting_endorsement

    now = timezone.now()

    def to_item(entry):
        return item(_entry_title(entry), reverse("entry-detail", args=[entry.pk]), entry.round.review_opens, now=now)

    return work_list(entries_awaiting_endorsement(viewer=viewer, now=now), limit=limit, to_item=to_item)


# A promotion body --------------------------------------------------------------------------------------------------


def entry_deadlines(request, viewer, limit):
    """Clusters that may still enter an open first round, and entries still in draft, by deadline."""
    from evaluations.entries.selectors import entries_to_finish, rounds_open_to_enter
    from evaluations.models import Submission

    now = timezone.now()
    rows = [
        (round_.submission_closes, 0, round_.pk, cluster.pk, round_, cluster)
        for round_, cluster in rounds_open_to_enter(organisation_id=viewer.organisation_id, now=now)
    ]
    drafts = entries_to_finish(organisation_id=viewer.organisation_id, now=now, statuses=[Submission.Status.DRAFT])
    rows += [(entry.round.submission_closes, 1, entry.round_id, entry.pk, entry, None) for entry in drafts]
    rows.sort(key=lambda row: row[:4])

    def to_item(row):
        due, _kind, round_id, _pk, subject, cluster = row
        if cluster is not None:
            title = _("Enter %(cluster)s in %(round)s") % {
                "cluster": cluster.display_name,
                "round": _round_title(subject),
            }
            return item(title, f"{reverse('entry-add')}?round={round_id}", due, now=now)
        title = _("Finish and submit the entry of %(entry)s") % {"entry": _entry_title(subject)}
        return item(title, reverse("entry-edit", args=[subject.pk]), due, now=now)

    return rows_list(rows, limit=limit, to_item=to_item)


def returned_entries(request, viewer, limit):
    from evaluations.entries.selectors import entries_to_finish
    from evaluations.models import Submission

    now = timezone.now()
    entries = entries_to_finish(organisation_id=viewer.organisation_id, now=now, statuses=[Submission.Status.RETURNED])

    def to_item(entry):
        return item(_entry_title(entry), reverse("entry-edit", args=[entry.pk]), entry.round.submission_closes, now=now)

    return work_list(entries, limit=limit, to_item=to_item)


# An expert ---------------------------------------------------------------------------------------------------------


def reviews_to_write(request, viewer, limit):
    from evaluations.review.blind import entry_title
    from evaluations.review.selectors import open_assignments

    now = timezone.now()

    def to_item(assignment):
        round_ = assignment.submission.round
        title = f"{entry_title(assignment.submission, request.user)} · {_round_title(round_)}"
        return item(title, reverse("review-form", args=[assignment.pk]), round_.review_closes, now=now)

    return work_list(open_assignments(now=now), limit=limit, to_item=to_item)


QUEUES = (
    WorkQueue(
        app="evaluations",
        key="entries-to-check",
        label=_lazy("Entries to check"),
        kinds={Viewer.NATIONAL},
        items=entries_to_check,
        url=link("entry-list", "?view=all&status=endorsed"),
        predicate=may("evaluations.decide_submission"),
        order=200,
    ),
    WorkQueue(
        app="evaluations",
        key="rounds-missing-reviews",
        label=_lazy("Rounds with missing reviews"),
        kinds={Viewer.NATIONAL},
        items=rounds_missing_reviews,
        url=link("competition-list"),
        predicate=may("evaluations.assign_experts"),
        order=210,
    ),
    WorkQueue(
        app="evaluations",
        key="runs-to-publish",
        label=_lazy("Results to put on public notice"),
        kinds={Viewer.NATIONAL},
        items=runs_to_publish,
        url=link("evaluation-run-list"),
        predicate=may("evaluations.add_publicnotice"),
        order=220,
    ),
    WorkQueue(
        app="evaluations",
        key="objections-to-handle",
        label=_lazy("Objections to handle"),
        kinds={Viewer.NATIONAL},
        items=objections_to_handle,
        url=link("objection-list", "?status=lodged"),
        predicate=may("evaluations.handle_objection"),
        order=230,
    ),
    WorkQueue(
        app="evaluations",
        key="entries-to-endorse",
        label=_lazy("Entries to endorse"),
        kinds={Viewer.LOCAL},
        items=entries_to_endorse,
        url=link("entry-list", "?view=to_endorse"),
        predicate=_writes_endorsements,
        order=110,
    ),
    WorkQueue(
        app="evaluations",
        key="entry-deadlines",
        label=_lazy("Entry deadlines"),
        kinds={Viewer.CLUSTER_BODY},
        items=entry_deadlines,
        url=link("entry-list", "?view=mine"),
        predicate=may("evaluations.add_submission"),
        order=110,
    ),
    WorkQueue(
        app="evaluations",
        key="returned-entries",
        label=_lazy("Returned entries"),
        kinds={Viewer.CLUSTER_BODY},
        items=returned_entries,
        url=link("entry-list", "?view=mine&status=returned"),
        predicate=may("evaluations.add_submission"),
        order=120,
    ),
    WorkQueue(
        app="evaluations",
        key="reviews-to-write",
        label=_lazy("Reviews to write"),
        kinds={Viewer.EXPERT},
        items=reviews_to_write,
        url=link("my-assignments", "?show=open"),
        order=100,
    ),
)


def register():
    registry.register_work(*QUEUES)
