"""Follow-up rules on a multi-turn set written from the seed articles (tests/fixtures/followups.json),
and end to end through the assistant."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa.chat.followup import FollowUpResolver, Turn

CASES = json.loads((Path(__file__).parent / "fixtures" / "followups.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def resolver():
    return FollowUpResolver(known_places={"格尔木"})  # as the index would teach it (an article's city)


@pytest.mark.parametrize("case", CASES, ids=[c["about"] for c in CASES])
def test_follow_up_becomes_standalone(resolver, case):
    history = [Turn(case["previous"], case["cited_title"], "article-1")]
    standalone, preferred = resolver.rewrite(case["question"], history)
    assert standalone == case["standalone"]
    assert preferred == "article-1"


def test_first_question_is_left_alone(resolver):
    assert resolver.rewrite("那西宁呢？", []) == ("那西宁呢？", None)


def test_places_come_from_jieba_suffixes_and_the_index():
    r = FollowUpResolver(known_places={"德令哈"})
    assert r.places("德令哈今年接待游客多少人次？") == ["德令哈"]
    assert r.places("海西州的旅游收入是多少？") == ["海西州"]
    assert r.is_time("3月26日") and not r.is_time("西宁")


@pytest.mark.slow
def test_conversation_through_the_assistant(e5_index, e5):
    from qa.chat.assistant import Assistant
    from qa.search import Retriever

    assistant = Assistant(Retriever.open(e5_index, embedder=e5))
    first = assistant.ask("3月25日12345热线接听群众来电诉求多少件次？")
    assert first.text and first.text.startswith("801")
    second = assistant.ask("转交责任单位办理了多少件？", history=[Assistant.turn(first)])
    assert second.asked_as == "3月25日转交责任单位办理了多少件？"
    assert second.text and second.text.startswith("443")
    assert second.citations[0].article_id == first.citations[0].article_id
    third = assistant.ask("那西宁机场三期改扩建工程呢？", history=[Assistant.turn(assistant.ask("西成铁路项目什么时候复工？"))])
    assert third.asked_as == "西宁机场三期改扩建工程什么时候复工？"
    assistant.close()
