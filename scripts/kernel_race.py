"""Start and stop Jupyter kernels from several processes at the same moment; count the failures.

    python scripts/kernel_race.py                         # the suite's kernels (IPC), 4 x 75
    python scripts/kernel_race.py --transport tcp         # jupyter_client's default, for contrast
    python scripts/kernel_race.py --processes 2 --starts 150

Each process starts a kernel, waits until it answers, runs one line in it and shuts it down, over
and over; a barrier lines the processes up before every start, so their kernels are born in the
same instant -- the moment two TCP kernels can be handed the same "free" port
(``ZMQError: Address already in use``, "Kernel died before replying to kernel_info").
The suite's kernels (``tests/kernels.py``) talk over IPC sockets named by a fresh UUID instead.
Exit status 0 only if every start succeeded. Needs the test extra (``pip install -e ".[test]"``).
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from jupyter_client.manager import KernelManager  # noqa: E402
from kernels import IpcKernelManager, ThisPythonSpecs  # noqa: E402


def start_and_stop(transport: str) -> None:
    """One kernel's life: start, wait for it, run a line, shut it down. Raises on a failure."""
    if transport == "ipc":
        manager = IpcKernelManager(kernel_name="python3")
    else:
        manager = KernelManager(kernel_name="python3", kernel_spec_manager=ThisPythonSpecs())
    manager.start_kernel()
    client = manager.client()
    try:
        client.start_channels()
        client.wait_for_ready(timeout=60)
        reply = client.execute_interactive("x = 1 + 1", timeout=60)
        if reply["content"]["status"] != "ok":
            raise RuntimeError(f"the kernel could not run a line: {reply['content']}")
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def worker(transport: str, starts: int, barrier, failures, done) -> None:
    for _ in range(starts):
        barrier.wait()
        try:
            start_and_stop(transport)
        except Exception as error:  # any failure to start counts: that is what we measure
            failures.put(f"{type(error).__name__}: {str(error).splitlines()[0][:120]}")
        with done.get_lock():
            done.value += 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--processes", type=int, default=4, help="concurrent processes (4)")
    parser.add_argument("--starts", type=int, default=75, help="kernel starts per process (75)")
    parser.add_argument("--transport", choices=["ipc", "tcp"], default="ipc")
    args = parser.parse_args()

    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(args.processes)
    failures, done = context.Queue(), context.Value("i", 0)
    processes = [
        context.Process(target=worker, args=(args.transport, args.starts, barrier, failures, done))
        for _ in range(args.processes)
    ]
    began = time.perf_counter()
    for process in processes:
        process.start()
    for process in processes:
        process.join()
    errors = []
    while not failures.empty():
        errors.append(failures.get())
    total = args.processes * args.starts
    print(
        f"transport {args.transport}: {total} kernel starts in {args.processes} processes "
        f"({done.value} finished) in {time.perf_counter() - began:.0f} s: {len(errors)} failed"
    )
    for error in sorted(set(errors)):
        print(f"  {errors.count(error)} x {error}")
    return 0 if not errors and done.value == total else 1


if __name__ == "__main__":
    sys.exit(main())
