#!/usr/bin/python3
"""Prints the PyTorch reference values pinned in src/landauer/nn/optimizer_test.cc.

Three steps of Adam(lr=0.1) and SGD(lr=0.1, momentum=0.9) on L = sum(theta^3 + theta^2) from
theta = (0.5, -1, 2, 0), in float32. Run with Debian's interpreter: /usr/bin/python3.
"""
import torch

for name in ["adam", "sgd"]:
    p = torch.nn.Parameter(torch.tensor([0.5, -1.0, 2.0, 0.0]))
    opt = torch.optim.Adam([p], lr=0.1) if name == "adam" else torch.optim.SGD([p], lr=0.1, momentum=0.9)
    for _ in range(3):
        opt.zero_grad()
        ((p ** 3).sum() + (p * p).sum()).backward()
        opt.step()
    print(name, [f"{v:.9g}" for v in p.detach().tolist()])
