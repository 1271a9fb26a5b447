"""Every list page has the four things issue 15 (item 8) asks of a list: the numbered pager, sortable columns, the
export buttons (CSV and Excel, as jobs) and the phone cards (static/js/tables.js, which the pager include loads).

A list page is a template that includes the numbered pager (includes/pagination.html). Each must show sort headers
or sort links (`{% sort_header %}` / `{% sort_link %}`, in the template or in one it includes) and the export
buttons naming a registered export, unless the allow-lists below give the reason. A new list without them fails
here."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from tenancy.exports.registry import export_kind

TEMPLATES = Path(settings.BASE_DIR) / "templates"
PAGER = "includes/pagination.html"
INCLUDE = re.compile(r"""{%\s*include\s+["']([^"']+)["']""")
EXPORT = re.compile(r"""{%\s*include\s+["']includes/export_buttons\.html["'][^%]*\bexport=["']([^"']+)["']""")
SORTS = re.compile(r"{%\s*sort_(header|link)\b")

# Lists that are legitimately not sortable, with the reason.
NOT_SORTABLE = {
    "clusters/imports/_status.html": "an upload's problem report: a list kept on the job row in the file's row order",
    "tenancy/onboarding/_status.html": "an upload's problem report: a list kept on the job row in the file's row order",
}
# Lists that are legitimately not exported, with the reason.
NOT_EXPORTED = {
    **NOT_SORTABLE,
    "tenancy/accounts/token_list.html": "one's API tokens: credentials' records, sorted but never copied out",
    "tenancy/notification_list.html": "one's own notifications: a personal inbox, sorted but not exported",
    "tenancy/exports/list.html": "one's export files: each is downloaded from the list itself",
}


def _source(name: str) -> str:
    return (TEMPLATES / name).read_text(encoding="utf-8")


def _with_includes(name: str) -> str:
    """The template's text and that of the templates it includes (one level: the tables and filters it shares)."""
    text = _source(name)
    included = [path for path in INCLUDE.findall(text) if path != PAGER and (TEMPLATES / path).exists()]
    return "\n".join([text, *(_source(path) for path in included)])


def list_pages() -> list[str]:
    pages = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        name = path.relative_to(TEMPLATES).as_posix()
        if name != PAGER and PAGER in INCLUDE.findall(path.read_text(encoding="utf-8")):
            pages.append(name)
    return pages


def test_the_list_pages_are_found():
    pages = list_pages()
    assert len(pages) >= 35
    for known in ("clusters/member_list.html", "tenancy/mail/outbox_list.html", "evaluations/runs/detail.html"):
        assert known in pages


@pytest.mark.parametrize("name", list_pages())
def test_every_list_page_sorts_and_exports(name):
    text = _with_includes(name)
    if name not in NOT_SORTABLE:
        assert SORTS.search(text), f"{name}: a list without sortable columns ({{% sort_header %}} or {{% sort_link %}})"
    if name not in NOT_EXPORTED:
        keys = EXPORT.findall(text)
        assert keys, f"{name}: a list without the export buttons (includes/export_buttons.html)"
        for key in keys:
            assert export_kind(key) is not None, f"{name}: the export {key!r} is not registered"


def test_the_allow_lists_name_list_pages_only():
    pages = set(list_pages())
    assert set(NOT_EXPORTED) <= pages, sorted(set(NOT_EXPORTED) - pages)
    for name in NOT_SORTABLE:
        assert not SORTS.search(_with_includes(name)), f"{name} sorts now: take it off the allow-list"
    for name in NOT_EXPORTED:
        assert not EXPORT.findall(_with_includes(name)), f"{name} exports now: take it off the allow-list"
