"""The web chat's callbacks called as plain functions (no server): a turn, a follow-up read in
context, and undoing that reading with 按原问题回答. The reader is the test fake."""

from __future__ import annotations

import pytest

from ui import callbacks


@pytest.fixture()
def assistant(hashing_index, fake_reader):
    from qa.chat.assistant import Assistant
    from qa.search import Retriever

    a = Assistant(Retriever.open(hashing_index), reader=fake_reader)
    yield a
    a.close()


def test_a_turn_a_follow_up_and_its_undo(assistant, fake_reader):
    chat, turns, hits, box, page = callbacks.ask(assistant, "3月25日12345热线直接办理了多少件？", [], [], "", "", "全部", "全部")
    assert page is None  # a text page has no printed page to show
    assert len(chat) == 2 and len(turns) == 1 and box == "" and hits
    chat, turns, _, _, _ = callbacks.ask(assistant, "直接办理了多少件？", chat, turns, "", "", "全部", "全部")
    assert turns[-1]["question"] == "3月25日直接办理了多少件？"  # read in context: it goes on with the last passage
    assert "按上文理解为" in chat[-1]["content"] and "按原问题回答" in chat[-1]["content"]
    chat, turns, _, _, _ = callbacks.ask_as_asked(assistant, chat, turns, "", "", "全部", "全部")
    assert fake_reader.calls[-1][0] == "直接办理了多少件？"  # the same question, as it was asked
    assert len(chat) == 4 and len(turns) == 2 and "按上文理解为" not in chat[-1]["content"]


def test_undo_with_nothing_asked_and_bad_filters(assistant):
    assert callbacks.ask_as_asked(assistant, [], [], "", "", "全部", "全部")[0] == []
    chat, turns, _, box, _ = callbacks.ask(assistant, "格尔木三季度化工行业增长了多少", [], [], "2024/1/1", "", "全部", "全部")
    assert "格式" in chat[-1]["content"] and turns == [] and box == "格尔木三季度化工行业增长了多少"


def test_the_terminal_chat_undoes_a_reading(assistant, fake_reader, monkeypatch, capsys):
    from qa import terminal

    lines = iter(["3月25日12345热线直接办理了多少件？", "直接办理了多少件？", "/原问题"])

    def fake_input(prompt=""):
        try:
            return next(lines)
        except StopIteration:
            raise EOFError from None

    monkeypatch.setattr("builtins.input", fake_input)
    assert terminal.chat(assistant, None, as_json=False, color=False) == 0
    asked = [question for question, _ in fake_reader.calls]
    assert asked[0] == "3月25日12345热线直接办理了多少件？" and asked[1] == "3月25日直接办理了多少件？"
    assert asked[-1] == "直接办理了多少件？"  # /原问题: the same question as asked
    assert "/原问题" in capsys.readouterr().out


def test_about_names_papers_and_counts_files_never_listing_hash_names():
    about = callbacks.about_index({"articles": 12, "undated": 11, "sources": ["000_e758a23138851ca3.txt", "西宁晚报", "x.pdf"],
                                   "cities": ["西宁"], "date_from": "2022-11-03", "date_to": "2022-11-03"})
    assert "西宁晚报" in about and "2 个" in about and "e758a" not in about
    assert "2022-11-03 至" not in about and "11 篇未注明日期" in about
