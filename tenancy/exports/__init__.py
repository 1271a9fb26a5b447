"""Exports: what a list shows, as a CSV or Excel file made by a Celery job (`ExportJob`, tenancy/exports/models.py).

`files` writes the files with formula-injection escaping; `registry` holds the lists each app can export (filled
from each app's AppConfig.ready(), so tenancy knows no domain app); `services.export_start` records a job and queues
it; the task builds the rows again as the requesting user, with the list's own filters, search and sort.
"""

from .files import (  # noqa: F401 - the helpers every app writes its files with
    CSV_CONTENT_TYPE,
    FORMULA_PREFIXES,
    XLSX_CONTENT_TYPE,
    csv_response,
    csv_text,
    excel_safe,
    local_time,
    xlsx_bytes,
    xlsx_response,
)
