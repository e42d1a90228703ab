"""The errors bulletin-qa raises on purpose. Every one derives from ``BulletinQAError`` and says,
in its message, what the user can do about it; the CLI prints these as one line and exits 1.
Anything else that escapes is a bug and keeps its traceback.

This module imports nothing, so every package (``embeddings`` included) can raise these.
"""

from __future__ import annotations


class BulletinQAError(Exception):
    """Base of every error bulletin-qa reports to its user."""


class InvalidInput(BulletinQAError, ValueError):
    """A question, filter, option or request that cannot be used as given."""


class IndexStoreError(BulletinQAError, RuntimeError):
    """A missing, corrupt, incomplete or incompatible index folder."""


class ModelError(BulletinQAError, RuntimeError):
    """A model that cannot be found, loaded or used (embedding model, span reader weights)."""


class UnreadableFile(BulletinQAError, ValueError):
    """An input file that cannot be read; ingest skips it with this message as the reason."""
