"""Global search across the product: the query parser and tokeniser (`tokens`), the match per database vendor
(`backends`), the registry each app fills with its searchable kinds (`registry`), the search itself (`selectors`),
and its page and API."""

from .fields import SearchTokensField
from .registry import fill, register_search, tokens_for

__all__ = ["SearchTokensField", "fill", "register_search", "tokens_for"]
