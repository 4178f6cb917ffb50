"""HTTP conventions used by every resource: ETags from the optimistic-concurrency version."""

from __future__ import annotations

from fastapi import Response


def etag_for(version: int) -> str:
    return f'"v{version}"'


def set_etag(response: Response, version: int) -> None:
    response.headers["ETag"] = etag_for(version)
