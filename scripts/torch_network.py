"""lossloop's network and ranking loss in PyTorch, shared by the scripts that compare against it.

The same target network as src/lib/ml/network.ts (3x3 stem, residual stages of basic blocks with
batch norm, 1x1 projection shortcuts, global average pooling, dense classifier) and the same loss
head (per stage: GAP -> dense -> ReLU; concatenated; dense to one scalar). `forward(x, detach)`
cuts the gradient from the head into the tapped features when `detach` is true, as lossloop does
after the detach point of a cycle.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout, eps=1e-5, momentum=0.1)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout, eps=1e-5, momentum=0.1)
        self.shortcut = nn.Sequential()
        if stride != 1 or cin != cout:
            self.shortcut = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout, eps=1e-5, momentum=0.1))

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return F.relu(out + self.shortcut(x))


class Network(nn.Module):
    """Target network and loss head in one module, as lossloop holds them."""

    def __init__(self, widths, blocks, head_units, classes=10, channels=1):
        super().__init__()
        self.stem = nn.Conv2d(channels, widths[0], 3, 1, 1, bias=False)
        self.stem_bn = nn.BatchNorm2d(widths[0], eps=1e-5, momentum=0.1)
        stages, cin = [], widths[0]
        for stage, width in enumerate(widths):
            layers = []
            for block in range(blocks):
                layers.append(BasicBlock(cin, width, 2 if stage > 0 and block == 0 else 1))
                cin = width
            stages.append(nn.Sequential(*layers))
        self.stages = nn.ModuleList(stages)
        self.classifier = nn.Linear(widths[-1], classes)
        self.taps = nn.ModuleList(nn.Linear(width, head_units) for width in widths)
        self.head_out = nn.Linear(head_units * len(widths), 1)

    def forward(self, x, detach=False):
        x = F.relu(self.stem_bn(self.stem(x)))
        taps = []
        for stage in self.stages:
            x = stage(x)
            taps.append(x.detach() if detach else x)
        logits = self.classifier(x.mean((2, 3)))
        vectors = [F.relu(tap_layer(tap.mean((2, 3)))) for tap_layer, tap in zip(self.taps, taps)]
        return logits, self.head_out(torch.cat(vectors, 1)).view(-1)


def ranking_loss(predicted, target, margin=1.0):
    """Pairs (k, B-1-k); real losses detached; mean over the B/2 pairs (src/lib/ml/rankingLoss.ts)."""
    half = predicted.shape[0] // 2
    pi, pj = predicted[:half], predicted.flip(0)[:half]
    ti, tj = target[:half].detach(), target.flip(0)[:half].detach()
    sign = torch.where(ti > tj, 1.0, -1.0)
    return torch.clamp(-sign * (pi - pj) + margin, min=0).sum() / half
