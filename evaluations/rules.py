"""Who may do what in the competitions (DESIGN §2). Reading is the selectors' business (a hidden object is a
404); these predicates decide writes on objects the viewer can see (a refusal is a 403)."""

import rules

from tenancy.rules import is_cluster_body, is_editor, is_expert, is_local, is_national, viewer_of


@rules.predicate
def promotes_entry_cluster(user, submission):
    return submission is not None and submission.cluster.promotion_body_id == viewer_of(user).organisation_id


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

# Entries: the promotion body's editors and admins start and write their own clusters' entries.
rules.add_perm("evaluations.add_submission", is_cluster_body & is_editor)
rules.add_perm("evaluations.change_submission", is_cluster_body & is_editor & promotes_entry_cluster)
# Local governments (editors and admins) decide on entries; the service refuses one not waiting for their decision.
rules.add_perm("evaluations.endorse_submission", is_local & is_editor)
# The ministry declares endorsed entries eligible.
rules.add_perm("evaluations.decide_submission", is_national & is_editor)
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


# Evaluation runs (runs part): the ministry reads runs and results; its editors and admins start runs.
rules.add_perm("evaluations.view_evaluation_runs", is_national)
rules.add_perm("evaluations.run_evaluation", is_national & is_editor)

# Blind review: an expert never reads the names behind an entry of a blind round (the cluster, its promotion body,
# its city, its members); whoever else may see the entry reads them (evaluations.review.blind).
rules.add_perm("evaluations.read_entry_names", ~(is_expert & in_blind_round))
