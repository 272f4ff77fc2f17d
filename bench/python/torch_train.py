"""Training throughput of one subnet in PyTorch on the CPU, for `npm run bench`'s TF.js/PyTorch ratio.

The subnet is built from the same genome as the TF.js step it is compared with (src/train/supernet.ts
semantics: stem 3x3/2 conv + BN + ReLU6; MBConv = 1x1 expand (e != 1) + BN + ReLU6, kxk depthwise + BN +
ReLU6, 1x1 project + BN, residual when shape allows; transformer block = pre-norm attention with
heads of `headDim` channels and a GELU MLP of m*c; global mean pool, linear head). One step is what
the TF.js bench times: forward, softmax cross-entropy, backward, Adam (lr 1e-3), batch of images.

usage: /usr/bin/python3 bench/python/torch_train.py SPACE_JSON GENOME_JSON [--batch 64] [--steps 3]
       [--threads 2]. Prints one JSON line: {"torch", "threads", "batch", "steps", "msPerStep",
       "imagesPerSec", "params", "weights"}: params counts every trainable scalar (BatchNorm, LayerNorm
       and biases included), weights only the convolution and linear weights, which is what
       `h4h estimate` calls params (src/core/model/layers.ts: "weights only: no biases, no norm parameters").
"""
import argparse
import json
import math
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class MBConv(nn.Module):
    def __init__(self, cin, c, k, e, stride):
        super().__init__()
        hidden = e * cin
        self.expand = None
        if e != 1:
            self.expand = nn.Sequential(nn.Conv2d(cin, hidden, 1, bias=False), nn.BatchNorm2d(hidden, eps=1e-5), nn.ReLU6())
        self.dw = nn.Sequential(nn.Conv2d(hidden, hidden, k, stride, padding=k // 2, groups=hidden, bias=False), nn.BatchNorm2d(hidden, eps=1e-5), nn.ReLU6())
        self.project = nn.Sequential(nn.Conv2d(hidden, c, 1, bias=False), nn.BatchNorm2d(c, eps=1e-5))
        self.residual = stride == 1 and cin == c

    def forward(self, x):
        y = self.expand(x) if self.expand is not None else x
        y = self.project(self.dw(y))
        return y + x if self.residual else y


class ViT(nn.Module):
    def __init__(self, c, m, head_dim):
        super().__init__()
        self.heads = max(1, c // head_dim)
        self.ln1 = nn.LayerNorm(c, eps=1e-5)
        self.qkv = nn.Linear(c, 3 * c)
        self.proj = nn.Linear(c, c)
        self.ln2 = nn.LayerNorm(c, eps=1e-5)
        self.fc1 = nn.Linear(c, m * c)
        self.fc2 = nn.Linear(m * c, c)

    def forward(self, x):
        b, c, h, w = x.shape
        t = x.flatten(2).transpose(1, 2)  # [b, n, c]
        q, k, v = self.qkv(self.ln1(t)).chunk(3, dim=-1)
        split = lambda y: y.reshape(b, h * w, self.heads, c // self.heads).transpose(1, 2)
        q, k, v = split(q), split(k), split(v)
        att = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(c // self.heads), dim=-1)
        mixed = (att @ v).transpose(1, 2).reshape(b, h * w, c)
        t = t + self.proj(mixed)
        hid = self.fc1(self.ln2(t))
        t = t + self.fc2(hid * torch.sigmoid(1.702 * hid))
        return t.transpose(1, 2).reshape(b, c, h, w)


class Subnet(nn.Module):
    def __init__(self, space, g):
        super().__init__()
        self.r = g["r"]
        self.stem = nn.Sequential(nn.Conv2d(space["inputChannels"], g["stem"], 3, 2, padding=1, bias=False), nn.BatchNorm2d(g["stem"], eps=1e-5), nn.ReLU6())
        blocks = []
        cin = g["stem"]
        for spec, st in zip(space["stages"], g["stages"]):
            for b in range(st["d"]):
                if b > 0 and st["t"][b] == "vit":
                    blocks.append(ViT(st["c"], st["m"], space["headDim"]))
                else:
                    blocks.append(MBConv(cin, st["c"], st["k"], st["e"], spec["stride"] if b == 0 else 1))
                cin = st["c"]
        self.blocks = nn.Sequential(*blocks)
        self.fc = nn.Linear(cin, space["classes"])

    def forward(self, x):
        if x.shape[-1] != self.r:
            x = F.interpolate(x, size=(self.r, self.r), mode="bilinear", align_corners=False)
        y = self.blocks(self.stem(x))
        return self.fc(y.mean(dim=(2, 3)))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("space")
    p.add_argument("genome")
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--steps", type=int, default=3)
    p.add_argument("--warmup", type=int, default=1)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--size", type=int, default=28)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    space = json.loads(a.space)
    net = Subnet(space, json.loads(a.genome))
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    x = torch.rand(a.batch, space["inputChannels"], a.size, a.size) * 2 - 1
    y = torch.randint(0, space["classes"], (a.batch,))

    def step():
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(net(x), y)
        loss.backward()
        opt.step()
        return loss.item()

    for _ in range(a.warmup):
        step()
    t0 = time.perf_counter()
    for _ in range(a.steps):
        step()
    ms = (time.perf_counter() - t0) * 1000 / a.steps
    print(json.dumps({
        "torch": torch.__version__, "threads": torch.get_num_threads(), "batch": a.batch, "steps": a.steps,
        "msPerStep": ms, "imagesPerSec": a.batch * 1000 / ms, "params": sum(q.numel() for q in net.parameters()),
        "weights": sum(q.numel() for q in net.parameters() if q.dim() >= 2),
    }))


if __name__ == "__main__":
    main()
