"""The default reader: the fine-tuned e5 span model proposes spans, a logistic calibration turns
its logits into a confidence in [0, 1] (``P(the span is right)``), fitted on held-out XQuAD
questions and on questions asked against passages that do not hold their answer
(``benchmarks/calibrate_reader.py``). Below the assistant's threshold the answer is "not found".
"""

from __future__ import annotations

import json
import math

from .reader import Span
from .span_reader import CONFIG_FILE, SpanReaderModel

# used only until benchmarks/calibrate_reader.py has written the fitted values into span_reader.json
DEFAULT_CALIBRATION = {"margin": 0.35, "score": 0.1, "bias": -1.0}


def calibration_features(score: float, null_score: float, passage_score: float = 0.0) -> dict[str, float]:
    return {"margin": score - null_score, "score": score, "passage": passage_score}


class NeuralReader:
    """Same interface as the rule-based ``Reader``: ``read(question, passages) -> [Span]``."""

    def __init__(self, model: SpanReaderModel | None = None, calibration: dict[str, float] | None = None) -> None:
        self.model = model or SpanReaderModel()
        self.calibration = calibration or self._load_calibration()

    @staticmethod
    def _load_calibration() -> dict[str, float]:
        if CONFIG_FILE.exists():
            fitted = json.loads(CONFIG_FILE.read_text(encoding="utf-8")).get("calibration")
            if fitted:
                return fitted
        return dict(DEFAULT_CALIBRATION)

    @property
    def available(self) -> bool:
        return self.model.available

    def confidence(self, features: dict[str, float]) -> float:
        z = self.calibration.get("bias", 0.0) + sum(w * features.get(k, 0.0) for k, w in self.calibration.items() if k != "bias")
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def read(self, question: str, passages: list[str], passage_scores: list[float] | None = None, top: int = 5) -> list[Span]:
        spans = []
        for g in self.model.guesses(question, passages, top=max(top * 3, 10)):
            features = calibration_features(g.score, g.null_score, (passage_scores or [0.0] * len(passages))[g.passage_index])
            text = passages[g.passage_index][g.start : g.end]
            spans.append(Span(g.start, g.end, text, "neural", g.passage_index, features=features, score=self.confidence(features)))
        spans.sort(key=lambda s: -s.score)
        return spans[:top]
