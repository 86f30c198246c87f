#!/usr/bin/env python3
"""Says what a hung test process was doing, for scripts/watchdog: its threads as gdb saw
them (alike ones counted once, demangled, threads parked in their event loops or idle in the
pool left out), then the tests whose start the log shows and whose end it does not.

    hang-report.py TEST_LOG GDB_DUMP
"""
import re
import subprocess
import sys

STARTED = re.compile(r"^\S+ Test (.+?) started\.$")
ENDED = re.compile(r"^\S+ Test (.+?)(?: with \d+ test cases?)? (?:passed|failed|skipped)")
THREAD = re.compile(r"^Thread \d+ .*?\(LWP (\d+)\)")
FRAME = re.compile(r"^#\d+\s+(?:0x[0-9a-f]+ in )?(\S+)")
# Frames of threads waiting for work, not stuck in it.
IDLE = ("epoll_wait", "_dispatch_worker_thread", "_dispatch_sigsuspend", "__GI___poll")


def unfinished(log_path):
    started, ended = [], set()
    with open(log_path, errors="replace") as log:
        for line in log:
            line = line.rstrip("\n")
            if match := STARTED.match(line):
                started.append(match.group(1))
            elif match := ENDED.match(line):
                ended.add(match.group(1))
    return [name for name in started if name not in ended]


def threads(dump_path):
    stacks, current = [], None
    with open(dump_path, errors="replace") as dump:
        for line in dump:
            if THREAD.match(line):
                current = []
                stacks.append(current)
            elif current is not None and (match := FRAME.match(line)):
                current.append(match.group(1))
    return stacks


def demangled(text):
    try:
        return subprocess.run(["swift", "demangle", "--simplified"], input=text, capture_output=True,
                              text=True, timeout=60).stdout or text
    except (OSError, subprocess.SubprocessError):
        return text


def main():
    log_path, dump_path = sys.argv[1], sys.argv[2]
    groups = {}
    for stack in threads(dump_path):
        idle = len(stack) < 12 and any(frame.startswith(IDLE) for frame in stack)
        if not idle:
            key = "\n".join(stack[:14])
            groups[key] = groups.get(key, 0) + 1
    # Stacks in the project's own code first; the tests that did not end last, where a
    # reader of the end of the output sees them.
    ordered = sorted(groups.items(), key=lambda item: "Ferry" not in item[0] and "Test" not in item[0])
    print(f"hang-report: {sum(groups.values())} busy or blocked thread(s), alike stacks once:")
    text = "".join(f"--- {count} thread(s)\n{stack}\n" for stack, count in ordered)
    for line in demangled(text).splitlines():
        print("  " + line[:160])
    names = unfinished(log_path)
    print(f"hang-report: {len(names)} test(s) started and not ended:")
    for name in names:
        print(f"  {name}")


if __name__ == "__main__":
    main()
