"""Who am I, and token management for admins (the same TokenRepo as `lagebild token ...`).
Secrets are shown once, when created; only their SHA-256 is stored."""
from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request, Response

from lagebild.api import models as m
from lagebild.api.auth import require
from lagebild.api.service import store_of
from lagebild.store.tokens import ROLES

router = APIRouter(prefix="/api", tags=["tokens"])
ERRORS = {401: {"model": m.ErrorOut}, 403: {"model": m.ErrorOut}}
any_token = Depends(require(*ROLES))
admin_token = Depends(require("admin"))


@router.get("/whoami", response_model=m.WhoAmIOut, responses=ERRORS)
def whoami(token=any_token):
    """The name and role of the token sent (to check a token before using it)."""
    return m.WhoAmIOut(name=token.name, role=token.role)


@router.get("/tokens", response_model=list[m.TokenOut], responses=ERRORS)
def list_tokens(request: Request, token=admin_token):
    """All tokens, revoked ones included (never their secrets). Admin only."""
    return [m.TokenOut(name=t.name, role=t.role, created_at=t.created_at, revoked_at=t.revoked_at)
            for t in store_of(request).tokens.list()]


@router.post("/tokens", response_model=m.NewTokenOut, status_code=201, responses={**ERRORS, 409: {"model": m.ErrorOut}})
def create_token(request: Request, body: m.NewTokenIn, token=admin_token):
    """Create a token; the answer holds its secret, shown this once. Admin only."""
    try:
        secret, info = store_of(request).tokens.create(body.name, body.role)
    except ValueError as exc:  # the name is taken (or empty after trimming)
        raise HTTPException(409, detail=str(exc)) from None
    return m.NewTokenOut(name=info.name, role=info.role, created_at=info.created_at, secret=secret)


@router.delete("/tokens/{name}", status_code=204, responses={**ERRORS, 404: {"model": m.ErrorOut}})
def revoke_token(request: Request, name: str, token=admin_token):
    """Revoke a token at once (it stays listed, with the time). Admin only."""
    if not store_of(request).tokens.revoke(name.replace("\x00", "")[:128]):
        raise HTTPException(404, detail=f"no active token named {name!r}")
    return Response(status_code=204)
