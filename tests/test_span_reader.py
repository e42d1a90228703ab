"""The fine-tuned span reader: spans are exact slices of the passage, long passages are read in
windows without losing offsets, traditional characters keep their offsets, and the assistant
says "not found" for a question the bulletins cannot answer."""

from __future__ import annotations

import pytest

from qa.span_reader import WEIGHTS_FILE, SimplifiedView

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def reader(e5):
    if not WEIGHTS_FILE.exists():
        pytest.fail(f"{WEIGHTS_FILE.name} is missing: it ships with the package (train it with benchmarks/train_span_reader.py)")
    from qa.neural_reader import NeuralReader

    return NeuralReader()


def test_simplified_view_keeps_offsets():
    text = "臺灣的總統府位於臺北市，建於1919年。"
    simple = SimplifiedView()(text)
    assert len(simple) == len(text) and simple.startswith("台湾的总统府")


def test_spans_are_slices_of_the_passage(reader):
    passage = "3月25日，12345政务服务便民热线接听群众来电诉求801件次，直接办理358件，转交责任单位办理443件。"
    spans = reader.read("转交责任单位办理了多少件？", [passage], top=3)
    assert spans and all(passage[s.start : s.end] == s.text for s in spans)
    assert spans[0].text.startswith("443") and 0.0 <= spans[0].score <= 1.0


def test_answer_past_the_first_window_keeps_its_offsets(reader):
    filler = "会议强调，要坚持问题导向，压实工作责任，确保各项任务落到实处。" * 30
    passage = filler + "据统计，全县今年新建农村公路137公里，总投资2.6亿元。" + filler
    spans = reader.read("全县今年新建农村公路多少公里？", [passage], top=1)
    assert spans[0].text == "137公里" and passage[spans[0].start : spans[0].end] == "137公里"


def test_traditional_question_and_passage(reader):
    passage = "臺北市政府表示，今年修復的舊橋共有18座，投入經費約3.5億元。"
    spans = reader.read("臺北市今年修復的舊橋共有幾座？", [passage], top=1)
    assert spans[0].text.startswith("18") and passage[spans[0].start : spans[0].end] == spans[0].text


def test_assistant_answers_and_declines(e5_index, e5, reader):
    from qa.assistant import Assistant
    from qa.retriever import Retriever

    assistant = Assistant(Retriever.open(e5_index, embedder=e5), reader=reader)
    found = assistant.ask("3月25日12345熱線轉交責任單位辦理了多少件？")  # traditional characters
    assert not found.no_answer and found.text.startswith("443")
    c = found.citations[0]
    assert c.passage[c.span[0] : c.span[1]] == found.text
    missing = assistant.ask("青海湖的面积有多大？")
    assert missing.no_answer and missing.text is None and missing.related
    mixed = assistant.ask("西宁已形成年产多少GWh动力及储能电池的生产规模？")
    assert mixed.text and "32.5" in mixed.text
    assistant.close()


def test_snap_keeps_the_quantity_or_date_and_stops_at_the_sentence():
    from qa.neural_reader import snap

    text = "格尔木77家规模以上工业企业增加值同比增长17.4％。累计授权专利48.7万件，新能源汽车等五大产业。"
    s = text.index("77")
    assert text[slice(*snap(text, s, text.index("17.4"), "number"))] == "77家"
    s = text.index("48.7")
    assert text[slice(*snap(text, s, len(text), "number"))] == "48.7万件"
    date_text = "11月2日，十四届市委第三轮巡察工作动员部署会召开。"
    assert date_text[slice(*snap(date_text, 0, 12, "date"))] == "11月2日"
    entity = "西成铁路项目、西宁机场三期改扩建工程已全面复工。此后"
    assert entity[slice(*snap(entity, 0, len(entity), "entity"))] == "西成铁路项目、西宁机场三期改扩建工程已全面复工"


def test_alignment_prefers_the_slot_the_question_restates():
    from qa.neural_reader import alignment
    from qa.question import QuestionAnalyzer

    q = QuestionAnalyzer().analyze("3月25日12345热线直接办理了多少件诉求？")
    text = "12345热线接听群众来电诉求801件次，网民留言85件，直接办理358件，转交责任单位办理443件。"
    right = alignment(q, text, text.index("358"), text.index("358") + 4)
    wrong = alignment(q, text, text.index("801"), text.index("801") + 5)
    assert right["left"] > wrong["left"] and right["typed"] == 1.0
