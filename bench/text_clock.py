"""Run a ``quicklooks`` command with a clock on the text core's entry points, to tell its text work from the rest.

Wraps the text core's engines (analysis, Quick Looks, facts, and the topic
features that read the analysis) with wall-clock timers, then runs the real
command line in this process, as ``bench/parse_count.py`` does. Each call's
own time is kept apart from the engines it calls (Quick Looks calls the
analysis), so the columns add up to the text work without counting anything
twice. Whatever else the command spends (database writes, search index,
topics, cache, provenance, dedupe, process start-up) is the overhead.

    d=$(mktemp -d); QUICKLOOKS_DATA_DIR=$d PYTHONPATH=src .venv/bin/python bench/text_clock.py \\
        --clock-file clock.json import --draft stories/*.txt

Writes ``{"wall": s, "text": s, "cpu": s, "text_cpu": s, "thread_cpu": s, "text_thread_cpu": s, "startup": s,
"engines": {name: s}, "calls": {name: n}}`` (``thread_cpu``: the main thread's CPU time)
(``startup``: from this script's start to the first call into the text core)
to the clock file when the command ends (``bench/ingest.py`` reads it).
"""

from __future__ import annotations

import atexit
import json
import os
import runpy
import sys
import time

HERE = os.path.dirname(os.path.realpath(__file__))
# Run as a script, bench/ comes first on sys.path and bench/http.py would hide the standard library's http.
sys.path[:] = [p for p in sys.path if os.path.realpath(p or ".") != HERE]

STARTED = time.perf_counter()
STARTED_CPU = time.process_time()
STARTED_THREAD = time.thread_time()

# (module, function, engine). Patched before any quicklooks module binds the
# names with ``from ... import``: the analysis first, since the engines import it.
ENTRY_POINTS = (
    ("quicklooks.text.document", "analyse", "analysis"),
    ("quicklooks.text.quick_looks", "write_quick_looks", "quick_looks"),
    ("quicklooks.text.facts", "extract_facts", "facts"),
    ("quicklooks.text.similarity", "features_of", "topic_features"),
)

_own: dict[str, float] = {engine: 0.0 for _, _, engine in ENTRY_POINTS}
_calls: dict[str, int] = {engine: 0 for _, _, engine in ENTRY_POINTS}
_outer = [0.0]
_outer_cpu = [0.0]  # the same calls' CPU time, every thread's (the BLAS threads' too)
# The main thread's CPU time in them: the overhead's CPU time is the main
# thread's outside them. Other work on a shared machine moves it far less
# than wall time; the process's CPU time would also count the BLAS threads,
# which spin for a while after each product while the main thread writes.
_outer_thread = [0.0]
_first_call: list[float] = []  # when the first story reached the text core: the command's start-up ends there
_children: list[float] = []  # per open call: time its wrapped callees took


def _clocked(function, engine: str):
    def clocked(*args, **kwargs):
        _children.append(0.0)
        started = time.perf_counter()
        started_cpu = time.process_time()
        started_thread = time.thread_time()
        if not _first_call:
            _first_call.append(started)
        try:
            return function(*args, **kwargs)
        finally:
            elapsed = time.perf_counter() - started
            inner = _children.pop()
            _own[engine] += elapsed - inner
            _calls[engine] += 1
            if _children:
                _children[-1] += elapsed
            else:
                _outer[0] += elapsed
                _outer_cpu[0] += time.process_time() - started_cpu
                _outer_thread[0] += time.thread_time() - started_thread

    clocked.__wrapped__ = function
    clocked.__name__ = getattr(function, "__name__", engine)
    clocked.__doc__ = function.__doc__
    return clocked


def install() -> None:
    import importlib

    for module_name, name, engine in ENTRY_POINTS:
        module = importlib.import_module(module_name)
        setattr(module, name, _clocked(getattr(module, name), engine))


def _write(path: str) -> None:
    record = {
        "wall": time.perf_counter() - STARTED,
        "text": _outer[0],
        "cpu": time.process_time() - STARTED_CPU,
        "text_cpu": _outer_cpu[0],
        "thread_cpu": time.thread_time() - STARTED_THREAD,
        "text_thread_cpu": _outer_thread[0],
        "startup": (_first_call[0] if _first_call else time.perf_counter()) - STARTED,
        "engines": _own,
        "calls": _calls,
    }
    with open(path, "w") as out:
        json.dump(record, out)


def main() -> None:
    args = sys.argv[1:]
    if len(args) < 2 or args[0] != "--clock-file":
        raise SystemExit("usage: bench/text_clock.py --clock-file PATH QUICKLOOKS-COMMAND [ARGS...]")
    path, command = args[1], args[2:]
    install()
    atexit.register(_write, path)
    sys.argv = ["quicklooks", *command]
    runpy.run_module("quicklooks", run_name="__main__")


if __name__ == "__main__":
    main()
