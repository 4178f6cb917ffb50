"""The application factory."""

from __future__ import annotations

import gc
import importlib
import importlib.util
import pkgutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import APIRouter, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi_offline import FastAPIOffline

import api
from api.auth.router import well_known as well_known_router
from api.auth.tokens import check_token_settings
from api.config import get_settings
from api.errors import install_error_handlers
from api.http import BodySizeLimitMiddleware, RequestSlotsMiddleware
from api.logging import configure_logging
from api.openapi import build_openapi, operation_id
from api.request_context import RequestIdMiddleware
from api.spa import install_spa

API_PREFIX = "/api/v1"

DESCRIPTION = """\
Samverka coordinates the work of a *social insatsgrupp* (SIG): social services, police, school
and other agencies working together, under the young person's written consent, around one
young person at risk of a criminal lifestyle.

Errors are RFC 9457 problem details (`application/problem+json`). Every response carries
`X-Request-ID`. Under overload an API request that waited too long for the server is answered
503 (`service-busy`) with `Retry-After`; it was not started, so it is safe to send again.
"""


def domain_routers() -> list[APIRouter]:
    """The ``router`` of every domain package (``api/<domain>/router.py``), in name order.

    Discovered rather than listed, so a new domain cannot be forgotten and parallel work on
    separate domains does not collide here.
    """
    routers = []
    for module in sorted(pkgutil.iter_modules(api.__path__), key=lambda m: m.name):
        if module.ispkg and importlib.util.find_spec(f"api.{module.name}.router"):
            routers.append(importlib.import_module(f"api.{module.name}.router").router)
    return routers


@asynccontextmanager
async def _lifespan(_app: FastAPI) -> AsyncIterator[None]:
    """As many worker threads as pooled database connections. Requests in progress are bounded
    to the same number (``RequestSlotsMiddleware``), and each runs in one thread at a time, so
    none waits for a thread while others wait for its connection. Then start-up's objects are
    frozen out of the garbage collector's walks.
    """
    limiter = anyio.to_thread.current_default_thread_limiter()
    limiter.total_tokens = get_settings().db_pool_size
    _freeze_startup_objects()
    yield


def _freeze_startup_objects() -> None:
    """Move what start-up built (routes, models, schemas, mappers: about 216,000 tracked
    objects) out of the cyclic garbage collector's reach. They live as long as the worker, and
    each full collection walked them all: about 110 ms with the worker's requests stalled,
    against under 1 ms once frozen. Start-up's own garbage is collected first, so none is
    kept."""
    gc.collect()
    gc.freeze()


def create_app() -> FastAPI:
    settings = get_settings()
    check_token_settings(settings)
    configure_logging()
    app = FastAPIOffline(
        title="Samverka API",
        version="1.0.0",
        description=DESCRIPTION,
        generate_unique_id_function=operation_id,
        static_url="/docs-assets",
        lifespan=_lifespan,
    )
    install_error_handlers(app)
    app.include_router(well_known_router)
    for router in domain_routers():
        app.include_router(router)
    install_spa(app, settings)

    # Outermost last: CORS wraps the middlewares' own answers (413, 503) too, so a browser
    # on another origin can read them, and answers preflights before they take a slot.
    app.add_middleware(
        RequestSlotsMiddleware,
        slots=settings.db_pool_size,
        max_wait_seconds=settings.request_queue_timeout_seconds,
    )
    app.add_middleware(BodySizeLimitMiddleware)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "PATCH", "DELETE"],
            allow_headers=[
                "Authorization",
                "Content-Type",
                "If-Match",
                "Idempotency-Key",
                "X-Request-ID",
            ],
            expose_headers=[
                "Content-Disposition",
                "ETag",
                "Location",
                "Retry-After",
                "X-Request-ID",
            ],
        )
    app.add_middleware(RequestIdMiddleware)
    app.openapi = lambda: build_openapi(app)  # type: ignore[method-assign]
    return app
