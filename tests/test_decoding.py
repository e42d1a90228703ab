import codecs

import pytest

from qa.ingest.decoding import UndecodableFile, decode_bytes

SIMPLIFIED = "本报讯（记者 李莎莎）近年来，我市不断健全完善招商引资体制机制，签约金额达128.5亿元。"
TRADITIONAL = "在歐洲，梵語的學術研究，由德國學者陸特和漢斯雷頓開創。後來威廉·瓊斯發現印歐語系。"


@pytest.mark.parametrize(
    "data,expected,encoding",
    [
        (SIMPLIFIED.encode("utf-8"), SIMPLIFIED, "utf-8"),
        (codecs.BOM_UTF8 + SIMPLIFIED.encode("utf-8"), SIMPLIFIED, "utf-8-sig"),
        (SIMPLIFIED.encode("gbk"), SIMPLIFIED, "gb18030"),
        (SIMPLIFIED.encode("gb18030"), SIMPLIFIED, "gb18030"),
        (TRADITIONAL.encode("big5"), TRADITIONAL, "big5"),
        (SIMPLIFIED.encode("utf-16"), SIMPLIFIED, "utf-16"),
    ],
)
def test_encodings(data, expected, encoding):
    text, used = decode_bytes(data, "page.txt")
    assert text == expected
    assert used == encoding


@pytest.mark.parametrize(
    "data,message",
    [
        (b"", "empty"),
        (b"  \n\n ", "empty"),
        (bytes(range(256)) * 20, "binary"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "binary"),
    ],
)
def test_unreadable(data, message):
    with pytest.raises(UndecodableFile) as err:
        decode_bytes(data, "bad.txt")
    assert "bad.txt" in str(err.value) and message in str(err.value)
