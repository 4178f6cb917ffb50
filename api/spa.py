"""The web app (SPA) served by the API itself, on the same origin, for `make run`.

Production deploys ``frontend/dist`` separately; here the API serves it so a newcomer needs one
port and no CORS. The app's files are the router's *default*: what answers when no route
matches. So every API route, including one added after ``create_app``, keeps precedence, and
an unknown ``/api/...`` path still falls through to the problem 404.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import structlog
from fastapi import APIRouter, FastAPI
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from api.config import Settings
from api.demo.directory import ORGANIZATIONS, USERS
from api.schemas import Schema

# Same origin: the SPA calls the API at relative URLs.
API_BASE_URL = ""
# Vite names the files under assets/ by their content hash: a new build, a new name.
IMMUTABLE = "public, max-age=31536000, immutable"
# index.html and config.json name the current build and settings: revalidate every time.
NO_CACHE = "no-cache"
# First path segments that belong to the API, whose unknown paths answer a problem 404.
API_SEGMENTS = frozenset({"api", "openapi.json", "healthz", "readyz", ".well-known"})

log = structlog.get_logger(__name__)


class DemoAccount(Schema):
    username: str
    display_name: str
    role: str
    organization: str


class RuntimeConfig(Schema):
    """``config.json``, read by the SPA at start (frontend/src/config.ts)."""

    api_base_url: str
    demo_accounts: list[DemoAccount] | None = None
    demo_password: str | None = None


def content_security_policy(api_base_url: str = API_BASE_URL) -> str:
    """For a Vite build: no inline scripts; Mantine injects <style> tags, hence 'unsafe-inline'
    for styles only."""
    connect = ["'self'"]
    if api_base_url:
        parts = urlsplit(api_base_url)
        connect.append(f"{parts.scheme}://{parts.netloc}")
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            f"connect-src {' '.join(connect)}",
            "object-src 'none'",
            "frame-ancestors 'none'",
            "base-uri 'self'",
            "form-action 'self'",
        ]
    )


SECURITY_HEADERS = {
    "Content-Security-Policy": content_security_policy(),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def runtime_config(settings: Settings) -> RuntimeConfig:
    """Outside demo mode nothing about the demo: no accounts, no password."""
    if not settings.demo_mode:
        return RuntimeConfig(api_base_url=API_BASE_URL)
    org_names = {org.key: org.name for org in ORGANIZATIONS}
    return RuntimeConfig(
        api_base_url=API_BASE_URL,
        demo_accounts=[
            DemoAccount(
                username=user.username,
                display_name=user.display_name,
                role=user.role.value,
                organization=org_names[user.organization],
            )
            for user in USERS
        ],
        demo_password=settings.demo_password.get_secret_value(),
    )


def is_api_path(path: str) -> bool:
    first = path.lstrip("/").split("/", 1)[0]
    return first in API_SEGMENTS or first.startswith("docs")  # /docs, /docs-assets


class SpaFiles(StaticFiles):
    """The built app's files; any other page path answers index.html (history fallback), so a
    deep link such as /cases/123/plan survives a reload. StaticFiles resolves every path and
    refuses one outside the directory, so ``..`` cannot escape it."""

    def __init__(self, directory: Path, not_found: ASGIApp) -> None:
        super().__init__(directory=directory)
        self.not_found = not_found

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] not in ("GET", "HEAD")
            or is_api_path(scope["path"])
        ):
            await self.not_found(scope, receive, send)
            return
        await super().__call__(scope, receive, send)

    async def get_response(self, path: str, scope: Scope) -> Response:
        hashed = path.split("/", 1)[0] == "assets"
        try:
            response = await super().get_response(path, scope)
        except HTTPException as exc:
            # A missing asset stays a 404: HTML in place of a script only confuses the browser.
            if exc.status_code != 404 or hashed:
                raise
            response = await super().get_response("index.html", scope)
        response.headers["Cache-Control"] = IMMUTABLE if hashed else NO_CACHE
        response.headers.update(SECURITY_HEADERS)
        return response


def install_spa(app: FastAPI, settings: Settings) -> None:
    """Serve the SPA when ``SAMVERKA_SPA_DIR`` holds a build; else leave the app as it is."""
    directory = settings.spa_dir
    if directory is None:
        return
    if not (directory / "index.html").is_file():
        log.warning("spa_not_built", directory=str(directory))
        return
    config = runtime_config(settings).model_dump(exclude_none=True)
    router = APIRouter(include_in_schema=False)

    # Answered by the API, not the build's file, so it follows this process's settings.
    @router.get("/config.json", name="spa:config")
    def config_json() -> JSONResponse:
        return JSONResponse(config, headers={"Cache-Control": NO_CACHE, **SECURITY_HEADERS})

    app.include_router(router)
    app.router.default = SpaFiles(directory, not_found=app.router.default)
    log.info("spa_served", directory=str(directory), demo_mode=settings.demo_mode)
