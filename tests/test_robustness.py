"""No traceback for any input: property-based tests (Hypothesis) of questions, filter values, chat
histories and file bytes through the Python API, the JSON contract and the readers of files. The
reader is the test fake and the index uses the hashing embedder, so each example is fast; the long
fuzz run is ``python -m benchmarks.fuzz`` (docs/evaluation.md)."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qa.chat.turns import Turn
from qa.errors import BulletinQAError
from qa.ingest.formats import FileLoader

# every code point, lone surrogates and control characters included, weighted toward Chinese
ANY_TEXT = st.text(alphabet=st.one_of(st.characters(min_codepoint=0, max_codepoint=0x10FFFF, blacklist_categories=()),
                                      st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)), max_size=300)
QUESTIONS = st.one_of(ANY_TEXT, st.sampled_from(["", " ", "\udc8a", "<script>alert(1)</script>", "问" * 3000, "\x00\u202e多少", "？？"]))
SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@pytest.fixture(scope="module")
def assistant(hashing_index):
    from benchmarks.fakes import FakeReader
    from qa.chat.assistant import Assistant
    from qa.search import Retriever

    a = Assistant(Retriever.open(hashing_index), reader=FakeReader())
    yield a
    a.close()


@SETTINGS
@given(question=QUESTIONS)
def test_any_question_gets_an_answer_object_that_serialises(assistant, question):
    answer = assistant.ask(question)
    out = json.dumps(answer.to_dict(), ensure_ascii=False)
    out.encode("utf-8")  # no lone surrogate reaches the JSON
    assert answer.no_answer or answer.citations


@SETTINGS
@given(question=QUESTIONS)
def test_any_search_string_is_searched_or_refused_plainly(assistant, question):
    hits = assistant.retriever.search(question, k=3)
    assert all(h.article.text[h.chunk.start : h.chunk.end] == h.chunk.text for h in hits)


FILTER_VALUES = st.one_of(st.none(), ANY_TEXT, st.sampled_from(["2024-03-25", "2024/3/25", "9999-99-99", "全部", "西宁"]))


@SETTINGS
@given(date_from=FILTER_VALUES, date_to=FILTER_VALUES, source=FILTER_VALUES, city=FILTER_VALUES)
def test_any_filter_values_through_the_api_and_the_chat(assistant, date_from, date_to, source, city):
    from ui import callbacks

    filters = {"date_from": date_from, "date_to": date_to, "source": source, "city": city}
    try:
        assistant.ask("3月25日12345热线直接办理了多少件？", filters=filters)
    except BulletinQAError:
        pass  # refused with a message
    chat, *_ = callbacks.ask(assistant, "直接办理了多少件？", [], [], date_from or "", date_to or "", source or "全部", city or "全部")
    assert chat and chat[-1]["role"] == "assistant"


TURNS = st.lists(st.builds(Turn, question=ANY_TEXT, answer_article_title=st.one_of(st.none(), ANY_TEXT),
                           answer_article_id=st.one_of(st.none(), ANY_TEXT), context=ANY_TEXT), max_size=6)


@SETTINGS
@given(history=TURNS, question=QUESTIONS)
def test_any_history_is_a_conversation(assistant, history, question):
    answer = assistant.ask(question, history=history)
    json.dumps(answer.to_dict(), ensure_ascii=False).encode("utf-8")


SUFFIXES = [".txt", ".jsonl", ".json", ".md", ".html"]
NESTED = st.integers(min_value=1, max_value=100_000).map(lambda n: "[" * n + "]" * n)
JSON_LIKE = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), ANY_TEXT),
                         lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(ANY_TEXT, inner, max_size=4)), max_leaves=12)


def as_bytes(value) -> bytes:
    if isinstance(value, bytes):
        return value
    return json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass")


@SETTINGS
@given(suffix=st.sampled_from(SUFFIXES),
       content=st.one_of(st.binary(max_size=2000), ANY_TEXT.map(lambda t: t.encode("utf-8", "surrogatepass")), NESTED.map(str.encode),
                         JSON_LIKE.map(as_bytes), st.lists(JSON_LIKE, max_size=5).map(lambda rows: b"\n".join(map(as_bytes, rows)))))
def test_any_file_is_read_or_skipped_with_a_reason(tmp_path_factory, suffix, content):
    path = tmp_path_factory.mktemp("fuzz") / f"page{suffix}"
    path.write_bytes(content)
    try:
        result = FileLoader().read(path)
    except BulletinQAError as exc:
        assert str(exc)  # skipped with a reason
        return
    for article in result.articles:
        assert isinstance(article.text, str) and article.text.strip()


def test_an_escaped_lone_surrogate_in_json_is_replaced_not_a_reason_to_skip_the_file(tmp_path):
    from qa.pipeline import build_ingest
    from qa.search import Retriever

    path = tmp_path / "items.jsonl"
    path.write_text('{"text": "西宁\\ud800市今年新增公交线路12条。", "title": "公交\\udc80"}\n', encoding="utf-8")
    report = build_ingest([path], tmp_path / "idx", model="hashing", progress=False)
    assert report.articles_added == 1 and not report.skipped
    article = next(iter(Retriever.open(tmp_path / "idx").store.articles()))
    assert article.text == "西宁\ufffd市今年新增公交线路12条。" and article.title == "公交\ufffd"


@pytest.mark.parametrize("question", ["？？", "😀", "\ufffd\ufffd", "\udced\udcb2\udc8a", "……！"])
def test_a_question_without_words_is_refused_plainly_and_not_read_as_a_follow_up(assistant, question):
    """Marks, emoji or undecodable bytes give nothing to search; after a turn they are not read as a
    follow-up of it ("西宁机场？？") either: the message says to ask in words."""
    first = assistant.ask("西宁机场三期改扩建工程复工了吗？")
    for history in ([], [type(assistant).turn(first)]):
        answer = assistant.ask(question, history=history)
        assert answer.no_answer and "没有可以查找的文字" in answer.message
        assert answer.asked_as in (None, answer.question) and "西宁" not in (answer.asked_as or "")
