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
