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
        ("格尔木化工行业表现怎么样？", "description", "表现怎么样"),  # 表现 is what is asked, not a word to print
        ("会议有什么要求？", "description", "有什么要求"),
        ("单孔机器人有什么优势？", "description", "有什么优势"),
        ("市场监管局提醒经营者什么？", "description", "提醒经营者什么"),  # what was said, its addressee between
        ("他提醒了谁？", "person", "谁"),
        ("韩国国防部怎么回应？", "description", "怎么回应"),  # what they said
        ("弗里兰如何形容这份通胀报告？", "entity", "如何"),  # the words used, not a manner
        ("寺庙踩踏事故死亡人数", "number", "人数"),  # a search-box query: the head noun says what is asked
        ("2022春运开始时间", "date", "开始时间"),
        ("首趟RCEP班列的起点", "place", "起点"),
        ("2021赛季中超冠军", "person", "冠军"),
        ("西宁前两个月规上工业增加值增速", "percent", "增速"),
        ("格尔木增速在全州排第几？", "ordinal", "第几"),  # a place in an order: 第一, not the figure ranked
        ("西宁锂电产业集群排名第几？", "ordinal", "第几"),
        ("第几季度增长最快？", "number", "几"),  # a quarter, not a place in an order
        ("这是第几次会议？", "sequence", "第几"),  # a place in a series: 第七次, with its counter
        ("通告是第几号？", "sequence", "第几"),  # not a day of the month (几号)
    ],
)
def test_kinds_of_answer_beyond_the_question_word(analyzer, question, answer_type, qword):
    q = analyzer.analyze(question)
    assert (q.answer_type, q.qword) == (answer_type, qword)


def test_an_ordinal_question_is_answered_by_the_place_in_the_order(analyzer):
    from qa.read.kinds import wrong_kind
    from qa.read.snapping import snap

    q = analyzer.analyze("格尔木三季度规上工业增加值增速在全州排第几？")
    text = "拉动全州规上工业增加值增长10.9个百分点，增速位列全州第一，领跑全州。"
    start, end = snap(text, text.index("增速"), text.index("，领跑"), q.answer_type)
    assert text[start:end] == "第一"
    assert wrong_kind(q, "10.9个百分点") and not wrong_kind(q, "第一") and not wrong_kind(q, "前十名")
    assert wrong_kind(q, "第三季度")  # a period, not a place in an order


def test_a_sequence_question_is_answered_by_the_ordinal_with_the_counter_asked(analyzer):
    from qa.read.kinds import wrong_kind
    from qa.read.snapping import snap

    q = analyzer.analyze("这是十四届市委第几轮巡察？")
    text = "十四届市委第三轮巡察工作动员部署会召开。"
    start, end = snap(text, text.index("市委"), text.index("巡察"), q.answer_type)
    assert text[start:end] == "第三轮"
    assert wrong_kind(q, "五次") and wrong_kind(q, "第五次")  # a count, another counter
    assert not wrong_kind(q, "第三轮")
    assert not wrong_kind(analyzer.analyze("通告是第几号？"), "第139号")
    # a time of day is no count: "要做几轮？" of a notice that only says when testing starts finds nothing
    rounds = analyzer.analyze("格尔木全员核酸检测要做几轮？")
    assert wrong_kind(rounds, "8：30") and not wrong_kind(rounds, "3轮")
    assert not wrong_kind(analyzer.analyze("核酸检测几点开始？"), "8：30")


def test_a_search_box_query_is_read_as_the_question_its_head_noun_asks(analyzer):
    assert analyzer.as_question("西宁经济开发区贡献率") == "西宁经济开发区贡献率是多少？"
    assert analyzer.as_question("格尔木全员核酸检测日期") == "格尔木全员核酸检测是哪一天？"  # a day, not a clock time
    assert analyzer.as_question("核酸检测地点") == "核酸检测在哪里？"
    assert analyzer.as_question("2021赛季中超冠军") == "2021赛季中超冠军是谁？"
    for question in ("格尔木签订了几个招商项目？", "西成铁路复工了吗？", "那西宁呢？", "时间"):
        assert analyzer.as_question(question) == question  # questions, and words that ask nothing, stay as they are


def test_colloquial_and_polite_questions_are_read_as_what_they_ask(analyzer):
    assert analyzer.analyze("西宁机场三期啥时候建好").answer_type == "date"
    assert analyzer.analyze("能告诉我西成铁路复工没有？").answer_type == "yesno"
    assert analyzer.as_question("请问3月25日热线接了多少来电？") == "3月25日热线接了多少来电？"
    assert analyzer.as_question("帮我查一下西宁经济开发区贡献率") == "西宁经济开发区贡献率是多少？"
    assert analyzer.as_question("请问") == "请问"  # nothing left to ask: as it was


def test_a_qualifier_before_a_figure_is_part_of_the_answer_and_a_round_magnitude_is_a_figure(analyzer):
    from qa.read.snapping import snap
    from qa.text.patterns import HAS_NUMERAL, NUMBER_RE

    text = "以高端装备为主的高端制造业占比近70%；最近3天销售额突破亿元大关，超万人参加。"
    for model_read, answer in (("70%", "近70%"), ("3天", "3天")):  # 最近 is no qualifier
        at = text.index(model_read)
        start, end = snap(text, at, at + len(model_read), "percent")
        assert text[start:end] == answer
    figures = [m.group() for m in NUMBER_RE.finditer(text) if HAS_NUMERAL.search(m.group())]
    assert "突破亿元" in figures and "超万人" in figures
    assert not [m.group() for m in NUMBER_RE.finditer("亿元大关，万人空巷") if HAS_NUMERAL.search(m.group())]
    # a question that says the qualifier itself asks for the figure after it
    text = "旅游旺季日接待量超过3000人。"
    start, end = snap(text, text.index("3000"), text.index("。"), "number", "旅游旺季时日接待量超过")
    assert text[start:end] == "3000人"


def test_now_is_no_word_a_page_prints_and_a_percent_question_phrase_is_not_searched(analyzer):
    from qa.text.tokenize import ChineseTokenizer

    assert "现在" not in analyzer.analyze("枸杞交易中心现在怎么样了？").focus
    tokens = ChineseTokenizer().query_tokens("多晶硅增长了百分之几？")
    assert "多晶硅" in tokens and not any(t.startswith("百分") for t in tokens)  # 百分 would match 百分点


def test_an_answer_never_starts_with_the_byline_and_a_compound_magnitude_is_an_amount(analyzer):
    from qa.read.kinds import wrong_kind
    from qa.read.snapping import snap, whole_clause

    text = "本报讯（记者 樊娅楠）西宁锂电产业集群，跻身全国百强产业集群！"
    assert text[slice(*snap(text, 0, text.index("！"), "reason"))] == "西宁锂电产业集群，跻身全国百强产业集群"
    assert text[slice(*whole_clause(text, 3, 12))].startswith("西宁锂电产业集群")
    q = analyzer.analyze("西宁要打造多大规模的锂电产业集群？")
    assert not wrong_kind(q, "千亿级") and wrong_kind(q, "万件") and wrong_kind(q, "件")


def test_a_quantity_measured_only_in_its_units_is_never_a_bare_figure(analyzer):
    """"占地多少亩" is not answered by the plot's number "41-07"; a count or a sum of money may be
    printed without its measure word ("投资1.5亿")."""
    from qa.read.kinds import wrong_kind

    area = analyzer.analyze("垒知上海科创园项目占地多少亩？")
    assert wrong_kind(area, "41-07") and wrong_kind(area, "07") and not wrong_kind(area, "45.6亩")
    assert wrong_kind(analyzer.analyze("五菱宝骏的最高续航是多少公里？"), "460")
    assert not wrong_kind(analyzer.analyze("项目总投资多少亿元？"), "8.4亿")
    assert not wrong_kind(analyzer.analyze("宝山高新区有多少个在建项目？"), "15")


def test_a_clock_question_is_answered_by_a_time_and_which_channel_asks_a_thing(analyzer):
    from qa.read.kinds import wrong_kind

    clock = analyzer.analyze("花农几点坐公交车？")
    assert wrong_kind(clock, "“荷花助农专线”") and not wrong_kind(clock, "凌晨四点半") and not wrong_kind(clock, "8：30")
    assert analyzer.analyze("在哪个频道播出？").answer_type == "entity"  # 哪个频道, not 在哪
    assert analyzer.analyze("在哪举办？").answer_type == "place"
