"""Alembic environment for lagebild. Runs on the connection that
``lagebild.store.migrate.upgrade`` opened (one transaction); SQLite gets batch mode
because it cannot ALTER most things in place."""
from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from lagebild.store.schema import metadata

config = context.config


def _configure_and_run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure_and_run(connection)
        return
    # plain `alembic -x url=... upgrade head` use, for developers
    from lagebild.store.db import normalise_url

    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option("sqlalchemy.url")
    engine = create_engine(normalise_url(url))
    with engine.begin() as conn:
        _configure_and_run(conn)
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("lagebild migrations run online only (lagebild.store.migrate.upgrade)")
run_migrations_online()
