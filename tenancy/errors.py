"""The one refusal the services raise: a step that the object's current state (or a window) does not allow now.

Field errors are Django's ValidationError (400 in the API, on the field in a form); a Refusal is not about the
input but about the moment: submitting a plan that is already submitted, deciding on a replaced result,
starting a run that is not queued. The API answers it 409 with its `code`; a page shows its message.
"""


class Refusal(Exception):
    """`code` names the rule in the API's error body (invalid_transition, frozen, window, stale, incomplete,
    decided, superseded, closed, rate_limited…); `message` is translated when raised. `details`, when given, is
    JSON-serialisable data the API adds to the error body as `details` (what a client needs to act on the refusal,
    e.g. the entries still missing reviews)."""

    default_code = "invalid_transition"

    def __init__(self, message, code=None, details=None):
        super().__init__(str(message))
        self.message = str(message)
        self.code = code or self.default_code
        self.details = details
