"""API tokens. Only a SHA-256 hash of each secret is stored; the secret itself is shown
once, when the token is created, and cannot be recovered from the database."""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Literal

from sqlalchemy import select, update

from lagebild.store.db import Database
from lagebild.store.schema import api_tokens

Role = Literal["analyst", "editor", "admin"]
ROLES: tuple[str, ...] = ("analyst", "editor", "admin")
SECRET_PREFIX = "lgb_"


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


@dataclass(frozen=True)
class TokenInfo:
    id: int
    name: str
    role: str
    created_at: datetime
    revoked_at: datetime | None = None

    def allows(self, *roles: str) -> bool:
        return self.revoked_at is None and self.role in roles


class TokenRepo:
    def __init__(self, db: Database):
        self.db = db

    def create(self, name: str, role: str = "analyst") -> tuple[str, TokenInfo]:
        """Create a token; returns (secret, info). The secret is not stored anywhere."""
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r}; choose one of {', '.join(ROLES)}")
        name = name.strip()
        if not name:
            raise ValueError("a token needs a name")
        secret = SECRET_PREFIX + secrets.token_urlsafe(32)
        with self.db.begin() as conn:
            if conn.execute(select(api_tokens.c.id).where(api_tokens.c.name == name)).first():
                raise ValueError(f"a token named {name!r} exists already")
            res = conn.execute(
                api_tokens.insert().values(name=name, role=role, token_hash=hash_secret(secret), created_at=_now())
            )
            token_id = res.inserted_primary_key[0]
        return secret, self.get(token_id)

    def get(self, token_id: int) -> TokenInfo | None:
        with self.db.connect() as conn:
            row = conn.execute(select(api_tokens).where(api_tokens.c.id == token_id)).mappings().first()
        return _info(row) if row else None

    def verify(self, secret: str) -> TokenInfo | None:
        """The live (not revoked) token with this secret, else None."""
        if not secret or len(secret) > 512:
            return None
        with self.db.connect() as conn:
            row = (
                conn.execute(select(api_tokens).where(api_tokens.c.token_hash == hash_secret(secret)))
                .mappings()
                .first()
            )
        if row is None or row["revoked_at"] is not None:
            return None
        return _info(row)

    def list(self) -> list[TokenInfo]:
        with self.db.connect() as conn:
            rows = conn.execute(select(api_tokens).order_by(api_tokens.c.id)).mappings().all()
        return [_info(r) for r in rows]

    def revoke(self, name: str) -> bool:
        with self.db.begin() as conn:
            res = conn.execute(
                update(api_tokens)
                .where(api_tokens.c.name == name, api_tokens.c.revoked_at.is_(None))
                .values(revoked_at=_now())
            )
        return res.rowcount > 0


def _info(row) -> TokenInfo:
    return TokenInfo(
        id=row["id"], name=row["name"], role=row["role"], created_at=row["created_at"], revoked_at=row["revoked_at"]
    )
