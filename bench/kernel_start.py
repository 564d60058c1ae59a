"""Measures a kernel start: jupyter_client starts a python3 kernel and gets a kernel_info reply."""

import statistics
import subprocess
import time

from jupyter_client.manager import KernelManager

RUNS = 5
READY_TIMEOUT_S = 60


def one_kernel_start() -> float:
    """Seconds from asking for a python3 kernel to holding its kernel_info reply."""
    manager = KernelManager(kernel_name="python3")
    started = time.perf_counter()
    # The kernel's stderr only carries its TCP notice; it would bury the figures.
    manager.start_kernel(stderr=subprocess.DEVNULL)
    client = manager.client()
    client.start_channels()
    try:
        # wait_for_ready sends kernel_info requests until one is answered.
        client.wait_for_ready(timeout=READY_TIMEOUT_S)
        return time.perf_counter() - started
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def kernel_start_seconds(runs: int = RUNS) -> float:
    """Median kernel start over `runs` fresh kernels."""
    return statistics.median(one_kernel_start() for _ in range(runs))


def main() -> None:
    print(f"kernel start (median of {RUNS}): {kernel_start_seconds():.3f} s")


if __name__ == "__main__":
    main()
