# kubelet's cgroup roots live under /cdk8s-pg-cluster/<run>/ in every cgroup v1 hierarchy (a cgroup root per
# node). cgroup directories outlive the processes in them, so they are removed once the run's processes are gone.
CGROUP_PARENT=cdk8s-pg-cluster

make_cgroup_root() { # make_cgroup_root </path>: kubelet wants its cgroup root to exist in every hierarchy
  local path="$1" h part cur
  for h in /sys/fs/cgroup/*/; do
    [[ -f "${h}cgroup.procs" ]] || continue
    cur="${h%/}"
    for part in ${path//\// }; do
      mkdir -p "$cur/$part"
      # A new cpuset cgroup starts with no CPUs and no memory nodes: give it its parent's.
      if [[ -f "$cur/cpuset.cpus" ]]; then
        [[ -n "$(cat "$cur/$part/cpuset.cpus")" ]] || cat "$cur/cpuset.cpus" > "$cur/$part/cpuset.cpus"
        [[ -n "$(cat "$cur/$part/cpuset.mems")" ]] || cat "$cur/cpuset.mems" > "$cur/$part/cpuset.mems"
      fi
      cur="$cur/$part"
    done
  done
}

remove_cgroups() { # remove_cgroups <run>: depth-first rmdir; a cgroup that still has tasks refuses, so this is safe
  local run="$1" tries
  # A container frozen by a test (the failover scenario hangs the primary) cannot die of the SIGKILL the end of its
  # PID namespace sent until it is thawed; thawed, it does.
  if [[ -d "/sys/fs/cgroup/freezer/$CGROUP_PARENT/$run" ]]; then
    find "/sys/fs/cgroup/freezer/$CGROUP_PARENT/$run" -name freezer.state -exec sh -c 'echo THAWED > "$1"' _ {} \; 2>/dev/null
  fi
  for tries in 1 2 3 4 5 6 7 8 9 10; do
    local left=0 h
    for h in /sys/fs/cgroup/*/; do
      [[ -d "$h$CGROUP_PARENT/$run" ]] || continue
      find "$h$CGROUP_PARENT/$run" -depth -type d -exec rmdir {} + 2>/dev/null || left=1
      [[ -d "$h$CGROUP_PARENT/$run" ]] && left=1
    done
    [[ $left == 0 ]] && break
    sleep 1
  done
  local h; for h in /sys/fs/cgroup/*/; do rmdir "$h$CGROUP_PARENT" 2>/dev/null || true; done
}

remove_stale_cgroups() { # runs whose run.sh is gone (a killed test run)
  local h run
  for h in /sys/fs/cgroup/*/; do
    [[ -d "$h$CGROUP_PARENT" ]] || continue
    for run in "$h$CGROUP_PARENT"/*/; do
      run="$(basename "$run")"
      local pid; pid="$(cat "${TMPDIR:-/tmp}/$run/owner.pid" 2>/dev/null || echo)"
      [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null && continue
      remove_cgroups "$run"
    done
  done
}
