"""Activation smoothing before int8 dynamic quantization (SmoothQuant, Xiao et al. 2023, without folding).

Why: the shipped runtime is libtorch's FBGEMM kernel, and the traced `quantized::linear_dynamic` call quantizes
activations per tensor to 7 bits (`reduce_range=True`, which keeps AVX2 CPUs without VNNI from saturating
`vpmaddubsw`). A few input channels with large values (GELU outputs up to ~30, LayerNorm outliers) then set the
step for every other channel. Dividing each input channel j by s_j and multiplying the weight's column j by s_j
leaves the fp32 result unchanged and moves the range problem into the weights, which are quantized per output
channel with 8 bits. s_j = max|x_j|^alpha / max|W_:j|^(1 - alpha).

alpha is chosen per Linear layer from a grid by the relative squared error of the quantized layer's output
against fp32 on calibration passes built the way the Java predictor builds them (length-sorted, at most 32
pieces and 256 padded tokens per pass). Debian's torch has no FBGEMM engine, so the error is measured with
`FbgemmLinearEmulation`, a float re-implementation of the kernel's arithmetic.
"""
import copy

import torch
from torch import nn

from train import collate

GRID = (0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)


class SmoothedLinear(nn.Module):
    """y = linear(x * inv_s), where the linear's input columns were multiplied by s: equal to the original in fp32."""

    def __init__(self, linear, s):
        super().__init__()
        self.register_buffer("inv_s", (1.0 / s).to(torch.float32))
        self.linear = linear
        with torch.no_grad():
            linear.weight.mul_(s[None, :])

    def forward(self, x):
        return self.linear(x * self.inv_s)


class FbgemmLinearEmulation(nn.Module):
    """Float emulation of FBGEMM's quantized::linear_dynamic with per-channel symmetric int8 weights: activations
    quantized per tensor, asymmetric, to [0, 127] (reduce_range) or [0, 255]; int32 accumulation is exact in float
    for these sizes, so only the two roundings remain."""

    def __init__(self, linear, reduce_range=True):
        super().__init__()
        w = linear.weight.detach()
        scale = w.abs().amax(1).clamp(min=1e-8) / 127.5
        self.register_buffer("w", torch.clamp(torch.round(w / scale[:, None]), -128, 127) * scale[:, None])
        self.register_buffer("b", linear.bias.detach().clone())
        self.qmax = 127 if reduce_range else 255

    def forward(self, x):
        lo, hi = min(float(x.min()), 0.0), max(float(x.max()), 0.0)
        step = (hi - lo) / self.qmax if hi > lo else 1.0
        zero = min(max(round(-lo / step), 0), self.qmax)
        xq = torch.clamp(torch.round(x / step) + zero, 0, self.qmax)
        return nn.functional.linear((xq - zero) * step, self.w, self.b)


def runtime_passes(lengths, max_pieces=32, max_tokens=256):
    """Index groups the way SentimentPredictor forms forward passes: sorted by length, bounded pieces and tokens."""
    order = sorted(range(len(lengths)), key=lambda i: lengths[i])
    s = 0
    while s < len(order):
        e = s + 1
        while e < len(order) and e - s < max_pieces and (e - s + 1) * lengths[order[e]] <= max_tokens:
            e += 1
        yield order[s:e]
        s = e


def _run_with_hooks(model, texts, hook_for):
    hooks = [mod.register_forward_hook(hook_for(name)) for name, mod in model.named_modules()
             if isinstance(mod, nn.Linear) and ".encoder." in f".{name}"]
    try:
        with torch.no_grad():
            for part in runtime_passes([len(t) for t in texts]):
                model(*collate([(texts[i], 0) for i in part])[:3])
    finally:
        for h in hooks:
            h.remove()


def _scales(linear, amax, alpha):
    w = linear.weight.detach().abs().amax(0).clamp(min=1e-5)
    return (amax.clamp(min=1e-5) ** alpha / w ** (1 - alpha)).clamp(min=1e-2, max=1e2)


def calibrate(model, amax_texts, select_texts, skip=None, grid=GRID):
    """Per-channel input maxima of every encoder Linear on amax_texts, then, per layer, the alpha from grid (or
    None: no smoothing) with the lowest quantized-output error on select_texts. Returns {name: (alpha, amax, err)}."""
    model.eval()
    amax = {}

    def track(name):
        def hook(mod, inp, out):
            m = inp[0].reshape(-1, inp[0].shape[-1]).abs().amax(0)
            amax[name] = torch.maximum(amax[name], m) if name in amax else m
        return hook

    _run_with_hooks(model, amax_texts, track)
    mods = dict(model.named_modules())
    candidates = {}
    for name in amax:
        if skip and skip.search(name):
            continue
        lin = mods[name]
        cands = {None: (lambda x: x, FbgemmLinearEmulation(lin))}
        for alpha in grid:
            s = _scales(lin, amax[name], alpha)
            scaled = nn.Linear(lin.in_features, lin.out_features)
            scaled.weight.data = lin.weight.detach() * s[None, :]
            scaled.bias.data = lin.bias.detach().clone()
            cands[alpha] = (lambda x, inv=1.0 / s: x * inv, FbgemmLinearEmulation(scaled))
        candidates[name] = cands
    err = {name: {a: 0.0 for a in c} for name, c in candidates.items()}
    norm = {name: 0.0 for name in candidates}

    def measure(name):
        def hook(mod, inp, out):
            if name not in candidates:
                return
            x = inp[0]
            norm[name] += float((out ** 2).sum())
            for a, (pre, q) in candidates[name].items():
                err[name][a] += float(((q(pre(x)) - out) ** 2).sum())
        return hook

    _run_with_hooks(model, select_texts, measure)
    chosen = {}
    for name, e in err.items():
        best = min(e, key=e.get)
        chosen[name] = (best, amax[name], e[best] / norm[name], e[None] / norm[name])
    return chosen


def apply(model, chosen):
    """Replace each chosen encoder Linear (alpha not None) by a SmoothedLinear, in place."""
    for parent_name, parent in list(model.named_modules()):
        for child_name, child in list(parent.named_children()):
            full = f"{parent_name}.{child_name}" if parent_name else child_name
            if full in chosen and chosen[full][0] is not None and isinstance(child, nn.Linear):
                setattr(parent, child_name, SmoothedLinear(child, _scales(child, chosen[full][1], chosen[full][0])))
    return model


def emulate_fbgemm(model, skip=None):
    """A copy of model in which every Linear but the skipped ones (and the unused pooler) computes like FBGEMM int8."""
    q = copy.deepcopy(model)
    for parent_name, parent in list(q.named_modules()):
        for child_name, child in list(parent.named_children()):
            full = f"{parent_name}.{child_name}" if parent_name else child_name
            if isinstance(child, nn.Linear) and "pooler" not in full and not (skip and skip.search(full)):
                setattr(parent, child_name, FbgemmLinearEmulation(child))
    return q.eval()
