"""What the assistant reads for a question (one passage per article, plus the top article's
second-best passage), and what it makes of the reader's spans: an answer cited to its passage
above the confidence threshold, "not found" with the closest passages below it. The reader is a
test fake, so no model is loaded."""

from __future__ import annotations


def test_the_top_article_is_read_with_its_second_passage(hashing_index, fake_reader):
    from qa.chat.assistant import Assistant
    from qa.search import Retriever

    assistant = Assistant(Retriever.open(hashing_index), reader=fake_reader, k=3)
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


def test_an_answer_is_a_cited_slice_and_a_weak_one_is_declined(hashing_index, fake_reader):
    from qa.chat.assistant import Assistant
    from qa.read import SpanReader
    from qa.search import Retriever

    assert isinstance(fake_reader, SpanReader)
    assistant = Assistant(Retriever.open(hashing_index), reader=fake_reader, min_confidence=0.5)
    answer = assistant.ask("3月25日12345热线直接办理了多少件？")
    assert not answer.no_answer and answer.citations
    c = answer.citations[0]
    assert c.passage[c.span[0] : c.span[1]] == answer.text
    article = assistant.retriever.store.article(c.article_id)
    assert article.text[c.article_span[0] : c.article_span[1]] == answer.text
    assert fake_reader.calls[-1][0] == "3月25日12345热线直接办理了多少件？"
    fake_reader.score = 0.3
    weak = assistant.ask("3月25日12345热线直接办理了多少件？")
    assert weak.no_answer and weak.text is None and weak.related and "没有" in weak.message
    assistant.close()


def test_warm_up_loads_the_reader_and_bad_questions_never_reach_it(hashing_index, fake_reader):
    from qa.chat.assistant import Assistant
    from qa.search import Retriever

    assistant = Assistant(Retriever.open(hashing_index), reader=fake_reader)
    assistant.warm_up()
    assert fake_reader.warmed
    for bad in ("", "   ", "\x00\u202e", "问" * 5000):
        answer = assistant.ask(bad)
        assert answer.no_answer and answer.message and answer.citations == []
    assert fake_reader.calls == []
    surrogate = assistant.ask("格尔木\udc8a三季度增长了多少？")  # a lone surrogate is cleaned at the boundary
    assert surrogate.question == "格尔木\ufffd三季度增长了多少？"
    assistant.close()


def test_questions_are_answered_while_an_upload_is_ingested(hashing_index, fake_reader, monkeypatch, tmp_path):
    """An upload builds the next generation beside the current one: a question asked meanwhile
    is answered at once from the current one, and the new one is searched after the switch."""
    import shutil
    import threading
    import time

    import qa.pipeline
    from qa.chat.assistant import Assistant
    from qa.search import Retriever

    index = tmp_path / "index"
    shutil.copytree(hashing_index, index)
    assistant = Assistant(Retriever.open(index), reader=fake_reader)
    real_build = qa.pipeline.build_ingest
    started = threading.Event()

    def slow_build(*args, **kwargs):
        started.set()
        time.sleep(3)
        return real_build(*args, **kwargs)

    monkeypatch.setattr(qa.pipeline, "build_ingest", slow_build)
    upload = tmp_path / "new.jsonl"
    upload.write_text('{"title": "河源镇高原蔬菜节开幕", "text": "河源镇今年种植高原蔬菜1.6万亩。"}\n', encoding="utf-8")
    worker = threading.Thread(target=assistant.add_files, args=([upload],))
    worker.start()
    assert started.wait(10)
    asked = time.perf_counter()
    answer = assistant.ask("3月25日12345热线直接办理了多少件？")
    assert time.perf_counter() - asked < 2.5 and not answer.no_answer  # did not wait for the ingest
    worker.join(30)
    assert assistant.ask("河源镇今年种植高原蔬菜多少亩？").citations[0].title == "河源镇高原蔬菜节开幕"
    assistant.close()


def test_example_questions_are_whole_clauses_and_checked_by_asking(hashing_index, fake_reader):
    from qa.chat.assistant import Assistant
    from qa.chat.examples import candidate_questions
    from qa.search import Retriever

    assistant = Assistant(Retriever.open(hashing_index), reader=fake_reader)
    articles = list(assistant.retriever.store.articles())
    candidates = candidate_questions(articles)
    assert candidates and all(q.endswith("？") and "多少" in q or "百分之" in q for q, _, _ in candidates)
    texts = {a.id: a.text for a in articles}
    for question, value, article_id in candidates:
        assert value in texts[article_id] and any(ch.isdigit() for ch in value)  # a quantity printed in figures
        assert "无多少" not in question and not question.startswith(("、", "资源局"))
    shown = assistant.example_questions(n=3)
    assert len(shown) <= 3 and set(shown) <= {q for q, _, _ in candidates}
    for question in shown:  # each was asked and answered with its own quantity from its own article
        answer = assistant.ask(question)
        value, article_id = next((v, a) for q, v, a in candidates if q == question)
        assert answer.text == value and answer.citations[0].article_id == article_id
    assistant.close()


def test_the_reader_gets_the_question_in_its_passages_words_unless_that_changes_what_it_asks(hashing_index, fake_reader):
    from qa.chat.assistant import Assistant
    from qa.search import Retriever

    assistant = Assistant(Retriever.open(hashing_index), reader=fake_reader)
    hotline = ["3月25日，12345政务服务便民热线接听群众来电诉求801件次。"]
    assert assistant._as_printed("3月25日热线接了多少个电话？", hotline, "number") == "3月25日热线接了多少个来电？"
    assert assistant._as_printed("三季度规上工业增长了多少？", ["规模以上工业企业增加值增长17.4％"], "percent") == "三季度规模以上工业增长了多少？"
    # a number to dial stays one: 举报来电 would ask a count
    assert assistant._as_printed("举报电话是多少？", hotline, "code") == "举报电话是多少？"
