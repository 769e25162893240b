"""Run a command as this small process's child; write its wall clock and its own peak RSS as JSON.

Linux carries a process's peak RSS across `exec`: a build the benchmark started itself would
report at least the benchmark's own size at that moment (70 MB and more once big corpora are
generated), more than a small build uses. A child of this small interpreter (started with
`-I -S`, about 10 MB) reports its own peak. The time runs from the child's start to its exit.

    python -I -S bench/launch.py RESULT.json COMMAND [ARGS...]
"""

import json
import os
import subprocess
import sys
import time

result, command = sys.argv[1], sys.argv[2:]
start = time.perf_counter()
child = subprocess.Popen(command)
_pid, status, usage = os.wait4(child.pid, 0)
seconds = time.perf_counter() - start
child.returncode = os.waitstatus_to_exitcode(status)  # reaped here: Popen must not wait again
with open(result, "w", encoding="utf-8") as out:
    json.dump({"seconds": seconds, "maxrss_kb": usage.ru_maxrss, "returncode": child.returncode}, out)
