"""Memory-derived settings (spilo.md 2.5): the two numbers Spilo computes, plus reading the limit."""
import os

CGROUP_LIMIT_FILES = ("/sys/fs/cgroup/memory/memory.limit_in_bytes", "/sys/fs/cgroup/memory.max")


def shared_buffers(mem_mib, on_kubernetes):
    return "%dMB" % int(mem_mib / (5 if on_kubernetes else 4))


def max_connections(mem_mib):
    return min(max(100, int(mem_mib / 30)), 1000)


def effective_limit_mib(cgroup_values, physical_bytes):
    """The smallest numeric cgroup limit, capped by RAM ('max' or junk means unlimited)."""
    limit = physical_bytes
    for value in cgroup_values:
        value = (value or "").strip()
        if value.isdigit():
            limit = min(limit, int(value))
    return limit / 1048576


def read_limit_mib():
    values = []
    for path in CGROUP_LIMIT_FILES:
        try:
            with open(path) as f:
                values.append(f.read())
        except OSError:
            pass
    physical = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    return effective_limit_mib(values, physical)
