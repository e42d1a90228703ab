"""Character-level Chinese shared by every stage: cleaning and the search copy (``clean``),
search tokens (``tokenize``), and the one grammar of quantities, dates and sentences
(``patterns``). Rule: imports nothing else of ``qa``."""
