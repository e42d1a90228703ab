"""The fine-tuned span reader: spans are exact slices of the passage, long passages are read in
windows without losing offsets, traditional characters keep their offsets, and the assistant
says "not found" for a question the bulletins cannot answer."""

from __future__ import annotations

import numpy as np
import pytest

from qa.read.span_model import WEIGHTS_FILE

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def reader(e5):
    if not WEIGHTS_FILE.exists():
        pytest.fail(f"{WEIGHTS_FILE.name} is missing: it ships with the package (train it with training/train_span_reader.py)")
    from qa.read.neural import NeuralReader

    return NeuralReader()


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
    from qa.chat.assistant import Assistant
    from qa.search import Retriever

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


def test_every_printed_date_is_a_candidate_for_a_date_question(reader):
    passage = "经指挥部研究决定，2022年11月4日在主城区开展全员核酸检测，时间从上午8：30开始。\n指挥部\n2022年11月3日"
    spans = reader.candidates("全员核酸检测在哪一天开展？", [passage])
    texts = {s.text for s in spans}
    assert {"2022年11月4日", "2022年11月3日"} <= texts
    assert all(passage[s.start : s.end] == s.text for s in spans)


def test_a_clock_time_does_not_answer_a_question_about_the_day(reader):
    # pages extracted from PDF keep spaces inside dates: "2022 年 11月 4 日"
    passage = "经指挥部研究决定，2022 年 11月 4 日在主城区开展全员核酸检测，时间从上午8：30开始。"
    day = {s.text for s in reader.candidates("全员核酸检测在哪一天开展？", [passage])}
    assert "2022 年 11月 4 日" in day
    assert not any(("8：30" in t or t == "8") and "日" not in t for t in day)
    assert not {"2022 年", "2022 年 11月"} & day  # a year or a month is not a day
    # a 什么时候 question may be answered by the time of day
    when = {s.text for s in reader.candidates("全员核酸检测什么时候开始？", [passage])}
    assert any(t.endswith("8：30") for t in when)


def test_a_telephone_question_is_answered_with_the_number_to_dial(reader):
    from qa.text.patterns import CODE_RE

    assert [m.group() for m in CODE_RE.finditer("咨询电话：0971-6123456，受理41.3万件，邮编810000。")] == ["0971-6123456", "810000"]
    passage = "7月，中央网信办举报中心受理网民举报41.3万件，同比增长2.1%。举报电话12377，举报网站www.12377.cn。"
    spans = reader.read("中央网信办举报中心的举报电话是多少？", [passage], top=3)
    assert spans and spans[0].text == "12377"
    assert all(CODE_RE.search(s.text) for s in spans)


def test_the_counted_noun_does_not_pull_the_answer_to_the_number_printed_after_it(reader):
    passage = "3月25日，12345热线接听群众来电诉求801件次，网民留言85件，直接办理358件，转交责任单位办理443件。"
    spans = reader.read("3月25日12345热线直接办理了多少件诉求？", [passage], top=3)
    assert spans[0].text == "358件"


def test_named_spans_are_scored_even_when_they_are_the_models_own_best(reader):
    passage = "全县今年新建农村公路137公里，总投资2.6亿元。"
    start = passage.index("137")
    guesses = reader.model.guesses("全县今年新建农村公路多少公里？", [passage], top=0, extra=[[(start, start + 5)]])
    assert [(g.start, g.end) for g in guesses] == [(start, start + 5)]


def test_gpu_training_bundle_holds_the_bundled_encoder(tmp_path, e5_torch):
    """training/train_span_reader_gpu.py rebuilds the encoder from the packed Q4 layers and the
    used embeddings alone: it must compute what the bundled model computes."""
    import gzip
    import json

    import torch
    from conftest import needs_shared
    from transformers import AutoModel

    needs_shared("eval/drcd_dev.json")
    from training import train_span_reader_gpu as gpu

    gpu.pack(tmp_path)
    encoder, meta = gpu.load_encoder_from_bundle(tmp_path)
    with gzip.open(tmp_path / "data.json.gz", "rt", encoding="utf-8") as f:
        window = json.load(f)["xquad_held"]["windows"][0]
    vocab = np.load(tmp_path / "encoder.npz")["vocab"]
    e5_torch.encode_queries(["预热"])  # materialises the bundled model
    reference = AutoModel.from_pretrained(e5_torch.model_path, add_pooling_layer=False).eval()
    with torch.inference_mode():
        ours = encoder.eval()(input_ids=torch.tensor([window["ids"]])).last_hidden_state
        theirs = reference(input_ids=torch.tensor([vocab[window["ids"]].tolist()])).last_hidden_state
    assert float((ours - theirs).abs().max()) < 1e-2  # fp16 embeddings in the bundle
    assert meta["span_reader"]["max_length"] == 256 and window["ctx"][0] > 1


def test_the_clause_that_restates_the_question_is_marked(reader):
    from qa.read.features import context
    from qa.read.question import QuestionAnalyzer

    q = QuestionAnalyzer().analyze("市民服务热线接收噪声投诉多少件？")
    text = "当天共收到噪声投诉40件，其中市民服务热线接收投诉25件、环保局接收投诉15件。"
    focus = ["市民", "服务", "热线", "接收", "噪声", "投诉"]
    hotline = context(q, text, text.index("25件"), text.index("25件") + 3, focus)
    total = context(q, text, text.index("40件"), text.index("40件") + 3, focus)
    assert hotline["clause_words"] > total["clause_words"]
    spans = reader.candidates("市民服务热线接收噪声投诉多少件？", [text])
    best = [s.text for s in spans if s.features["clause_best"] == 1.0]
    assert best == ["25件"]  # and no bare measure word ("件") is a candidate


def test_latin_letters_match_whatever_their_case(reader):
    # the question is lowercased when analysed: the passage's capitals must still match it
    spans = reader.candidates("ABC PRO手机的售价是多少？", ["XYZ手机售价为5999元。ABC PRO手机售价为8999元。"])
    pro = next(s for s in spans if s.text == "8999元")
    plain = next(s for s in spans if s.text == "5999元")
    assert pro.features["near"] > plain.features["near"]


def test_words_only_one_clause_prints_mark_it(reader):
    from qa.models import Span
    from qa.read.features import distinct_clause_words

    text = "当天共收到噪声投诉40件，其中市民服务热线接收投诉25件、环保局接收投诉15件。"
    question = "市民服务热线接收噪声投诉多少件？"
    # the part the question names is its answer: the total and the other part are other things' figures
    assert [s.text for s in reader.candidates(question, [text])] == ["25件"]
    spans = [Span(text.index(f), text.index(f) + len(f), f, "neural", 0, features={"clause_words": 0.0}) for f in ("40件", "25件", "15件")]
    distinct_clause_words(spans, [text], reader._reading(question).focus)
    total, part, other = (s.features["clause_distinct"] for s in spans)
    assert part > total and part > other




def test_report_structure_decides_the_answer(reader):
    """A list stated before its count, a comparison's base, and a verb printed in other words."""
    clusters = "近年来，西宁精准有力推进“一个创新基地、三个中心城市”建设，打造光伏制造、锂电储能、特色化工和合金新材料三大产业集群。"
    listed = reader.read("西宁要打造哪三大产业集群？", [clusters], top=1)[0]
    assert listed.text == "光伏制造、锂电储能、特色化工和合金新材料" and listed.score >= 0.5
    golmud = ("今年三季度，我市77家规模以上工业企业增加值同比增长17.4％，较上半年提高4.9个百分点，"
              "占全州规模以上工业企业增加值的比重为62.6％。")
    assert reader.read("规模以上工业企业增加值比上半年提高了多少？", [golmud], top=1)[0].text == "4.9个百分点"
    ranked = "西宁锂电产业集群，跻身全国百强产业集群！"
    said = reader.read("西宁锂电产业集群进入全国百强产业集群了吗？", [ranked], top=1)[0]
    assert said.kind == "是" and "跻身" in said.text


def test_a_yes_no_question_reads_its_subject_in_the_headline_too(reader):
    passage = "目前，西成铁路项目、西宁机场三期改扩建工程已全面复工，全力推进建设。"
    asked = "铁路民航项目复工了吗？"
    alone = reader.read(asked, [passage], top=1)[0]
    headed = reader.read(asked, [passage], top=1, headlines=["铁路民航项目全面复工加快建设"])[0]
    assert alone.score < 0.5 <= headed.score  # 民航 is printed in the headline only
    assert headed.kind == "是" and "复工" in headed.text
    # the verb asked about must still be printed in the sentence, not only in the headline
    stopped = reader.read("铁路民航项目停工了吗？", [passage], top=1, headlines=["铁路民航项目停工"])[0]
    assert stopped.score < 0.5


def test_a_why_question_is_answered_by_the_purpose_printed_after_what_it_asks(reader):
    """"…设立十条重点产业链…，为精准引进实施一批产业链项目提供有效抓手": the purpose clause after the
    clauses that state the question answers 为什么, before the clauses printed ahead of them."""
    page = ("今年，我市结合产业发展实际，制定《格尔木市产业链长建设年专项行动实施方案》，强化组织保障，设立十条重点产业链、"
            "绘制“产业链谱系图”，明确链条发展目标、主要任务、项目谋划等内容，为精准引进实施一批产业链项目提供有效抓手。")
    top = reader.read("格尔木为什么要设立十条重点产业链？", [page], top=1)[0]
    assert top.text == "为精准引进实施一批产业链项目提供有效抓手" and top.score >= 0.5


def test_a_why_question_is_answered_by_the_circumstances_printed_before_what_it_asks(reader):
    """"在市委、市政府的坚强领导下，各项…政策的持续推动下，1月—2月，全市工业经济保持平稳增长": all the
    circumstances before the statement the question restates (past its dating clause) answer 为什么;
    前两个月 is a period the page prints as 1月—2月, not a word it must print."""
    page = ("本报讯（记者 张弘靓）记者从市统计局及市工业和信息化局获悉，在市委、市政府的坚强领导下，各项惠企、助企政策的"
            "持续推动下，1月—2月，全市工业经济保持平稳增长，规上工业增加值同比增长9.0%。")
    top = reader.read("前两个月全市工业为什么保持平稳增长？", [page], top=1)[0]
    assert top.text == "在市委、市政府的坚强领导下，各项惠企、助企政策的持续推动下" and top.score >= 0.8
    # circumstances before a statement the question does not restate answer nothing
    other = reader.read("前两个月全市工业为什么出现下滑？", [page], top=1)
    assert not other or other[0].score < 0.5


def test_a_why_question_is_answered_by_the_basis_printed_next_to_what_it_asks(reader):
    """"针对…的特点，" / "鉴于…，": the basis an act is taken on answers 为什么, after the clause that states
    the act or before it; a basis that names the question's subject is still the reason, not part of
    the statement (it was read with the clause before it: "我市积极争取上级资金，针对…")."""
    page = "今年以来，我市积极争取上级资金，针对城北污水处理厂建设投资大、工期长的特点，主动对接省级部门，全力争取专项债券支持，减轻财政压力。"
    assert reader.read("城北污水处理厂为什么要争取上级资金？", [page], top=1)[0].text == "针对城北污水处理厂建设投资大、工期长的特点"
    school = "入冬以来，县教育局加强校园安全管理，针对寄宿制学校学生多、用电设备集中的情况，组织消防人员逐校检查，整改隐患37处。"
    assert reader.read("寄宿制学校为什么要加强校园安全管理？", [school], top=1)[0].text == "针对寄宿制学校学生多、用电设备集中的情况"
    notice = "据气象部门预测，本周全省将有强降雨。鉴于近期降雨偏多、河流水位上涨，市防汛办要求各地加强堤防巡查，及时转移危险区域群众。"
    assert reader.read("市防汛办为什么要求各地加强堤防巡查？", [notice], top=1)[0].text == "鉴于近期降雨偏多、河流水位上涨"
    assert reader.read("整改隐患多少处？", [school], top=1)[0].text == "37处"  # other kinds of question: untouched


def test_a_how_question_is_answered_by_the_clause_before_the_one_that_restates_it(reader):
    """"…，以刀刃向内的自我革命精神，真抓严管、敢抓敢管，|持续提升审计干部队伍…能力素质|，推动…发展": the clause
    printed right before the restated one is the means (with its 以… clause, another candidate); the result
    after it is not (the model liked 推动审计工作高质量发展 best)."""
    from qa.read.question import QuestionAnalyzer
    from qa.read.reasons import means_spans
    from qa.read.statements import Asked

    page = ("要始终站在中心大局的政治高度，进一步增强做好审计工作的警觉性和敏锐性，扛牢审计工作责任，采取务实举措，系统统筹推进，"
            "切实把“时时放心不下”的责任意识转化为“事事心中有底”的行动效果。要坚持和加强党的全面领导，按照省委“干部要干、思路要清、"
            "律己要严”要求，认清形势、提高认识，深入推进全面从严治党、从严治吏，以刀刃向内的自我革命精神，真抓严管、敢抓敢管，"
            "持续提升审计干部队伍思想作风和能力素质，推动审计工作高质量发展。")
    assert reader.read("审计干部要怎样提升能力素质？", [page], top=1)[0].text == "真抓严管、敢抓敢管"
    asked = Asked(QuestionAnalyzer().analyze("怎样提升能力素质？"), ["提升", "能力", "素质"], [], [])
    found = [page[a:b] for a, b in means_spans(asked, [page])[0]]
    assert found == ["真抓严管、敢抓敢管", "以刀刃向内的自我革命精神，真抓严管、敢抓敢管"]


def test_a_why_answer_no_word_marks_as_a_cause_is_less_sure(reader):
    """"目前，…已全面复工" prints most of "为什么要加快西宁机场三期建设？" but says no cause: it keeps 0.9 of its
    coverage and falls below the answer line (0.54 before); the same clause still answers a yes/no question."""
    page = ("今年以来，我省加快铁路民航项目建设。目前，西成铁路项目、西宁机场三期改扩建工程已全面复工，全力推进建设。"
            "聚焦力争年底前建成西宁机场三期任务目标，多频次对接协调相关单位。")
    assert reader.read("为什么要加快西宁机场三期建设？", [page], top=1)[0].score < 0.5
    assert reader.read("西宁机场三期改扩建工程复工了吗？", [page], top=1)[0].score >= 0.8
    notice = "为进一步巩固疫情防控成果，经研究决定，2022年11月4日在格尔木市主城区开展全员核酸检测。"
    assert reader.read("格尔木为什么要开展全员核酸检测？", [notice], top=1)[0].score >= 0.8  # 为…: a purpose


def test_the_numbered_list_under_the_heading_a_which_question_names_answers_it(reader):
    """"3月25日热点问题有哪些？": the lines under "热点问题：" (they were "not found" at 0.37)."""
    report = ("3月25日，12345政务服务便民热线接听群众来电诉求801件次，直接办理358件。热点问题：\n1.物业服务68件，无集中反映地址，"
              "已及时联系相应县区政府核实处理。\n2.噪音问题36件，无集中反映问题，已及时联系相应县区政府核实处理。\n3.交通秩序33件，无集中反映问题。")
    top = reader.read("3月25日热点问题有哪些？", [report], top=1)[0]
    assert top.text.startswith("1.物业服务68件") and "2.噪音问题36件" in top.text and top.score >= 0.8


def test_what_was_required_is_the_directive_a_speech_goes_on_to(reader):
    """"并指出，<a remark>，要继续…": asked what was required, the directive to the end of its sentence,
    not the remark the speech opens with (which still answers what was said)."""
    from qa.read.question import QuestionAnalyzer
    from qa.read.statements import said_spans

    page = ("在市图书馆，王强对全民阅读推广工作表示肯定，并指出，公共图书馆建设体现城市文化品位、服务群众精神需求的形象，"
            "要继续扩大服务覆盖面，完善数字阅读平台，通过馆际互借、流动书车等方式，持续推动优质资源下沉基层，打造“有温度、有书香”的阅读环境。")
    directive = page[page.index("要继续") : page.index("。")]
    analyze = QuestionAnalyzer().analyze
    assert said_spans(analyze("王强对图书馆建设提出了什么要求？"), [page]) == [[(page.index("要继续"), page.index("。"))]]
    assert said_spans(analyze("王强指出了什么？"), [page]) is None  # not a question about what was required
    assert reader.read("王强对图书馆建设提出了什么要求？", [page], top=1)[0].text == directive
    assert reader.read("王强指出了什么？", [page], top=1)[0].text.startswith("公共图书馆建设体现")


def test_what_a_noun_question_asks_is_the_slot_its_clause_prints_before_the_noun(reader):
    """"要发挥审计什么作用" → the words between 审计 and 作用 (quotes left out), not the clause or the
    sentence a speech verb opens; a clause that prints no such slot stays a clause answer."""
    page = ("会议强调，要始终坚持问题导向，增强责任意识，切实把审计突出问题查找出来，层层压实责任，"
            "有效发挥审计“治已病、防未病”作用。要坚持力度服从效果，突出结果导向。")
    for question in ("会议强调要发挥审计什么作用？", "要发挥审计什么作用？"):
        top = reader.read(question, [page], top=1)[0]
        assert top.text == "治已病、防未病" and top.score >= 0.8, question
    from qa.read.question import QuestionAnalyzer
    from qa.read.snapping import slot_before_noun

    asked = QuestionAnalyzer().analyze("要发挥审计什么作用？")
    assert slot_before_noun(asked, "审计，发挥作用", 0, 7) is None  # nothing between them


def test_a_yes_no_question_reads_its_subject_elsewhere_in_the_paragraph(reader):
    """A news paragraph is about one event: the place a yes/no question names may be printed in
    another of its sentences; the sentence that answers must still print what is asked (人员伤亡)."""
    item = ("美国加利福尼亚州北部海域5日发生里氏7.0级地震，震源深度为0.6公里。目前没有地震造成人员伤亡的报告。"
            "受地震影响，加州部分地区用电中断。")
    top = reader.read("加州地震有人员伤亡吗？", [item], top=2, headlines=[""])
    assert top[0].text == "目前没有地震造成人员伤亡的报告" and top[0].kind == "否" and top[0].score >= 0.5
    assert all("用电中断" not in s.text or s.score < 0.5 for s in top)


def test_a_yes_no_answer_is_the_clause_that_states_it_and_a_why_answer_says_more(reader):
    """Of the clauses of one sentence, a yes/no answer shows the one that prints the question;
    a why answer is never a clause made of the question's own words, nor the dateline."""
    sentence = "制定产业链招商工作方案，市级主要领导亲自带队赴重点地区、企业开展产业链招商活动，招引了一批重点产业关键节点项目。"
    said = reader.read("市级主要领导有没有亲自带队招商？", [sentence], top=1)[0]
    assert said.kind == "是" and said.text.startswith("市级主要领导亲自带队")
    lead = "本报讯（记者 樊娅楠）西宁锂电产业集群，跻身全国百强产业集群！近日，报告发布，西宁锂电产业集群榜上有名。"
    why = reader.read("西宁锂电产业集群为什么能跻身全国百强？", [lead], top=3)
    assert all("记者" not in s.text and s.text != "西宁锂电产业集群" for s in why)
    assert not why or why[0].score < 0.5


def test_a_yes_no_question_with_no_verb_gets_no_verdict():
    """"中信昆仑了吗？" (a follow-up read badly) asks nothing a clause can state: 是 would be invented."""
    from qa.read.yesno import stated_verdict

    view = "中信昆仑2万吨电池级碳酸锂、嘉诺科技钾产品精深加工等项目力争年内建成试车"
    assert stated_verdict(["中信", "昆仑"], None, "中信昆仑了吗？", "中信昆仑", view, 0, len(view)) == "support"
    # with its verb, 力争年内…试车 is an aim, not a fact: support, no verdict; a clause that states it done is 是
    assert stated_verdict(["中信", "昆仑", "试车"], "试车", "中信昆仑项目试车了吗？", "中信昆仑项目试车", view, 0, len(view)) == "support"
    done = "中信昆仑2万吨电池级碳酸锂项目已于上月试车"
    assert stated_verdict(["中信", "昆仑", "试车"], "试车", "中信昆仑项目试车了吗？", "中信昆仑项目试车", done, 0, len(done)) == "是"


def test_why_and_how_answers_a_report_states_in_other_ways(reader):
    """Found asking news items as a new user: a purpose after 主要是 ("…没有遮阳帘，主要是为了满足车辆的造型需求",
    asked with 很多 where the page says 许多), a cause in the sentence that points back at the one stating the
    question ("…还配备了自动遮阳帘。这主要得益于它的车身造型…"; asked 为什么能配: the modal glued to the verb is no
    word a sentence prints), and the plan after 下一步 for "下一步…打算怎么做" (it was "not found" at 0.38)."""
    sunroof = ("他表示，许多车的天窗没有遮阳帘，主要是为了满足车辆的造型需求。周金开还解释了为什么宝骏云朵能够在保证第二排头部空间的同时，"
               "还配备了自动遮阳帘。这主要得益于它的车身造型，既像SUV又像MPV，同时还配备了厚实的电动遮阳帘。")
    why = reader.read("为什么很多车的天窗没有遮阳帘？", [sunroof], top=1)[0]
    assert (why.text, why.score >= 0.8) == ("主要是为了满足车辆的造型需求", True)
    cause = reader.read("宝骏云朵为什么能配自动遮阳帘？", [sunroof], top=1)[0]
    assert cause.text.startswith("这主要得益于它的车身造型") and cause.score >= 0.8
    assert "为什么" not in cause.text  # the question the text reports answers nothing
    plan = "珠江委透露，下一步，该委将进一步加强协调指导，继续推动衔接机制辐射流域更广层面，依法打击危害河湖安全的违法犯罪行为。"
    answer = reader.read("下一步珠江委打算怎么做？", [plan], top=1)[0]
    assert "该委将进一步加强协调指导" in answer.text and answer.score >= 0.8


def test_a_question_the_text_asks_itself_is_answered_by_the_sentence_after_it(reader):
    """"有了规范的摊位，怎么让荷花卖出好价钱呢？" is the report's own question (it was the answer, at 0.85):
    the sentence after it answers."""
    page = ("当地政府设立了160个固定摊位。有了规范的摊位，怎么让荷花卖出好价钱呢？今年开集前，集市所在的街道办事处为花农们"
            "请来了专业插花师，免费教花农搭配花材、包装花束。")
    answer = reader.read("怎么让荷花卖出好价钱？", [page], top=1)[0]
    assert answer.text.startswith("今年开集前") and "呢" not in answer.text


def test_enumerations_why_a_report_says_an_act_matters_and_a_state_asked_by_its_noun(reader):
    """Found asking CCTV items as a new user: 哪几个关键实招 was the first item alone (0.51); 为什么要加强耕地保护
    was the lead sentence naming the article's title; 收获进度怎么样 was "not found" (进度 is what is asked,
    not a word the answer prints); 票房多少 was 6天 (0.98), a duration for money."""
    moves = ("文章强调，守住耕地这个命根子，必须要有几个关键实招。一是压实耕地保护责任。新一轮国土空间规划已经明确了各地耕地和永久基本农田保护任务。"
             "二是全力提升耕地质量。加快耕地质量保护立法。三是改革完善耕地占补平衡制度。健全补充耕地质量验收制度。")
    listed = reader.read("守住耕地有哪几个关键实招？", [moves], top=1)[0]
    assert listed.text.startswith("一是压实耕地保护责任") and listed.text.endswith("三是改革完善耕地占补平衡制度")
    why = ("央视网消息（新闻联播）：12月1日出版的第23期《求是》杂志发表习近平的重要文章《切实加强耕地保护　抓好盐碱地综合改造利用》。\n"
           "文章强调，要深刻认识加强耕地保护的重要性和紧迫性。粮食安全是“国之大者”，耕地是粮食生产的命根子。我们党始终高度重视耕地保护问题。")
    reason = reader.read("为什么要加强耕地保护？", [why], top=1)[0]
    assert reason.text == "粮食安全是“国之大者”，耕地是粮食生产的命根子" and reason.score >= 0.5
    harvest = ("安徽小麦主产区收获已过六成，在蒙城，当地充分利用互联网、大数据、北斗导航等信息化技术，搭建农机作业指挥调度平台，"
               "让麦收作业更高效。山东6000多万亩小麦陆续进入收获期。")
    state = reader.read("安徽小麦收获进度怎么样？", [harvest], top=1)[0]
    assert (state.text, state.score >= 0.5) == ("安徽小麦主产区收获已过六成", True)
    films = "其中，《欢迎来龙餐馆》上映6天，票房已超8亿元。"
    assert reader.read("《欢迎来龙餐馆》票房多少？", [films], top=1)[0].text == "超8亿元"


def test_what_follows_an_act_answers_what_it_will_bring(reader):
    """"防东铁路开通后有什么影响？" was the sentence before, which only restates the act ("为防东铁路年内开通运营奠定基础")."""
    page = ("今天（2月21日），广西防城港至东兴铁路西湾跨海双线特大桥转体连续梁完成合龙，为防东铁路年内开通运营奠定基础。"
            "铁路开通后，防城港至东兴将结束无铁路交通的历史。")
    answer = reader.read("防东铁路开通后有什么影响？", [page], top=1)[0]
    assert answer.text == "防城港至东兴将结束无铁路交通的历史" and answer.score >= 0.5
