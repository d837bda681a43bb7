"""Convert a BERT-layout ONNX encoder from a langchain4j Maven artifact to a PyTorch state dict.

usage: convert.py MODEL.onnx OUT_STATE.pt

Used for all-MiniLM-L6-v2 (6 layers, the student / shipped architecture) and bge-small-en-v1.5 (12 layers,
hidden 384, the distillation teacher). The layer count is read from the initializer names
(encoder.layer.N.*). Graphs without a pooler (bge exports only last_hidden_state) keep a seeded random pooler:
the classifier mean-pools the last hidden state and never uses it.

Named initializers map by name. MatMul weights are unnamed (onnx::MatMul_NNN) and stored (in, out): each is
matched to its layer through the bias of the Add node that consumes the MatMul output, then transposed.

Numeric check: the ONNX graph is evaluated by a small pure-numpy interpreter of the 21 op types it uses
(onnxruntime and onnx.reference are not available here) and compared with the PyTorch module on a batch of
padded token ids. The script fails if the last hidden state differs by more than 1e-4.
"""
import math
import re
import sys

import numpy as np
import onnx
import torch
from onnx import numpy_helper

from minilm import BertConfig, BertModel


def onnx_to_state(model):
    g = model.graph
    inits = {t.name: numpy_helper.to_array(t) for t in g.initializer}
    consumers = {}
    for n in g.node:
        for i in n.input:
            consumers.setdefault(i, []).append(n)
    state = {}
    for name, arr in inits.items():
        if name.startswith("onnx::") or name == "embeddings.position_ids":
            continue
        state[name] = torch.from_numpy(arr.copy())
    for n in g.node:
        if n.op_type != "MatMul":
            continue
        w = [i for i in n.input if i in inits]
        if not w:
            continue
        adds = [c for c in consumers.get(n.output[0], []) if c.op_type == "Add"]
        bias = [i for a in adds for i in a.input if i in inits and i.endswith(".bias")]
        if len(bias) != 1:
            raise SystemExit(f"cannot match MatMul {n.name}: biases {bias}")
        state[bias[0][: -len("bias")] + "weight"] = torch.from_numpy(inits[w[0]].T.copy())
    return state


# ---------------------------------------------------------------- numpy reference interpreter
def _attr(node, name, default=None):
    for a in node.attribute:
        if a.name == name:
            return onnx.helper.get_attribute_value(a)
    return default


_erf = np.vectorize(math.erf, otypes=[np.float64])


def run_onnx_numpy(model, feeds):
    g = model.graph
    env = {t.name: numpy_helper.to_array(t) for t in g.initializer}
    env.update(feeds)
    for n in g.node:
        x = [env[i] if i else None for i in n.input]
        op = n.op_type
        if op == "Constant":
            out = numpy_helper.to_array(_attr(n, "value"))
        elif op in ("Add", "Sub", "Mul", "Div", "Pow"):
            a, b = x
            out = {"Add": np.add, "Sub": np.subtract, "Mul": np.multiply, "Div": np.divide,
                   "Pow": np.power}[op](a, b)
            if op == "Div" and np.issubdtype(a.dtype, np.integer):
                out = (a // b).astype(a.dtype)
            out = np.asarray(out).astype(np.result_type(a.dtype, b.dtype) if op != "Pow" else a.dtype)
        elif op == "MatMul":
            out = np.matmul(x[0], x[1])
        elif op == "Gemm":
            a, b, c = x
            if _attr(n, "transA", 0):
                a = a.T
            if _attr(n, "transB", 0):
                b = b.T
            out = _attr(n, "alpha", 1.0) * (a @ b) + _attr(n, "beta", 1.0) * c
        elif op == "Gather":
            out = np.take(x[0], x[1].astype(np.int64), axis=_attr(n, "axis", 0))
        elif op == "Unsqueeze":
            axes = _attr(n, "axes") if len(x) < 2 else x[1].tolist()
            out = x[0]
            for ax in sorted(int(a) for a in axes):
                out = np.expand_dims(out, ax)
        elif op == "Shape":
            out = np.array(x[0].shape, dtype=np.int64)
        elif op == "ReduceMean":
            axes = tuple(_attr(n, "axes"))
            out = np.mean(x[0], axis=axes, keepdims=bool(_attr(n, "keepdims", 1)))
        elif op == "Concat":
            out = np.concatenate([np.atleast_1d(v) for v in x], axis=_attr(n, "axis"))
        elif op == "Reshape":
            shape = [int(s) for s in x[1]]
            shape = [x[0].shape[i] if s == 0 else s for i, s in enumerate(shape)]
            out = x[0].reshape(shape)
        elif op == "Transpose":
            out = np.transpose(x[0], _attr(n, "perm"))
        elif op == "Sqrt":
            out = np.sqrt(x[0])
        elif op == "Softmax":
            ax = _attr(n, "axis", -1)
            e = np.exp(x[0] - x[0].max(axis=ax, keepdims=True))
            out = e / e.sum(axis=ax, keepdims=True)
        elif op == "Erf":
            out = _erf(x[0]).astype(x[0].dtype)
        elif op == "Tanh":
            out = np.tanh(x[0])
        elif op == "Cast":
            to = _attr(n, "to")
            out = x[0].astype(onnx.mapping.TENSOR_TYPE_TO_NP_TYPE[to])
        elif op == "Slice":
            data, starts, ends = x[0], x[1], x[2]
            axes = x[3] if len(x) > 3 and x[3] is not None else np.arange(len(starts))
            steps = x[4] if len(x) > 4 and x[4] is not None else np.ones(len(starts), dtype=np.int64)
            sl = [slice(None)] * data.ndim
            for s, e, a, st in zip(starts, ends, axes, steps):
                sl[int(a)] = slice(int(s), int(min(e, data.shape[int(a)])), int(st))
            out = data[tuple(sl)]
        else:
            raise SystemExit(f"unsupported op {op}")
        env[n.output[0]] = out
    return [env[o.name] for o in g.output]


def main():
    src, dst = sys.argv[1], sys.argv[2]
    model = onnx.load(src)
    state = onnx_to_state(model)
    layers = 1 + max(int(re.match(r"encoder\.layer\.(\d+)\.", k).group(1)) for k in state
                     if k.startswith("encoder.layer."))
    cfg = BertConfig(layers=layers, vocab_size=state["embeddings.word_embeddings.weight"].shape[0],
                     hidden=state["embeddings.word_embeddings.weight"].shape[1])
    torch.manual_seed(0)  # only the pooler of pooler-less graphs keeps this init
    bert = BertModel(cfg).eval()
    missing, unexpected = bert.load_state_dict(state, strict=False)
    if len(model.graph.output) == 1:
        missing = [k for k in missing if not k.startswith("pooler.")]
    if missing or unexpected:
        raise SystemExit(f"state mismatch: missing={missing} unexpected={unexpected}")

    rng = np.random.default_rng(7)
    ids = rng.integers(1000, 30000, size=(3, 24)).astype(np.int64)
    ids[:, 0], ids[:, -1] = 101, 102
    mask = np.ones_like(ids)
    mask[1, 15:] = 0
    ids[1, 15:] = 0
    ids[1, 14] = 102
    tt = np.zeros_like(ids)
    ref = run_onnx_numpy(model, {"input_ids": ids, "attention_mask": mask, "token_type_ids": tt})
    ref_h = ref[0]
    with torch.no_grad():
        h, p = bert(torch.from_numpy(ids), torch.from_numpy(mask), torch.from_numpy(tt))
    valid = mask.astype(bool)
    dh = float(np.abs(h.numpy()[valid] - ref_h[valid]).max())
    dp = float(np.abs(p.numpy() - ref[1]).max()) if len(ref) > 1 else None
    print(f"numeric check vs numpy ONNX interpreter ({cfg.layers} layers): max|dHidden|={dh:.2e} "
          f"max|dPooler|={'n/a (no pooler output)' if dp is None else f'{dp:.2e}'}")
    if dh > 1e-4 or (dp is not None and dp > 1e-4):
        raise SystemExit("numeric check FAILED")
    torch.save({"bert." + k: v for k, v in bert.state_dict().items()}, dst)
    print(f"wrote {dst} ({sum(v.numel() for v in bert.state_dict().values())} params)")


if __name__ == "__main__":
    main()
