"""Execute one notebook headlessly with nbclient and measure every code cell.

Called by the TypeScript runner (src/lib/cli/notebooks.ts, `npm run notebooks`); not meant to be
run by hand, although it can be:

    JUPYTER_PATH=.cache/jupyter/share/jupyter /usr/bin/python3 src/lib/notebook/execute.py \
        --input notebooks/01-deriving-attention.ipynb --output /tmp/out.ipynb \
        --report /tmp/report.json --kernel-dir .cache/jupyter/share/jupyter/kernels

For each code cell it reads the kernel's wall clock and CPU time (utime + stime of the kernel
process and its descendants, from /proc/<pid>/stat) just before and just after the execute
request, and reports them per cell. The TypeScript side turns CPU seconds into joules with the
project's energy library and stores everything in the notebook metadata.

Exit codes: 0 success (executed notebook written to --output), 2 a cell failed, timed out or
ended the kernel (nothing written to --output; details in --report), 3 setup error (kernel did
not start, ...), 128 + N when stopped by signal N.

The kernel runs in its own session (jupyter_client starts it that way), so a signal to this
process does not reach it. This process therefore stops the kernel's process group itself: when
it gets SIGTERM, SIGINT or SIGHUP, when its parent (the Node runner) goes away (then it also
removes --owned-dir, the runner's folder for the run), and when it exits. The kernel's PID is
written to --pid-file as soon as it starts, for the runner to use.
"""

import argparse
import json
import os
import re
import shutil
import signal
import sys
import threading
import time

try:
    import nbformat
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import AsyncKernelManager
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
except ImportError as exc:  # pragma: no cover - depends on the machine
    print(
        "execute.py: Jupyter's nbclient is not importable from %s (%s).\n"
        "Debian/Ubuntu: sudo apt-get install -y jupyter-nbconvert python3-nbconvert "
        "python3-notebook jupyter-client\n"
        "Elsewhere: pip install nbclient jupyterlab" % (sys.executable, exc),
        file=sys.stderr,
    )
    sys.exit(3)


def _clock_ticks():
    try:
        return os.sysconf("SC_CLK_TCK")
    except (ValueError, OSError, AttributeError):
        return 100


CLK_TCK = _clock_ticks()


def _read_stat(pid):
    """(ppid, utime + stime in ticks) of a process, or None if it is gone."""
    try:
        with open("/proc/%d/stat" % pid, "rb") as f:
            data = f.read().decode("ascii", "replace")
    except OSError:
        return None
    # The command name (field 2) is in parentheses and may contain spaces: split after it.
    rest = data[data.rfind(")") + 2 :].split()
    # rest[0] is field 3 (state); ppid is field 4, utime 14, stime 15.
    return int(rest[1]), int(rest[11]) + int(rest[12])


def process_tree_cpu_seconds(root_pid):
    """CPU seconds (user + system) used so far by root_pid and all its live descendants."""
    if root_pid is None or not os.path.isdir("/proc"):
        return None
    stats = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            st = _read_stat(int(name))
            if st is not None:
                stats[int(name)] = st
    if root_pid not in stats:
        return None
    children = {}
    for pid, (ppid, _) in stats.items():
        children.setdefault(ppid, []).append(pid)
    total, stack, seen = 0, [root_pid], set()
    while stack:
        pid = stack.pop()
        if pid in seen or pid not in stats:
            continue
        seen.add(pid)
        total += stats[pid][1]
        stack.extend(children.get(pid, []))
    return total / CLK_TCK


def process_rss_bytes(pid):
    """Resident set size of one process in bytes (VmRSS), or None."""
    if pid is None:
        return None
    try:
        with open("/proc/%d/status" % pid, encoding="ascii", errors="replace") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def stop_process_group(pgid):
    """SIGKILL every process of the group (the kernel leads its own, with anything it started)."""
    if not pgid:
        return
    try:
        os.killpg(pgid, signal.SIGKILL)
    except OSError:  # already gone
        pass


class MeasuringClient(NotebookClient):
    """NotebookClient that records wall time and kernel CPU time around each code cell."""

    def __init__(self, nb, kernel_dir=None, pid_file=None, **kw):
        super().__init__(nb, **kw)
        self.kernel_dir = kernel_dir
        self.pid_file = pid_file
        self.cell_records = {}
        self.failure = None
        self.started_pid = None

    async def async_start_new_kernel(self, **kwargs):
        await super().async_start_new_kernel(**kwargs)
        pid = self.started_pid = self.kernel_pid()
        if self.pid_file and pid:
            with open(self.pid_file, "w", encoding="ascii") as f:
                f.write("%d\n" % pid)

    def kernel_exit_code(self):
        process = getattr(getattr(self.km, "provisioner", None), "process", None)
        try:
            return process.poll() if process is not None else None
        except Exception:  # pragma: no cover - depends on the provisioner
            return None

    def create_kernel_manager(self):
        # Look the kernel up in the private directory only (never the user's kernels). Creating
        # the manager here rather than passing km= keeps nbclient owning it, so that it shuts
        # the kernel down at the end.
        ksm = KernelSpecManager()
        if self.kernel_dir:
            ksm.kernel_dirs = [self.kernel_dir]
        self.km = AsyncKernelManager(
            kernel_name=self.kernel_name, kernel_spec_manager=ksm, config=self.config
        )
        return self.km

    def kernel_pid(self):
        km = self.km
        provisioner = getattr(km, "provisioner", None)
        process = getattr(provisioner, "process", None)
        if process is not None and getattr(process, "pid", None):
            return process.pid
        kernel = getattr(km, "kernel", None)
        return getattr(kernel, "pid", None)

    async def async_execute_cell(self, cell, cell_index, execution_count=None, store_history=True):
        if cell.cell_type != "code" or not cell.source.strip():
            return await super().async_execute_cell(cell, cell_index, execution_count, store_history)
        pid = self.kernel_pid()
        cpu0 = process_tree_cpu_seconds(pid)
        rss0 = process_rss_bytes(pid)
        t0 = time.perf_counter()
        try:
            return await super().async_execute_cell(cell, cell_index, execution_count, store_history)
        except (CellExecutionError, CellTimeoutError, DeadKernelError) as exc:
            if isinstance(exc, DeadKernelError):
                code = self.kernel_exit_code()
                kind = "died"
                error = (
                    "the kernel process ended%s while this cell ran (process.exit() in a cell, or a crash "
                    "such as running out of memory); the cells after it did not run"
                    % ("" if code is None else " with exit code %s" % code)
                )
            elif isinstance(exc, CellTimeoutError):
                kind, error = "timeout", "no reply within %s s (raise --timeout)" % self.timeout
            else:
                kind, error = "error", _error_summary(cell, exc)
            self.failure = {
                "cellIndex": cell_index,
                "firstLine": cell.source.strip().splitlines()[0],
                "kind": kind,
                "error": error,
            }
            raise
        finally:
            seconds = time.perf_counter() - t0
            cpu1 = process_tree_cpu_seconds(pid)
            rss1 = process_rss_bytes(pid)
            self.cell_records[cell_index] = {
                "seconds": seconds,
                "rssBytes": [rss0, rss1],
                "cpuSeconds": None if cpu0 is None or cpu1 is None else max(0.0, cpu1 - cpu0),
            }


ERROR_LINE = re.compile(r"^\s*(?:[A-Za-z_$][\w$.]*)?(Error|Exception)\b")


def _error_summary(cell, exc):
    """One line describing the failure.

    tslab reports a thrown error or a type error as stderr text (ename/evalue stay empty), so
    look for an "XxxError: message" line there first, then take the first stderr line (a type
    error reads "1:7 - Type 'string' is not assignable to type 'number'.").
    """
    outputs = cell.get("outputs", [])
    for out in reversed(outputs):
        if out.get("output_type") == "error" and (out.get("ename") or out.get("evalue")):
            return ("%s: %s" % (out.get("ename", "Error"), out.get("evalue", ""))).strip()
    stderr = "".join(
        o.get("text", "") for o in outputs if o.get("output_type") == "stream" and o.get("name") == "stderr"
    )
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    for line in lines:
        if ERROR_LINE.match(line):
            return line[:400]
    if lines:
        return lines[0][:400]
    text = str(exc).strip().splitlines()
    # CellExecutionError's message ends with "<ename>: <evalue>" after the traceback.
    for line in reversed(text):
        if line.strip():
            return line.strip()
    return type(exc).__name__


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--input", required=True, help="notebook to execute (never modified)")
    ap.add_argument("--output", required=True, help="where to write the executed notebook")
    ap.add_argument("--report", required=True, help="where to write the JSON report")
    ap.add_argument("--kernel-dir", required=True, help="private kernels directory holding tslab/")
    ap.add_argument("--kernel-name", default="tslab")
    ap.add_argument("--timeout", type=int, default=600, help="per-cell timeout in seconds")
    ap.add_argument("--startup-timeout", type=int, default=120)
    ap.add_argument("--cwd", default=None, help="kernel working directory (default: notebook folder)")
    ap.add_argument("--pid-file", default=None, help="where to write the kernel's PID once it starts")
    ap.add_argument("--owned-dir", default=None, help="the runner's folder for this run, removed if the runner disappears")
    args = ap.parse_args(argv)

    with open(args.input, encoding="utf-8") as f:
        nb = nbformat.read(f, as_version=4)

    cwd = args.cwd or os.path.dirname(os.path.abspath(args.input))
    client = MeasuringClient(
        nb,
        kernel_dir=args.kernel_dir,
        pid_file=args.pid_file,
        kernel_name=args.kernel_name,
        timeout=args.timeout,
        startup_timeout=args.startup_timeout,
        allow_errors=False,
        record_timing=False,
        resources={"metadata": {"path": cwd}},
    )

    def stop_kernel():
        pid = client.started_pid
        if pid is None and getattr(client, "km", None) is not None:
            pid = client.kernel_pid()  # a signal while the kernel was starting
        stop_process_group(pid)

    def on_signal(signum, _frame):
        stop_kernel()
        os._exit(128 + signum)

    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, on_signal)

    parent = os.getppid()

    def watch_parent():
        # Re-parented: the runner is gone (even SIGKILL), so nobody would ever stop the kernel.
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:
                stop_kernel()
                if args.owned_dir:
                    shutil.rmtree(args.owned_dir, ignore_errors=True)
                os._exit(1)

    threading.Thread(target=watch_parent, daemon=True).start()

    started = time.perf_counter()
    report = {"ok": False, "input": args.input, "cells": {}}
    code = 0
    try:
        client.execute()
        report["ok"] = True
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as exc:
        code = 2
        if isinstance(exc, DeadKernelError) and client.failure is None:
            report["setupError"] = "the kernel died before any cell ran (%s)" % exc
            code = 3
    except Exception as exc:  # kernel could not start, ...
        report["setupError"] = "%s: %s" % (type(exc).__name__, exc)
        code = 3
    finally:
        stop_kernel()
    report["seconds"] = time.perf_counter() - started
    report["cells"] = {str(k): v for k, v in client.cell_records.items()}
    report["failure"] = client.failure
    if code == 2 and client.failure is None:
        report["setupError"] = "a cell failed but its index was not recorded"
        code = 3

    if code == 0:
        tmp = args.output + ".tmp%d" % os.getpid()
        with open(tmp, "w", encoding="utf-8") as f:
            nbformat.write(nb, f)
        os.replace(tmp, args.output)
    with open(args.report, "w", encoding="utf-8") as f:
        json.dump(report, f, indent=1)
    return code


if __name__ == "__main__":
    sys.exit(main())
