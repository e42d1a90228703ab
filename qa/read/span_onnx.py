"""The span model's ONNX engine, its inputs: the tuned weights over the bundled e5 for the graph
(``embeddings.onnx_encoder``), and the windows its int8 graph is calibrated on."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from qa.errors import ModelError

# questions of the common kinds, read over the sample bulletins to calibrate the int8 reader
CALIBRATION_QUESTIONS = ("接听群众来电诉求多少件次？", "项目是哪一天开工的？", "为什么生产能力得到有效激发？", "有哪些热点问题？")


def reader_weights(weights_file: Path):
    """The bundled e5 with the tuned layers and the span head of ``weights_file`` over it, for the
    ONNX graph (``embeddings.onnx_encoder``)."""
    import re

    from safetensors.numpy import load_file

    from embeddings.onnx_e5 import e5_weights

    weights = e5_weights()
    parts = {"attention.self.query": "q", "attention.self.key": "k", "attention.self.value": "v",
             "attention.output.dense": "ao", "attention.output.LayerNorm": "aln", "intermediate.dense": "fi",
             "output.dense": "fo", "output.LayerNorm": "oln"}
    state = {k: v.astype(np.float32) for k, v in load_file(str(weights_file)).items()}
    weights.head = (state.pop("head.weight"), state.pop("head.bias"))
    for key, value in state.items():
        m = re.fullmatch(r"encoder\.layer\.(\d+)\.(.+)\.(weight|bias)", key)
        if not m or m.group(2) not in parts or int(m.group(1)) >= len(weights.layers):
            raise ModelError(f"{weights_file} does not fit the e5 encoder: {key}")
        layer, part = weights.layers[int(m.group(1))], parts[m.group(2)]
        pair = list(layer[part])
        pair[0 if m.group(3) == "weight" else 1] = value.reshape(pair[0 if m.group(3) == "weight" else 1].shape)
        layer[part] = tuple(pair)
    return weights


def calibration_windows(model) -> list[tuple[np.ndarray, np.ndarray]]:
        """Real windows to measure activations on before int8 (``onnx_encoder.smoothing``): the
        bundled sample bulletins read for questions of the common kinds."""
        from qa.paths import SAMPLE_DIR

        pages = [p.read_text(encoding="utf-8") for p in sorted(SAMPLE_DIR.glob("*.txt"))]
        if not pages:
            raise ModelError(f"the sample bulletins in {SAMPLE_DIR} are missing; reinstall bulletin-qa")
        out = []
        for question in CALIBRATION_QUESTIONS:
            w = model.encode_windows(question, pages)
            out += [(w.input_ids[i : i + 8], w.attention_mask[i : i + 8]) for i in range(0, len(w.input_ids), 8)]
        return out
