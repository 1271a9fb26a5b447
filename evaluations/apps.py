from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = _("Competitions and evaluations")

    def ready(self):
        from evaluations.entries import notifications as entry_notifications

        entry_notifications.register()

        # Expert review: experts read the clusters of their assigned entries (except in a blind review).
        from clusters.profiles.selectors import EXPERT_CLUSTER_GRANTS
        from evaluations.review.selectors import expert_cluster_grant

        if expert_cluster_grant not in EXPERT_CLUSTER_GRANTS:
            EXPERT_CLUSTER_GRANTS.append(expert_cluster_grant)

        # Expert review: its notification kinds; a change of an expert's profile re-checks conflicts of interest.
        from evaluations.review import notifications as review_notifications
        from evaluations.review.services import expert_profile_changed
        from tenancy.experts.services import EXPERT_PROFILE_CHANGED

        review_notifications.register()
        if expert_profile_changed not in EXPERT_PROFILE_CHANGED:
            EXPERT_PROFILE_CHANGED.append(expert_profile_changed)

        # Public notice part: its notification kinds, and the register shows the competition that designated a cluster.
        from clusters.profiles.selectors import REGISTER_ANNOTATIONS
        from evaluations.notice import notifications as notice_notifications
        from evaluations.notice.selectors import register_annotation

        notice_notifications.register()
        if register_annotation not in REGISTER_ANNOTATIONS:
            REGISTER_ANNOTATIONS.append(register_annotation)

        # The data-quality page of a cluster lists the entries' claims that differ from the verified observations.
        from clusters.quality.registry import register_check
        from evaluations.entries.quality import ENTRY_CLAIMS

        register_check(ENTRY_CLAIMS)

        # Deadline reminders (tenancy/mail/reminders.py): submission and review windows closing, a notice closing.
        from evaluations.entries import reminders as entry_reminders
        from evaluations.notice import reminders as notice_reminders
        from evaluations.review import reminders as review_reminders
        from tenancy.mail.reminders import register_reminder_source

        for module, source in (
            (entry_reminders, entry_reminders.due_submission_reminders),
            (review_reminders, review_reminders.due_review_reminders),
            (notice_reminders, notice_reminders.due_notice_reminders),
        ):
            module.register()
            register_reminder_source(source)

        # The lists its pages show, exported as jobs (tenancy/exports).
        from evaluations.competitions import exports as competition_exports
        from evaluations.entries import exports as entry_exports
        from evaluations.notice import exports as notice_exports
        from evaluations.review import exports as review_exports
        from evaluations.runs import exports as run_exports

        for module in (competition_exports, entry_exports, notice_exports, review_exports, run_exports):
            module.register()

        # Global search (tenancy.search): the entries a viewer may read, by their cluster's name.
        from evaluations.entries import search as entry_search

        entry_search.register()

        # The shell: URL modules, menu entries and dashboard panels.
        from tenancy.registry import registry

        from . import navigation, work

        # Its urls.py (pages) and api/urls.py (under /api/v1/), each including its concepts' modules.
        registry.register_urls(app=self.label, ui=["evaluations.urls"], api=["evaluations.api.urls"])
        navigation.register()
        work.register()  # its work queues (tenancy.work)

        # Evaluation runs run under the shared heartbeat and watchdog.
        from tenancy.watchdog import register_job_kind

        from .models import EvaluationRun

        register_job_kind(EvaluationRun, "evaluations.evaluation_run")
