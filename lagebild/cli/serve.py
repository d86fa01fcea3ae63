"""``lagebild serve``: the API and the web UI in one process (uvicorn)."""
from __future__ import annotations

from typing import Optional

import typer

from lagebild.cli.app import app
from lagebild.cli import tokens as _tokens  # noqa: F401  (registers ``lagebild token``)


@app.command()
def serve(
    host: Optional[str] = typer.Option(None, help="address to listen on (default 127.0.0.1; settings.host)"),
    port: Optional[int] = typer.Option(None, help="port (default 8765; settings.port)"),
    db: Optional[str] = typer.Option(None, "--db", help="database URL (sqlite:///file.db or postgresql://...)"),
) -> None:
    """Serve the REST API (/api, /docs, /openapi.json) and the web UI (/)."""
    import uvicorn

    from lagebild.api.app import create_app
    from lagebild.config import Settings

    settings = Settings.from_env(db_url=db, host=host, port=port)
    application = create_app(settings)
    shown = "localhost" if settings.host in ("127.0.0.1", "::1") else settings.host
    typer.echo(f"lagebild serving on http://{settings.host}:{settings.port}/  (API docs: /docs, OpenAPI: /openapi.json)")
    if shown != settings.host:
        typer.echo(f"  also reachable as http://{shown}:{settings.port}/")
    uvicorn.run(application, host=settings.host, port=settings.port, log_level="warning")
