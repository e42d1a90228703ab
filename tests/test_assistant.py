"""What the assistant reads for a question: one passage per article, plus the top article's
second-best passage (the sentence that answers is often not the one that matched best)."""

from __future__ import annotations


def test_the_top_article_is_read_with_its_second_passage(hashing_index):
    from qa.assistant import Assistant
    from qa.reader import Reader
    from qa.retriever import Retriever

    assistant = Assistant(Retriever.open(hashing_index), reader=Reader(), k=3)
    question = "西宁锂电产业集群跻身全国百强产业集群，累计授权专利多少件？"
    hits = assistant.passages(question)
    ids = [h.article.id for h in hits]
    chunks = len(list(assistant.retriever.store.chunks(ids[0])))
    assert chunks >= 2, "the test needs a top article of several passages"
    assert len(set(ids)) == 3 and ids[0] == ids[1] and len(hits) == 4
    assert hits[0].chunk.id != hits[1].chunk.id
    assert [h.rank for h in hits] == [1, 2, 3, 4]
    assistant.second_passage = False
    plain = assistant.passages(question)
    assert len(plain) == 3 and len({h.article.id for h in plain}) == 3
    assistant.close()
