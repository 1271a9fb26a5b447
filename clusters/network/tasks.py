"""The Celery entry point of a network analysis: thin, idempotent, late-acknowledged, retried on database hiccups."""

from celery import shared_task
from django.db import OperationalError

from tenancy.scoping import system_scope


@shared_task(
    bind=True, acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, name="clusters.network_analysis"
)
def network_analysis_task(self, analysis_id):
    """Run a recorded network analysis. Rerunning a finished one does nothing; bad data fails the run with a
    message, a bug errors it with the traceback."""
    from clusters.models import NetworkAnalysis
    from clusters.network import services
    from clusters.network.analysis import NetworkDataError

    with system_scope():
        analysis = NetworkAnalysis.objects.filter(pk=analysis_id).first()
        if analysis is None or analysis.is_finished:
            return
        try:
            services.network_analysis_run(analysis=analysis)
        except OperationalError:
            raise  # the database went away: retried with backoff, the rerun starts from nothing
        except NetworkDataError as exc:
            analysis.fail(str(exc))
        except Exception as exc:  # noqa: BLE001 - a bug: record the traceback on the run, not only in the log
            analysis.error_out(exc)
