"""The words a conversation's follow-ups are read by: pronouns and 那X呢 forms, times and places
(and the zones and scope words that are none), the question words, and the parts of speech that
make a subject (``followup.py``)."""

from __future__ import annotations

import re

from qa.read.question import NOW_WORDS

DEMONSTRATIVE = r"(?:这个|那个|这份|这篇|这条|这则|这项|这次|上述|该|此)"
PRONOUN = re.compile(DEMONSTRATIVE + r"(?:项目|工程|企业|公司|会议|活动|事|事件|地方|城市|文件|通告|公告|通知|"
                     r"报告|报道|新闻|消息|产业集群|产业|集群|行业|政策|方案)|它们|它|(?<![及与和])其(?![中他实次余])|他们|她们|此事|双方|两国(?![之间])"
                     r"|(?<![其吉利])[他她](?![们人乡国])")  # a person (not 其他, 他人, 他国)
PARTIES = ("双方", "两国")  # the parties of the talks reported last, as the report calls them
NEW_SUBJECT = re.compile(r"^(?:那么?|那|还有|再问一下|那么)?\s*(.{1,16}?)\s*(?:呢|怎么样|如何|的情况呢|情况如何)[？?。]?$")
TIME = re.compile(
    r"\d{1,2}月?\s*[—–\-－~至到]\s*\d{1,2}月|(?:\d{4}年)?\d{1,2}月(?:\d{1,2}[日号])?(?:[上下]午)?|\d{4}年|[前去今明]年|前?[一二三四]季度"
    r"|上半年|下半年|前[两三四五六七八九十]个月|[上下本]个?月|[上下本]周|昨天|今天|前天"
    r"|到?[“\"]?十[一二三四五六七八九]五[”\"]?(?:末|期间|时期)|年底|年末|年初|年内|" + "|".join(sorted(NOW_WORDS)))
# (NOW_WORDS: when a question is asked; a time to replace, never one to carry on)
# a time printed as what something is compared with is no time the conversation is about ("比上半年提高")
COMPARED = re.compile(r"(?:比|较|同|与|和|跟|相比)$")
# words that open a clause before its subject ("其中消防救援支队接收了多少件")
OPENERS = ("其中", "同时", "此外", "另外", "那么", "那", "还有")
PLACE_END = re.compile(r"(?:省|市|县|州|区|镇|乡|村)$")
# kinds of zone, not places: "经济开发区" is what a place has, its 开发区 names no place
ZONE = re.compile(r"^(?:经济|技术|高新)?(?:开发区|高新区|园区|景区|社区|小区|城区|辖区|片区|保税区|功能区|示范区|试验区|县区|市区|郊区|山区|牧区|新区|城市|地区|地方)$")
# nouns that go with a question word to say what kind of answer is asked ("哪些地方", "哪个部门"): no topic
ANSWER_KIND_NOUNS = ("地方", "地点", "位置", "时候", "时间", "日期", "部门", "单位", "方面", "地区", "内容", "原因", "办法", "方式", "措施")
SCOPE = re.compile(r"^(?:全国|全省|全市|全县|全州|全区|我省|我市|我县|我州|我区)$")
SUBJECT_TAGS = ("n", "nr", "nrt", "nrfg", "ns", "nt", "nz", "j", "eng", "m", "q", "mq", "vn", "an", "l", "i", "f", "s", "b")
QUESTION_WORDS = ("什么", "多少", "几", "哪", "谁", "怎么", "如何", "为何", "为什么", "是否", "有没有")
# words jieba mis-tags for reading a question's subject: a "name" ending in 率/额/量/值 is a measure
# ("贡献率" is tagged nr), and 同比/环比 say how a figure is compared, not what it is of
MEASURE_NAME = re.compile(r"[率额量值]$")
COMPARED_AS = ("同比", "环比")
MEASURE_NOUNS = ("增速",)  # a statistic jieba tags as a verb
# the last word of a topic that is what the last question asked of it ("青藏优品|销售额", "…增加值|增速")
ATTRIBUTE_END = re.compile(r"(?:额|量|率|值|数|价|速|幅|比重|规模|收入|利润|产值)$")
# question words that may open a question before its subject ("为什么|县区工业增速提高？")
ASKING_ADVERBS = ("为什么", "为何", "如何", "怎样", "怎么")
QUESTION_PREFIX = re.compile(r"^(?:哪[些个家位种项条所座]?|什么|多少|谁|怎么|如何|为何|为什么)")
CONTENT_TAGS = ("n", "nr", "ns", "nt", "nz", "vn", "j", "eng", "l", "i", "v")
# verbs that open what a report counts, a noun phrase ("新增|无症状感染者", "累计|确诊病例", "在建|项目")
COUNTED_AS = frozenset("新增 累计 现有 新发 新建 在建 在统 在册 新招募 新入规".split())
# the head of a body's or a programme's name: a verb before it is part of the name ("市委|审计|委员会",
# "应急|管理|局", "语言资源|保护|工程")
BODY_HEAD = re.compile(r"^(?:委员会|委|局|办公室|办|中心|小组|领导小组|指挥部|部|厅|处|站|所|院|会|公司|集团|工程|项目|计划|行动)$")
NAMED_BODY = re.compile(r"(?:集团|公司|银行|委|局|厅|部|院|大学|医院|协会|中心)$")  # a subject that ends so names a body
# a noun for an amount ("签约金额", "产销率", "销售额"): "X呢？" after a 多少 question asks X's figure
AMOUNT_NOUN = re.compile(r"(?:额|量|数|率|值|价|价格|价钱|费|费用|比重|比例|占比|增速|增幅|规模|面积|收入|利润|成本|续航|里程|票房|人次"
                         r"|浓度|温度|速度|高度|长度|深度)$")
# what marks a word jieba tags as a place as a verb: a modal or negation before it, an aspect mark
# after it ("要|加密", "加密|了"); not 将 and 被, which open a place as often ("将海南建成…")
MODALS = ("要", "会", "能", "已", "已经", "正在", "可以", "需要", "应", "应该", "不", "没有", "未")
ASPECT = ("了", "着", "过")

# a bare head noun and the short forms a name ends with for it ("会议" → 全国政协…务虚会, 院士大会)
# a demonstrative with a measure word (or none) before the noun it points with: 这次|行动, 这起|事故,
# 该|局, 此次|会议, 本届|论坛
POINTING = re.compile(r"(?:[这那][次场家起个份篇条则项部位座件批届轮些]|这|该|此次|此|本[次届轮场])")
POINTED_NOT = ("外", "时", "后", "前", "样", "么", "里", "儿", "边", "种", "是")  # 此外, 这样, 那么, 这里: no noun pointed at
# what a report is called: "这份通告" points at the article cited last, which is about the last question's subject
DOCUMENT_NOUNS = ("通告", "公告", "通知", "文件", "报告", "报道", "新闻", "消息", "文章", "稿件")
SHORT_HEADS = {"会议": ("会",), "比赛": ("赛",), "赛事": ("赛",), "展览": ("展",), "活动": ("节", "周", "月")}


def named_heads(pronoun: str) -> tuple[str, ...]:
    """The head forms a demonstrative with a noun stands for ("这次会议" → 会议, …会); () for a bare pronoun."""
    head = re.sub("^" + DEMONSTRATIVE, "", pronoun)
    return (head, *SHORT_HEADS.get(head, ())) if head != pronoun and head != "事" else ()
# what is left of a question that asks nothing of its own ("胡尔克|是多少？")
ASKS_ONLY = re.compile(r"^(?:是|有|为)?(?:多少|几|什么时候|什么|哪一?天|哪里|谁)$")
