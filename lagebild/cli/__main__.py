"""``python -m lagebild.cli`` (same as the ``lagebild`` command)."""
from lagebild.cli import app

app()
