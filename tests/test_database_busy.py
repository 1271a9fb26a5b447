"""A write that still finds SQLite locked answers 409 "busy, try again" (translated), never a 500."""

import json

from django.db import OperationalError
from django.test import RequestFactory
from django.utils import translation

from tenancy.middleware import DatabaseBusyMiddleware


def middleware():
    return DatabaseBusyMiddleware(lambda request: None)


def test_a_locked_database_is_a_409_busy_in_the_api():
    request = RequestFactory().post("/api/v1/imports/")
    with translation.override("en"):
        response = middleware().process_exception(request, OperationalError("database is locked"))
    assert response.status_code == 409
    assert json.loads(response.content) == {
        "error": {"status": 409, "code": "busy", "message": "The database is busy; try again in a moment."}
    }


def test_a_locked_database_is_a_409_on_a_page_in_chinese():
    request = RequestFactory().post("/clusters/1/imports/")
    with translation.override("zh-hans"):
        response = middleware().process_exception(request, OperationalError("database is locked"))
    assert (response.status_code, response.content.decode()) == (409, "数据库正忙，请稍后重试。")


def test_other_database_errors_are_left_alone():
    request = RequestFactory().get("/api/v1/imports/")
    assert middleware().process_exception(request, OperationalError("disk I/O error")) is None
    assert middleware().process_exception(request, ValueError("database is locked")) is None
