#!/usr/bin/python3
"""Plain-PyTorch reference for the eagerae CAE ensemble benchmark.

Trains K small convolutional autoencoders on an MNIST subset, one member after
the other, the way a researcher would write it in PyTorch, and prints one JSON
line with the timings on stdout. Per-epoch progress goes to stderr.

Model (MNIST 1x28x28):
  encoder  Conv2d(1,16,5,p=2) -> ReLU -> MaxPool2d(2)
           Conv2d(16,32,5,p=2) -> ReLU -> MaxPool2d(2)        latent 32x7x7
  decoder  ConvTranspose2d(32,16,2,s=2) -> ReLU
           ConvTranspose2d(16,1,2,s=2) -> Sigmoid
Adam(lr=1e-3), batch 100, MSE loss (mean over pixels), PyTorch default init.

Also: --gemm-peak measures float32 GFLOP/s of a 1024x1024 matmul.

Run with the Debian system interpreter (/usr/bin/python3), which sees the
Debian python3-torch package; see bench/setup-pytorch.sh.
"""

import time

_T_IMPORT0 = time.perf_counter()

import argparse  # noqa: E402
import ctypes  # noqa: E402
import gzip  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import struct  # noqa: E402
import sys  # noqa: E402

import numpy as np  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402

IMPORT_SECONDS = time.perf_counter() - _T_IMPORT0

IDX_IMAGES_MAGIC = 2051
IDX_LABELS_MAGIC = 2049


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- data

def _open_idx(path):
    if os.path.exists(path):
        return open(path, "rb")
    if os.path.exists(path + ".gz"):
        return gzip.open(path + ".gz", "rb")
    raise FileNotFoundError(f"IDX file not found: {path}")


def read_idx_images(path):
    with _open_idx(path) as f:
        magic, n, rows, cols = struct.unpack(">IIII", f.read(16))
        if magic != IDX_IMAGES_MAGIC:
            raise ValueError(f"{path}: bad magic {magic}, expected {IDX_IMAGES_MAGIC}")
        data = np.frombuffer(f.read(n * rows * cols), dtype=np.uint8)
    if data.size != n * rows * cols:
        raise ValueError(f"{path}: truncated, {data.size} of {n * rows * cols} bytes")
    return data.reshape(n, rows, cols)


def read_idx_labels(path):
    with _open_idx(path) as f:
        magic, n = struct.unpack(">II", f.read(8))
        if magic != IDX_LABELS_MAGIC:
            raise ValueError(f"{path}: bad magic {magic}, expected {IDX_LABELS_MAGIC}")
        data = np.frombuffer(f.read(n), dtype=np.uint8)
    if data.size != n:
        raise ValueError(f"{path}: truncated, {data.size} of {n} labels")
    return data


def load_subset(data_dir, seed, train_size, val_size):
    images = read_idx_images(os.path.join(data_dir, "train-images-idx3-ubyte"))
    labels = read_idx_labels(os.path.join(data_dir, "train-labels-idx1-ubyte"))
    if images.shape[0] != labels.shape[0]:
        raise ValueError(f"image/label count mismatch: {images.shape[0]} vs {labels.shape[0]}")
    if images.shape[1:] != (28, 28):
        raise ValueError(f"expected 28x28 images, got {images.shape[1:]}")
    if train_size + val_size > images.shape[0]:
        raise ValueError(f"train+val {train_size + val_size} exceeds {images.shape[0]} images")
    perm = np.random.RandomState(seed).permutation(images.shape[0])
    tr_idx = perm[:train_size]
    va_idx = perm[train_size:train_size + val_size]

    def to_tensor(idx):
        x = images[idx].astype(np.float32) / 255.0
        return torch.from_numpy(x).unsqueeze(1).contiguous()  # N x 1 x 28 x 28

    return to_tensor(tr_idx), to_tensor(va_idx)


# ----------------------------------------------------------------------- threads

def _openblas():
    """The OpenBLAS library torch's BLAS calls land in, if any (Debian's torch
    links the generic libblas.so.3, which the alternatives system points at
    OpenBLAS). Returns None if it is not loaded."""
    for name in ("libopenblas.so.0", "libblas.so.3"):
        try:
            lib = ctypes.CDLL(name, mode=os.RTLD_NOLOAD | os.RTLD_GLOBAL)
            lib.openblas_get_num_threads.restype = ctypes.c_int
            return lib
        except (OSError, AttributeError):
            continue
    return None


def set_threads(n):
    """Set torch intra-op threads and, because OpenBLAS keeps its own pthread
    pool that torch.set_num_threads does not touch, OpenBLAS threads too."""
    torch.set_num_threads(n)
    lib = _openblas()
    if lib is not None:
        lib.openblas_set_num_threads(ctypes.c_int(n))


def blas_info():
    lib = _openblas()
    if lib is None:
        return {"blas": "unknown"}
    info = {"blas": "openblas", "openblas_threads": lib.openblas_get_num_threads()}
    try:
        lib.openblas_get_config.restype = ctypes.c_char_p
        lib.openblas_get_corename.restype = ctypes.c_char_p
        info["openblas_config"] = lib.openblas_get_config().decode().strip()
        info["openblas_core"] = lib.openblas_get_corename().decode().strip()
    except AttributeError:
        pass
    return info


# -------------------------------------------------------------------------- model

class CAE(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = nn.Sequential(
            nn.Conv2d(1, 16, 5, padding=2),
            nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Conv2d(16, 32, 5, padding=2),
            nn.ReLU(),
            nn.MaxPool2d(2),
        )
        self.decoder = nn.Sequential(
            nn.ConvTranspose2d(32, 16, 2, stride=2),
            nn.ReLU(),
            nn.ConvTranspose2d(16, 1, 2, stride=2),
            nn.Sigmoid(),
        )

    def forward(self, x):
        return self.decoder(self.encoder(x))


def evaluate(model, x, batch_size):
    """Mean per-pixel MSE over the whole set."""
    model.eval()
    total = 0.0
    with torch.no_grad():
        for i in range(0, x.shape[0], batch_size):
            xb = x[i:i + batch_size]
            total += nn.functional.mse_loss(model(xb), xb, reduction="sum").item()
    model.train()
    return total / x.numel()


def train_member(k, args, x_train, x_val):
    torch.manual_seed(args.seed * 1000 + k)
    model = CAE()
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    loss_fn = nn.MSELoss()
    gen = torch.Generator()
    gen.manual_seed(args.seed * 1000 + k)
    n = x_train.shape[0]
    bs = args.batch_size

    loop_seconds = 0.0
    val_loss = float("nan")
    epoch_seconds = []
    for epoch in range(1, args.epochs + 1):
        t0 = time.perf_counter()
        perm = torch.randperm(n, generator=gen)
        model.train()
        running = 0.0
        for i in range(0, n, bs):
            xb = x_train[perm[i:i + bs]]
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(xb), xb)
            loss.backward()
            opt.step()
            running += loss.item() * xb.shape[0]
        train_loss = running / n
        val_loss = evaluate(model, x_val, bs)
        dt = time.perf_counter() - t0
        loop_seconds += dt
        epoch_seconds.append(dt)
        log(f"member {k} epoch {epoch}: train_loss {train_loss:.6f} "
            f"val_loss {val_loss:.6f} ({dt:.2f}s)")
    return val_loss, loop_seconds, epoch_seconds


# ------------------------------------------------------------------------- modes

def run_training(args):
    t0 = time.perf_counter()
    x_train, x_val = load_subset(args.data_dir, args.seed, args.train_size, args.val_size)
    data_seconds = time.perf_counter() - t0
    log(f"torch {torch.__version__}, threads {torch.get_num_threads()}, "
        f"train {x_train.shape[0]}, val {x_val.shape[0]}, data load {data_seconds:.2f}s")

    t_start = time.perf_counter()
    final_val = []
    train_only = 0.0
    all_epoch_seconds = []
    for k in range(args.members):
        v, s, eps = train_member(k, args, x_train, x_val)
        final_val.append(v)
        train_only += s
        all_epoch_seconds.extend(eps)
    total = time.perf_counter() - t_start

    member_epochs = args.members * args.epochs
    return {
        "members": args.members,
        "epochs": args.epochs,
        "train_size": int(x_train.shape[0]),
        "val_size": int(x_val.shape[0]),
        "batch_size": args.batch_size,
        "threads": torch.get_num_threads(),
        "seconds_total": round(total, 4),
        "seconds_train_only": round(train_only, 4),
        "seconds_per_epoch_mean": round(train_only / member_epochs, 4) if member_epochs else None,
        "member_epochs_per_second": round(member_epochs / train_only, 4) if train_only > 0 else None,
        "final_val_loss": [round(v, 6) for v in final_val],
        "seconds_data_load": round(data_seconds, 4),
        "seconds_import": round(IMPORT_SECONDS, 4),
        "seed": args.seed,
        "torch_version": torch.__version__,
        **blas_info(),
    }


def run_gemm_peak(args):
    n = args.gemm_size
    a = torch.randn(n, n, dtype=torch.float32)
    b = torch.randn(n, n, dtype=torch.float32)
    c = torch.empty(n, n, dtype=torch.float32)
    for _ in range(args.gemm_warmup):
        torch.mm(a, b, out=c)
    times = []
    for _ in range(args.gemm_runs):
        t0 = time.perf_counter()
        torch.mm(a, b, out=c)
        times.append(time.perf_counter() - t0)
    best = min(times)
    flops = 2.0 * n * n * n
    return {
        "mode": "gemm_peak",
        "n": n,
        "dtype": "float32",
        "threads": torch.get_num_threads(),
        "runs": args.gemm_runs,
        "best_seconds": round(best, 6),
        "median_seconds": round(sorted(times)[len(times) // 2], 6),
        "gflops_best": round(flops / best / 1e9, 2),
        "gflops_median": round(flops / sorted(times)[len(times) // 2] / 1e9, 2),
        "torch_version": torch.__version__,
        **blas_info(),
    }


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--data-dir", help="directory with train-images-idx3-ubyte and "
                   "train-labels-idx1-ubyte (raw IDX)")
    p.add_argument("--members", type=int, default=4)
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--train-size", type=int, default=4800)
    p.add_argument("--val-size", type=int, default=1200)
    p.add_argument("--batch-size", type=int, default=100)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--threads", type=int, default=os.cpu_count(),
                   help="torch intra-op threads, also applied to OpenBLAS "
                   "(default: all cores)")
    p.add_argument("--gemm-peak", action="store_true",
                   help="measure float32 matmul GFLOP/s instead of training")
    p.add_argument("--gemm-size", type=int, default=1024)
    p.add_argument("--gemm-warmup", type=int, default=3)
    p.add_argument("--gemm-runs", type=int, default=10)
    p.add_argument("--show-config", action="store_true",
                   help="print torch build and parallel configuration to stderr")
    args = p.parse_args(argv)
    if not args.gemm_peak and not args.data_dir:
        p.error("--data-dir is required unless --gemm-peak is given")
    for name in ("members", "epochs", "train_size", "val_size", "batch_size", "threads"):
        if getattr(args, name) < 1:
            p.error(f"--{name.replace('_', '-')} must be >= 1")
    return args


def main(argv=None):
    args = parse_args(argv)
    set_threads(args.threads)
    if args.show_config:
        log(torch.__config__.show())
        log(torch.__config__.parallel_info())
    result = run_gemm_peak(args) if args.gemm_peak else run_training(args)
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
