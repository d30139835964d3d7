"""Keeping freed memory for reuse in a command-line run, instead of handing it back to the system.

A survey counted in batches makes the same large arrays again for every batch (a column's text, its
codes, each fact). The C library gives an allocation over its threshold (128 KB, rising to at most 32 MB
as it learns) its own mapping and returns it to the system when freed; the next batch's arrays are new
pages again, each zeroed by the kernel on first touch: 240,000 page faults and 0.6–1.6 s of system time for
a 3-million-person CSV, varying from run to run with the machine. With allocations under 64 MB taken from
the heap and up to 256 MB of freed heap kept, the batches reuse their memory: 140,000 faults, 0.5 s, for
about 30 MB more at the peak (benchmarks/bench.py, issue 21).

Only for a command's run, which ends when it is done (cli/deliver.execute); not for the local page's
server, which lives on and should give memory back, nor for a program that imports the library. A system
without glibc's `mallopt` (Windows, macOS, musl) keeps its own allocator's behaviour."""

from __future__ import annotations

import ctypes
import sys

M_TRIM_THRESHOLD = -1  # glibc's malloc.h
M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD = 64 << 20
TRIM_THRESHOLD = 256 << 20


def keep_freed_memory() -> bool:
    """Set glibc's thresholds for this process; False where there is no glibc to set them in."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None)
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # a libc without mallopt (musl)
        return False
    mallopt.argtypes, mallopt.restype = (ctypes.c_int, ctypes.c_int), ctypes.c_int
    return bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD))
