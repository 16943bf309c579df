"""The service's errors: one small hierarchy; `error_responses` turns them into responses.

Nothing here imports Flask: the query worker processes raise and pickle these classes, and
must not pay for the web stack they never use. The status each class carries says who
must act.
"""

from __future__ import annotations

from typing import ClassVar


class ServiceError(Exception):
    """A request the service refuses or cannot answer; subclasses fix the HTTP status."""

    status = 500
    title = "Internal error"
    retry_after: ClassVar[str | None] = None  # seconds, for a failure that passes

    def __init__(
        self, detail: str, *, headers: dict[str, str] | None = None, title: str | None = None
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.headers = {"Retry-After": self.retry_after} if self.retry_after else {}
        self.headers.update(headers or {})
        if title is not None:  # a more specific heading than the class's, for this case
            self.title = title


class BadRequest(ServiceError):
    status, title = 400, "Bad request"


class MalformedQuery(BadRequest):
    title = "Malformed query"


class NotFound(ServiceError):
    status, title = 404, "Not found"


class NotAcceptable(ServiceError):
    status, title = 406, "Not acceptable"

    def __init__(self, offered: list[str]) -> None:
        super().__init__(
            "None of the accepted media types can be produced. Offered: " + ", ".join(offered)
        )
        self.offered = offered


class UnsupportedMediaType(ServiceError):
    status, title = 415, "Unsupported media type"


class Forbidden(ServiceError):
    status, title = 403, "Forbidden"


class QueryTimedOut(ServiceError):
    status, title = 503, "Query time limit reached"
    retry_after = "60"


class Busy(ServiceError):
    status, title = 503, "Service busy"
    retry_after = "5"


class QueryFailedError(ServiceError):
    """The evaluation itself failed (its process died, the engine broke): ours to look into."""

    status, title = 500, "Query failed"


class BackendUnavailable(ServiceError):
    status, title = 502, "Backend unavailable"
