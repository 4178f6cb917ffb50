"""Back-pressure under load: at most as many API requests in progress as pooled database
connections, and as many worker threads, so a burst queues instead of stalling; a request
that waits too long is told so (503 with Retry-After) instead of being left to time out."""

from __future__ import annotations

import threading

import anyio
import anyio.to_thread
import httpx
import pytest
from fastapi.testclient import TestClient
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from api.http import RequestSlotsMiddleware
from api.main import create_app
from tests.conftest import SettingsEnv


def _thread_tokens() -> float:
    return anyio.to_thread.current_default_thread_limiter().total_tokens


def test_the_thread_pool_takes_the_database_pool_size_at_start_up(
    settings_env: SettingsEnv,
) -> None:
    settings_env(db_pool_size=7)
    with TestClient(create_app()) as client:  # the context runs the lifespan
        assert client.portal is not None
        assert client.portal.call(_thread_tokens) == 7


class _Busy:
    """An endpoint that takes a while and remembers how many ran at once."""

    def __init__(self) -> None:
        self.running = self.most = 0

    async def handle(self, _request: Request) -> PlainTextResponse:
        self.running += 1
        self.most = max(self.most, self.running)
        await anyio.sleep(0.05)
        self.running -= 1
        return PlainTextResponse("done")


async def _burst(path: str, requests: int) -> tuple[int, list[int]]:
    busy = _Busy()
    app = Starlette(routes=[Route(path, busy.handle)])
    limited = RequestSlotsMiddleware(app, slots=2, max_wait_seconds=30)
    transport = httpx.ASGITransport(app=limited)
    statuses: list[int] = []
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:

        async def one() -> None:
            statuses.append((await client.get(path)).status_code)

        async with anyio.create_task_group() as group:
            for _ in range(requests):
                group.start_soon(one)
    return busy.most, statuses


@pytest.mark.anyio
async def test_a_burst_of_api_requests_queues_for_the_slots_and_every_one_is_answered() -> None:
    most, statuses = await _burst("/api/v1/probe", requests=12)
    assert most == 2
    assert statuses == [200] * 12


@pytest.mark.anyio
async def test_paths_outside_the_api_do_not_take_a_slot() -> None:
    most, _ = await _burst("/healthz", requests=6)
    assert most == 6


def test_each_event_loop_has_its_own_slots() -> None:
    """TestClient runs each calling thread's requests in a loop of its own; a slot taken in
    one loop must never make a request in another wait (an asyncio primitive cannot be
    awaited across loops: the concurrency tests hung on it)."""
    entered, release = threading.Event(), threading.Event()

    async def hold(_request: Request) -> PlainTextResponse:
        entered.set()
        await anyio.to_thread.run_sync(release.wait, 10)
        return PlainTextResponse("held")

    async def quick(_request: Request) -> PlainTextResponse:
        return PlainTextResponse("quick")

    app = Starlette(routes=[Route("/api/hold", hold), Route("/api/quick", quick)])
    limited = RequestSlotsMiddleware(app, slots=1, max_wait_seconds=30)

    async def get(path: str) -> int:
        transport = httpx.ASGITransport(app=limited)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            with anyio.fail_after(5):
                return (await client.get(path)).status_code

    holder = threading.Thread(target=anyio.run, args=(get, "/api/hold"))
    holder.start()
    try:
        assert entered.wait(5)
        assert anyio.run(get, "/api/quick") == 200  # another loop: not behind the held slot
    finally:
        release.set()
        holder.join(10)


@pytest.mark.anyio
async def test_a_request_that_waits_too_long_for_a_slot_is_refused_unstarted_with_retry_after() -> (
    None
):
    held, release = anyio.Event(), anyio.Event()
    started: list[str] = []

    async def hold(request: Request) -> PlainTextResponse:
        started.append(request.url.path)
        held.set()
        await release.wait()
        return PlainTextResponse("held")

    app = Starlette(routes=[Route("/api/hold", hold), Route("/api/other", hold)])
    limited = RequestSlotsMiddleware(app, slots=1, max_wait_seconds=0.2)
    transport = httpx.ASGITransport(app=limited)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        holder: list[httpx.Response] = []

        async def hold_the_slot() -> None:
            holder.append(await client.get("/api/hold"))

        async with anyio.create_task_group() as group:
            group.start_soon(hold_the_slot)
            with anyio.fail_after(5):
                await held.wait()
                refused = await client.post("/api/other", content=b"{}")
            release.set()

    assert refused.status_code == 503
    assert refused.headers["retry-after"] == "1"
    assert refused.headers["content-type"] == "application/problem+json"
    problem = refused.json()
    assert problem["type"] == "https://samverka.se/problems/service-busy"
    assert problem["instance"] == "/api/other"
    assert started == ["/api/hold"]  # the refused request never reached the endpoint
    assert holder[0].status_code == 200


@pytest.mark.anyio
async def test_a_refused_wait_gives_its_place_back_and_the_next_request_gets_the_slot() -> None:
    gate = anyio.Event()

    async def wait_for_gate(_request: Request) -> PlainTextResponse:
        await gate.wait()
        return PlainTextResponse("done")

    app = Starlette(routes=[Route("/api/gate", wait_for_gate)])
    limited = RequestSlotsMiddleware(app, slots=1, max_wait_seconds=0.1)
    transport = httpx.ASGITransport(app=limited)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        statuses: list[int] = []

        async def one() -> None:
            statuses.append((await client.get("/api/gate")).status_code)

        async with anyio.create_task_group() as group:
            group.start_soon(one)
            await anyio.sleep(0.05)
            group.start_soon(one)  # waits 0.1 s behind the gate, then is refused
            await anyio.sleep(0.3)
            gate.set()
        with anyio.fail_after(5):
            after = await client.get("/api/gate")  # the slot is free again, none leaked
    assert sorted(statuses) == [200, 503]
    assert after.status_code == 200


def test_the_app_bounds_the_wait_by_the_setting(settings_env: SettingsEnv) -> None:
    settings_env(request_queue_timeout_seconds=2.5)
    middleware = create_app().user_middleware
    (slots,) = [m for m in middleware if getattr(m.cls, "__name__", "") == "RequestSlotsMiddleware"]
    assert slots.kwargs["max_wait_seconds"] == 2.5
    assert RequestSlotsMiddleware(PlainTextResponse("x"), 1, 2.5).retry_after == "3"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"
