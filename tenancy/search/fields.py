"""The search column's model field (migrations name it by this path)."""

from django.db import models


class SearchTokensField(models.TextField):
    """The search column: the document's tokens (tenancy.search.tokens), kept by the search registry."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)
