"""Who may do what in the competitions (DESIGN §2). Reading is the selectors' business (a hidden object is a
404); these predicates decide writes on objects the viewer can see (a refusal is a 403)."""

import rules

from tenancy.rules import is_cluster_body, is_editor, is_expert, is_local, is_national, viewer_of


@rules.predicate
def promotes_entry_cluster(user, submission):
    return submission is not None and submission.cluster.promotion_body_id == viewer_of(user).organisation_id


@rules.predicate
def promotes_cluster(user, cluster):
    """The user's organisation is the cluster's promotion body now (the object is a cluster)."""
    return cluster is not None and cluster.promotion_body_id == viewer_of(user).organisation_id


@rules.predicate
def governs_entry_cluster(user, submission):
    """The entry's cluster still has a region in the user's jurisdiction: checked on every decision, not only when
    the endorsement was asked for, since the ministry may have moved the cluster's regions since."""
    from clusters.models import ClusterRegion
    from tenancy.scoping import unscoped

    prefix = viewer_of(user).jurisdiction_prefix
    return (
        submission is not None
        and bool(prefix)
        and unscoped(ClusterRegion).filter(cluster_id=submission.cluster_id, region__code__startswith=prefix).exists()
    )


@rules.predicate
def in_blind_round(user, submission):
    return submission is not None and submission.round.blind_review


@rules.predicate
def has_pending_endorsement(user, submission):
    """The user's government is asked to decide on the entry's current version."""
    from evaluations.entries.selectors import pending_endorsement

    if submission is None:
        return False
    return pending_endorsement(submission=submission, organisation_id=viewer_of(user).organisation_id) is not None


# Competitions, tracks, rounds and rubrics: the ministry's editors and admins write them.
writes_competitions = is_national & is_editor
rules.add_perm("evaluations.add_competition", writes_competitions)
rules.add_perm("evaluations.change_competition", writes_competitions)
rules.add_perm("evaluations.view_competition_history", rules.is_authenticated)

# Entries: the promotion body's editors and admins start and write their own clusters' entries, withdraw them, and
# carry an entry that advanced over into the next round. The services check these again on every write, with the
# entry's cluster as it is then (a cluster may have changed promotion body since the page was opened).
writes_entries = is_cluster_body & is_editor
rules.add_perm("evaluations.add_submission", writes_entries)
rules.add_perm("evaluations.enter_cluster", writes_entries & promotes_cluster)  # the object is the cluster
rules.add_perm("evaluations.change_submission", writes_entries & promotes_entry_cluster)
rules.add_perm("evaluations.withdraw_submission", writes_entries & promotes_entry_cluster)
rules.add_perm("evaluations.carry_over_submission", writes_entries & promotes_entry_cluster)
# Local governments (editors and admins) decide on the entries of clusters in their jurisdiction; the service refuses
# one not waiting for their decision.
rules.add_perm("evaluations.endorse_submission", is_local & is_editor & governs_entry_cluster)
# The ministry's formal check: an endorsed entry is declared eligible, or ineligible with a reason. It opens a later
# round by carrying every entry that advanced over into it.
rules.add_perm("evaluations.decide_submission", is_national & is_editor)
rules.add_perm("evaluations.carry_over_round", is_national & is_editor)
rules.add_perm("evaluations.view_submission_history", rules.is_authenticated)


# Expert review ---------------------------------------------------------------------------------------------------


@rules.predicate
def is_own_assignment(user, assignment):
    return assignment is not None and assignment.expert.user_id == user.pk


# The ministry's editors and admins keep the expert pool (eligibility) and assign experts to entries.
manages_review = is_national & is_editor
rules.add_perm("evaluations.manage_experts", manages_review)
rules.add_perm("evaluations.assign_experts", manages_review)
rules.add_perm("evaluations.view_expert_pool", is_national)
# Conflicts: an expert declares their own, the ministry anyone's; only the ministry withdraws one.
rules.add_perm("evaluations.declare_conflict", manages_review | is_expert)
rules.add_perm("evaluations.withdraw_conflict", manages_review)
# The assigned expert recuses and writes the review; nobody else does.
rules.add_perm("evaluations.recuse_assignment", is_expert & is_own_assignment)
rules.add_perm("evaluations.review_assignment", is_expert & is_own_assignment)
# The trail of score and comment changes is the ministry's: never an expert's (not even of their own review), never
# an entrant's or a government's.
rules.add_perm("evaluations.view_review_changes", is_national)
# Experts see no entry's history (it names the promotion body's staff, which a blind review hides).
rules.set_perm("evaluations.view_submission_history", rules.is_authenticated & ~is_expert)

# Public notice and objections (notice part) ------------------------------------------------------------------------
# The ministry's editors and admins draft, publish and finalise notices and handle objections; the ministry reads the
# objections and the notices' history. Lodging an objection needs no permission (anyone, rate-limited).
writes_notices = is_national & is_editor
rules.add_perm("evaluations.add_publicnotice", writes_notices)
rules.add_perm("evaluations.change_publicnotice", writes_notices)
rules.add_perm("evaluations.view_notice_history", is_national)
rules.add_perm("evaluations.view_objections", is_national)
rules.add_perm("evaluations.handle_objection", writes_notices)
rules.add_perm("evaluations.lodge_objection", rules.always_allow)  # anyone; the service rate-limits
rules.add_perm("evaluations.view_own_results", is_cluster_body)


@rules.predicate
def promotes_result_cluster(user, result):
    return result is not None and result.submission.cluster.promotion_body_id == viewer_of(user).organisation_id


# The experts' written comments beside a published result: the entrant (the entry's promotion body) only. A local
# government reads the result and its breakdown, not the comments; the ministry reads the reviews themselves. (The
# result is visible only once its final result is published: `result_visibility`.)
rules.add_perm("evaluations.read_result_comments", is_cluster_body & promotes_result_cluster)


# Evaluation runs (runs part): the ministry reads runs and results; its editors and admins start runs.
rules.add_perm("evaluations.view_evaluation_runs", is_national)
rules.add_perm("evaluations.run_evaluation", is_national & is_editor)
# A run of a frozen round corrects the published result: the ministry's editors and admins, with a stated reason.
rules.add_perm("evaluations.correct_result", is_national & is_editor)


# Frozen after publication ----------------------------------------------------------------------------------------


def round_of(obj):
    """The round an object belongs to: a round itself, an entry, an assignment or a review."""
    for path in ("assignment.submission.round", "submission.round", "round"):
        target = obj
        for step in path.split("."):
            target = getattr(target, step, None)
            if target is None:
                break
        if target is not None:
            return target
    return obj


@rules.predicate
def in_frozen_round(user, obj):
    """The object's round is frozen (`evaluations.competitions.selectors.round_frozen`): the pages hide the
    buttons of the changes the services refuse with code `frozen`."""
    from evaluations.competitions.selectors import round_frozen

    return obj is not None and round_frozen(round_of(obj))


# What the pages offer on a round, an entry or an assignment (its buttons): nothing that changes a frozen round.
rules.add_perm("evaluations.change_round", writes_competitions & ~in_frozen_round)
rules.add_perm("evaluations.formal_check", is_national & is_editor & ~in_frozen_round)
rules.add_perm("evaluations.change_assignments", manages_review & ~in_frozen_round)
rules.add_perm("evaluations.write_review", is_expert & is_own_assignment & ~in_frozen_round)

# Blind review: an expert never reads the names behind an entry of a blind round (the cluster, its promotion body,
# its city, its members); whoever else may see the entry reads them (evaluations.review.blind).
rules.add_perm("evaluations.read_entry_names", ~(is_expert & in_blind_round))
