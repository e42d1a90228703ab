"""Page text → lines → units: re-joining lines broken by the layout, spotting headlines."""

from qa.ingest.layout import PageLayout


def roles(page: str) -> list[tuple[str, str]]:
    return [(u.role, u.text) for u in PageLayout().read(page)]


def test_rejoins_lines_without_spaces_and_keeps_paragraphs():
    page = (
        " 本报讯（记者 李莎莎）近年来，\n\n我市不断健全完善招商引资体制机\n\n制，创新招商方式方法，强化项目服务\n\n"
        "保障，签订协议 12 个，签约金额达\n\n128.5 亿元。\n\n今年，我市结合产业发展实际，制\n\n定实施方案。\n"
    )
    units = roles(page)
    assert units == [
        ("body", "本报讯（记者 李莎莎）近年来，我市不断健全完善招商引资体制机制，创新招商方式方法，强化项目服务保障，签订协议12个，签约金额达128.5亿元。"),
        ("body", "今年，我市结合产业发展实际，制定实施方案。"),
    ]


def test_letter_spaced_line_and_blank_inside_paragraph():
    page = "经济开发区保持增长。1月—2月，西\n宁 经 济 开 发 区 规 上 工 业 增 加 值 增 速\n\n10.2%，对全市的贡献率为 85.7%。\n"
    assert roles(page) == [("body", "经济开发区保持增长。1月—2月，西宁经济开发区规上工业增加值增速10.2%，对全市的贡献率为85.7%。")]


def test_a_full_line_of_half_width_digits_is_not_an_indented_first_line():
    # "10.2%，…的贡" is narrower than the column its neighbours give, as an indent would be;
    # the line after it is just as wide and runs on, so it is a full line and the sentence
    # broken by a blank line before it goes on
    page = (
        "推动下，1月—2月，全市工业经济保持平稳\n增长，规上工业增加值同比增长9.0%，增速\n高于全省规上工业增加值增速13.7个百分\n"
        "点，占全省规模以上工业增加值比重为\n49.2%。\n\n经济开发区保持增长。1月—2月，西\n宁 经 济 开 发 区 规 上 工 业 增 加 值 增 速\n\n"
        "10.2%，对全市规上工业增加值增速的贡\n献率为 85.7%，拉动全市规上工业增加值\n增速 7.7 个百分点。县区工业增速提高。\n"
    )
    bodies = [text for role, text in roles(page) if role == "body"]
    assert bodies[-1] == "经济开发区保持增长。1月—2月，西宁经济开发区规上工业增加值增速10.2%，对全市规上工业增加值增速的贡献率为85.7%，拉动全市规上工业增加值增速7.7个百分点。县区工业增速提高。"


def test_a_full_line_of_a_list_runs_on_into_a_line_narrowed_by_its_digits():
    # the next line looks indented (its "70%" is set half-width) but the full line before it,
    # in the middle of a list, cannot have ended a paragraph
    page = (
        '《2024 中国民营经济百强产业集群研\n'
        '究报告》围绕民营经济产业集群的发展特\n'
        '征、区域分布、集群类型以及发展态势等方\n'
        '面展开研究，并形成2024民营经济百强产\n'
        '业集群榜单。\n'
        '\n'
        '从区域特征来看，百强集群高度集聚\n'
        '东部，江苏、浙江、广东三省占比 45%。从\n'
        '产业特征来看，以高端装备、新能源汽车、\n'
        '集成电路、生物医药、动力电池为主的高端\n'
        '制造业占比近 70%；百强集群产业链覆盖\n'
        '\n'
        '率达 88%以上，生物医药、动力电池、新能\n'
        '源、纺织服装等重点行业产业链覆盖度超\n'
        '92%。从创新特征来看，90%的产业集群参\n'
        '与了国家（全国）重点实验室以及国家工程\n'
        '研究中心建设；累计授权专利48.7万件，新\n'
        '能源汽车、装备工业、集成电路、新型显示、\n'
        '生物医药等五大产业集群专利授权量占比\n'
        '近五成，位居产业集群前列。\n'
    )
    bodies = [text for role, text in roles(page) if role == "body"]
    assert len(bodies) == 2 and "为主的高端制造业占比近70%" in bodies[1]


def test_short_lines_are_headlines_credits_and_dates():
    page = (
        "市委书记王卫东主持召开市委审计委员会第七次会议，研\n究部署下一步工作。\n\n"
        "市委审计委员会第七次会议召开\n\n西宁市安全隐患\n举报受理情况日报\n\n黎晓刚摄黎晓刚摄\n\n2022年11月3日\n"
    )
    got = roles(page)
    assert got[0][0] == "body"
    assert ("headline", "市委审计委员会第七次会议召开") in got
    # two headline lines with no blank line between them stay one unit after segmentation;
    # the layout reader already keeps them adjacent
    assert [r for r, _ in got[1:]] == ["headline", "headline", "headline", "credit", "date"]


def test_wire_lead_always_starts_a_new_unit():
    page = "上一篇文章的最后一句话说完了没有标点\n本报讯（记者 张弘靓）记者从市统计局\n及市工业和信息化局获悉，工业平稳增长。\n"
    got = roles(page)
    assert got[-1] == ("body", "本报讯（记者 张弘靓）记者从市统计局及市工业和信息化局获悉，工业平稳增长。")


def test_a_word_broken_across_lines_is_not_mistaken_for_an_indented_paragraph():
    # the next line is two characters short of the column, which reads as an indent; but the
    # break splits 百分点, so it is the same paragraph
    page = (
        "本报讯（记者 张弘靓）记者从市统计局\n及市工业和信息化局获悉，在市委、市政府\n的坚强领导下，各项惠企、助企政策的持续\n"
        "推动下，1月—2月，全市工业经济保持平稳\n增长，规上工业增加值同比增长9.0%，增速\n高于全省规上工业增加值增速13.7个百分\n"
        "点，占全省规模以上工业增加值比重为\n49.2%。\n"
    )
    units = roles(page)
    assert len(units) == 1
    assert "13.7个百分点，占全省" in units[0][1]
