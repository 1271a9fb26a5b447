"""The API's JSON parser: DRF's, with a limit on how deeply a body nests and no null character in any text. A body
of ten thousand `[` made Python's json module recurse past its limit (a 500); no request of this API nests more
than a few levels. PostgreSQL refuses U+0000 in text, so a `\u0000` anywhere (a key, a code looked up in a related
table) would otherwise reach the database as a 500; no field of this API may hold it."""

import io

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

MAX_DEPTH = 32


def nesting_depth(stream: bytes) -> int:
    """The deepest nesting of arrays and objects in a JSON text, counted without parsing it (strings skipped)."""
    depth = deepest = 0
    in_string = escaped = False
    for byte in stream:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):  # [ {
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_DEPTH:
                    return deepest
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return deepest


def holds_null_character(value) -> bool:
    """Whether any text of a parsed body (keys included) holds U+0000; the depth is already bounded."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(holds_null_character(key) or holds_null_character(item) for key, item in value.items())
    if isinstance(value, list):
        return any(holds_null_character(item) for item in value)
    return False


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        body = stream.read() if stream is not None else b""
        if nesting_depth(body) > MAX_DEPTH:
            raise ParseError(_("The JSON body nests deeper than %(max)d levels.") % {"max": MAX_DEPTH})
        try:
            data = super().parse(io.BytesIO(body), media_type, parser_context)
        except ParseError:  # DRF's message ("JSON parse error - …") is not marked for translation
            raise ParseError(_("The body is not valid JSON.")) from None
        if b"\\u0000" in body and holds_null_character(data):
            raise ParseError(_("Text may not contain the null character (U+0000)."))
        return data
