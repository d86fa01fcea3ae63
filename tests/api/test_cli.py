"""`lagebild token create` prints the secret once and stores only its hash."""
from __future__ import annotations

from sqlalchemy import select
from typer.testing import CliRunner

from lagebild.cli import app
from lagebild.store import Store
from lagebild.store.schema import api_tokens


def test_token_create_prints_a_working_secret(tmp_path):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    runner = CliRunner()
    result = runner.invoke(app, ["token", "create", "redaktion", "--role", "editor", "--db", url])
    assert result.exit_code == 0, result.output
    secret = result.stdout.strip().splitlines()[0]
    assert secret.startswith("lgb_") and len(secret) > 30
    store = Store(url)
    try:
        assert store.tokens.verify(secret).role == "editor"
        with store.db.connect() as conn:
            assert secret not in str(conn.execute(select(api_tokens)).all())
    finally:
        store.close()
    again = runner.invoke(app, ["token", "create", "redaktion", "--db", url])
    assert again.exit_code == 2 and "exists" in again.output
    bad = runner.invoke(app, ["token", "create", "x", "--role", "chef", "--db", url])
    assert bad.exit_code == 2 and "role" in bad.output
    listed = runner.invoke(app, ["token", "list", "--db", url])
    assert "redaktion\teditor" in listed.stdout and secret not in listed.stdout
    assert runner.invoke(app, ["token", "revoke", "redaktion", "--db", url]).exit_code == 0
