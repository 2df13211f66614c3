#!/usr/bin/env python3
"""Runs a command and kills it when the test process that started the guard goes away.

Usage: process_guard.py COMMAND [ARGUMENT ...]

Starts COMMAND (its output goes to the guard's standard error), prints its process id on standard output,
and kills it with SIGKILL as soon as the guard's standard input reaches end of file: when the test closes
the pipe, or when the test process dies for any reason. Exits with the command's status.
"""

import os
import subprocess
import sys
import threading


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    child = subprocess.Popen(sys.argv[1:], stdin=subprocess.DEVNULL, stdout=sys.stderr, stderr=sys.stderr)
    print(child.pid, flush=True)

    def kill_when_stdin_closes():
        while sys.stdin.buffer.read(4096):
            pass
        child.kill()

    threading.Thread(target=kill_when_stdin_closes, daemon=True).start()
    status = child.wait()
    # os._exit: the reader thread holds standard input, which a normal interpreter shutdown would wait for.
    os._exit(status if status >= 0 else 128 - status)


if __name__ == "__main__":
    main()
