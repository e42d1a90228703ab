"""The index folder: SQLite store with atomic generations (``store``), the per-generation
search structures (``bm25``, ``dense``) and the builder that keeps them in step with the store
(``builder``). Rule: imports ``qa.models``, ``qa.errors``, ``qa.text`` and ``embeddings`` only."""
