from qa.text.clean import SearchNormalizer, display_width, ends_sentence, letter_spaced, tidy_spaces


def tidy(s: str) -> str:
    chars, pos = tidy_spaces(list(s), list(range(len(s))))
    assert all(s[p] == c for c, p in zip(chars, pos))  # every kept char maps back to itself
    return "".join(chars)


def test_layout_spaces_removed_meaningful_kept():
    assert tidy("签订招商项目投资协议 12 个，签约金额达") == "签订招商项目投资协议12个，签约金额达"
    assert tidy("亿 元 ，同 比 增 长 59.6％ ，产 销 率 为") == "亿元，同比增长59.6％，产销率为"
    assert tidy("本报讯（记者 李 莎 莎 通讯员") == "本报讯（记者 李莎莎 通讯员"
    assert tidy("（记者 夏静 仁增加措）") == "（记者 夏静 仁增加措）"
    assert tidy("精准发力强链条 产业“四地”更高质") == "精准发力强链条 产业“四地”更高质"
    assert tidy("PVC 8.1万吨") == "PVC 8.1万吨"


def test_sentence_end_and_width():
    assert ends_sentence("取得新突破。") and ends_sentence("确保“开门红”。”")
    assert not ends_sentence("不断健全完善招商引资体制机") and not ends_sentence("近年来，")
    assert display_width("12345 热线") == 4.5
    assert letter_spaced("宁 经 济 开 发 区 规 上 工 业") and not letter_spaced("夏静 仁增加措")


def test_search_copy_keeps_offsets():
    text = "在歐洲，規上工業增長 17.4％，共 2 万吨"
    norm, pos = SearchNormalizer().normalize_with_offsets(text)
    assert norm == "在欧洲,规上工业增长17.4%,共2万吨"
    assert len(norm) == len(pos)
    assert text[pos[norm.index("17.4%")]] == "1"
    assert text[pos[norm.index("万")]] == "万"


def test_jieba_keeps_its_dictionary_cache_where_it_is_told(tmp_path):
    from qa.text.tokenize import ChineseTokenizer

    tokenizer = ChineseTokenizer(cache_dir=tmp_path / "home")
    assert "锂电" in tokenizer.tokens("西宁市锂电产业集群")
    assert (tmp_path / "home" / "jieba.cache").stat().st_size > 1_000_000
    assert [w for w, _ in tokenizer.pos.cut("西宁市锂电产业")][:1] == ["西宁市"]
