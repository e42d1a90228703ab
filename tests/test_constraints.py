"""What a question names that its answer must be about (place, date, period, role, the subject of
a 那X呢 follow-up), checked against the cited article and the answer's sentence."""

from __future__ import annotations

from qa.chat.constraints import Constraint, constraints_of, reason, unmet
from qa.chat.followup import FollowUpResolver
from qa.models import Article

RESOLVER = FollowUpResolver(known_places={"格尔木", "西宁"})
GOLMUD = Article(text="记者从统计部门了解到，今年三季度，我市77家规模以上工业企业增加值同比增长17.4％。",
                 title="今年三季度全市工业经济保持两位数增长", city="格尔木")
XINING = Article(text="1月—2月，全市工业经济保持平稳增长，规上工业增加值同比增长9.0%。", title="前两个月我市规上工业增加值增长9.0%",
                 city="西宁")


def named(question):
    return {(c.kind, c.text) for c in constraints_of(question, RESOLVER.named_places)}


def test_what_a_question_names():
    assert named("西宁三季度规上工业增加值增长了多少？") == {("place", "西宁"), ("period", "三季度")}
    assert named("3月26日12345热线直接办理了多少件诉求？") == {("date", "3月26日")}
    assert named("格尔木市的市长是谁？") == {("place", "格尔木市"), ("role", "市长")}
    assert named("1月—2月全市规上工业增加值增速是多少？") == {("period", "1月—2月"), ("whole", "全市")}  # 全市 is a scope, no place
    assert named("文某今年几月被借调到镇政府工作？") == set()  # a suffix alone names no place


def check(question, article, start=None, end=None):
    passage = article.text
    start = passage.index("17.4") if start is None and "17.4" in passage else (start or 0)
    return unmet(constraints_of(question, RESOLVER.named_places), article, passage, start, end or start + 4)


def test_a_place_or_period_the_article_does_not_print_is_unmet():
    assert check("格尔木三季度规上工业增加值增长了多少？", GOLMUD) == []  # 我市 + the article's city
    assert [c.text for c in check("西宁三季度规上工业增加值增长了多少？", GOLMUD)] == ["西宁"]
    assert [c.text for c in check("西宁三季度规上工业增加值增长了多少？", XINING, 20, 24)] == ["三季度"]
    assert check("西宁前两个月规上工业增加值增长了多少？", XINING, 20, 24) == []  # 前两个月 is printed 1月—2月


def test_a_date_must_be_printed_or_be_the_articles_date():
    report = Article(text="3月25日，12345政务服务便民热线直接办理358件。", title="日报", city="西宁")
    assert check("3月25日12345热线直接办理了多少件？", report, 21, 25) == []
    assert [c.text for c in check("3月26日12345热线直接办理了多少件？", report, 21, 25)] == ["3月26日"]
    dated = Article(text="当日直接办理358件。", date="2024-03-26")
    assert check("3月26日直接办理了多少件？", dated, 6, 10) == []


def test_a_role_must_be_the_role_itself():
    text = "市委副书记、副市长严仕吉参加。"
    article = Article(text=text, city="格尔木")
    missing = unmet([Constraint("role", "市长")], article, text, text.index("严仕吉"), text.index("严仕吉") + 3)
    assert [c.text for c in missing] == ["市长"] and "市长" in reason(missing, article)
    assert unmet([Constraint("role", "副市长")], article, text, 9, 12) == []


def test_a_role_keeps_the_body_it_serves():
    """市委副书记 is not met by 州委副书记 printed beside 市委书记."""
    assert [c.text for c in constraints_of("市委副书记是谁？", lambda q: [])] == ["市委副书记"]
    text = "会议传达学习了州委副书记、市委书记汪山泉的讲话精神。"
    article = Article(text=text)
    at = text.index("汪山泉")
    assert [c.text for c in unmet([Constraint("role", "市委副书记")], article, text, at, at + 3)] == ["市委副书记"]
    assert unmet([Constraint("role", "市委书记")], article, text, at, at + 3) == []


def test_the_subject_of_a_follow_up_must_be_in_the_answers_sentence():
    text = "本次行动发动保洁员8人，党员15人，青年志愿者10人。"
    article = Article(text=text)
    asked = [Constraint("mention", "青年志愿者")]
    assert unmet(asked, article, text, text.index("10人"), text.index("10人") + 3, RESOLVER.mention_words) == []
    assert unmet(asked, article, text, text.index("15人"), text.index("15人") + 3, RESOLVER.mention_words) == asked  # 党员's figure
    secretary = "市委书记、市委审计委员会主任王卫东主持召开会议。"  # the place is checked on the article, not here
    assert unmet([Constraint("mention", "西宁市委书记")], Article(text=secretary, city="西宁"), secretary, 15, 18,
                 RESOLVER.mention_words) == []
    assert "西宁" in reason([Constraint("place", "西宁")], GOLMUD) and "格尔木" in reason([Constraint("place", "西宁")], GOLMUD)


def test_a_year_alone_must_be_printed_or_be_the_articles_year():
    named = constraints_of("2024年大中城市联合招聘高校毕业生秋季专场活动在哪里启动？", RESOLVER.named_places)
    assert Constraint("date", "2024年") in named
    asked = [Constraint("date", "2024年")]
    last_year = Article(text="今天，人社部启动2023年大中城市联合招聘高校毕业生秋季专场活动。", date="2023-09-22")
    this_year = Article(text="今天，人社部在河北石家庄启动大中城市联合招聘高校毕业生秋季专场活动。", date="2024-09-12")
    printed = Article(text="2024年大中城市联合招聘高校毕业生秋季专场活动在石家庄启动。")  # undated, prints the year
    assert unmet(asked, last_year, last_year.text, 0, 3) == asked
    assert unmet(asked, this_year, this_year.text, 0, 3) == []
    assert unmet(asked, printed, printed.text, 0, 3) == []


def test_the_reason_says_each_unmet_constraint_once():
    said = reason([Constraint("mention", "囊谦机场")], XINING)
    assert said.count("囊谦机场") == 1 and "答案所在的句子里没有“囊谦机场”" in said


def test_a_named_event_must_be_one_the_article_names():
    """王卫东 presided over 市委审计委员会第七次会议, not over 巡察工作动员部署会: a page that never says
    巡察 does not answer who presided over that; "这次会议" names no event."""
    audit = Article(text="3月26日上午，市委书记王卫东主持召开市委审计委员会第七次会议，研究部署下一步工作。",
                    title="市委审计委员会第七次会议召开", city="西宁")
    at = audit.text.index("王卫东")
    asked = constraints_of("巡察工作动员部署会由谁主持？", RESOLVER.named_places)
    assert asked == [Constraint("event", "巡察工作动员部署会")]
    assert unmet(asked, audit, audit.text, at, at + 3, RESOLVER.mention_words) == asked
    assert "没有提到“巡察工作动员部署会”" in reason(asked, audit)
    own = constraints_of("审计委员会第七次会议由谁主持？", RESOLVER.named_places)
    assert unmet(own, audit, audit.text, at, at + 3, RESOLVER.mention_words) == []
    assert named("这次会议由谁主持？") == set() and named("会议由谁主持？") == set()


def test_the_act_a_who_question_asks_about_must_be_said_of_the_answer():
    """"由谁主持" is not answered by 王宏 of "王宏参加会议": he attended; "谁参加了" is."""
    meeting = Article(text="11月2日，十四届市委第三轮巡察工作动员部署会召开。市委常委王宏参加会议。", title="巡察工作动员部署会召开")
    at = meeting.text.index("王宏")
    chaired = constraints_of("巡察工作动员部署会由谁主持？", RESOLVER.named_places, RESOLVER.asked_act)
    assert Constraint("act", "主持") in chaired
    assert unmet(chaired, meeting, meeting.text, at, at + 2, RESOLVER.mention_words) == [Constraint("act", "主持")]
    assert "答案所在的句子里没有“主持”" in reason([Constraint("act", "主持")], meeting)
    attended = constraints_of("谁参加了巡察工作动员部署会？", RESOLVER.named_places, RESOLVER.asked_act)
    assert unmet(attended, meeting, meeting.text, at, at + 2, RESOLVER.mention_words) == []
    assert RESOLVER.asked_act("格尔木市的市长是谁？") == []  # a role, checked as a role


def test_a_plan_period_and_a_superlative_must_be_said_in_the_answers_sentence():
    """到十四五末 asks the plan's figure, not today's beside it; 最快 asks for a sentence that ranks."""
    plans = Article(text="目前，西宁已形成年产32.5GWh动力及储能电池。到“十四五”末，西宁将形成年产各类电池50吉瓦时。", title="西宁锂电", city="西宁")
    question = "西宁到十四五末动力及储能电池的年产能是多少？"
    assert ("plan", "十四五末") in named(question)
    today, planned = plans.text.index("32.5GWh"), plans.text.index("50吉瓦时")
    assert [c.text for c in unmet(constraints_of(question, RESOLVER.named_places), plans, plans.text, today, today + 7)] == ["十四五末"]
    assert unmet(constraints_of(question, RESOLVER.named_places), plans, plans.text, planned, planned + 6) == []
    listed = Article(text="其中：单晶硅3.6万吨，增长69.0%；钢材15.9万吨，增长79.9%。化工行业增速最快，增长35.3%。", title="工业", city="西宁")
    fastest = "哪个行业增长最快？"
    at = listed.text.index("钢材")
    assert [c.kind for c in unmet(constraints_of(fastest, RESOLVER.named_places), listed, listed.text, at, at + 2)] == ["superlative"]
    at = listed.text.index("化工行业")
    assert unmet(constraints_of(fastest, RESOLVER.named_places), listed, listed.text, at, at + 4) == []


def test_the_owner_the_whole_and_a_share_are_said_of_the_answer():
    """省属 is not 市属, 全市 is not 全州, and a share is not the growth printed beside it: a page
    prints them side by side ("占全州…比重为62.6％" … "省属…增长42.2％，占全市…47％；市属…")."""
    page = Article(text="我市77家规模以上工业企业增加值同比增长17.4％，占全州规模以上工业企业增加值的比重为62.6％。"
                        "省属工业企业实现增加值同比增长42.2％，占全市规模以上工业增加值47％；"
                        "市属工业企业同比增长17.4％，占全市规模以上工业增加值的37.6％。", title="今年三季度全市工业经济", city="格尔木")
    text = page.text

    def missing(question, figure, after=""):
        at = text.index(figure, text.index(after))
        return [(c.kind, c.text) for c in unmet(constraints_of(question, RESOLVER.named_places), page, text, at, at + len(figure))]

    share = "格尔木省属工业企业增加值占全市规上工业增加值的比重是多少？"
    assert missing(share, "62.6％") == [("owner", "省属"), ("whole", "全市")]  # all the city's share of 全州
    assert missing(share, "42.2％") == [("share", "占全市规上工业增加值的比重")]  # a growth rate
    assert missing(share, "37.6％") == [("owner", "省属")]  # 市属's share
    assert missing(share, "47％") == []
    assert missing("格尔木规上工业增加值占全州的比重是多少？", "62.6％") == []
    assert missing("市属工业企业增加值增长了多少？", "17.4％", after="市属") == []  # the 市属 clause
    assert missing("市属工业企业增加值增长了多少？", "42.2％") == [("owner", "市属")]
    assert missing("格尔木规上工业增加值增长了多少？", "17.4％") == []  # no owner, whole or share asked
    assert "答案所在的句子里没有“全市”" in reason([Constraint("whole", "全市")], page)
    assert named("垒知上海科创园项目占地多少亩？") == {("place", "上海")}  # 占地: an area, no share


def test_a_switched_place_is_not_answered_by_a_sentence_about_the_old_one():
    digest = Article(text="在福州火车站，提示小纸条写着旅客最着急的问题。烟台南站为视力障碍旅客开通免费送站预约电话。哈尔滨推出对重点旅客的预约服务。",
                     title="春运客流持续增长 温暖服务保出行")
    harbin = constraints_of("哈尔滨为视力障碍旅客提供了什么服务？", RESOLVER.named_places)
    text = digest.text
    at = text.index("免费送站")  # the 烟台南站 sentence of an article that prints 哈尔滨 elsewhere
    assert unmet(harbin, digest, text, at, at + 8) == []  # asked alone, the article names the place
    (missing,) = unmet(harbin, digest, text, at, at + 8, replaced=["烟台南站"])  # after "那哈尔滨呢？"
    assert (missing.kind, missing.text) == ("mention", "哈尔滨") and "答案所在的句子里没有“哈尔滨”" in reason([missing], digest)
    at = text.index("预约服务")
    assert unmet(harbin, digest, text, at, at + 4, replaced=["烟台南站"]) == []
    # a sentence that names neither is the article's, and the place it names is met
    at = GOLMUD.text.index("17.4")
    assert unmet(constraints_of("格尔木三季度规上工业增加值增长了多少？", RESOLVER.named_places), GOLMUD, GOLMUD.text, at, at + 5,
                 replaced=["西宁"]) == []
