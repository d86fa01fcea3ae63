"""The HTTP application: JSON API under /api, the web UI under /, OpenAPI at /openapi.json."""
from __future__ import annotations

import logging
from pathlib import Path

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
        docs_url=None,
        redoc_url=None,
    )
    _mount_docs(app)
    app.state.settings = settings
    app.state.store = store
    app.state.engine = None

    from lagebild.api.routers import claims, documents, entities, quotes, search, stories, summaries, tokens

    for module in (documents, entities, quotes, claims, stories, summaries, search, tokens):
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


def _mount_docs(app: FastAPI) -> None:
    """/docs (Swagger UI) and /redoc from assets shipped in the fastapi-offline package: a
    newsroom server often has no way out to a CDN, and FastAPI's default pages load from one."""
    from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
    from fastapi.staticfiles import StaticFiles
    from fastapi.responses import HTMLResponse

    try:
        import fastapi_offline
    except ImportError:  # pragma: no cover - the pinned dependency is missing: FastAPI's CDN pages
        app.get("/docs", include_in_schema=False)(lambda: get_swagger_ui_html(openapi_url="/openapi.json",
                                                                               title="lagebild API"))
        return
    assets = Path(fastapi_offline.__file__).parent / "static"
    app.mount("/static-docs", StaticFiles(directory=str(assets)), name="static-docs")

    @app.get("/docs", include_in_schema=False)
    def swagger_ui() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url="/openapi.json", title="lagebild API",
                                   swagger_js_url="/static-docs/swagger-ui-bundle.js",
                                   swagger_css_url="/static-docs/swagger-ui.css",
                                   swagger_favicon_url="/static-docs/favicon.png")

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> HTMLResponse:
        return get_redoc_html(openapi_url="/openapi.json", title="lagebild API",
                              redoc_js_url="/static-docs/redoc.standalone.js",
                              redoc_favicon_url="/static-docs/favicon.png", with_google_fonts=False)


def _jsonable(errors: list[dict]) -> list[dict]:
    out = []
    for e in errors:
        out.append({k: (v if isinstance(v, (str, int, float, list, type(None))) else str(v)) for k, v in e.items()
                    if k in ("loc", "msg", "type")})
    return out
