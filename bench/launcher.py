"""Run commands for the harness and report wall time, exit code, peak RSS and CPU time.

Started once per benchmark as `python -S -E launcher.py` and fed requests over
a pipe: a child's peak RSS (from wait4) starts at the RSS of the process that
spawned it, so the spawning is done by this small process (~8 MB) rather than
by the harness (~30 MB). Only modules built into the interpreter are imported.
"""
import marshal
import os
import sys
import time


def run(setup, steps, cwd, env):
    null = os.open(os.devnull, os.O_RDWR)
    actions = [(os.POSIX_SPAWN_DUP2, null, 0), (os.POSIX_SPAWN_DUP2, null, 1),
               (os.POSIX_SPAWN_DUP2, null, 2)]
    os.chdir(cwd)
    for argv in setup:  # untimed, not counted: e.g. drop a cache for a cold run
        os.waitpid(os.posix_spawnp(argv[0], argv, env, file_actions=actions), 0)
    code = 0
    rss = 0
    cpu = 0.0
    start = time.perf_counter()
    for argv in steps:
        pid = os.posix_spawnp(argv[0], argv, env, file_actions=actions)
        _, status, usage = os.wait4(pid, 0)
        code = os.waitstatus_to_exitcode(status)
        rss = max(rss, usage.ru_maxrss)
        cpu += usage.ru_utime + usage.ru_stime
        if code:
            break
    seconds = time.perf_counter() - start
    os.close(null)
    return seconds, code, rss, cpu


def main():
    requests = sys.stdin.buffer
    replies = sys.stdout.buffer
    while True:
        try:
            setup, steps, cwd, env = marshal.load(requests)
        except EOFError:
            return
        marshal.dump(run(setup, steps, cwd, env), replies)
        replies.flush()


main()
