"""The ``lagebild`` command line. Each command group lives in its own module and
registers itself on ``app``; this package only wires them together."""
from lagebild.cli.app import app  # noqa: F401
from lagebild.cli import documents  # noqa: F401,E402

# Later groups register themselves when their module exists.
for _mod in ("stories", "tell", "serve"):
    try:
        __import__(f"lagebild.cli.{_mod}")
    except ModuleNotFoundError as exc:  # pragma: no cover - only while a group is unbuilt
        if exc.name != f"lagebild.cli.{_mod}":
            raise
