"""The HTTP application: JSON API under /api, the web UI under /, OpenAPI at /openapi.json."""
from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from lagebild.config import Settings

log = logging.getLogger("lagebild.api")


def create_app(settings: Settings, store=None) -> FastAPI:
    """Build the app on ``store`` (or a Store opened, and migrated, from settings.db_url)."""
    from lagebild.store import Store

    if store is None:
        store = Store(settings.db_url)
    app = FastAPI(
        title="lagebild",
        version="0.1.0",
        description="A sourced picture of developing news stories: documents, entities, quotes, claims, "
        "stories, timelines and reviewed summaries. Writes need `Authorization: Bearer <token>`.",
    )
    app.state.settings = settings
    app.state.store = store
    app.state.engine = None

    from lagebild.api.routers import claims, documents, entities, quotes, search, stories, summaries

    for module in (documents, entities, quotes, claims, stories, summaries, search):
        app.include_router(module.router)

    @app.get("/api/health", tags=["meta"])
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        # one readable message plus the structured errors
        errors = exc.errors()
        parts = []
        for e in errors[:5]:
            loc = ".".join(str(x) for x in e.get("loc", ()) if x != "body")
            parts.append(f"{loc}: {e.get('msg')}")
        return JSONResponse(
            {"detail": "invalid request: " + "; ".join(parts), "errors": _jsonable(errors)}, status_code=422
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        if request.url.path.startswith("/api") or request.url.path == "/openapi.json":
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
        from lagebild.web.views import error_page

        return error_page(request, exc.status_code, str(exc.detail), headers=exc.headers)

    from lagebild.web.views import mount_web

    mount_web(app)
    return app


def _jsonable(errors: list[dict]) -> list[dict]:
    out = []
    for e in errors:
        out.append({k: (v if isinstance(v, (str, int, float, list, type(None))) else str(v)) for k, v in e.items()
                    if k in ("loc", "msg", "type")})
    return out
