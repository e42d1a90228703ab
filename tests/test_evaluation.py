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


def test_the_held_out_reliability_table_is_of_the_confidence_a_user_sees():
    """A clause answer's confidence is set by rule (the share of the question its sentence states,
    at most 0.85), a stated list's has a floor: the held-out table must use those, not the fit's."""
    import math

    import numpy as np

    from qa.models import Span
    from training.calibrate_reader import held_out_check, set_by_rules

    clause = Span(0, 4, "因为下雨", "neural", 0, score=0.85, features={"coverage": 1.0})
    listed = Span(0, 5, "甲、乙、丙", "neural", 0, score=0.3, features={"stated": 1.0})
    plain = Span(0, 3, "12个", "neural", 0, score=0.97, features={})
    assert set_by_rules(clause) == (0.85, 0.0) and set_by_rules(listed) == (0.85, 1.0)
    assert math.isnan(set_by_rules(plain)[0])
    # a feature that separates right from wrong: the fit puts the right ones at ≥ 0.9
    rng = np.random.default_rng(0)
    y = np.array([1, 0] * 60)
    X = (y * 6.0 - 3.0 + rng.normal(0, 0.5, len(y)))[:, None]
    kinds, groups = np.array(["answerable"] * len(y)), [f"a{i % 10}" for i in range(len(y))]
    assert held_out_check(X, y, kinds, groups)["answers_at_0.9"] > 30
    by_rule = np.array([[0.85, 0.0]] * len(y))  # every answer a clause answer: none in the ≥ 0.9 band
    assert held_out_check(X, y, kinds, groups, by_rule)["answers_at_0.9"] == 0
