"""``lagebild token create|list|revoke``: API tokens (stored hashed; the secret is shown once)."""
from __future__ import annotations

from typing import Optional

import typer

from lagebild.cli.app import app

token_app = typer.Typer(help="API tokens for writes (ingest, review, publish).", no_args_is_help=True)
app.add_typer(token_app, name="token")

DbOption = typer.Option(None, "--db", help="database URL (default: settings / LAGEBILD_DB)")


def _store(db: Optional[str]):
    from lagebild.config import Settings
    from lagebild.store import Store

    return Store(Settings.from_env(db_url=db).db_url)


@token_app.command("create")
def create(
    name: str = typer.Argument(..., help="who or what uses the token, e.g. 'anna' or 'ingest-bot'"),
    role: str = typer.Option("analyst", help="analyst (ingest), editor (review, publish) or admin"),
    db: Optional[str] = DbOption,
) -> None:
    """Create a token and print its secret once."""
    store = _store(db)
    try:
        secret, info = store.tokens.create(name, role)
    except ValueError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2)
    finally:
        store.close()
    typer.echo(secret)
    typer.echo(f"token {info.name!r} ({info.role}) created; the secret above is shown only now.", err=True)


@token_app.command("list")
def list_tokens(db: Optional[str] = DbOption) -> None:
    store = _store(db)
    try:
        for t in store.tokens.list():
            state = f"revoked {t.revoked_at:%Y-%m-%d}" if t.revoked_at else "active"
            typer.echo(f"{t.name}\t{t.role}\t{t.created_at:%Y-%m-%d %H:%M}\t{state}")
    finally:
        store.close()


@token_app.command("revoke")
def revoke(name: str, db: Optional[str] = DbOption) -> None:
    store = _store(db)
    try:
        if not store.tokens.revoke(name):
            typer.echo(f"error: no active token named {name!r}", err=True)
            raise typer.Exit(1)
    finally:
        store.close()
    typer.echo(f"token {name!r} revoked")
