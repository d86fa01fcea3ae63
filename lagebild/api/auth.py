"""Who may do what. Tokens come as ``Authorization: Bearer <secret>``; the web UI keeps
the secret in an HttpOnly, SameSite=Strict cookie and checks it the same way."""
from __future__ import annotations

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from lagebild.store.tokens import TokenInfo

COOKIE_NAME = "lagebild_token"
# declares the scheme in /openapi.json (and the "Authorize" button of /docs); the header itself is
# read by bearer_secret below, which gives the clearer messages
bearer_scheme = HTTPBearer(auto_error=False, scheme_name="token",
                           description="an API token from `lagebild token create NAME --role analyst|editor|admin`")
WRITE_ROLES = ("analyst", "editor", "admin")  # ingest
REVIEW_ROLES = ("editor", "admin")  # review transitions, publish


def _unauthorised(message: str) -> HTTPException:
    return HTTPException(status.HTTP_401_UNAUTHORIZED, detail=message, headers={"WWW-Authenticate": "Bearer"})


def bearer_secret(request: Request) -> str | None:
    header = request.headers.get("authorization")
    if not header:
        return None
    scheme, _, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        raise _unauthorised("malformed Authorization header: expected 'Bearer <token>'")
    return secret.strip()


def token_for(request: Request, secret: str | None) -> TokenInfo | None:
    if secret is None:
        return None
    info = request.app.state.store.tokens.verify(secret)
    if info is None:
        raise _unauthorised("invalid or revoked token")
    return info


def require(*roles: str):
    """Dependency: a valid token whose role is one of ``roles``; 401 / 403 otherwise."""

    def dependency(request: Request, _declared: HTTPAuthorizationCredentials | None = Depends(bearer_scheme)) -> TokenInfo:
        info = token_for(request, bearer_secret(request))
        if info is None:
            raise _unauthorised("this request changes data and needs a token: send 'Authorization: Bearer <token>'")
        if info.role not in roles:
            raise HTTPException(
                status.HTTP_403_FORBIDDEN,
                detail=f"token {info.name!r} has role {info.role!r}; this needs one of: {', '.join(roles)}",
            )
        return info

    return dependency


def read_access(request: Request) -> TokenInfo | None:
    """Reads are open when settings.read_open; otherwise any valid token may read."""
    info = token_for(request, bearer_secret(request))
    if info is None and not request.app.state.settings.read_open:
        raise _unauthorised("reads need a token on this server: send 'Authorization: Bearer <token>'")
    return info


can_ingest = Depends(require(*WRITE_ROLES))
can_review = Depends(require(*REVIEW_ROLES))
can_read = Depends(read_access)
