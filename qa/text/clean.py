"""Character-level text rules: what is Chinese, how wide a line is, which spaces are layout,
and the normalised search copy (simplified characters, half-width digits) with offsets kept.
"""

from __future__ import annotations

import re
import unicodedata

# Full-width punctuation used in Chinese text; spaces next to these are never meaningful.
CJK_PUNCT = set("，。、；：？！“”‘’（）《》〈〉【】〔〕「」『』—…·％～－／：﹑﹔﹖﹗")
SENTENCE_END = set("。！？…")
CLOSERS = set("”’」』）)》")
# Characters after which a sentence clearly goes on (the line was cut by the layout).
OPEN_ENDINGS = set("，、；（(“‘《〈【「『—-·/")
BODY_PUNCT = set("，。；")


def is_cjk(ch: str) -> bool:
    o = ord(ch)
    return (
        0x4E00 <= o <= 0x9FFF
        or 0x3400 <= o <= 0x4DBF
        or 0x20000 <= o <= 0x2FFFF
        or 0xF900 <= o <= 0xFAFF
        or 0x3000 <= o <= 0x303F  # CJK symbols (〇 etc.)
    )


def is_wide(ch: str) -> bool:
    return is_cjk(ch) or ch in CJK_PUNCT or unicodedata.east_asian_width(ch) in "WFA"


def display_width(s: str) -> float:
    """Printed width in em: Chinese characters and full-width punctuation 1, Latin and digits 0.5."""
    return sum(1.0 if is_wide(ch) else 0.5 for ch in s if not ch.isspace())


def ends_sentence(s: str) -> bool:
    """True when ``s`` ends a sentence: 。！？… possibly followed by closing quotes/brackets."""
    s = s.rstrip()
    while s and s[-1] in CLOSERS:
        s = s[:-1]
    return bool(s) and s[-1] in SENTENCE_END


def letter_spaced(s: str) -> bool:
    """A justified line whose Chinese characters were spread apart by the layout ("规 上 工 业")."""
    return len(re.findall(r"(?:^|\s)[\u4e00-\u9fff](?=\s)", s)) >= 3


def _is_single_cjk_token(tokens: list[str], i: int) -> bool:
    """One Chinese character, punctuation aside ("同", "，同", "元，")."""
    if not 0 <= i < len(tokens):
        return False
    core = "".join(ch for ch in tokens[i] if ch not in CJK_PUNCT)
    return len(core) == 1 and is_cjk(core)


def tidy_spaces(chars: list[str], positions: list[int]) -> tuple[list[str], list[int]]:
    """Drop the spaces a PDF layout put inside Chinese text, keeping meaningful ones.

    Removed: spaces next to full-width punctuation, between a digit/Latin letter and a Chinese
    character (``2 万``, ``协议 12 个``) and inside letter-spaced runs (``李 莎 莎``). Kept: spaces
    between Chinese words (``夏静 仁增加措``, ``精准发力强链条 产业``) and between Latin words.
    """
    text = "".join(chars)
    tokens = text.split()
    out_c: list[str] = []
    out_p: list[int] = []
    token_index = -1
    i = 0
    n = len(chars)
    while i < n:
        ch = chars[i]
        if not ch.isspace():
            if i == 0 or chars[i - 1].isspace():
                token_index += 1
            out_c.append(ch)
            out_p.append(positions[i])
            i += 1
            continue
        j = i
        while j < n and chars[j].isspace():
            j += 1
        if not out_c or j >= n:  # leading or trailing space
            i = j
            continue
        prev, nxt = out_c[-1], chars[j]
        keep = True
        if prev in CJK_PUNCT or nxt in CJK_PUNCT:
            keep = False
        elif (is_cjk(prev) and nxt.isascii() and nxt.isalnum()) or (
            is_cjk(nxt) and prev.isascii() and prev.isalnum()
        ):
            keep = False
        elif is_cjk(prev) and is_cjk(nxt) and (
            _is_single_cjk_token(tokens, token_index) and _is_single_cjk_token(tokens, token_index + 1)
        ):
            keep = False
        if keep:
            out_c.append(" ")
            out_p.append(positions[i])
        i = j
    return out_c, out_p


class SearchNormalizer:
    """Builds the search copy of a text: traditional → simplified (OpenCC), full-width → half-width,
    lower case, spaces inside numbers removed. Keeps one source offset per output character, so a
    span found in the search copy maps back to the original text that is shown and cited."""

    def __init__(self, to_simplified: bool = True) -> None:
        self.to_simplified = to_simplified
        self._converter = None  # OpenCC is loaded on first use

    def _convert(self, text: str) -> str:
        if not self.to_simplified:
            return text
        if self._converter is None:
            import opencc

            self._converter = opencc.OpenCC("t2s")
        return self._converter.convert(text)

    def normalize(self, text: str) -> str:
        return self.normalize_with_offsets(text)[0]

    def normalize_with_offsets(self, text: str) -> tuple[str, list[int]]:
        chars: list[str] = []
        positions: list[int] = []
        for i, ch in enumerate(text):
            folded = unicodedata.normalize("NFKC", ch).lower() if not is_cjk(ch) else ch
            for f in folded:
                chars.append(f)
                positions.append(i)
        folded_text = "".join(chars)
        converted = self._convert(folded_text)
        if len(converted) == len(folded_text):
            chars = list(converted)
        else:  # a phrase rule changed the length: convert char by char to keep offsets exact
            chars = [self._convert(c)[:1] or c for c in chars]
        # spaces between a digit and a Chinese character or unit are layout, not meaning
        out_c: list[str] = []
        out_p: list[int] = []
        for k, ch in enumerate(chars):
            if ch.isspace():
                prev = out_c[-1] if out_c else ""
                nxt = next((c for c in chars[k + 1 :] if not c.isspace()), "")
                if not prev or not nxt:
                    continue
                if (prev.isdigit() or nxt.isdigit() or prev in "%.") and (is_cjk(prev) or is_cjk(nxt) or nxt == "%" or prev == "."):
                    continue
                if is_cjk(prev) and is_cjk(nxt):
                    continue
                if out_c and out_c[-1] == " ":
                    continue
                ch = " "
            out_c.append(ch)
            out_p.append(positions[k])
        return "".join(out_c), out_p


MAX_QUESTION_CHARS = 2000
# control characters other than tab and line breaks, and the format marks that reorder or hide
# text (RTL/LTR overrides, zero-width joiners): nothing a question or a bulletin means by them
_INVISIBLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def without_lone_surrogates(value):
    """``value`` (a string, or lists and dicts of them, as JSON gives) with every lone surrogate
    (from a "\\ud800" escape) made U+FFFD: one character for one, so offsets hold."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [without_lone_surrogates(v) for v in value]
    if isinstance(value, dict):
        return {without_lone_surrogates(k): without_lone_surrogates(v) for k, v in value.items()}
    return value


def clean_input(text: str | None) -> str:
    """Text from outside (a question, a filter value) made safe for every stage: lone surrogates
    (which no encoder accepts) become U+FFFD, control and invisible format characters go, unusual
    spaces become plain ones, and the ends are stripped."""
    text = _SURROGATE.sub("\ufffd", text or "")
    text = _INVISIBLE.sub("", text)
    return re.sub(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000]", " ", text).strip()


def question_problem(question: str, english: bool = False) -> str | None:
    """Why a cleaned question cannot be asked, in words for the user (Chinese for the chat,
    English for the command line's errors); None when it can."""
    if not question:
        return ("the question is empty; ask something, e.g. bulletin-qa ask \"3月25日12345热线接了多少件来电？\"" if english
                else "问题是空的：请输入一个问题，例如“3月25日12345热线接了多少件来电？”")
    if len(question) > MAX_QUESTION_CHARS:
        return (f"the question has {len(question)} characters; ask in at most {MAX_QUESTION_CHARS}" if english
                else f"问题太长（{len(question)} 字）：请把问题精简到 {MAX_QUESTION_CHARS} 字以内，一次问一件事。")
    if not re.search(r"[^\W_]", question):
        # only marks, emoji or undecodable bytes ("？？", "😀", "\ufffd"): nothing to search, and no
        # follow-up to read into it ("西宁机场？？")
        return ("the question has no characters, letters or digits to search for; ask in words, e.g. "
                "bulletin-qa ask \"3月25日12345热线接了多少件来电？\"" if english
                else "问题里没有可以查找的文字（汉字、字母或数字）：请用文字提问，例如“3月25日12345热线接了多少件来电？”")
    return None
