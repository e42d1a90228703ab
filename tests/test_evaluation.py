"""EM and F1 as the CMRC 2018 official script defines them."""

from qa.evaluation import exact_match, f1_score, mixed_segmentation


def test_segmentation_and_metrics():
    # punctuation marks are tokens of their own, as in the official script ("-" included)
    assert mixed_segmentation("光荣和ω-force") == ["光", "荣", "和", "ω", "-", "force"]
    assert mixed_segmentation("PVC 8.1万吨") == ["pvc", "8", ".", "1", "万", "吨"]
    assert exact_match("“358件”", ["358件"]) == 1.0
    assert exact_match("358", ["358件"]) == 0.0
    assert f1_score("358件", ["358件"]) == 1.0
    assert abs(f1_score("358", ["358件"]) - 2 / 3) < 1e-9  # one of two tokens
    assert f1_score(None, ["x"]) == 0.0 and f1_score("完全无关", ["答案"]) == 0.0
    # best over gold answers; F1 from the longest common substring, not bag of tokens
    assert f1_score("格尔木市", ["西宁", "格尔木"]) == 2 * (3 / 4) * 1 / (3 / 4 + 1)
    assert f1_score("木格尔", ["格尔木"]) == 2 * (2 / 3) * (2 / 3) / (4 / 3)
