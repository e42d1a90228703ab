"""Items, names and figures as a report prints them: enumerations by ordinal (一是…二是…), lists
joined by 以及, a name with a bracket inside it, a qualifier 超, units of concentration, a count and
the thing it counts, a year that only qualifies the subject, the asked noun's sibling, and why a
report says an act matters. No model is needed."""

from __future__ import annotations

import jieba.posseg

from qa.models import Span
from qa.read.items import owned_by, owned_by_other
from qa.read.kinds import other_dimension, wrong_side
from qa.read.names import outside_brackets
from qa.read.ordinals import ordinal_items
from qa.read.question import QuestionAnalyzer
from qa.read.reasons import importance_stated, restates_only
from qa.read.snapping import snap, with_qualifier
from qa.read.statements import Asked, stated
from qa.text.patterns import NUMBER_RE

ANALYZER = QuestionAnalyzer()
MOVES = ("文章强调，守住耕地这个命根子，必须要有几个关键实招。一是压实耕地保护责任。新一轮国土空间规划已经明确了保护任务。"
         "二是全力提升耕地质量。加快耕地质量保护立法。三是改革完善耕地占补平衡制度。健全补充耕地质量验收制度。保护耕地要严格执法。")


def sliced(text: str, bounds: tuple[int, int]) -> str:
    return text[slice(*bounds)]


def test_an_ordinal_enumeration_is_read_from_its_first_item_to_its_last_items_head():
    first = MOVES.index("一是")
    whole = sliced(MOVES, ordinal_items(MOVES, first, first + len("一是压实耕地保护责任"), wanted=8))
    assert whole.startswith("一是压实耕地保护责任。") and whole.endswith("三是改革完善耕地占补平衡制度")
    assert "保护耕地要严格执法" not in whole  # the sentence after the last item's head is no item
    # picked at a later item, it starts at item 一; asked for two, it stops at the second
    second = MOVES.index("全力提升")
    assert sliced(MOVES, ordinal_items(MOVES, second, second + 6, wanted=8)) == whole
    assert sliced(MOVES, ordinal_items(MOVES, first, first + 10, wanted=2)).endswith("二是全力提升耕地质量")
    # an ordinal inside a sentence opens no item, and a span outside an enumeration is left alone
    inline = "会议一是强调安全，二是部署工作。"
    at = inline.index("一是")
    assert ordinal_items(inline, at, at + 6, wanted=8) == (at, at + 6)
    assert ordinal_items(MOVES, 5, 10, wanted=8) == (5, 10)


def test_bracketed_and_parenthesised_ordinals_are_items_too():
    text = "要重点抓好几项工作：（一）摸清资源状况。（二）搞好顶层设计，研究编制总体规划。第三，分类施策。"
    at = text.index("（一）")
    assert sliced(text, ordinal_items(text, at, at + 9, wanted=8)) == "（一）摸清资源状况。（二）搞好顶层设计，研究编制总体规划。"[:-1]


def test_a_span_never_starts_with_the_end_of_the_questions_own_words():
    text = "当前，要突出把握好量质并重、严格执法、系统推进、永续利用等重大要求。"
    at = text.index("好量质")
    assert sliced(text, snap(text, at, at + 5, "entity", "耕地保护要突出把握好")) == "量质并重"
    # a span the question's words do not run into keeps its first character
    assert sliced(text, snap(text, at, at + 5, "entity", "耕地保护要突出")) == "好量质并重"


def test_the_asked_nouns_sibling_is_no_answer():
    text = "文章提出了加强耕地保护的总体思路和关键举措。"
    q = ANALYZER.analyze("加强耕地保护有哪些关键举措？")
    at = text.index("总体思路")
    assert wrong_side(q, text, at, at + 4)
    assert not wrong_side(ANALYZER.analyze("加强耕地保护有哪些总体要求？"), text, at, at + 4)


def test_a_sentence_saying_an_act_matters_is_followed_by_why():
    view = "文章强调，要深刻认识加强耕地保护的重要性和紧迫性。粮食安全是“国之大者”，耕地是粮食生产的命根子。"
    reason_at = view.index("粮食安全")
    assert "重要性和紧迫性" in importance_stated(view, reason_at)
    assert importance_stated(view, view.index("耕地是粮食")) == ""  # only where the next sentence opens
    focus = ["加强", "耕地", "保护"]
    assert restates_only(focus, "文章强调，要深刻认识加强耕地保护的重要性和紧迫性")  # that it matters is no why
    # the question's words printed only in a title state nothing of it
    assert restates_only(focus, "《求是》杂志发表重要文章《切实加强耕地保护　抓好盐碱地综合改造利用》")
    assert not restates_only(focus, "粮食安全是“国之大者”，耕地是粮食生产的命根子")


def test_a_name_with_a_bracket_inside_is_read_whole():
    text = "决定授权中国工商银行（巴西）股份有限公司担任巴西人民币清算行。"
    at, end = text.index("巴西）"), text.index("担任")
    assert sliced(text, outside_brackets(text, at, end, jieba.posseg)) == "中国工商银行（巴西）股份有限公司"


def test_quantities_keep_their_qualifier_and_a_concentrations_unit():
    text = "票房已超8亿元。"
    assert with_qualifier(text, text.index("8"), "") == text.index("超")
    assert with_qualifier("赶超8亿元", 2, "") == 2
    assert NUMBER_RE.match("55微克/立方米，同比").group() == "55微克/立方米"
    # a box office is money: a duration is another dimension
    assert other_dimension("money", "6天")


def test_a_count_belongs_to_the_thing_printed_after_it():
    view = "近400万个家庭农场、220多万家农民合作社，开展规模化经营。"
    spans = [(view.index("近400"), view.index("个家") + 1), (view.index("220"), view.index("家农") + 1)]
    owners = [owned_by(view, e, s) for s, e in spans]
    assert owners[0].startswith("家庭农场") and owners[1].startswith("农民合作社")
    assert owned_by_other(owners, "今年农民合作社有|个") == [True, False]
    assert owned_by(view, view.index("、"), None) is None  # no span start, no count read
    # a count's phrase is named by its head noun at its end; one that runs on into a verb counts nothing said
    volunteers = "在新疆巴州，当地迎来了1000多名各地西部计划大学生志愿者，经过集中培训后出发。"
    at = volunteers.index("1000")
    assert owned_by_other([owned_by(volunteers, at + 6, at), "志愿者"], "新疆巴州迎来了|名志愿者") == [False, False]
    assert owned_by_other(["便民服务措施", "自愿减产措施延长至明年3月底"], "欧佩克减产措施每天减产|") == [False, False]  # 措施 is no head
    opec = "8个欧佩克和非欧佩克产油国决定将原定今年12月底到期的日均220万桶的自愿减产措施延长至明年3月底。"
    assert owned_by(opec, 2, 0) is None


def test_a_year_that_qualifies_the_subject_gives_way_to_the_date_before_the_verb():
    view = "2026年暑期档电影票房今天（8月16日）突破100亿元，年度票房超257亿元。"
    q = ANALYZER.analyze("暑期档电影票房什么时候突破100亿元？")
    r = Asked(q, focus=["暑期档", "电影", "票房", "突破", "100亿元"], predicate=[], counted=[])
    year, day = view.index("2026年"), view.index("8月16日")
    out = [Span(year, year + 5, "2026年", "neural", 0), Span(day, day + 5, "8月16日", "neural", 0)]
    assert [s.text for s in stated(r, out, [view])] == ["8月16日"]
    # a heading date whose sentence prints no other date stays
    heading = "2026年暑期档电影票房突破100亿元。"
    kept = stated(r, [Span(0, 5, "2026年", "neural", 0)], [heading])
    assert [s.text for s in kept] == ["2026年"]
    # nor one whose sentence prints another date only after the verb (a page without full stops)
    police = "7月10日澄迈老城警方成功破获一起女性内衣失窃案件报案人称早在今年6月27日衣物已不见过一次"
    q = ANALYZER.analyze("澄迈老城警方哪天成功破获女性内衣失窃案件？")
    r = Asked(q, focus=["澄迈", "老城", "警方", "成功", "破获"], predicate=[], counted=[])
    day, other = police.index("7月10日"), police.index("6月27日")
    out = [Span(day, day + 5, "7月10日", "neural", 0), Span(other, other + 5, "6月27日", "neural", 0)]
    assert [s.text for s in stated(r, out, [police])][0] == "7月10日"


def test_what_follows_an_act_and_clauses_that_are_no_means():
    from qa.read.reasons import after_act, after_act_spans, means_before, parallel

    q = ANALYZER.analyze("防东铁路开通后有什么影响？")
    r = Asked(q, focus=["防东", "铁路", "开通"], predicate=[], counted=[])
    view = "转体连续梁完成合龙，为防东铁路年内开通运营奠定基础。铁路开通后，防城港至东兴将结束无铁路交通的历史。"
    at = view.index("防城港至东兴")
    assert after_act_spans(r, [view]) == [[(at, view.index("。", at))]]
    assert after_act(r, view, at) == 1.0 and after_act(r, view, view.index("为防东")) == 0.0
    assert after_act_spans(Asked(ANALYZER.analyze("防东铁路有什么影响？"), ["防东", "铁路"], [], []), [view]) is None
    # items of one enumeration of acts are no means of each other, and a date is no means
    assert parallel("要加强耕地保护和用途管控", "加强高标准农田建设") and not parallel("为加快补上短板", "中央财政安排920亿元")
    how = Asked(ANALYZER.analyze("铁路开通后防城港至东兴会怎样？"), ["铁路", "开通", "防城港", "东兴"], [], [])
    dated = "今天（2月21日），防城港至东兴铁路开通运营。"
    assert means_before(how, dated, 0, dated.index("，")) == 0.0


def test_a_title_is_read_to_its_closing_mark_and_ends_with_the_noun_asked():
    from qa.read.features import alignment

    text = "今年，我市制定《格尔木市产业链长建设年专项行动实施方案》，强化组织保障。"
    at = text.index("《")
    cut = text.index("实施方案")
    assert sliced(text, snap(text, at, cut, "entity")) == "《格尔木市产业链长建设年专项行动实施方案》"
    q = ANALYZER.analyze("格尔木制定了什么方案？")
    whole = alignment(q, text, at, text.index("，强化"))
    assert whole["right"] == 1.0 and whole["right_adjacent"] == 1.0  # 方案 is printed where the question has it
    assert alignment(ANALYZER.analyze("格尔木制定了哪个文件？"), text, at, text.index("，强化"))["right_adjacent"] == 0.0


def test_a_day_keeps_its_clock_time_and_parallel_clauses_keep_their_own_subjects():
    from qa.read.items import own_subjects

    text = "北京公羊救援队将于8月1日13时许抵达涿州，浙江公羊救援队将于8月1日23时许抵达。"
    first, second = text.index("8月1日"), text.index("8月1日", text.index("浙江"))
    assert sliced(text, snap(text, first, first + 4, "date")) == "8月1日13时许"
    assert sliced("2022年10点", snap("2022年10点", 0, 5, "date")) == "2022年"  # a year has no clock time
    q = ANALYZER.analyze("浙江公羊救援队什么时候抵达涿州？")
    r = Asked(q, focus=["浙江", "公羊", "救援队", "抵达", "涿州"], predicate=[], counted=[])
    out = [Span(first, first + 9, "8月1日13时许", "neural", 0), Span(second, second + 9, "8月1日23时许", "neural", 0)]
    assert [s.text for s in own_subjects(r, out, [text])] == ["8月1日23时许"]
    # a clause after the subject's (no parallel subject) stays: "西宁…同比增长9.0%，增速高于全省13.7个百分点"
    xining = "西宁规上工业增加值同比增长9.0%，增速高于全省13.7个百分点。"
    q = ANALYZER.analyze("西宁规上工业增加值增速高于全省多少？")
    r = Asked(q, focus=["西宁", "规上", "工业", "增加值", "增速", "高于", "全省"], predicate=[], counted=[])
    both = [Span(xining.index("9.0%"), xining.index("9.0%") + 4, "9.0%", "neural", 0), Span(xining.index("13.7"), xining.index("13.7") + 8, "13.7个百分点", "neural", 0)]
    assert len(own_subjects(r, both, [xining])) == 2
    # nor a later clause of the subject's own sentence: "市属工业企业同比增长17.4％，占全市…的37.6％"
    page = "省属工业企业实现增加值同比增长42.2％，占全市规模以上工业增加值47％；市属工业企业同比增长17.4％，占全市规模以上工业增加值的37.6％。"
    q = ANALYZER.analyze("市属工业企业占全市规上工业增加值的比重是多少？")
    r = Asked(q, focus=["市属", "工业", "企业", "全市", "规上", "增加值", "比重"], predicate=[], counted=[])
    share = Span(page.index("37.6"), page.index("37.6") + 5, "37.6％", "neural", 0)
    assert own_subjects(r, [share, Span(page.index("47"), page.index("47") + 3, "47％", "neural", 0)], [page])[0] is share


def test_clause_answers_leave_out_a_leading_conjunction_and_a_cause_that_lists_the_act():
    from qa.read.snapping import cause_in_clause, whole_clause

    text = "我们在等待气象条件。但目前灾区云层很厚，目视无法飞行。"
    assert sliced(text, whole_clause(text, text.index("目前"), text.index("很厚") + 2)) == "目前灾区云层很厚"
    held = "7月30日，邱某因涉嫌非法持有、私藏枪支弹药被依法刑事拘留。"
    c0 = held.index("邱某")
    assert cause_in_clause(held, c0, held.index("。"), "私藏枪支") == (c0, held.index("。"))
    assert sliced(held, cause_in_clause(held, c0, held.index("。"), "被依法刑事拘留")) == "因涉嫌非法持有、私藏枪支弹药"
    assert NUMBER_RE.match("两门祖扎纳2型").group() == "两门"
