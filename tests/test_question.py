import pytest

from qa.read.question import QuestionAnalyzer


@pytest.fixture(scope="module")
def analyzer():
    return QuestionAnalyzer()


@pytest.mark.parametrize(
    "question,answer_type,qword",
    [
        ("3月25日12345热线直接办理了多少件诉求？", "number", "多少"),
        ("西宁经济开发区对全市规上工业增加值增速的贡献率是多少？", "percent", "多少"),
        ("西成铁路什么时候复工", "date", "什么时候"),
        ("核酸检测从几点开始？", "time", "几点"),
        ("谁主持召开了市委审计委员会第七次会议？", "person", "谁"),
        ("比亚迪的碳酸锂项目在哪里？", "place", "哪里"),
        ("《战国无双3》是由哪两个公司合作开发的？", "org", "哪两个"),
        ("超出苏格兰议会立法能力的事务被称为什么？", "entity", "什么"),
        ("为什么要开展全员核酸检测", "reason", "为什么"),
        ("如何优化营商环境", "method", "如何"),
        ("陸特和漢斯雷頓開創了哪一地區對梵語的學術研究？", "place", "哪一"),
        ("中央网信办举报中心的举报电话是多少？", "code", "多少"),
        ("防疫咨询热线号码是什么呢？", "code", "什么"),
        ("12345热线多少件来电？", "number", "多少"),  # a hotline's calls are counted, not dialled
        ("这篇文章是哪段时间有关论述的节录？", "date", "哪段时间"),  # a period: a date range answers
        ("这批文物属于什么时期？", "date", "什么时期"),
        ("展会在哪几天举办？", "date", "哪几天"),  # days, not a count of them
        ("运动会几号开幕？", "date", "几号"),
        ("地铁几号线经过体育馆？", "number", "几"),  # a line number is no date
    ],
)
def test_answer_type_and_slot(analyzer, question, answer_type, qword):
    q = analyzer.analyze(question)
    assert (q.answer_type, q.qword) == (answer_type, qword)
    assert q.left + q.qword + q.right == q.normalized.rstrip("？?")


def test_unit_and_focus(analyzer):
    q = analyzer.analyze("3月25日12345热线直接办理了多少件诉求？")
    assert q.unit == "件" and "热线" in q.focus and "多少" not in q.focus
    assert analyzer.analyze("黑豹队的防守丢了多少分？").unit == "分"


@pytest.mark.parametrize(
    "question,answer_type,qword",
    [
        ("西成铁路项目复工了吗？", "yesno", None),
        ("格尔木是否开展了全员核酸检测？", "yesno", None),
        ("囊谦机场处于什么阶段？", "description", "处于什么阶段"),
        ("西宁机场三期改扩建工程进展如何？", "description", "进展如何"),
        ("会议有什么要求？", "description", "有什么要求"),
        ("寺庙踩踏事故死亡人数", "number", "人数"),  # a search-box query: the head noun says what is asked
        ("2022春运开始时间", "date", "开始时间"),
        ("首趟RCEP班列的起点", "place", "起点"),
        ("2021赛季中超冠军", "person", "冠军"),
        ("西宁前两个月规上工业增加值增速", "percent", "增速"),
    ],
)
def test_kinds_of_answer_beyond_the_question_word(analyzer, question, answer_type, qword):
    q = analyzer.analyze(question)
    assert (q.answer_type, q.qword) == (answer_type, qword)
