#!/usr/bin/env python3
"""Handwritten digits from scikit-learn (Debian's python3-sklearn, BSD licence: 1,797 8x8 images of
0-16) as IDX files named like Fashion-MNIST's, so that `npm run experiment -- --protocol defaults
--data DIR` runs lossloop's defaults on real images that are not Fashion-MNIST.

    apt-get download python3-sklearn && dpkg -x python3-sklearn_*.deb sklearn
    python3 scripts/data/digits-idx.py sklearn/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz DIR

A seeded shuffle puts 400 images in the test set (t10k-*) and the other 1,397 in the pool (train-*);
pixels are scaled from 0-16 to 0-255.
"""
import gzip
import random
import struct
import sys
from pathlib import Path

TEST_COUNT = 400


def idx(dims, data):
    """An unsigned-byte IDX file: two zero bytes, type 0x08, the number of dimensions, each big-endian."""
    return bytes([0, 0, 0x08, len(dims)]) + b''.join(struct.pack('>I', d) for d in dims) + bytes(data)


def main(csv_path, out_dir):
    rows = [list(map(int, line.split(','))) for line in gzip.open(csv_path, 'rt').read().split()]
    random.Random(1).shuffle(rows)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for name, part in (('train', rows[TEST_COUNT:]), ('t10k', rows[:TEST_COUNT])):
        pixels = [round(v * 255 / 16) for row in part for v in row[:64]]
        (out / f'{name}-images-idx3-ubyte').write_bytes(idx([len(part), 8, 8], pixels))
        (out / f'{name}-labels-idx1-ubyte').write_bytes(idx([len(part)], [row[64] for row in part]))
    print(f'{out}: {len(rows) - TEST_COUNT} pool and {TEST_COUNT} test images of 8x8')


if __name__ == '__main__':
    main(*sys.argv[1:3])
