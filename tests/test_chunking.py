import pytest

from qa.ingest.chunking import Chunker, context_header, sentence_spans
from qa.ingest.formats import FileLoader
from qa.models import Article


def test_sentence_spans_close_quotes():
    text = "他说：“好。”我们走吧！真的？是的……\n新段落"
    spans = [text[s:e] for s, e in sentence_spans(text)]
    assert spans == ["他说：“好。”", "我们走吧！", "真的？", "是的……", "新段落"]


@pytest.mark.parametrize("min_chars,max_chars,overlap", [(150, 350, 1), (50, 120, 1), (200, 400, 0), (30, 60, 2)])
def test_chunks_round_trip_sizes_and_overlap(seed_pages, min_chars, max_chars, overlap):
    chunker = Chunker(min_chars, max_chars, overlap)
    reader = FileLoader()
    for page in seed_pages:
        for article in reader.read(page).articles:
            chunks = chunker.chunk(article)
            assert chunks, article.title
            for c in chunks:
                assert article.text[c.start : c.end] == c.text  # the round trip
                assert len(c.text) <= max_chars * 1.2
            covered = set()
            for c in chunks:
                covered.update(range(c.start, c.end))
            body = {i for i, ch in enumerate(article.text) if not ch.isspace()}
            assert body <= covered  # nothing of the article is lost
            for a, b in zip(chunks, chunks[1:]):
                if overlap == 0:
                    assert b.start >= a.end
                else:
                    # the last sentence is repeated unless it and the next would not fit together
                    last_sentence = [sp for sp in chunker.pieces(article.text) if sp[1] <= a.end][-1]
                    fits = b.end - last_sentence[0] <= max_chars
                    assert (b.start < a.end) or not fits


def test_header_names_place_and_date():
    a = Article(text="我市工业增长。", title="工业增长", city="格尔木", paper="格尔木日报", date="2022-11-04")
    assert context_header(a) == "工业增长 · 格尔木日报 格尔木 · 2022-11-04"
    chunk = Chunker().chunk(a)[0]
    assert chunk.search_text.startswith("工业增长 · ") and chunk.text == "我市工业增长。"


def test_bad_sizes():
    with pytest.raises(ValueError):
        Chunker(400, 100)
