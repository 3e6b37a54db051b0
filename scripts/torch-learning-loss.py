#!/usr/bin/env python3
"""The fmnist-reference protocol's active-learning loop in PyTorch, to measure lossloop's choices apart.

lossloop's `fmnist-reference` run (docs/benchmarks.md, "The whole curve on the reference network")
follows the PyTorch reference's recipe (docs/reference/fmnist-quick-pytorch.json) except in two
choices it makes on purpose: it trains every image of an epoch in batches of equal even size,
where the reference drops the last partial batch, and it starts convolutions He-normal, where
PyTorch starts them 6 times smaller in variance. This script rebuilds the reference's loop from
that recipe and switches either choice on, so each one's effect on the curve is measured in the
framework the reference ran in, in minutes instead of hours:

    python3 scripts/torch-learning-loss.py --seeds 1-5 --strategies learning-loss,random \\
        --batches drop-last --conv-init pytorch      # the reference's recipe
    python3 scripts/torch-learning-loss.py --seeds 1-5 --strategies learning-loss,random \\
        --batches equal --conv-init he-normal        # lossloop's two choices

The recipe: Fashion-MNIST from Debian's dataset-fashion-mnist (60,000 pool, 10,000 test), pixels
/255 normalized with mean 0.286 and std 0.353; random crop with 2 px zero padding and horizontal
flip; ResNet-8 (16/32/64, one block per stage) with a loss head of 64 units per stage; mean
cross-entropy + 1.0 x ranking loss (margin 1); SGD lr 0.1, momentum 0.9, weight decay 5e-4 on
every weight; lr 0.01 from epoch 16 of 20; taps detached from epoch 12; batch 64; 500 uniformly
random initial labels (the same for every strategy of a seed), then 500 a round from a random
subset of 5,000; both networks re-initialized every round with seed 1000 * seed + round. Test
accuracy on all 10,000 test images; ranking accuracy over the pairs of the first 2,000 with
distinct losses. Random numbers are PyTorch's, so a seed here is neither the reference's nor
lossloop's seed: only means and spreads compare.

With `--unlabeled consistency` every round also learns from its scored subset of unlabeled images,
as lossloop's setting "Learn from unlabeled images" does (scripts/torch_unlabeled.py):

    python3 scripts/torch-learning-loss.py --seeds 1-5 --strategies random --rounds 1 \\
        --batches equal --conv-init he-normal --unlabeled consistency --unlabeled-ratio 1

Prints one JSON object (per strategy and round: every seed's test and ranking accuracy, and the
first epoch's mean cross-entropy). Needs Debian's python3-torch and python3-numpy, not `npm test`.
"""
import argparse
import gzip
import json
import math
import statistics
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from torch_network import Network, ranking_loss
from torch_unlabeled import consistency_loss, strong_view, weak_targets

DATA = '/usr/share/datasets/fashion-mnist'
MEAN, STD = 0.286, 0.353
STRATEGIES = ('learning-loss', 'random', 'entropy')
METRICS = ('testAccuracyPercent', 'rankingAccuracyPercent', 'firstEpochCrossEntropy')


def read_idx(path, offset):
    with gzip.open(path, 'rb') as file:
        return np.frombuffer(file.read(), dtype=np.uint8, offset=offset)


def load(split):
    images = read_idx(f'{DATA}/{split}-images-idx3-ubyte.gz', 16).reshape(-1, 1, 28, 28)
    labels = read_idx(f'{DATA}/{split}-labels-idx1-ubyte.gz', 8)
    return torch.from_numpy(images.copy()).float() / 255, torch.from_numpy(labels.astype(np.int64))


def normalize(pixels):
    return (pixels - MEAN) / STD


def augment(pixels, generator):
    """Random crop from a 2 px zero-padded image (zero before normalization) and random flip."""
    padded = F.pad(pixels, (2, 2, 2, 2))
    out = torch.empty_like(pixels)
    shifts = torch.randint(0, 5, (len(pixels), 2), generator=generator)
    flips = torch.rand(len(pixels), generator=generator) < 0.5
    for i in range(len(pixels)):
        dy, dx = shifts[i].tolist()
        crop = padded[i, :, dy:dy + 28, dx:dx + 28]
        out[i] = crop.flip(2) if flips[i] else crop
    return out


def epoch_batches(count, batch, mode, generator):
    """Shuffled batches of one epoch: the reference drops the last partial batch ('drop-last');
    lossloop cuts all of them into as few batches of equal even size as hold them ('equal')."""
    order = torch.randperm(count, generator=generator)
    if mode == 'drop-last':
        return [order[start:start + batch] for start in range(0, count - batch + 1, batch)]
    pairs = count // 2
    batches = math.ceil(2 * pairs / batch)
    sizes = [2 * (pairs // batches + (1 if b < pairs % batches else 0)) for b in range(batches)]
    cuts = np.cumsum([0] + sizes)
    return [order[cuts[b]:cuts[b + 1]] for b in range(batches)]


def build(seed, conv_init):
    torch.manual_seed(seed)
    network = Network([16, 32, 64], 1, 64)
    if conv_init == 'he-normal':
        for module in network.modules():
            if isinstance(module, nn.Conv2d):
                nn.init.kaiming_normal_(module.weight, mode='fan_in', nonlinearity='relu')
    return network


def train(network, pixels, labels, args, generator, unlabeled=None):
    """20 epochs of cross-entropy + ranking loss (+ the unlabeled images' consistency loss when
    `unlabeled` holds their [0, 1] pixels); returns the first epoch's mean cross-entropy."""
    optimizer = torch.optim.SGD(network.parameters(), lr=0.1, momentum=0.9, weight_decay=5e-4)
    first_epoch_losses = []
    for epoch in range(args.epochs):
        for group in optimizer.param_groups:
            group['lr'] = 0.1 if epoch < round(0.8 * args.epochs) else 0.01
        detach = epoch >= round(0.6 * args.epochs)
        network.train()
        for batch in epoch_batches(len(labels), 64, args.batches, generator):
            x = normalize(augment(pixels[batch], generator))
            strong = None
            if unlabeled is not None:
                drawn = torch.randperm(len(unlabeled), generator=generator)[:min(len(unlabeled), round(len(batch) * args.unlabeled_ratio))]
                targets, mask = weak_targets(network, normalize(augment(unlabeled[drawn], generator)), args.threshold)
                strong = normalize(strong_view(unlabeled[drawn], True, generator))
                network.train()
            logits, predicted = network(x if strong is None else torch.cat([x, strong]), detach)
            count = len(batch)
            losses = F.cross_entropy(logits[:count], labels[batch], reduction='none')
            loss = losses.mean() + ranking_loss(predicted[:count], losses)
            if strong is not None:
                loss = loss + args.unlabeled_weight * consistency_loss(logits[count:], targets, mask)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            if epoch == 0:
                first_epoch_losses.append(losses.mean().item())
    return statistics.mean(first_epoch_losses)


@torch.no_grad()
def evaluate(network, pixels):
    network.eval()
    logits, predicted = [], []
    for start in range(0, len(pixels), 500):
        out_logits, out_predicted = network(normalize(pixels[start:start + 500]))
        logits.append(out_logits)
        predicted.append(out_predicted)
    return torch.cat(logits), torch.cat(predicted)


def ranking_accuracy(predicted, losses):
    """Share of pairs with distinct true losses whose predicted order agrees."""
    p, t = predicted.numpy().astype(np.float64), losses.numpy().astype(np.float64)
    true_order = np.sign(t[:, None] - t[None, :])
    agree = np.sign(p[:, None] - p[None, :]) == true_order
    counted = np.triu(true_order != 0, 1)
    return float(agree[counted].mean())


def run_lane(seed, strategy, args, pool, test):
    pool_pixels, pool_labels = pool
    test_pixels, test_labels = test
    selection = torch.Generator().manual_seed(seed)
    labeled = torch.randperm(len(pool_labels), generator=selection)[:args.initial].tolist()
    rounds = []
    for round_index in range(args.rounds):
        round_seed = 1000 * seed + round_index
        network = build(round_seed, args.conv_init)
        batches = torch.Generator().manual_seed(round_seed)
        index = torch.tensor(labeled)
        # The subset's generator is seeded by seed and round alone, so strategies of a seed draw
        # alike and differ only through the images they labeled before. It is drawn before
        # training: learning from unlabeled images trains on it, as lossloop trains on its candidates.
        taken = set(labeled)
        unlabeled = torch.tensor([i for i in range(len(pool_labels)) if i not in taken])
        subset_generator = torch.Generator().manual_seed(round_seed + 500)
        subset = unlabeled[torch.randperm(len(unlabeled), generator=subset_generator)[:args.subset]]
        extra = pool_pixels[subset] if args.unlabeled == 'consistency' else None
        first_ce = train(network, pool_pixels[index], pool_labels[index], args, batches, extra)
        logits, predicted = evaluate(network, test_pixels)
        losses = F.cross_entropy(logits, test_labels, reduction='none')
        rounds.append({
            'labeled': len(labeled),
            'testAccuracyPercent': round(100 * (logits.argmax(1) == test_labels).float().mean().item(), 2),
            'rankingAccuracyPercent': round(100 * ranking_accuracy(predicted[:2000], losses[:2000]), 2),
            'firstEpochCrossEntropy': round(first_ce, 3),
        })
        print(json.dumps({'seed': seed, 'strategy': strategy, **rounds[-1]}), flush=True, file=sys.stderr)
        if round_index == args.rounds - 1:
            break
        if strategy == 'random':
            picked = subset[:args.query]
        else:
            subset_logits, subset_predicted = evaluate(network, pool_pixels[subset])
            scores = subset_predicted if strategy == 'learning-loss' else entropy(subset_logits)
            picked = subset[torch.argsort(scores, descending=True)[:args.query]]
        labeled += picked.tolist()
    return rounds


def entropy(logits):
    log_p = F.log_softmax(logits, 1)
    return -(log_p.exp() * log_p).sum(1)


def seeds_from(text):
    if '-' in text:
        first, last = text.split('-')
        return list(range(int(first), int(last) + 1))
    return [int(s) for s in text.split(',')]


def summarize(entries):
    """Mean, sd and per-seed values of every metric over one round's entries (one per seed)."""
    summary = {}
    for metric in METRICS:
        values = [entry[metric] for entry in entries]
        summary[metric] = {
            'mean': round(statistics.mean(values), 2),
            'sd': round(statistics.stdev(values), 2) if len(values) > 1 else None,
            'perSeed': values,
        }
    return summary


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--seeds', default='1-5')
    parser.add_argument('--strategies', default='learning-loss,random')
    parser.add_argument('--rounds', type=int, default=6)
    parser.add_argument('--epochs', type=int, default=20)
    parser.add_argument('--initial', type=int, default=500)
    parser.add_argument('--query', type=int, default=500)
    parser.add_argument('--subset', type=int, default=5000)
    parser.add_argument('--batches', choices=['drop-last', 'equal'], default='drop-last')
    parser.add_argument('--conv-init', choices=['pytorch', 'he-normal'], default='pytorch')
    parser.add_argument('--threads', type=int, default=1)
    parser.add_argument('--unlabeled', choices=['off', 'consistency'], default='off')
    parser.add_argument('--unlabeled-ratio', type=float, default=2)
    parser.add_argument('--threshold', type=float, default=0.95)
    parser.add_argument('--unlabeled-weight', type=float, default=1)
    args = parser.parse_args()
    strategies = args.strategies.split(',')
    unknown = [s for s in strategies if s not in STRATEGIES]
    if unknown:
        parser.error(f"unknown strategies {unknown}; known: {', '.join(STRATEGIES)}")
    torch.set_num_threads(args.threads)

    pool, test = load('train'), load('t10k')
    started = time.time()
    results = {s: {} for s in strategies}
    for seed in seeds_from(args.seeds):
        for strategy in strategies:
            for entry in run_lane(seed, strategy, args, pool, test):
                results[strategy].setdefault(entry['labeled'], []).append(entry)
    summary = {
        'recipe': {'batches': args.batches, 'convInit': args.conv_init, 'epochs': args.epochs,
                   'seeds': args.seeds, 'framework': f'PyTorch {torch.__version__} (CPU)', 'threads': args.threads,
                   'unlabeled': args.unlabeled, **({'unlabeledRatio': args.unlabeled_ratio, 'threshold': args.threshold,
                                                   'unlabeledWeight': args.unlabeled_weight} if args.unlabeled != 'off' else {})},
        'seconds': round(time.time() - started),
        'strategies': {
            strategy: [{'labeled': labeled, **summarize(entries)} for labeled, entries in sorted(by_round.items())]
            for strategy, by_round in results.items()
        },
    }
    print(json.dumps(summary, indent=1))


if __name__ == '__main__':
    main()
