"""The API's JSON parser: DRF's, with a limit on how deeply a body nests. A body of ten thousand `[` made Python's
json module recurse past its limit (a 500); no request of this API nests more than a few levels."""

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


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        body = stream.read() if stream is not None else b""
        if nesting_depth(body) > MAX_DEPTH:
            raise ParseError(_("The JSON body nests deeper than %(max)d levels.") % {"max": MAX_DEPTH})
        try:
            return super().parse(io.BytesIO(body), media_type, parser_context)
        except ParseError:  # DRF's message ("JSON parse error - …") is not marked for translation
            raise ParseError(_("The body is not valid JSON.")) from None
