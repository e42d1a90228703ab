"""PDF pages → articles, from the geometry of the printed characters.

Stages, each a module: ``chars`` (pypdfium2: characters with box and size, ruling lines,
pictures; the per-file checks), ``lines`` (characters → printed lines, vertical ones too),
``blocks`` (lines → blocks with a role: masthead, headline, deck, body, caption, furniture),
``assemble`` (blocks → articles in reading order, with every character's box) and ``loader``
(a file → articles with paper, date and page from the masthead, continuations linked).

Import rule: only ``qa.models``, ``qa.errors``, ``qa.text`` and ``qa.ingest.pagemeta`` /
``qa.ingest.segment`` / ``qa.ingest.layout`` (the byline, continuation and editor-line patterns
shared with page text).
"""
