"""How many times the pipeline parses while a ``quicklooks`` command runs, and the CPU it spends parsing.

Wraps the real ``quicklooks.text.document._build`` (the one place the
pipeline runs over a text) with a counter, then runs the real command line in
this process. Run it on two checkouts in one sitting to compare them; each
run wants a fresh data directory, or the import finds its stories unchanged.

    d=$(mktemp -d); QUICKLOOKS_DATA_DIR=$d PYTHONPATH=src .venv/bin/python bench/parse_count.py \\
        import --publish tests/files/stories/plain.txt tests/files/facts/*.txt

Prints ``parses=N parse_cpu=S`` on stderr when the command ends.
"""

from __future__ import annotations

import atexit
import runpy
import sys
import time

from quicklooks.text import document

_real_build = document._build
_counted = [0, 0.0]


def _counting_build(*args, **kwargs):
    started = time.process_time()
    try:
        return _real_build(*args, **kwargs)
    finally:
        _counted[0] += 1
        _counted[1] += time.process_time() - started


def main() -> None:
    document._build = _counting_build
    atexit.register(lambda: print(f"parses={_counted[0]} parse_cpu={_counted[1]:.2f}s", file=sys.stderr))
    sys.argv = ["quicklooks", *sys.argv[1:]]
    runpy.run_module("quicklooks", run_name="__main__")


if __name__ == "__main__":
    main()
