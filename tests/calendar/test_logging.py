"""A feed URL is a credential: application logs (uvicorn's access lines too) mask it."""

from __future__ import annotations

import io
import logging
from collections.abc import Callable

from fastapi.testclient import TestClient

from api.logging import json_handler, mask_sensitive
from api.models import IntegrationClient, User
from tests.calendar.support import create_feed
from tests.world import World

Client = Callable[[User | IntegrationClient], TestClient]
TOKEN = "Xq3v0cJ9mB2kT7yLwP4sR8nD1fG6hA5eU0iO9zKcV3M"


def test_the_processor_masks_feed_tokens() -> None:
    event = {
        "event": f'127.0.0.1:5000 - "GET /api/v1/calendar-feeds/{TOKEN}.ics HTTP/1.1" 200',
        "path": f"/api/v1/calendar-feeds/{TOKEN}.ics?x=1",
    }

    masked = mask_sensitive(None, "info", event)

    assert TOKEN not in str(masked)
    assert masked["path"] == "/api/v1/calendar-feeds/[token]?x=1"
    assert "/calendar-feeds/[token] HTTP/1.1" in masked["event"]


def test_uvicorn_access_lines_are_masked() -> None:
    stream = io.StringIO()
    logger = logging.getLogger("uvicorn.access.test-calendar")
    logger.addHandler(json_handler(stream))
    logger.propagate = False
    try:
        # uvicorn's own format and arguments (uvicorn/protocols/http/h11_impl.py).
        logger.info(
            '%s - "%s %s HTTP/%s" %d',
            "127.0.0.1:5000",
            "GET",
            f"/api/v1/calendar-feeds/{TOKEN}.ics",
            "1.1",
            200,
        )
    finally:
        logger.handlers.clear()
    line = stream.getvalue()
    assert "/api/v1/calendar-feeds/[token]" in line
    assert TOKEN not in line


def test_a_real_fetch_leaves_no_token_in_the_logs(
    world: World, client_as: Client, api: TestClient
) -> None:
    stream = io.StringIO()
    handler = json_handler(stream)
    logging.getLogger().addHandler(handler)  # httpx logs every request's URL
    try:
        path = create_feed(client_as(world.users["coordinator"]))
        assert api.get(path).status_code == 200
    finally:
        logging.getLogger().removeHandler(handler)
    token = path.rsplit("/", 1)[1].removesuffix(".ics")
    assert "/calendar-feeds/[token]" in stream.getvalue()
    assert token not in stream.getvalue()
