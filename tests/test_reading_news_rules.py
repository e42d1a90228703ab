"""Rules found asking news items as a new user (2026-11-29, 11:40–): an act printed inside a cause is
no reason for itself, the matter of 就…一事 and a purpose after 以 are reasons, a means listed with the
words asked stays whole, a foreign name keeps its first syllable, a list starts past the question's
preposition, a name printed right after the question's words and a place between 在 and the verb asked
come first. No model is needed."""

from __future__ import annotations

import jieba.posseg

from qa.models import Span
from qa.read.lists import past_preposition
from qa.read.names import word_start
from qa.read.question import QuestionAnalyzer
from qa.read.ranking import after_asked_words, followed_as_asked
from qa.read.reasons import PURPOSE, act_as_cause
from qa.read.snapping import CAUSE_MARK, MEANS_MARK, cause_in_clause
from qa.read.statements import Asked

ANALYZER = QuestionAnalyzer()


def sliced(text: str, bounds: tuple[int, int]) -> str:
    return text[slice(*bounds)]


def test_an_act_printed_inside_a_cause_is_no_reason_for_itself():
    text = "7月30日，邱某因涉嫌非法持有、私藏枪支弹药被依法刑事拘留，涉案物品已送往专业机构检测。"
    r = Asked(ANALYZER.analyze("邱某为什么私藏枪支？"), ["邱某", "私藏", "枪支"], [], [])
    assert act_as_cause(r, text, text.index("邱某"), text.index("，涉案"))  # what the act led to
    cause = "邱某因为想作纪念而私藏枪支。"  # the act after its own cause is the effect: that clause answers
    assert not act_as_cause(r, cause, 0, len(cause) - 1)


def test_the_matter_of_jiu_yishi_is_what_an_apology_is_for():
    text = "日本大学理事长召开记者会，就该校男子美式橄榄球队队员涉毒被捕一事公开致歉，并就应对经过进行说明。"
    c0 = text.index("就该校")
    assert sliced(text, cause_in_clause(text, c0, text.index("，并就"), "公开致歉", CAUSE_MARK)) == "就该校男子美式橄榄球队队员涉毒被捕一事"
    # 就 without 一事 marks no cause
    plain = "双方就双边关系交换了意见。"
    assert cause_in_clause(plain, 0, len(plain) - 1, "交换意见", CAUSE_MARK) == (0, len(plain) - 1)


def test_a_means_listed_with_the_words_asked_stays_whole():
    text = "通过生态清淤、河道两侧缓冲带修复、湿地建设、污水管网整治及建设等措施完成水生态环境修复，让东肖溪变了样。"
    found = sliced(text, cause_in_clause(text, 0, text.index("，让"), "修复的", MEANS_MARK))
    assert found.startswith("通过生态清淤") and "湿地建设、污水管网整治" in found and found.endswith("完成水生态环境")


def test_a_purpose_after_yi_and_its_verb_is_a_reason():
    text = "马杜罗号召该国原住民加入民兵组织，以应对美国在加勒比海进行军事部署对该国造成的威胁。"
    m = PURPOSE.search(text)
    assert m is not None and text[m.start() :].startswith("以应对")
    assert PURPOSE.search("会议以视频方式举行。") is None  # 以 of the means, no purpose


def test_a_foreign_name_keeps_the_first_syllable_the_tagger_cut_off():
    text = "再度出任法国总理的勒科尔尼公布了新政府主要成员名单。"
    at = text.index("科尔尼")
    assert text[word_start(text, at, at + 3, jieba.posseg) : at + 3] == "勒科尔尼"
    plain = "李强同马拉佩会谈。"  # 同 is no syllable of the name
    assert word_start(plain, plain.index("马拉佩"), plain.index("会谈"), jieba.posseg) == plain.index("马拉佩")


def test_a_list_starts_past_the_questions_preposition():
    text = "双方要进一步扩大在基础设施、经济特区建设、农林渔加工业等领域合作。"
    q = ANALYZER.analyze("双方要在哪些领域扩大合作？")
    start = past_preposition(q, text, text.index("进一步"), text.index("、"))
    assert text[start:].startswith("基础设施、")
    # a question for one thing, or one with no preposition before its question word, keeps the start
    assert past_preposition(ANALYZER.analyze("双方要扩大哪些合作？"), text, 4, text.index("、")) == 4


def span(text: str, score: float, at: int = 0, **features: float) -> Span:
    return Span(at, at + len(text), text, "neural", 0, score=score, features=dict(features))


def test_a_name_printed_right_after_the_questions_words_comes_first():
    place = span("贵州息烽", 0.96, typed_entity=1.0)
    source = span("上游磷化工企业产生的废弃物", 0.8, at=40, left=1.0, adjacent=0.5)
    ranked = after_asked_words([place, source])
    assert ranked[0] is source and place.score == 0.8
    # a top name the question's words precede keeps its place, and so does one a longer span holds
    stated = span("马拉佩", 0.99, typed_entity=1.0, left=1.0)
    assert after_asked_words([stated, source])[0] is stated
    name = Span(5, 13, "M·西奥·科尔尼", "neural", 0, score=0.9, features={"typed_entity": 1.0})
    longer = Span(0, 13, "百万富翁 M·西奥·科尔尼", "neural", 0, score=0.5, features={"left": 1.0, "adjacent": 1.0})
    assert after_asked_words([name, longer])[0] is name


def test_a_place_between_zai_and_the_verb_asked_caps_places_another_verb_follows():
    subject = span("湖北宜城", 0.66, right_other=1.0, typed_entity=1.0)
    police = span("湖北宜城警方", 0.54, right_other=1.0, typed_entity=1.0)
    room = span("客厅柜子", 0.42, right_adjacent=2 / 3, after_at=1.0)  # "查获的" ↔ "查获土铳猎枪"
    ranked = followed_as_asked([subject, police, room])
    assert ranked[0] is room and subject.score == police.score == 0.42
    # without a place after 在 nothing moves
    assert followed_as_asked([subject, span("宜城", 0.3, right_adjacent=1.0)])[0] is subject


def test_sentences_that_open_alike_are_one_enumeration():
    from qa.read.among import parallel_spans

    text = ("会议强调，要统一思想。要重点监督检查党的路线方针政策的贯彻落实情况，督促各级党组织提高政治执行力。"
            "要重点监督检查群众身边腐败问题和不正之风。\n要重点监督检查基层党组织建设情况，进一步增强基层治理能力。据悉，本轮巡察设置了3个巡察组。")
    ((span,),) = parallel_spans(ANALYZER.analyze("会议强调要重点监督检查哪些方面？"), [text])
    found = sliced(text, span)
    assert found.startswith("党的路线方针政策") and found.endswith("进一步增强基层治理能力")  # from after the shared opening
    assert "要统一思想" not in found and "据悉" not in found
    # four of the opening's characters in the question's own words are enough ("要求巡察组重点监督检查")
    assert parallel_spans(ANALYZER.analyze("会议要求巡察组重点监督检查哪些方面？"), [text]) == [[span]]
    # a question for one thing, or an opening the question does not print, gives none
    assert parallel_spans(ANALYZER.analyze("会议强调要重点监督检查什么？"), [text]) is None
    assert parallel_spans(ANALYZER.analyze("巡察组有哪些？"), [text]) is None


def test_a_statement_a_speech_verb_and_colon_announce_is_what_was_required():
    from qa.read.statements import said_spans, speaker_sentence

    text = "市卫健委主任闻大翔表示，医疗卫生事业关系百姓健康。全市医疗机构要坚持公益性。他同时提出：各级医疗卫生机构在保障医务人员工作条件等方面进一步细化工作举措，切实保障医务工作者权益。"
    ((span,),) = said_spans(ANALYZER.analyze("闻大翔提出了什么要求？"), [text])
    assert sliced(text, span).startswith("各级医疗卫生机构") and sliced(text, span).endswith("权益")
    # "他同时提出": the speaker is named where he last spoke, a few sentences back
    assert "闻大翔" in speaker_sentence(text, span[0], span[1])
    plain = "他同时提出：今年的活动很成功。"  # a statement that requires nothing is no requirement
    assert said_spans(ANALYZER.analyze("他提出了什么要求？"), [plain]) is None


def test_the_first_of_two_items_joined_by_he_is_listed_too():
    from qa.read.lists import extend_list_back

    text = "会议指出，西成铁路项目和西宁机场三期改扩建工程已全面复工。"
    at = text.index("西宁机场")
    assert text[extend_list_back(text, at, ANALYZER.analyze("哪些项目已全面复工？")) : at] == "西成铁路项目和"
    assert extend_list_back(text, at, ANALYZER.analyze("什么项目已全面复工？")) == at  # one thing asked
    partners = "精准对接重点企业，先后与远景能源、天行集团、安徽瑞柏等企业达成一批重大投资意向。"
    at = partners.index("远景能源")  # 与 before a list is a preposition: the list stays as it is
    assert extend_list_back(partners, at, ANALYZER.analyze("格尔木和哪几家企业达成了重大投资意向？")) == at


def test_two_sentences_that_share_a_subject_are_no_enumeration():
    from qa.read.among import parallel_spans

    text = "活动内容包括“走进浙里名山”“走进浙片湿地”等，将面向社会提供免门票服务。活动内容及参与方式见下。"
    assert parallel_spans(ANALYZER.analyze("活动内容包括哪些？"), [text]) is None


def test_a_figure_belongs_to_the_nearest_subject_of_the_same_kind():
    from qa.read.items import own_subjects

    q = ANALYZER.analyze("中欧班列全年同比增长多少？")
    text = "其中，中欧班列全年累计开行1.7万列，同比增长6%，西部陆海新通道班列全年发送86万标箱，同比增长14%。"
    ours, theirs = (Span(text.index(f), text.index(f) + len(f), f, "neural", 0) for f in ("6%", "14%"))
    r = Asked(q, ["中欧", "班列", "全年", "同比", "增长"], [], [])
    assert own_subjects(r, [theirs, ours], [text]) == [ours]
    other = Asked(ANALYZER.analyze("西部陆海新通道班列全年同比增长多少？"), ["西部", "陆海", "新", "通道", "班列"], [], [])
    # its own figure stays; one printed before its subject is named is left to the reader
    assert own_subjects(other, [theirs, ours], [text]) == [theirs, ours]


def test_a_list_closed_by_the_head_of_the_asked_noun():
    from qa.read.lists import listed_spans

    text = "2024年，国铁集团将高质量建成投产上海至苏州至湖州高铁、杭州至义乌至温州高铁等工程。"
    ((span,),) = listed_spans(ANALYZER.analyze("国铁集团将建成哪些高铁工程？"), [text])
    assert sliced(text, span).endswith("杭州至义乌至温州高铁")


def test_words_the_text_prints_apart_are_no_noun_phrase_to_own_a_figure():
    from qa.read.items import own_subjects

    text = "其中：单晶硅3.6万吨，增长69.0%；多晶硅3.3万吨，增长18.8%；钢材15.9万吨，增长79.9%。"
    other = "制造业增加值同比增长10.3%。"
    spans = [Span(text.index(f), text.index(f) + len(f), f, "neural", 0) for f in ("18.8%", "79.9%")]
    spans.append(Span(other.index("10.3%"), other.index("10.3%") + 5, "10.3%", "neural", 1))
    r = Asked(ANALYZER.analyze("多晶硅增长了百分之几？"), ["多晶硅", "增长"], [], [])
    assert [s.text for s in own_subjects(r, spans, [text, other])] == ["18.8%", "79.9%", "10.3%"]  # none drops


def test_a_word_that_opens_its_clause_names_no_other_subject():
    from qa.read.items import own_subjects

    text = "第八届全国职工职业技能大赛决赛正在陕西举行，全国各地近550名选手参加。"
    other = "本届大赛共有1000名观众。"
    spans = [Span(text.index("近550名"), text.index("近550名") + 5, "近550名", "neural", 0), Span(6, 11, "1000名", "neural", 1)]
    r = Asked(ANALYZER.analyze("第八届全国职工职业技能大赛决赛有多少名选手参加？"), ["第八届", "全国", "职工", "职业", "技能"], [], [])
    assert [s.text for s in own_subjects(r, spans, [text, other])] == ["近550名", "1000名"]
