"""Plain PyTorch BERT encoder + sequence-classification head (no transformers dependency).

The encoder matches the HuggingFace BertModel layout (post-LayerNorm, erf GELU, eps 1e-12) so that
weights converted from the all-MiniLM-L6-v2 ONNX graph load one-to-one. The classifier mean-pools the
last hidden state over the attention mask (the objective all-MiniLM-L6-v2 was trained with) and applies
dropout + a linear layer.
"""
import math

import torch
from torch import nn


class BertConfig:
    def __init__(self, vocab_size=30522, hidden=384, layers=6, heads=12, intermediate=1536,
                 max_positions=512, type_vocab=2, eps=1e-12, num_labels=3, dropout=0.1):
        self.vocab_size = vocab_size
        self.hidden = hidden
        self.layers = layers
        self.heads = heads
        self.intermediate = intermediate
        self.max_positions = max_positions
        self.type_vocab = type_vocab
        self.eps = eps
        self.num_labels = num_labels
        self.dropout = dropout


class Embeddings(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.word_embeddings = nn.Embedding(c.vocab_size, c.hidden)
        self.position_embeddings = nn.Embedding(c.max_positions, c.hidden)
        self.token_type_embeddings = nn.Embedding(c.type_vocab, c.hidden)
        self.LayerNorm = nn.LayerNorm(c.hidden, eps=c.eps)
        self.dropout = nn.Dropout(c.dropout)

    def forward(self, input_ids, token_type_ids):
        seq = input_ids.size(1)
        pos = torch.arange(seq, dtype=torch.long, device=input_ids.device).unsqueeze(0)
        x = self.word_embeddings(input_ids) + self.position_embeddings(pos) \
            + self.token_type_embeddings(token_type_ids)
        return self.dropout(self.LayerNorm(x))


class SelfAttention(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.heads = c.heads
        self.head_dim = c.hidden // c.heads
        self.query = nn.Linear(c.hidden, c.hidden)
        self.key = nn.Linear(c.hidden, c.hidden)
        self.value = nn.Linear(c.hidden, c.hidden)
        self.dropout = nn.Dropout(c.dropout)

    def split(self, x):
        b, t, _ = x.shape
        return x.view(b, t, self.heads, self.head_dim).permute(0, 2, 1, 3)

    def forward(self, x, mask_add):
        q = self.split(self.query(x))
        k = self.split(self.key(x))
        v = self.split(self.value(x))
        scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(self.head_dim) + mask_add
        probs = self.dropout(torch.softmax(scores, dim=-1))
        ctx = torch.matmul(probs, v).permute(0, 2, 1, 3).contiguous()
        return ctx.view(ctx.size(0), ctx.size(1), -1)


class DenseLN(nn.Module):
    def __init__(self, inp, out, eps, dropout):
        super().__init__()
        self.dense = nn.Linear(inp, out)
        self.LayerNorm = nn.LayerNorm(out, eps=eps)
        self.dropout = nn.Dropout(dropout)

    def forward(self, h, residual):
        return self.LayerNorm(self.dropout(self.dense(h)) + residual)


class Attention(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.self = SelfAttention(c)
        self.output = DenseLN(c.hidden, c.hidden, c.eps, c.dropout)

    def forward(self, x, mask_add):
        return self.output(self.self(x, mask_add), x)


class Intermediate(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.dense = nn.Linear(c.hidden, c.intermediate)

    def forward(self, x):
        return nn.functional.gelu(self.dense(x))


class Layer(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.attention = Attention(c)
        self.intermediate = Intermediate(c)
        self.output = DenseLN(c.intermediate, c.hidden, c.eps, c.dropout)

    def forward(self, x, mask_add):
        a = self.attention(x, mask_add)
        return self.output(self.intermediate(a), a)


class Encoder(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.layer = nn.ModuleList([Layer(c) for _ in range(c.layers)])

    def forward(self, x, mask_add, keep):
        # keep: [batch, seq, 1] 1.0 for real tokens. Zeroing padded positions changes no real token's output
        # (padded keys are masked) but keeps them out of int8 dynamic quantization's activation range.
        x = x * keep
        for layer in self.layer:
            x = layer(x, mask_add) * keep
        return x


class Pooler(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.dense = nn.Linear(c.hidden, c.hidden)

    def forward(self, h):
        return torch.tanh(self.dense(h[:, 0]))


class BertModel(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.embeddings = Embeddings(c)
        self.encoder = Encoder(c)
        self.pooler = Pooler(c)

    def forward(self, input_ids, attention_mask, token_type_ids):
        mask_add = (1.0 - attention_mask[:, None, None, :].to(torch.float32)) * -10000.0
        keep = attention_mask.unsqueeze(-1).to(torch.float32)
        h = self.encoder(self.embeddings(input_ids, token_type_ids), mask_add, keep)
        return h, self.pooler(h)


class MiniLMClassifier(nn.Module):
    """forward(input_ids, attention_mask, token_type_ids) -> logits [batch, num_labels]."""

    def __init__(self, c):
        super().__init__()
        self.bert = BertModel(c)
        self.dropout = nn.Dropout(c.dropout)
        self.classifier = nn.Linear(c.hidden, c.num_labels)

    def forward(self, input_ids, attention_mask, token_type_ids):
        h, _ = self.bert(input_ids, attention_mask, token_type_ids)
        m = attention_mask.unsqueeze(-1).to(h.dtype)
        pooled = (h * m).sum(1) / m.sum(1).clamp(min=1.0)
        return self.classifier(self.dropout(pooled))
