#!/usr/bin/env python3
"""PyTorch's side of `npm run bench -- --ceiling --compare-torch`: times the raw convolutions and
matrix products that lossloop's bench timed on its backend (src/lib/ml/ceiling.ts), at a thread
count, and prints one JSON object with the median time of each case.

The cases come as JSON, as the bench page reports them: stride-1 'same' convolutions with an NHWC
input [batch, height, width, in] and a filter [fh, fw, in, out] (run here in PyTorch's own NCHW
layout, as its training does), and [m, k] x [k, n] matrix products.

    python3 scripts/torch-ceiling.py --threads 1 --cases '[{"name": "m", "kind": "matmul", "a": [512, 512], "b": [512, 512]}]'
"""
import argparse
import json
import statistics
import time

import torch
import torch.nn.functional as F


def operation(case):
    """The timed call, on fixed random inputs of the case's shapes."""
    if case['kind'] == 'matmul':
        a, b = torch.randn(*case['a']), torch.randn(*case['b'])
        return lambda: torch.mm(a, b)
    batch, height, width, channels = case['input']
    fh, fw, cin, cout = case['filter']
    x, w = torch.randn(batch, channels, height, width), torch.randn(cout, cin, fh, fw)
    return lambda: F.conv2d(x, w, padding=(fh // 2, fw // 2))


def median_millis(run, repeats, warmup):
    """The upper middle of the timed runs, as src/lib/core/median.ts takes it."""
    millis = []
    for step in range(warmup + repeats):
        started = time.perf_counter()
        run()
        if step >= warmup:
            millis.append((time.perf_counter() - started) * 1000)
    return statistics.median_high(millis)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--threads', type=int, default=1)
    parser.add_argument('--cases', required=True, help='JSON list of cases')
    parser.add_argument('--repeats', type=int, default=15)
    parser.add_argument('--warmup', type=int, default=3)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    timings = []
    with torch.no_grad():
        for case in json.loads(args.cases):
            timings.append({'name': case['name'], 'medianMillis': median_millis(operation(case), args.repeats, args.warmup)})
    print(json.dumps({'runtime': f'PyTorch {torch.__version__} (CPU)', 'threads': torch.get_num_threads(), 'ceiling': timings}))


if __name__ == '__main__':
    main()
