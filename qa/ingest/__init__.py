"""Files → articles → chunks: decoding bytes, reading each format, re-joining the lines of a
page, splitting it into articles with their headlines, inferring page metadata, chunking.

Rule: imports ``qa.models``, ``qa.errors``, ``qa.text`` and ``qa.index.store`` (the writer it
fills); never ``qa.read``, ``qa.search`` or ``qa.chat``.
"""
