"""lossloop's learning from unlabeled images in PyTorch (src/lib/ml/unlabeledBatch.ts, strongAugment.ts).

FixMatch-style consistency: each step draws mu unlabeled images per labeled one; a weak view
(the labeled images' crop and flip) is predicted with the batch's own statistics and no gradient,
and where the top probability reaches the threshold its class is the target of a strong view
(a shift of an eighth of the side, brightness, contrast and noise each with probability 1/2, a
mid-grey cutout of a quarter to half the side), trained in the same forward pass as the labeled
batch; images below the threshold count zero but stay in the mean. The loss head learns from the
labeled images only. Random numbers are PyTorch's: means compare, not single images.
"""
import torch
import torch.nn.functional as F

BRIGHTNESS, CONTRAST, NOISE = 0.25, 0.5, 0.1
CUTOUT = (0.25, 0.5)
CUTOUT_VALUE = 0.5


def shift(pixels, pad, flip, generator):
    """Random crop from a `pad` px zero-padded image, mirrored at random when `flip`."""
    size = pixels.shape[-1]
    padded = F.pad(pixels, (pad, pad, pad, pad))
    out = torch.empty_like(pixels)
    shifts = torch.randint(0, 2 * pad + 1, (len(pixels), 2), generator=generator)
    flips = torch.rand(len(pixels), generator=generator) < 0.5
    for i in range(len(pixels)):
        dy, dx = shifts[i].tolist()
        crop = padded[i, :, dy:dy + size, dx:dx + size]
        out[i] = crop.flip(2) if flip and flips[i] else crop
    return out


def strong_view(pixels, flip, generator):
    """The strong view of [0, 1] pixels, still in [0, 1]."""
    size = pixels.shape[-1]
    out = shift(pixels, max(2, round(size / 8)), flip, generator)
    for i in range(len(out)):
        image = out[i]
        u = torch.rand(6, generator=generator).tolist()
        brightness = (2 * u[1] - 1) * BRIGHTNESS if u[0] < 0.5 else 0.0
        contrast = 1 + (2 * u[3] - 1) * CONTRAST if u[2] < 0.5 else 1.0
        noise = u[5] * NOISE if u[4] < 0.5 else 0.0
        mean = image.mean()
        image = (image - mean) * contrast + mean + brightness
        if noise > 0:
            image = image + noise * torch.randn(image.shape, generator=generator)
        image = image.clamp(0, 1)
        side = max(1, round(size * (CUTOUT[0] + torch.rand(1, generator=generator).item() * (CUTOUT[1] - CUTOUT[0]))))
        top, left = (torch.randint(0, size, (2,), generator=generator) - side // 2).tolist()
        image[:, max(0, top):max(0, top + side), max(0, left):max(0, left + side)] = CUTOUT_VALUE
        out[i] = image
    return out


@torch.no_grad()
def weak_targets(network, weak, threshold):
    """Pseudo-labels of the weak views from the batch's own statistics; running statistics untouched."""
    norms = [m for m in network.modules() if isinstance(m, torch.nn.BatchNorm2d)]
    momenta = [m.momentum for m in norms]
    for m in norms:
        m.momentum = 0.0
    network.train()
    logits, _ = network(weak, True)
    for m, momentum in zip(norms, momenta):
        m.momentum = momentum
    probabilities = logits.softmax(1)
    confidence, labels = probabilities.max(1)
    return labels, (confidence >= threshold).float()


def consistency_loss(logits, labels, mask):
    """(1/N) sum of mask * cross-entropy over the N unlabeled images."""
    return (F.cross_entropy(logits, labels, reduction='none') * mask).mean()
