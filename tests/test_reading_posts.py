"""A person's post is the run of posts printed right before the name: "王宏担任什么职务",
"王宏的职务是什么", "王卫东是谁" (a name, not "市长是谁")."""

from __future__ import annotations

import pytest

from qa.read.posts import asked_person, post_spans
from qa.read.question import QuestionAnalyzer

ANALYZER = QuestionAnalyzer()
POS = ANALYZER.tokenizer.pos
MEETING = ("本报讯（记者 夏静）11月2日，十四届市委第三轮巡察工作动员部署会召开。市委常委、纪委书记、监委主任、"
           "市委巡察工作领导小组常务副组长王宏参加会议。会议由市委书记王卫东主持。特别是省委书记陈刚的讲话，要求明确。"
           "其间，詹茂伟一行还前往西藏路社区卫生服务中心。市委副书记、副市长严仕吉参加。")


def posts(question: str) -> list[str]:
    (spans,) = post_spans(ANALYZER.analyze(question), [MEETING], POS) or [[]]
    return [MEETING[a:b] for a, b in spans]


@pytest.mark.parametrize("question, name", [
    ("王宏担任什么职务？", "王宏"), ("王宏的职务是什么？", "王宏"), ("严仕吉现任何职？", "严仕吉"),
    ("严仕吉是什么身份？", "严仕吉"), ("王卫东是谁？", "王卫东"), ("市长是谁？", None), ("会议由谁主持？", None),
])
def test_a_question_about_a_persons_post_names_the_person(question, name):
    assert asked_person(ANALYZER.analyze(question), POS) == name


def test_the_posts_run_back_from_the_name_to_a_mark_preposition_or_copula():
    assert posts("王宏担任什么职务？") == ["市委常委、纪委书记、监委主任、市委巡察工作领导小组常务副组长"]
    assert posts("王卫东是谁？") == ["市委书记"]  # after 由, not "会议由市委书记"
    assert posts("陈刚是谁？") == ["省委书记"]  # after 特别是
    assert posts("严仕吉的职务是什么？") == ["市委副书记、副市长"]
    assert posts("詹茂伟担任什么职务？") == []  # printed without a post: nothing answers
    assert post_spans(ANALYZER.analyze("市长是谁？"), [MEETING], POS) is None  # asks for a name: not this reading


def test_posts_held_together_and_a_posts_rank_stay_in_the_run():
    met = "丁薛祥会见了密克罗尼西亚联邦副总统帕利克、蒙古国第一副总理兼经济发展部长冈图木尔。"

    def posts_of(question):
        (spans,) = post_spans(ANALYZER.analyze(question), [met], POS) or [[]]
        return [met[a:b] for a, b in spans]

    assert posts_of("冈图木尔担任什么职务？") == ["蒙古国第一副总理兼经济发展部长"]
    assert posts_of("帕利克担任什么职务？") == ["密克罗尼西亚联邦副总统"]


def test_a_question_about_a_post_reads_the_passage_where_the_name_is_first_printed():
    """News gives the posts at the first mention only; later paragraphs, which may match the
    question better, print the bare name."""
    from qa.chat.passages import first_mention
    from qa.models import Article, Chunk, Hit

    text = "丁薛祥会见了蒙古国第一副总理兼经济发展部长冈图木尔。\n冈图木尔表示，蒙方坚定恪守一个中国原则。"
    article = Article(id="a1", title="会见", text=text)
    lead, later = Chunk("a1", 0, 27, text[:27], index=0), Chunk("a1", 28, len(text), text[28:], index=1)

    class Store:
        def chunks(self, article_id):
            return iter([lead, later] if article_id == "a1" else [])

    found = first_mention("冈图木尔", [Hit(later, article, 0.9)], Store())
    assert found is not None and found.chunk is lead and found.article is article
    assert first_mention("冈图木尔", [Hit(lead, article, 0.9)], Store()) is None  # read already
    assert first_mention("帕利克", [Hit(later, article, 0.9)], Store()) is None  # not printed there


def test_a_passage_that_starts_inside_an_enumeration_is_read_with_its_lead():
    from qa.chat.passages import with_enumeration_lead
    from qa.models import Article, Chunk, Hit

    text = ("工业重点产品产量增加。在统的76种工业产品中，42种产品产量保持增长，占比近六成。其中：单晶硅3.6万吨，增长69.0%；"
            "钢材15.9万吨，增长79.9%；铁合金12.1万吨，增长3.9%；铝材14.3万吨，增长17.2%。")
    article = Article(id="a1", title="前两个月我市规上工业增加值增长9.0%", text=text)
    at = text.index("铁合金")
    hit = Hit(Chunk("a1", at, len(text), text[at:], index=3), article, 0.9)
    read = with_enumeration_lead(hit)
    assert read.chunk.text.startswith("在统的76种工业产品中") and read.chunk.text.endswith("增长17.2%。")
    assert text[read.chunk.start : read.chunk.end] == read.chunk.text and read.chunk.id == hit.chunk.id and read.score == 0.9
    # a passage after the enumeration ended, or one that opens its article, is read as it is
    after = text + "下一段。"
    tail = after.index("下一段")
    assert with_enumeration_lead(Hit(Chunk("a1", tail, len(after), after[tail:]), Article(id="a1", title=None, text=after), 0.5)).chunk.start == tail
    assert with_enumeration_lead(Hit(Chunk("a1", 0, 10, text[:10]), article, 0.5)).chunk.start == 0


def test_the_top_articles_passage_that_prints_a_question_word_no_chosen_passage_prints_is_read_too():
    """"1月—2月铝材产量是多少？": the two passages that print 1月—2月 match best, 铝材 is in a third."""
    from qa.chat.passages import with_missing_words
    from qa.models import Article, Chunk, Hit

    parts = ["1月—2月，我市工业重点行业保持增长。", "1月—2月，县区工业多点发力。", "其中：钢材15.9万吨；铝材14.3万吨。"]
    text = "".join(parts)
    article, other = Article(id="a1", title="工业", text=text), Article(id="a2", title="其他", text="铝材价格上涨。")
    at = [0, len(parts[0]), len(parts[0]) + len(parts[1]), len(text)]
    chunks = [Chunk("a1", at[i], at[i + 1], parts[i], index=i) for i in range(3)]

    class Store:
        def chunks(self, article_id):
            return iter(chunks if article_id == "a1" else [])

    chosen = [Hit(chunks[0], article, 0.9), Hit(chunks[1], article, 0.8), Hit(Chunk("a2", 0, 7, other.text), other, 0.3)]
    found = with_missing_words(["铝材", "产量"], chosen[:2], Store())
    assert found is not None and found.chunk is chunks[2] and found.score == 0.8  # scored as its article's lowest
    assert with_missing_words(["铝材"], chosen, Store()) is None  # another passage prints it already
    assert with_missing_words(["工业"], chosen[:2], Store()) is None  # printed in a chosen one


def test_a_passage_that_ends_inside_an_enumeration_is_read_to_its_end():
    from qa.chat.passages import with_enumeration_end
    from qa.models import Article, Chunk, Hit

    text = "其中：单晶硅3.6万吨，增长69.0%；钢材15.9万吨，增长79.9%；铝材14.3万吨，增长17.2%。下一句。"
    article = Article(id="a1", title="工业", text=text)
    cut = text.index("铝材")
    hit = with_enumeration_end(Hit(Chunk("a1", 0, cut, text[:cut]), article, 0.9))
    assert hit.chunk.text == text[: text.index("下一句")] and hit.chunk.text == text[hit.chunk.start : hit.chunk.end]
    whole = Hit(Chunk("a1", 0, text.index("下一句"), text[: text.index("下一句")]), article, 0.9)
    assert with_enumeration_end(whole) is whole  # it ends at a full stop already
