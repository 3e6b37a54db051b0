#!/usr/bin/env python3
"""PyTorch timing of lossloop's network and loss head, for `npm run bench -- --compare-torch`.

Builds the same target network (3x3 stem, residual stages of basic blocks with batch norm, 1x1
projection shortcuts, global average pooling, dense classifier) and the same loss head (per stage:
GAP -> dense -> ReLU; concatenated; dense to one scalar) as src/lib/ml/network.ts, and times what
lossloop's benchmark (src/lib/ml/benchmark.ts) times, on random 28x28x1 images:

  - a training step at a batch size: forward in training mode, mean cross-entropy + 1.0 x the
    ranking loss over the pairs (k, B-1-k) with margin 1, backward, SGD with momentum 0.9 and
    weight decay 5e-4; the median of the timed steps;
  - scoring: an evaluation-mode forward pass over N images in batches of 64, samples per second.

Prints one JSON object. Needs Debian's python3-torch (not needed by `npm test`):

    sudo apt-get install -y python3-torch
    python3 scripts/torch-reference.py --threads 2 --widths 16,32,64 --blocks 1 --head 64
"""
import argparse
import json
import statistics
import time

import torch
import torch.nn.functional as F

from torch_network import Network, ranking_loss


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--threads', type=int, default=1)
    parser.add_argument('--widths', default='16,32,64')
    parser.add_argument('--blocks', type=int, default=1)
    parser.add_argument('--head', type=int, default=64)
    parser.add_argument('--batch', type=int, default=64)
    parser.add_argument('--warmup', type=int, default=3)
    parser.add_argument('--steps', type=int, default=20)
    parser.add_argument('--score', type=int, default=2048)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    widths = [int(w) for w in args.widths.split(',')]
    network = Network(widths, args.blocks, args.head)
    optimizer = torch.optim.SGD(network.parameters(), lr=0.1, momentum=0.9, weight_decay=5e-4)
    images = torch.rand(max(args.batch, args.score), 1, 28, 28)
    images = (images - 0.3) / 0.3
    x, y = images[:args.batch], torch.arange(args.batch) % 10

    network.train()
    step_ms = []
    for step in range(args.warmup + args.steps):
        started = time.perf_counter()
        logits, predicted = network(x)
        losses = F.cross_entropy(logits, y, reduction='none')
        loss = losses.mean() + ranking_loss(predicted, losses)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if step >= args.warmup:
            step_ms.append((time.perf_counter() - started) * 1000)

    network.eval()
    with torch.no_grad():
        started = time.perf_counter()
        for start in range(0, args.score, 64):
            network(images[start:start + 64])
        score_seconds = time.perf_counter() - started

    median = statistics.median_high(step_ms)
    print(json.dumps({
        'runtime': f'PyTorch {torch.__version__} (CPU)', 'threads': torch.get_num_threads(),
        'widths': widths, 'blocks': args.blocks, 'headUnits': args.head, 'batch': args.batch,
        'medianStepMillis': median, 'trainSamplesPerSecond': args.batch * 1000 / median,
        'scoreSamplesPerSecond': args.score / score_seconds,
    }))


if __name__ == '__main__':
    main()
