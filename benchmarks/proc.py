"""Server CPU read from /proc: utime + stime of a set of processes (Linux only)."""

import os

TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK")


def _stat(pid):
    """(parent pid, CPU ticks used, start time) of a process, or None once it has gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            data = f.read()
    except OSError:
        return None
    fields = data.rsplit(")", 1)[1].split()  # the command name may hold spaces or brackets
    return int(fields[1]), int(fields[11]) + int(fields[12]), int(fields[19])


def descendants(root):
    """root and every process below it (gunicorn's workers, a worker's children)."""
    parents = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            stat = _stat(int(name))
            if stat:
                parents.setdefault(stat[0], []).append(int(name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(parents.get(pid, []))
    return found


def snapshot(pids):
    """CPU ticks per process, keyed by (pid, start time) so a reused pid is not confused."""
    ticks = {}
    for pid in pids:
        stat = _stat(pid)
        if stat:
            ticks[(pid, stat[2])] = stat[1]
    return ticks


def cpu_seconds(before, after):
    """CPU used between two snapshots by the processes alive at the second one."""
    return sum(used - before.get(key, 0) for key, used in after.items()) / TICKS_PER_SECOND
