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


def test_a_question_without_a_topic_asks_about_the_last_ones_when_its_words_go_on_with_it(resolver):
    last = Turn("前两个月钢材产量是多少？", "前两个月我市规上工业增加值增长9.0%", "a1", "钢材15.9万吨，增长79.9%；铁合金12.1万吨，增长3.9%")
    assert resolver.rewrite("增长了多少？", [last])[0] == "前两个月钢材产量增长了多少？"
    # words the last turn never printed: a question of its own, left as asked
    assert resolver.rewrite("本轮巡察共设置了几个巡察组？", [last])[0].endswith("本轮巡察共设置了几个巡察组？")
    assert "钢材" not in resolver.rewrite("本轮巡察共设置了几个巡察组？", [last])[0]


def test_a_new_subject_keeps_the_place_and_time_the_conversation_is_about(resolver):
    """那有色行业呢？ replaces the industry, not 格尔木 and 三季度 with it (a 西宁 figure was cited)."""
    last = Turn("格尔木三季度化工行业增加值增长了多少？", "今年三季度全市工业经济保持两位数增长", "a1")
    readings = [r.text for r in resolver.readings("那有色行业呢？", [last])]
    assert all("有色行业" in t for t in readings)
    assert "格尔木" in readings[0] and "三季度" in readings[0] and "化工" not in readings[0]


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
    # no subject of its own: the hotline's, and the report's date
    assert second.asked_as == "3月25日12345热线转交责任单位办理了多少件？"
    assert second.text and second.text.startswith("443")
    assert second.citations[0].article_id == first.citations[0].article_id
    third = assistant.ask("那西宁机场三期改扩建工程呢？", history=[Assistant.turn(assistant.ask("西成铁路项目什么时候复工？"))])
    assert third.asked_as == "西宁机场三期改扩建工程什么时候复工？"
    # a complete question on the article cited last is answered, and shown, as asked
    growth = assistant.ask("格尔木三季度规上工业增加值增长了多少？")
    why = assistant.ask("为什么格尔木化工行业生产能力得到有效激发？", history=[Assistant.turn(growth)])
    assert why.asked_as == why.question and why.text and "钾肥" in why.text
    assistant.close()


HOTLINE = Turn("3月25日12345热线直接办理了多少件？", "西宁市党建引领“有诉必应马上办”机制创新工作日报", "report",
               "3月25日，12345政务服务便民热线接听群众来电诉求801件次，直接办理358件，转交责任单位办理443件。热点问题：1.物业服务68件")


def test_a_question_that_stands_alone_is_read_as_asked(resolver):
    """Earlier turns alone never make a follow-up: a new topic keeps no place or date of theirs."""
    readings = resolver.readings("格尔木全员核酸检测是哪一天开展的？", [HOTLINE])
    assert [(r.text, r.follow_up) for r in readings] == [("格尔木全员核酸检测是哪一天开展的？", False)]


def test_an_incomplete_question_is_read_in_context(resolver):
    reading, *_ = resolver.readings("直接办理了多少件？", [HOTLINE])
    assert reading.follow_up and reading.text == "3月25日直接办理了多少件？" and reading.carried == ["3月25日"]
    (only,) = resolver.readings("回访量是多少？", [Turn("3月25日12345热线直接办理了多少件？", "t", "a", "")])
    assert only.text == "3月25日回访量是多少？"  # names no topic of its own (the noun is the thing asked): only in context
    # the last passage's own words: in context first, as asked only if that finds nothing better
    first, second = resolver.readings("物业服务问题有多少件？", [HOTLINE])
    assert first.follow_up and first.text == "3月25日物业服务问题有多少件？" and not second.follow_up


def test_a_question_that_partly_shares_the_topic_is_tried_both_ways(resolver):
    readings = resolver.readings("西宁12345热线回访量是多少？", [Turn("3月25日西宁市共收到安全隐患举报多少件？", "西宁市安全隐患举报受理情况日报",
                                                                       "x", "3月25日，西宁市共收到安全隐患举报60件")])
    assert [r.follow_up for r in readings] == [False, True]
    assert readings[1].text == "3月25日西宁12345热线回访量是多少？"


def test_a_new_subject_is_tried_in_each_place_it_can_stand(resolver):
    previous = Turn("金锁村本次河道整治行动发动了多少名党员？", "金锁村", "a1", "")
    readings = resolver.readings("青年志愿者呢？", [previous])
    texts = [r.text for r in readings]
    assert "金锁村本次河道整治行动发动了多少名青年志愿者？" in texts
    assert all(r.mention == "青年志愿者" and r.follow_up for r in readings)


def test_a_compared_time_and_a_bound_pronoun_are_not_carried(resolver):
    reading, *_ = resolver.readings("增速在全州排第几？", [Turn("格尔木三季度规上工业比上半年提高了多少？", "t", "a", "增速位列全州第一")])
    # 全州 is the question's own scope and 上半年 a compared time: neither is carried as the setting;
    # the question has no subject of its own (jieba reads 增速 as a verb), so the last one's is
    assert reading.text == "格尔木三季度规上工业增速在全州排第几？"
    assert resolver.readings("多少名受益儿童及其家长参加了结班仪式？", [HOTLINE])[0].text == "多少名受益儿童及其家长参加了结班仪式？"


def test_a_pronoun_stands_for_the_whole_subject(resolver):
    previous = Turn("格尔木的全员核酸检测在哪里开展？", "格尔木市…关于开展全员核酸检测的通告", "notice", "")
    (reading,) = resolver.readings("这份通告是哪天发布的？", [previous])
    assert reading.text == "格尔木开展全员核酸检测的通告是哪天发布的？"  # the notice its headline names, with the place


def test_a_whole_question_ending_in_ruhe_is_not_a_follow_up_marker(resolver):
    previous = Turn("西成铁路项目复工了吗？", "铁路民航项目全面复工加快建设", "a", "西成铁路项目、西宁机场三期改扩建工程已全面复工")
    assert resolver.new_subject("西宁机场三期扩建工程的T3航站楼进展如何？") is None
    assert all(not r.mention for r in resolver.readings("西宁机场三期扩建工程的T3航站楼进展如何？", [previous]))
    assert resolver.new_subject("那西宁机场三期改扩建工程呢？") == "西宁机场三期改扩建工程"
    assert resolver.new_subject("西宁怎么样？") == "西宁"
    assert resolver.new_subject("化工行业怎么样？") == "化工行业"
    assert resolver.new_subject("县区工业增速怎么样？") is None  # its own topic and attribute: asked as it is


def test_a_bare_head_noun_names_the_last_subject_again(resolver):
    """"会议是哪天召开的？" after a question about one meeting asks about that meeting (tried first,
    as asked second); a noun phrase of its own, or a head the last subject does not end in, does not."""
    last = Turn("市委审计委员会第七次会议审议了哪些文件？", "市委审计委员会第七次会议召开", "a1",
                "3月26日上午，市委书记王卫东主持召开市委审计委员会第七次会议")
    assert resolver.subject(last.question) == "市委审计委员会第七次会议"  # 审计 (a verb) is part of the body's name
    assert resolver.subject("12345热线接收安全隐患举报多少件？") == "12345热线"  # 接收 is the verb
    assert [r.text for r in resolver.readings("会议是哪天召开的？", [last])] == ["市委审计委员会第七次会议是哪天召开的？", "会议是哪天召开的？"]
    assert [r.text for r in resolver.readings("巡察工作动员部署会是哪天召开的？", [last])] == ["巡察工作动员部署会是哪天召开的？"]
    assert resolver.refers_back("项目是哪天召开的？", last) is None
    # the bare noun anywhere in the question, and a name that ends in its short form (…务虚会 for 会议)
    retreat = Turn("全国政协主席会议成员务虚会什么时候召开？", "全国政协主席会议成员务虚会在京召开", "a2", "务虚会17日在京召开。")
    assert [r.text for r in resolver.readings("谁主持会议？", [retreat])] == ["谁主持全国政协主席会议成员务虚会？", "谁主持会议？"]
    assert [r.text for r in resolver.readings("谁主持了国务院常务会议？", [retreat])] == ["谁主持了国务院常务会议？"]
    # no topic of its own, and the event it names is the headline's: that article first, then as asked
    talks = Turn("栗战书同谁举行会谈？", "栗战书同哈萨克斯坦议会下院议长举行会谈", "a3", "栗战书28日在京以视频方式同科沙诺夫举行会谈。")
    first, second = resolver.readings("谁参加了会谈？", [talks])
    assert (first.text, first.preferred, first.definite) == ("谁参加了会谈？", "a3", True) and not second.definite
    assert [r.definite for r in resolver.readings("谁参加了签约仪式？", [talks])] == [False]  # as asked only
    # past a turn that found nothing, the article cited before it
    nothing = Turn("会谈是以什么方式进行的？", None, None, "")
    assert resolver.readings("谁参加了会谈？", [talks, nothing])[0].preferred == "a3"


def test_a_question_about_the_article_cited_last_reads_its_other_passages_too():
    from qa.chat.passages import whole_article
    from qa.models import Article, Chunk, Hit

    text = "栗战书28日以视频方式同科沙诺夫举行会谈。\n栗战书说，中哈关系不断发展。\n曹建明参加会谈。"
    article, other = Article(id="a1", title="栗战书同哈萨克斯坦议会下院议长举行会谈", text=text), Article(id="b", title="x", text="y")
    chunks = [Chunk("a1", 0, 21, text[:21], index=0), Chunk("a1", 22, 36, text[22:36], index=1), Chunk("a1", 37, len(text), text[37:], index=2)]

    class Store:
        def chunks(self, article_id):
            return iter(chunks if article_id == "a1" else [])

        def article(self, article_id):
            return article if article_id == "a1" else None

    hits = [Hit(Chunk("b", 0, 1, "y"), other, 0.9), Hit(chunks[2], article, 0.8)]
    read = whole_article("a1", hits, Store())
    assert [h.chunk.start for h in read] == [37, 0, 22] and all(h.score == 0.8 for h in read)  # the found one first
    assert whole_article("a1", hits, Store(), most=2)[1].chunk.text.startswith("栗战书28日以视频方式")
    assert whole_article("zz", hits, Store()) == []  # an article the index does not hold
    # the search found none of it: its passage that prints the question's words most, as sure as the best hit
    read = whole_article("a1", hits[:1], Store(), words=["中哈", "关系"])
    assert [h.chunk.start for h in read] == [22, 0, 37] and read[0].score == 0.9 and read[0].article is article


def test_a_new_time_or_place_sets_one_where_the_last_question_had_none(resolver):
    (reading,) = resolver.readings("那3月26日呢？", [Turn("热点问题有哪些？")])
    assert reading.text == "3月26日热点问题有哪些？"  # not "3月26日有哪些？": the topic stays
    (reading,) = resolver.readings("那西宁呢？", [Turn("热点问题有哪些？")])
    assert reading.text == "西宁热点问题有哪些？"


def test_a_new_thing_stands_for_what_is_asked_about_when_the_subject_is_a_place(resolver):
    texts = [r.text for r in resolver.readings("锂电池隔膜呢？", [Turn("西宁已形成多少正极材料的年产规模？")])]
    # the modifier goes with its noun (正极|材料), and X takes the asked thing's place first
    assert texts[0] == "西宁已形成多少锂电池隔膜的年产规模？"
    assert "正极锂电池隔膜" not in "".join(texts)


def test_a_place_word_that_opens_a_things_name_is_not_the_conversations_setting(resolver):
    texts = [r.text for r in resolver.readings("总仓设在哪里？", [Turn("青藏优品开设了多少家体验店？", context="在温州设立总仓")])]
    assert texts[0] == "总仓设在哪里？"  # not "青藏总仓设在哪里？"
    texts = [r.text for r in resolver.readings("化工行业增长了多少？", [Turn("格尔木三季度规上工业增加值增长了多少？",
                                                                       context="格尔木化工行业增长35.3％")])]
    assert texts[0].startswith("格尔木") or "格尔木" in texts[0]  # a city the index knows is one


def test_a_question_word_glued_to_its_noun_leaves_the_noun_as_the_topic(resolver):
    # jieba reads 哪些项目 as one word: the question has a topic of its own and keeps no old setting
    last = Turn("三季度为什么格尔木化工行业生产能力得到有效激发？", context="化工行业生产能力得到有效激发。")
    assert resolver.has_topic("哪些项目已经开工建设？")
    assert [r.text for r in resolver.readings("哪些项目已经开工建设？", [last])] == ["哪些项目已经开工建设？"]


def test_a_question_word_with_a_noun_of_answer_kind_leaves_the_question_without_a_topic(resolver):
    """哪些地方 asks for places; 地方 is no topic, so the question goes on with the last one's."""
    last = Turn("格尔木的核酸检测从几点开始？", "关于开展全员核酸检测的通告", "a1",
                "2022年11月4日在格尔木市主城区开展全员核酸检测，时间从上午8：30开始。")
    assert resolver.rewrite("在哪些地方开展？", [last])[0] == "格尔木的核酸检测在哪些地方开展？"
    assert not resolver.has_topic("在哪些地方开展？") and resolver.has_topic("哪些项目已经开工建设？")


def test_an_attribute_alone_asks_about_the_last_turns_topic(resolver):
    shop = Turn("青藏优品是什么？", None, "a1", "成功开发特色农畜产品线上购物APP“青藏优品”，在全国范围内开设体验店18家，"
                "在温州设立总仓和物流配送中心，线上线下累计销售额突破亿元大关")
    assert resolver.rewrite("在全国开了多少家体验店？", [shop])[0] == "青藏优品在全国开了多少家体验店？"
    # one attribute takes the place of the other, the thing they are of stays
    sales = Turn("青藏优品销售额多少？", None, "a1", shop.context)
    assert resolver.rewrite("总仓在哪？", [sales])[0] == "青藏优品总仓在哪？"
    # asked with 为什么 first, the attribute is still its subject, and the topic goes where the subject is
    assert resolver.subject("为什么体验店开设在全国？") == "体验店"
    assert resolver.rewrite("为什么体验店开设在全国？", [sales])[0] == "为什么青藏优品体验店开设在全国？"


def test_a_why_question_with_a_subject_of_its_own_is_also_tried_as_asked(resolver):
    """为什么 before the subject hides no subject: the question is complete, and its own reading is
    tried beside the one that carries the last turn's period."""
    q = "为什么格尔木化工行业生产能力得到有效激发？"
    assert resolver.subject(q) == "格尔木化工行业生产能力" and resolver.is_complete(q)
    last = Turn("格尔木三季度规上工业增加值增长了多少？", "今年三季度全市工业经济保持两位数增长", "a1",
                "三季度，格尔木化工行业生产能力得到有效激发，规上工业增加值增长17.4％。")
    assert [r.text for r in resolver.readings(q, [last])] == ["三季度" + q, q]


def test_a_kind_of_zone_is_no_place_and_narrows_the_place_in_a_follow_up(resolver):
    assert resolver.places("西宁经济开发区规上工业增加值增速是多少？") == ["西宁"]
    assert not resolver.is_place("经济开发区")
    last = Turn("西宁前两个月规上工业增加值增长了多少？", "前两个月我市规上工业增加值增长9.0%", "a1")
    readings = [r.text for r in resolver.readings("经济开发区呢？", [last])]
    assert "西宁经济开发区前两个月规上工业增加值增长了多少？" in readings


def test_a_follow_ups_subject_needs_all_its_words_in_the_answers_statement():
    from qa.chat.constraints import _mention_met

    assert not _mention_met(["经济", "开发区"], "全市工业经济保持平稳增长，规上工业增加值同比增长9.0%")
    assert _mention_met(["经济", "开发区"], "西宁经济开发区规上工业增加值增速10.2%")
    assert _mention_met(["意向", "投资", "金额"], "意向投资金额达700余亿元")


def test_a_bare_noun_the_last_headline_names_is_that_articles(resolver):
    """发布会 after a question answered from 【…新闻发布会】…: that press conference, read in that article
    first (the assistant keeps to its passages), as asked if it holds no answer."""
    last = Turn("国资委将在哪些方面加大部署？", "【推动高质量发展系列主题新闻发布会】我国国资国企改革取得重大突破", "a1",
                "国务院国资委将围绕做强做优做大国有资本和国有企业…加大部署")
    first, second = resolver.readings("发布会是哪天举行的？", [last])
    assert first.definite and first.preferred == "a1" and first.text == "发布会是哪天举行的？"
    assert not second.definite


def test_a_demonstrative_is_no_part_of_the_topic_carried(resolver):
    last = Turn("这份核酸检测通告是第几号？", "关于开展全员核酸检测的通告", "a1", "（第139号）开展全员核酸检测，时间从上午8：30开始。")
    assert resolver.subject("这份核酸检测通告是第几号？") == "核酸检测通告"
    assert "这份" not in resolver.rewrite("核酸检测几点开始？", [last])[0]


def test_a_place_word_cut_from_its_name_is_read_whole_and_a_generic_place_noun_is_none(resolver):
    assert resolver.places("城发集团帮洗车河镇卖了多少斤黄桃？") == ["洗车河镇"]
    assert resolver.places("在郭勒木德镇开展") == ["郭勒木德镇"]
    assert resolver.places("天神之眼系统什么时候交付城市NOA？") == []


def test_a_person_named_first_needs_no_place_carried(resolver):
    # jieba tags the foreign name 冈图木尔 as a place; 帕利克 is a person's name and the question is his
    last = Turn("冈图木尔担任什么职务？", "丁薛祥会见部分国家政要", "a1", "副总统帕利克、蒙古国第一副总理兼经济发展部长冈图木尔。")
    assert resolver.rewrite("帕利克担任什么职务？", [last])[0] == "帕利克担任什么职务？"
    assert resolver.rewrite("那里有多少人？", [Turn("冈图木尔在哪？", None, "a1")])[0].startswith("冈图木尔")


def test_an_amount_noun_after_a_how_many_question_asks_its_own_figure_in_the_same_setting(resolver):
    texts = [r.text for r in resolver.readings("签约金额呢？", [Turn("格尔木签订招商项目投资协议多少个？")])]
    assert "格尔木签约金额是多少？" in texts
    # a thing that is no amount stands for what was asked about, as before
    assert "格尔木锂电池隔膜是多少？" not in [r.text for r in resolver.readings("锂电池隔膜呢？", [Turn("格尔木有多少个项目？")])]
    # after a question of another kind, the subject's own figure first ("价格什么时候发布？" asks nothing)
    released = Turn("五菱宝骏新车什么时候发布？", None, "a1", "五菱宝骏新车将于8月10日正式发布。")
    assert resolver.readings("那价格呢？", [released])[0].text == "五菱宝骏新车价格是多少？"
    # after an amount, the amount asked is the one it stands for; never X alone, which any article answers
    range_asked = Turn("五菱宝骏的最高续航是多少？", None, "a1", "五菱宝骏车辆的最高续航为460公里。")
    texts = [r.text for r in resolver.readings("那价格呢？", [range_asked])]
    assert texts[0] == "五菱宝骏的价格是多少？" and "价格是多少？" not in texts


def test_a_noun_that_only_names_the_kind_of_answer_is_no_topic(resolver):
    last = Turn("台风杜苏芮登陆时最大风力多少级？", "台风登陆福建", "a1", "台风“杜苏芮”携狂风暴雨登陆福建晋江沿海，登陆时中心附近最大风力15级")
    assert not resolver.has_topic("登陆地点在哪里？")
    assert resolver.rewrite("登陆地点在哪里？", [last])[0] == "台风杜苏芮登陆地点在哪里？"
    # a programme's name keeps the verb inside it (语言资源|保护|工程)
    assert resolver.subject("中国语言资源保护工程一期完成了多少个调查点？") == "中国语言资源保护工程"


def test_a_part_among_the_last_subject_and_a_verb_jieba_tags_as_a_place(resolver):
    cases = Turn("10月4日新增无症状感染者多少例？", "国家卫生健康委通报最新疫情", "a1", "新增无症状感染者861例，其中境外输入114例，本土747例。")
    assert resolver.subject(cases.question) == "新增无症状感染者"  # 新增 opens what a report counts
    assert resolver.readings("其中本土多少例？", [cases])[0].text == "10月4日新增无症状感染者本土多少例？"
    # 加密 (tagged as a place) is a verb after 要: the place of the last question is carried
    flights = Turn("哈尔滨至漠河航班每周由24班加密至多少班？", "各地暑期文旅活动丰富多彩", "a1", "哈尔滨至漠河航班由每周24班加密至33班。")
    assert resolver.places("为什么要加密航班？") == [] and resolver.places("西宁已形成多少产能？") == ["西宁"]
    assert resolver.readings("为什么要加密航班？", [flights])[0].text == "哈尔滨为什么要加密航班？"
    # 他 stands for the person asked about last; 其他 is no pronoun
    said = Turn("帕利克表示什么？", "丁薛祥会见部分国家政要", "a1", "帕利克表示，密方高度赞赏")
    assert resolver.readings("他来中国参加什么活动？", [said])[0].text == "帕利克来中国参加什么活动？"
    assert not resolver.readings("其他城市呢？", [said])[0].text.startswith("帕利克")


def test_a_request_around_the_last_question_is_not_carried(resolver):
    last = Turn("请问西宁机场三期啥时候建好", "铁路民航项目全面复工加快建设", "a1")
    readings = [r.text for r in resolver.readings("那囊谦机场呢？", [last])]
    assert readings and not any("请问" in r for r in readings)


@pytest.mark.parametrize(
    ("previous", "passage", "question", "read_as"),
    [
        # a topic that ends in the question's own noun is not doubled
        ("系列活动发布会在哪里召开？", "发布会在杭州召开。系列活动将面向社会提供免门票及门票减免等服务。", "活动将提供哪些服务？",
         "系列活动将提供哪些服务？"),
        # X replaces the stretch from its first word to its head
        ("美国累计新冠确诊病例有多少？", "", "累计死亡病例呢？", "美国累计死亡病例有多少？"),
        # …and where X has no head of its own, it takes the head of the stretch it replaces
        ("美国累计新冠确诊病例多少例？", "", "累计死亡呢？", "美国累计死亡病例多少例？"),
        ("美国累计新冠确诊病例是多少？", "", "累计死亡呢？", "美国累计死亡病例是多少？"),
        # a noun with nouns of its own is the question's topic, not an attribute of the last one
        ("天神之眼系统什么时候交付城市NOA？", "“天神之眼”系统预计在2024年第一季度交付城市NOA。新车可能具备超过1100匹马力的最大功率输出",
         "新车最大功率可能超过多少匹马力？", "新车最大功率可能超过多少匹马力？"),
    ],
)
def test_how_a_follow_up_is_read_in_the_words_of_the_last_turn(resolver, previous, passage, question, read_as):
    assert resolver.rewrite(question, [Turn(previous, None, "a1", passage)])[0] == read_as



def test_the_same_answer_as_asked_is_shown_as_asked():
    """Both readings found the same answer in the same article: nothing carried is shown."""
    from qa.chat.assistant import Assistant
    from qa.models import Answer, Citation

    def answer(asked_as, text, article, score):
        cite = [Citation(1, article, None, "s", None, None, None, None, text, (0, len(text)), (0, len(text)))] if text else []
        return Answer(question="尹锡悦的施政好评率是多少？", asked_as=asked_as, text=text, score=score, no_answer=text is None, citations=cite)

    follow = answer("去年尹锡悦的施政好评率是多少？", "38%", "a1", 0.99)
    as_asked = answer("尹锡悦的施政好评率是多少？", "38%", "a1", 0.97)
    assert Assistant._better_supported([follow, as_asked], complete=True) is as_asked
    assert Assistant._better_supported([follow, as_asked]) is follow  # a question incomplete on its own: as read
    assert Assistant._better_supported([follow, answer("尹锡悦的施政好评率是多少？", "38%", "a2", 0.97)], complete=True) is follow  # another article
    assert Assistant._better_supported([follow, answer("尹锡悦的施政好评率是多少？", "52.3%", "a1", 0.97)], complete=True) is follow
    assert Assistant._better_supported([follow, answer("尹锡悦的施政好评率是多少？", None, None, 0.1)], complete=True) is follow
    resolver = FollowUpResolver()
    assert resolver.names_entity("尹锡悦的施政好评率是多少？") and not resolver.names_entity("转交责任单位办理了多少件？")
    assert resolver.is_complete("尹锡悦的施政好评率是多少？") and not resolver.is_complete("转交责任单位办理了多少件？")


def test_a_turn_that_found_nothing_keeps_its_closest_passage():
    """What a follow-up goes on with: the passage cited, or for a "not found" turn the closest one."""
    from qa.chat.assistant import Assistant
    from qa.models import Answer, Article, Chunk, Hit

    article = Article(id="q1", text="目前没有地震造成人员伤亡的报告。", title="国际联播快讯")
    hit = Hit(Chunk(id="c1", article_id="q1", start=0, end=16, text=article.text), article, 0.8)
    missed = Answer(question="加州地震震级是多少？", text=None, score=0.1, no_answer=True, related=[hit])
    turn = Assistant.turn(missed)
    assert (turn.question, turn.answer_article_id, turn.context) == ("加州地震震级是多少？", None, article.text)
    # a turn that found its answer keeps the passage and what the article prints around it: the
    # next question may go on past the passage's cut ("设立卡点6个|；查处案件2起")
    from qa.models import Citation

    raid = Article(id="r1", text="此次行动出动警力200余人次；设立卡点6个；查处案件2起。", title="娄烦县公安局")
    cut = Chunk(id="c2", article_id="r1", start=0, end=raid.text.index("；查处"), text=raid.text[: raid.text.index("；查处")])
    at = raid.text.index("6个")
    found = Answer(question="设立了多少个卡点？", text="6个", score=0.98, no_answer=False, hits=[Hit(cut, raid, 0.9)],
                   citations=[Citation(1, "r1", "娄烦县公安局", "s", None, None, None, None, cut.text, (at, at + 2), (at, at + 2))])
    turn = Assistant.turn(found)
    assert turn.answer_article_id == "r1" and cut.text in turn.context and "查处案件2起" in turn.context


def test_a_demonstrative_noun_stands_for_a_topic_with_its_head_and_a_bare_topic_is_no_subject(resolver):
    from qa.chat.conversation_words import named_heads

    assert named_heads("这次会议") == ("会议", "会") and named_heads("它") == () and named_heads("此事") == ()
    work = Turn("审计工作要发挥什么作用？", "市委审计委员会第七次会议召开", "a1", "有效发挥审计“治已病、防未病”作用。")
    # "这次会议" is not 审计工作, the last subject: the headline's meeting is
    assert resolver.rewrite("谁主持了这次会议？", [work])[0] == "谁主持了市委审计委员会第七次会议？"
    project = Turn("西成铁路项目什么时候复工？", "铁路民航项目全面复工", "a2", "西成铁路项目已全面复工。")
    assert resolver.rewrite("这个项目投资多少？", [project])[0] == "西成铁路项目投资多少？"
    # a bare "会议" as the last subject is no topic to put before an attribute
    meeting = Turn("会议要求审计监督要做到什么？", "市委审计委员会第七次会议召开", "a1", "做到审计监督权无一遗漏、无一例外。审计工作")
    assert resolver.rewrite("审计工作要发挥什么作用？", [meeting])[0] == "审计工作要发挥什么作用？"


def test_what_points_back_and_the_noun_it_points_with(resolver):
    assert resolver.reference("为什么开展这次行动？") == ("这次行动", "行动")
    assert resolver.reference("这起事故造成几人死亡？") == ("这起事故", "事故")
    assert resolver.reference("该局在哪里？") == ("该局", "局")
    assert resolver.reference("他来中国参加什么活动？") == ("他", "")
    assert all(resolver.reference(q) is None for q in ("这是什么？", "此外还有什么？", "那西宁呢？", "如此做的原因是什么？"))


LOUFAN = Turn("娄烦县公安局设立了多少个卡点？", "太原娄烦县公安局：集中巡查宣防 守护夜间安全", "loufan",
              "此次行动出动警力200余人次、警车30余台次，发动组织群防群治力量300余人次；设立卡点6个")


def test_a_demonstrative_no_earlier_subject_names_reads_the_article_cited_last(resolver):
    """"这次行动" after questions whose subjects end in no 行动: the noun stays, and the article
    cited last is read (past a turn that found nothing), not a subject put in its place."""
    missed = Turn("重点清查哪些场所？")  # found nothing: no article, no passage
    first, *rest = resolver.readings("为什么开展这次行动？", [LOUFAN, missed])
    assert (first.text, first.preferred, first.definite) == ("为什么开展这次行动？", "loufan", True)
    assert rest and rest[0].text == "为什么开展这次行动？" and not rest[0].definite  # as asked, if that finds nothing
    # a subject that ends in the noun still stands for it
    meeting = Turn("市委审计委员会第七次会议审议了哪些文件？", "市委审计委员会召开第七次会议", "audit", "")
    assert resolver.readings("这次会议由谁主持？", [meeting])[0].text == "市委审计委员会第七次会议由谁主持？"


def test_a_question_in_the_passages_own_words_is_read_as_asked(resolver):
    """jieba finds no noun in "中新建交多少年？", but the passage cited last prints 中新建交 as it
    stands: the question names its own topic, and the last subject is not put before it."""
    met = Turn("韩正会见了哪些人？", "韩正分别会见斯洛伐克总理、新加坡副总理兼贸工部长", "hz", "会见颜金勇时，韩正表示，中新建交35年以来，始终平等相待")
    (reading,) = resolver.readings("中新建交多少年？", [met])
    assert (reading.text, reading.follow_up, reading.preferred) == ("中新建交多少年？", False, "hz")


def test_a_question_opening_with_its_verb_asks_about_the_last_subject(resolver):
    quake = Turn("加州地震震级是多少？", None, None, "美国加利福尼亚州北部海域5日发生里氏7.0级地震。目前没有地震造成人员伤亡的报告。")
    # the last turn found nothing: its closest passage; and not as asked, which any report of casualties answers
    (first,) = resolver.readings("有人员伤亡吗？", [quake])
    assert first.text == "加州地震震级有人员伤亡吗？" and first.follow_up
    # it has a subject of its own: as asked (the follow-up reading is shown only where it answers otherwise)
    assert resolver.is_complete("企业办税时间缩短到多少？")
    assert not any(resolver.is_complete(q) for q in ("增长了多少？", "这次会议审议了什么？", "有人员伤亡吗？"))


def test_a_measure_jieba_tags_as_a_name_is_an_attribute_of_the_last_topic(resolver):
    """jieba tags 贡献率 as a person's name and 同比 as an abbreviation: read so, "贡献率是多少？" named
    someone and stood alone, and was answered with another part's 贡献率 on the same page."""
    zone = Turn("前两个月西宁经济开发区规上工业增加值增速是多少？", "前两个月我市规上工业增加值增长9.0%", "a1",
                "1月—2月，西宁经济开发区规上工业增加值增速10.2%，对全市规上工业增加值增速的贡献率为85.7%。")
    assert not resolver.is_complete("贡献率是多少？") and not resolver.names_entity("贡献率是多少？")
    assert resolver.readings("贡献率是多少？", [zone])[0].text == "前两个月西宁经济开发区规上工业增加值贡献率是多少？"
    assert not resolver.is_complete("同比增长多少？") and resolver.is_complete("王卫东是谁？")


def test_what_kind_of_answer_a_question_word_asks_is_never_replaced(resolver):
    """"什么|时候": 时候 says a time is asked, it is no noun phrase a "那X呢" may stand for (the reading
    "西宁机场三期改扩建工程什么共和机场建成？" found a fragment at 0.92)."""
    last = Turn("西宁机场三期改扩建工程什么时候建成？", "铁路民航项目全面复工加快建设", "a1", "聚焦力争年底前建成西宁机场三期任务目标")
    assert "时候" not in resolver.noun_phrases(last.question)
    assert all("什么时候建成" in r.text for r in resolver.readings("共和机场呢？", [last]))


def test_a_report_named_after_a_turn_that_found_nothing_is_the_one_cited_before(resolver):
    """"这份通告" is the notice cited last; a yes/no turn in between that found nothing does not say what it is about."""
    cited = Turn("格尔木全员核酸检测几点开始？", "关于开展全员核酸检测的通告", "notice", "时间从上午8：30开始")
    missed = Turn("检测范围包括唐古拉山镇吗？", None, None, "")
    (reading,) = resolver.readings("这份通告是哪天发布的？", [cited, missed])
    assert reading.text == "格尔木开展全员核酸检测的通告是哪天发布的？" and reading.preferred == "notice"


def test_a_question_that_is_only_a_predicate_asks_about_the_last_topic(resolver):
    """"同比增长多少？" prints nothing but 同比增长, which every figure's report prints: it is read about the last
    subject (it was read as asked and answered with the other page's 10.3% at 0.90), while "中新建交多少年？"
    names its own topic in the passage's words and is read as asked."""
    sales = Turn("格尔木规模以上工业企业销售产值是多少？", "今年三季度全市工业经济保持两位数增长", "a1",
                 "三季度，规模以上工业企业实现销售产值601.2亿元，同比增长59.6％，产销率为92.7％。")
    assert resolver.readings("同比增长多少？", [sales])[0].text == "格尔木规模以上工业企业销售产值同比增长多少？"
    met = Turn("韩正会见了哪些人？", "韩正会见新加坡副总理", "a2", "韩正表示，中新建交35年以来，两国关系…")
    assert [r.text for r in resolver.readings("中新建交多少年？", [met])] == ["中新建交多少年？"]


def test_a_new_subject_takes_the_place_of_a_whole_series(resolver):
    """那高端制造业呢？ after a question about 江苏、浙江、广东三省 replaces the three, not only 江苏."""
    last = Turn("百强集群里江苏、浙江、广东三省占多少？", "全国百强！西宁锂电产业集群上榜", "a1")
    readings = [r.text for r in resolver.readings("那高端制造业呢？", [last])]
    assert readings[0] == "百强集群里高端制造业占多少？"


def test_a_new_time_replaces_now_and_now_is_never_carried(resolver):
    last = Turn("西宁现在动力及储能电池的年产能是多少？", "全国百强！西宁锂电产业集群上榜", "a1")
    assert resolver.readings("到十四五末呢？", [last])[0].text == "西宁到十四五末动力及储能电池的年产能是多少？"
    carried = resolver.rewrite("产销率是多少？", [last])[0]
    assert "现在" not in carried


def test_a_counting_word_jieba_cuts_apart_opens_a_subject_of_its_own(resolver):
    """在统的工业产品有多少种？ names its subject (在|统 is one word); it is not 钢材's."""
    last = Turn("1月—2月钢材产量是多少？", "前两个月我市规上工业增加值增长9.0%", "a1", "钢材15.9万吨，增长79.9%")
    assert resolver.subject("在统的工业产品有多少种？") == "在统的工业产品"
    assert resolver.rewrite("在统的工业产品有多少种？", [last])[0].endswith("在统的工业产品有多少种？")
    assert "钢材" not in resolver.rewrite("在统的工业产品有多少种？", [last])[0]


def test_this_notice_is_the_notice_the_cited_headline_names(resolver):
    title = "格尔木市新型冠状病毒感染的肺炎疫情防控处置工作指挥部关于开展全员核酸检测的通告"
    last = Turn("11月4日格尔木检测几点开始？", title, "a1")
    assert "开展全员核酸检测的通告是第几号" in resolver.rewrite("这份通告是第几号？", [last])[0]


def test_a_new_owner_takes_the_owners_place_and_a_reading_of_particles_only_is_never_offered(resolver):
    last = Turn("蓝科锂业的碳酸锂项目投产了吗？", "精准发力强链条 产业“四地”更高质", "a1")
    readings = [r.text for r in resolver.readings("那中信昆仑的呢？", [last])]
    assert readings[0] == "中信昆仑的碳酸锂项目投产了吗？"
    assert "中信昆仑了吗？" not in readings


def test_a_new_subject_that_holds_the_last_one_takes_its_place(resolver):
    last = Turn("3月25日热点问题有哪些？", "西宁市党建引领“有诉必应马上办”机制创新工作日报", "a1")
    assert resolver.readings("那格尔木的热点问题呢？", [last])[0].text == "3月25日格尔木的热点问题有哪些？"


def test_a_new_time_and_subject_put_the_time_in_and_the_subject_in_place(resolver):
    last = Turn("西宁已形成年产多少平方米锂电池隔膜的生产规模？", "全国百强！西宁锂电产业集群上榜", "a1")
    first = resolver.readings("到十四五末电池隔膜呢？", [last])[0].text
    assert first.startswith("到十四五末") and "电池隔膜" in first and "多少平方米到" not in first


def test_a_question_stated_where_the_last_topic_is_not_is_read_as_asked_first(resolver):
    """"为什么要争取国家支持？" after a 囊谦机场 question: the passage states 争取国家支持 in a sentence
    that never names 囊谦机场, so that sentence's subject is likelier than the last topic."""
    airport = Turn("囊谦机场选址试点进展如何？", "铁路民航项目全面复工加快建设", "rail",
                   "今年以来，我省积极争取国家支持，针对西成铁路项目建设周期长、投资大的特点，主动向国家有关部委汇报衔接。"
                   "另外，稳步推进囊谦机场选址试点工作。")
    first, second = resolver.readings("为什么要争取国家支持？", [airport])
    assert (first.text, first.follow_up, first.preferred, first.definite) == ("为什么要争取国家支持？", False, "rail", True)
    assert second.follow_up and "囊谦机场" in second.text
    # words printed with the topic: about the topic only
    assert [r.follow_up for r in resolver.readings("为什么要推进选址试点工作？", [airport])] == [True]
    stated = Turn("囊谦机场选址试点进展如何？", "铁路民航项目全面复工加快建设", "rail", "稳步推进囊谦机场选址试点工作，争取国家支持。")
    assert [r.follow_up for r in resolver.readings("为什么要争取国家支持？", [stated])] == [True]


def test_a_topic_jieba_finds_no_subject_in_is_taken_as_printed_or_from_an_earlier_turn(resolver):
    """"垒知上海科创园项目总投资多少？": jieba tags 垒知 as verbs, so the question has no subject; the start of
    it the passage prints as it stands is its topic, and "占地多少亩？" (a predicate only) asks about it. A turn
    whose question named none ("设立了多少个卡点？") passes on the topic of the turn before it about the same article."""
    park = Turn("垒知上海科创园项目总投资多少？", None, "park", "垒知上海科创园项目位于宝山高新区北部区域41-07地块，总用地面积45.6亩。项目总投资8.4亿元。")
    assert resolver.readings("占地多少亩？", [park])[0].text == "垒知上海科创园项目占地多少亩？"
    police = Turn("娄烦县公安局集中统一行动出动了多少警力？", None, "lf", "娄烦县公安局开展集中统一行动，出动警力200余人次，设立卡点6个。")
    checkpoints = Turn("设立了多少个卡点？", None, "lf", police.context)
    assert resolver.readings("查处了多少起案件？", [police, checkpoints])[0].text == "娄烦县公安局查处了多少起案件？"


def test_an_owner_cut_into_its_place_is_still_the_counterpart_replaced(resolver):
    """jieba cuts "格尔木市属工业企业" as 格尔木市|属: "那省属的呢？" still stands for 市属 (it was shown as
    `格尔木市省属属工业企业…`, the place narrowed, though the answer was right)."""
    share = Turn("格尔木市属工业企业增加值占全市规上工业增加值的比重是多少？", "今年三季度全市工业经济保持两位数增长", "a1", "")
    assert resolver.readings("那省属的呢？", [share])[0].text == "格尔木省属工业企业增加值占全市规上工业增加值的比重是多少？"


def test_an_amount_follow_up_takes_the_asked_amounts_place_and_keeps_the_whole_time(resolver):
    """那PM2.5平均浓度呢？ after a question on 优良天数比例: the amount asked changes; 今年1月 stays whole
    (it was 今年PM2.5平均浓度优良天数比例是多少？, with 1月 lost and the old amount left beside the new one)."""
    readings = resolver._substitutions("今年1月全国空气质量优良天数比例是多少？", "PM2.5平均浓度")
    assert readings[0] == "今年1月PM2.5平均浓度是多少？"
    assert resolver._keep_setting("今年1月全国空气质量优良天数比例是多少？", "农民合作社有多少个？")[0] == "今年1月农民合作社有多少个？"


def test_a_predicate_follow_up_keeps_the_question_word_and_its_noun(resolver):
    """那已经开工建设的呢？ after 哪些项目前期工作进展顺利？ asks which projects started building (it was read
    哪些已经开工建设工作进展顺利？ and found nothing); a noun follow-up is no predicate."""
    assert resolver._substitutions("哪些项目前期工作进展顺利？", "已经开工建设")[0] == "哪些项目已经开工建设？"
    assert resolver.with_predicate("哪些项目前期工作进展顺利？", "格尔木") is None
    assert resolver.with_predicate("格尔木签约金额是多少？", "已经开工建设") is None  # no 哪 + noun to keep


def test_news_follow_ups_switch_the_right_word(resolver):
    """From conversations about news items (2026-11-29): a station is part of its city's name, a place
    with its other parts is a place, an owner replaces the owner, and a person pronoun takes the person."""
    r = FollowUpResolver(known_places={"新罗区"})
    assert r.places("烟台南站为视力障碍旅客提供了什么服务？") == ["烟台南站"]
    harbin = r.readings("那哈尔滨呢？", [Turn("烟台南站为视力障碍旅客提供了什么服务？", "t", "a1")])[0]
    assert harbin.text == "哈尔滨为视力障碍旅客提供了什么服务？" and r.switched_from(harbin) == ["烟台南站"]
    assert r.switched_from(r.readings("哈尔滨为视力障碍旅客提供了什么服务？", [])[0]) == []  # asked as such
    assert r.is_place("龙岩市其他区") and not r.is_place("龙岩市委书记")
    assert r.readings("那龙岩市其他区呢？", [Turn("新罗区什么时候启动生态修复工程？", "t", "a1")])[0].text == "龙岩市其他区什么时候启动生态修复工程？"
    # "胡尔克是多少？" asks nothing of 胡尔克; "西宁市委书记是谁？" replaces the whole subject and stays
    texts = [x.text for x in r.readings("胡尔克的呢？", [Turn("奥斯卡的转会费是多少？", None, "a1")])]
    assert texts[0] == "胡尔克的转会费是多少？" and "胡尔克是多少？" not in texts
    assert "西宁市委书记是谁？" in [x.text for x in r.readings("那西宁市委书记呢？", [Turn("格尔木市委书记是谁？", None, "a1")])]
    (him,) = r.readings("他为切尔西打进多少球？", [Turn("胡尔克的转会费是多少？", None, "a1", "胡尔克曾创下的5580万欧元中超转会纪录")])
    assert him.text == "胡尔克为切尔西打进多少球？"


def test_the_parties_and_the_words_the_passage_printed_read_the_article_cited_last(resolver):
    talks = Turn("李强同谁会谈？", "李强同巴布亚新几内亚总理会谈", "talks", "双方要进一步扩大在基础设施等领域合作。")
    parties = resolver.readings("双方要在哪些领域扩大合作？", [talks])[0]  # as asked, in that article first
    assert (parties.text, parties.preferred, parties.definite) == ("双方要在哪些领域扩大合作？", "talks", True)
    case = Turn("邱某什么时候被刑事拘留？", None, "case", "7月30日，邱某被依法刑事拘留。警方提醒：对非法持有枪支弹药切勿抱有侥幸心理。")
    first = resolver.readings("警方提醒了什么？", [case])[0]
    assert (first.preferred, first.definite) == ("case", True)
    other = Turn("邱某什么时候被刑事拘留？", None, "case", "7月30日，邱某被依法刑事拘留。")
    assert not resolver.readings("警方提醒了什么？", [other])[0].definite  # a passage that printed none of it: only preferred


def test_an_answer_from_the_article_a_conversation_is_about_wins_a_near_tie():
    from qa.chat.passages import conversation_first, with_missing_words
    from qa.models import Article, Chunk, Hit, Span

    ours, other = Article(id="ours", title=None, text="x"), Article(id="other", title=None, text="y")
    hits = [Hit(Chunk("other", 0, 1, "y"), other, 0.96), Hit(Chunk("ours", 0, 1, "x"), ours, 0.88)]
    theirs, mine = Span(0, 1, "100.8万元", "neural", 0, score=0.97), Span(0, 1, "85.83万元", "neural", 1, score=0.90)
    assert conversation_first([theirs, mine], hits, "ours")[0] is mine
    assert conversation_first([theirs, mine], hits, None)[0] is theirs  # no conversation: the reader's order
    mine.score = 0.8
    assert conversation_first([theirs, mine], hits, "ours")[0] is theirs  # far less sure: the better answer stays first

    # the article a conversation is about reads its passage that prints what its own passages do not
    text = "清水源披露股东户数为3.36万户。\n主力资金净流出85.83万元。"
    chunks = [Chunk("ours", 0, 17, text[:17], index=0), Chunk("ours", 18, len(text), text[18:], index=1)]

    class Store:
        def chunks(self, article_id):
            return iter(chunks if article_id == "ours" else [])

    chosen = [Hit(chunks[0], ours, 0.88), Hit(Chunk("other", 0, 9, "主力资金净流出100.8万元"), other, 0.96)]
    assert with_missing_words(["主力资金", "净流出"], chosen, Store()) is None  # another article prints them
    assert with_missing_words(["主力资金", "净流出"], chosen, Store(), own_only=True).chunk.start == 18


def test_a_question_asked_as_it_stands_in_a_conversation_still_prefers_the_article_cited_last(resolver):
    readings = resolver.readings("主力资金净流出多少？", [Turn("清水源股东户数是多少？", None, "qsy", "清水源披露股东户数为3.36万户")])
    assert all(r.preferred == "qsy" for r in readings)
    assert resolver.readings("主力资金净流出多少？", [])[0].preferred is None


def test_a_subject_that_names_a_body_is_no_attribute_of_the_last_topic(resolver):
    last = Turn("2024年预计投产新线多少公里？", "2023年国家铁路客货运量均创历史新高", "rail",
                "2024年，国铁集团将高质量建成投产上海至苏州至湖州高铁等工程，预计全年投产新线1000公里以上。")
    texts = [x.text for x in resolver.readings("国铁集团将建成哪些高铁工程？", [last])]
    assert not any("投产新线国铁集团" in t for t in texts)  # was "2024年预计投产新线国铁集团将建成…"
    assert resolver._attribute_only("销售额多少？") and not resolver._attribute_only("国铁集团有多少员工？")
