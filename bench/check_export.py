#!/usr/bin/python3
"""Loads an eagerae export into plain PyTorch and checks it against eagerae's predictions.

`eagerae export` writes NAME.safetensors (every weight under PyTorch state_dict names) and
NAME.json (what the model is). This script parses the safetensors file with NumPy (an 8-byte
little-endian header length, a JSON header, then the raw little-endian tensors), builds the
paper's architecture in plain PyTorch, loads the weights with load_state_dict(strict=True),
classifies the images of an IDX or CIFAR-10 binary file, and compares with the CSV that
`eagerae predict` wrote for the same file: the same class for every image, and every
probability within --tolerance. Exit code 0 when they agree, 1 when they do not.

    /usr/bin/python3 bench/check_export.py vote.safetensors \
        --images data/mnist/t10k-images-idx3-ubyte --predictions predictions.csv
"""

import argparse
import csv
import gzip
import json
import struct
import sys

import numpy as np
import torch
from torch import nn


def read_safetensors(path):
    """The tensors of a safetensors file, by name."""
    with open(path, "rb") as f:
        data = f.read()
    (length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + length])
    base = 8 + length
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        if info["dtype"] != "F32":
            raise ValueError(f"{path}: {name} is {info['dtype']}, expected F32")
        start, end = info["data_offsets"]
        values = np.frombuffer(data[base + start:base + end], dtype="<f4").reshape(info["shape"])
        tensors[name] = torch.from_numpy(values.copy())
    return tensors


def padded_side(side, spec):
    """A side padded up to a multiple of pool^stages, as eagerae pads images whose sides it does not divide."""
    scale = spec["pool"] ** len(spec["filters"])
    return -(-side // scale) * scale


class Encoder(nn.Sequential):
    """The paper's encoder: Conv2d, ReLU, MaxPool2d per stage (convolutions at 0, 3, ...); images whose sides
    pool^stages does not divide are first padded with zeros at the bottom and right, as eagerae pads them."""

    def __init__(self, spec):
        layers, channels = [], spec["channels"]
        for filters in spec["filters"]:
            layers += [nn.Conv2d(channels, filters, spec["kernel"], padding=spec["kernel"] // 2), nn.ReLU(), nn.MaxPool2d(spec["pool"])]
            channels = filters
        super().__init__(*layers)
        self.padding = (0, padded_side(spec["width"], spec) - spec["width"], 0, padded_side(spec["height"], spec) - spec["height"])

    def forward(self, x):
        if any(self.padding):
            x = nn.functional.pad(x, self.padding)
        return super().forward(x)


def encoder(spec):
    return Encoder(spec)


def pooling_grid(model):
    """Cells per side of the average pooling of each encoder's maps (0: none), from the classifier's featurePooling."""
    text = model["classifier"].get("featurePooling", "none")
    return 0 if text == "none" else 1 if text == "average" else int(text.split(":")[1])


def features(spec, grid):
    """An encoder's maps as a head's features: flattened, after AdaptiveAvgPool2d(grid) when grid > 0."""
    return nn.Sequential(nn.AdaptiveAvgPool2d(grid), nn.Flatten(1)) if grid else nn.Flatten(1)


def feature_size(spec, grid):
    return spec["filters"][-1] * grid * grid if grid else latent_size(spec)


def latent_size(spec):
    scale = spec["pool"] ** len(spec["filters"])
    return spec["filters"][-1] * (padded_side(spec["height"], spec) // scale) * (padded_side(spec["width"], spec) // scale)


class Standardize(nn.Module):
    """(x - mean) * scale with the training set's statistics."""

    def __init__(self, features):
        super().__init__()
        self.register_buffer("mean", torch.zeros(features))
        self.register_buffer("scale", torch.ones(features))

    def forward(self, x):
        return (x - self.mean) * self.scale


def head(features, hidden, classes):
    if hidden == 0:
        return nn.Sequential(nn.Linear(features, classes))
    return nn.Sequential(nn.Linear(features, hidden), nn.ReLU(), nn.Linear(hidden, classes))


class Member(nn.Module):
    """A classifier on one encoder (eagerae's single and fine-tune models)."""

    def __init__(self, spec, hidden, classes, grid=0):
        super().__init__()
        self.encoder = encoder(spec)
        self.features = features(spec, grid)
        self.standardize = Standardize(feature_size(spec, grid))
        self.head = head(feature_size(spec, grid), hidden, classes)

    def forward(self, x):
        return torch.softmax(self.head(self.standardize(self.features(self.encoder(x)))), dim=1)


class Stacked(nn.Module):
    """One classifier on all members' activations side by side."""

    def __init__(self, spec, members, hidden, classes, grid=0):
        super().__init__()
        self.encoders = nn.ModuleList([encoder(spec) for _ in range(members)])
        self.features = features(spec, grid)
        self.standardize = Standardize(members * feature_size(spec, grid))
        self.head = head(members * feature_size(spec, grid), hidden, classes)

    def forward(self, x):
        features = torch.cat([self.features(e(x)) for e in self.encoders], dim=1)
        return torch.softmax(self.head(self.standardize(features)), dim=1)


class Pixels(nn.Module):
    """A classifier on the images' pixels, flattened, without an encoder (eagerae's raw-pixels models)."""

    def __init__(self, spec, hidden, classes):
        super().__init__()
        features = spec["channels"] * spec["height"] * spec["width"]
        self.standardize = Standardize(features)
        self.head = head(features, hidden, classes)

    def forward(self, x):
        return torch.softmax(self.head(self.standardize(torch.flatten(x, 1))), dim=1)


class Vote(nn.Module):
    """Soft vote: the members' mean probabilities; hard vote: each class's share of their votes. The members are
    classifiers on an encoder, or on the pixels (raw-pixels-vote)."""

    def __init__(self, spec, members, hidden, classes, hard, grid=0, on_pixels=False):
        super().__init__()
        self.members = nn.ModuleList([Pixels(spec, hidden, classes) if on_pixels else Member(spec, hidden, classes, grid)
                                      for _ in range(members)])
        self.hard = hard
        self.classes = classes

    def forward(self, x):
        p = torch.stack([m(x) for m in self.members])
        if self.hard:
            return nn.functional.one_hot(p.argmax(dim=2), self.classes).float().mean(dim=0)
        return p.mean(dim=0)


def build(model):
    spec, method = model["spec"], model["method"]
    hidden, classes, grid = model["classifier"]["hidden"], len(model["classes"]), pooling_grid(model)
    if method in ("single", "fine-tune", "spread"):
        return Member(spec, hidden, classes, grid)
    if method == "stacked":
        return Stacked(spec, len(model["checkpoints"]), hidden, classes, grid)
    if method in ("raw-pixels", "raw-pixels-spread"):
        return Pixels(spec, hidden, classes)
    return Vote(spec, len(model["parts"]), hidden, classes, hard=method == "hard-vote", grid=grid,
                on_pixels=method == "raw-pixels-vote")


def read_images(path, spec):
    """Images of an IDX (raw or gzip) or CIFAR-10 binary file as floats v/255, N x C x H x W."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    if struct.unpack(">I", data[:4])[0] == 2051:
        n, h, w = struct.unpack(">III", data[4:16])
        pixels = np.frombuffer(data[16:16 + n * h * w], dtype=np.uint8).reshape(n, 1, h, w)
    elif len(data) % 3073 == 0:
        records = np.frombuffer(data, dtype=np.uint8).reshape(-1, 3073)
        pixels = records[:, 1:].reshape(-1, 3, 32, 32)
    else:
        raise ValueError(f"{path}: neither an IDX image file nor a CIFAR-10 binary file")
    if pixels.shape[1:] != (spec["channels"], spec["height"], spec["width"]):
        raise ValueError(f"{path}: images are {pixels.shape[1:]}, the model reads {spec['channels']}x{spec['height']}x{spec['width']}")
    return torch.from_numpy(pixels.astype(np.float32) / np.float32(255))


def read_predictions(path, classes):
    """eagerae predict's CSV: the predicted class index and the probabilities of every row, in order."""
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    if rows[0][2:] != classes:
        raise ValueError(f"{path}: needs one probability column per class (predict without --top)")
    index = {name: i for i, name in enumerate(classes)}
    predicted = np.array([index[r[1]] for r in rows[1:]])
    probabilities = np.array([[float(v) for v in r[2:]] for r in rows[1:]], dtype=np.float64)
    return predicted, probabilities


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("weights", help="the .safetensors file written by eagerae export (its .json beside it)")
    parser.add_argument("--images", required=True, help="the IDX or CIFAR-10 binary file predict read")
    parser.add_argument("--predictions", required=True, help="the CSV predict wrote for it")
    parser.add_argument("--tolerance", type=float, default=1e-4, help="largest allowed probability difference (default 1e-4)")
    parser.add_argument("--threads", type=int, default=0, help="torch threads (default: torch's choice)")
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)

    description = json.load(open(args.weights[: -len(".safetensors")] + ".json"))
    model_info = description["model"]
    model = build(model_info)
    model.load_state_dict(read_safetensors(args.weights), strict=True)
    model.eval()

    images = read_images(args.images, model_info["spec"])
    with torch.no_grad():
        probabilities = torch.cat([model(images[i:i + 500]) for i in range(0, len(images), 500)]).double().numpy()
    predicted = probabilities.argmax(axis=1)
    expected_classes, expected = read_predictions(args.predictions, model_info["classes"])
    if len(expected) != len(images):
        raise ValueError(f"{args.predictions} has {len(expected)} rows for {len(images)} images")

    differ = int((predicted != expected_classes).sum())
    largest = float(np.abs(probabilities - expected).max())
    agree = differ == 0 and largest <= args.tolerance
    print(json.dumps({"model": model_info["name"], "method": model_info["method"], "images": len(images),
                      "same_class": len(images) - differ, "different_class": differ,
                      "max_abs_probability_difference": largest, "tolerance": args.tolerance,
                      "torch": torch.__version__, "agree": agree}))
    return 0 if agree else 1


if __name__ == "__main__":
    sys.exit(main())
