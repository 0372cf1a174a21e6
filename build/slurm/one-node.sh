#!/usr/bin/env bash
# A one-node Slurm cluster on this machine, for the sweep tests, CI and trying `rlarena sweep --executor slurm`.
#
#   build/slurm/one-node.sh start [DIR]   start munged (unless it already answers), slurmctld and slurmd with a
#                                         slurm.conf written into DIR (default /tmp/rlarena-slurm), wait until the
#                                         node is idle, and print the line that points Slurm's commands at it:
#                                         export SLURM_CONF=DIR/slurm.conf
#   build/slurm/one-node.sh stop [DIR]    stop the daemons this script started there, by the PIDs in their pid files
#   build/slurm/one-node.sh status [DIR]  sinfo for that cluster
#
# Needs root and Debian's slurmctld, slurmd, slurm-client and munge (apt-get install slurmctld slurmd slurm-client
# munge). Everything the cluster writes (state, spool, logs, pid files) stays in DIR; nothing is installed into /etc
# except the munge key that the munge package makes itself (made here with mungekey when it is missing).
# Environment: SLURM_CTLD_PORT and SLURM_D_PORT (default 6817 and 6818) pick the ports, SLURM_NODE_CPUS the CPUs the
# node offers (default: this machine's core count), SLURM_NODE_MEMORY_MB its memory (default 4000).
set -euo pipefail

command=${1:-}
dir=${2:-/tmp/rlarena-slurm}

fail() { echo "one-node.sh: $*" >&2; exit 1; }

need_binaries() {
  local missing=()
  for b in slurmctld slurmd sinfo sbatch munged munge; do
    command -v "$b" >/dev/null 2>&1 || [ -x "/usr/sbin/$b" ] || missing+=("$b")
  done
  [ ${#missing[@]} -eq 0 ] || fail "missing ${missing[*]}; install them with: apt-get install slurmctld slurmd slurm-client munge"
  [ "$(id -u)" -eq 0 ] || fail "the one-node cluster runs its daemons as root; run this as root"
}

munge_answers() { munge -n 2>/dev/null | unmunge >/dev/null 2>&1; }

start_munge() {
  if munge_answers; then echo "one-node.sh: munged already answers; using it"; return; fi
  if [ ! -s /etc/munge/munge.key ]; then
    mkdir -p /etc/munge
    if command -v mungekey >/dev/null 2>&1; then mungekey -c -f -k /etc/munge/munge.key
    else dd if=/dev/urandom of=/etc/munge/munge.key bs=1 count=1024 status=none; fi
  fi
  chown -R munge:munge /etc/munge; chmod 700 /etc/munge; chmod 400 /etc/munge/munge.key
  mkdir -p /run/munge /var/lib/munge /var/log/munge
  chown munge:munge /run/munge /var/lib/munge /var/log/munge
  su -s /bin/sh munge -c munged
  for _ in $(seq 50); do munge_answers && break; sleep 0.1; done
  munge_answers || fail "munged did not start (see /var/log/munge/munged.log)"
  cp /run/munge/munged.pid "$dir/munged.pid" 2>/dev/null || pgrep -u munge -x munged > "$dir/munged.pid"
}

write_conf() {
  local host cpus memory
  host=$(hostname -s)
  cpus=${SLURM_NODE_CPUS:-$(nproc)}
  memory=${SLURM_NODE_MEMORY_MB:-4000}
  mkdir -p "$dir/state" "$dir/spool" "$dir/log"
  cat > "$dir/slurm.conf" <<CONF
# A one-node cluster written by build/slurm/one-node.sh; everything it writes stays in $dir.
ClusterName=rlarena
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=${SLURM_CTLD_PORT:-6817}
SlurmdPort=${SLURM_D_PORT:-6818}
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
SchedulerType=sched/backfill
SchedulerParameters=sched_interval=1
MessageTimeout=10
KillWait=5
MinJobAge=300
MailProg=/bin/true
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
}

node_idle() { SLURM_CONF="$dir/slurm.conf" sinfo -h -o '%t' 2>/dev/null | grep -qx 'idle'; }

stop_pid_file() {
  local file=$1 name=$2
  [ -f "$file" ] || return 0
  local pid; pid=$(cat "$file")
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    echo "one-node.sh: stopped $name ($pid)"
  fi
  rm -f "$file"
}

case "$command" in
  start)
    need_binaries
    mkdir -p "$dir"
    if [ -f "$dir/slurmctld.pid" ] && kill -0 "$(cat "$dir/slurmctld.pid")" 2>/dev/null; then
      fail "a cluster already runs from $dir; stop it first: build/slurm/one-node.sh stop $dir"
    fi
    start_munge
    write_conf
    export SLURM_CONF="$dir/slurm.conf"
    # -c: a clean start (no jobs or node state from an earlier cluster in the same folder)
    /usr/sbin/slurmctld -c || fail "slurmctld did not start; see $dir/log/slurmctld.log"
    /usr/sbin/slurmd || fail "slurmd did not start; see $dir/log/slurmd.log"
    for _ in $(seq 150); do node_idle && break; sleep 0.2; done
    if ! node_idle; then
      echo "one-node.sh: the node did not become idle within 30 s; sinfo says:" >&2
      sinfo -N -l >&2 || true
      fail "see $dir/log/slurmctld.log and $dir/log/slurmd.log"
    fi
    echo "one-node.sh: cluster up; to use it: export SLURM_CONF=$dir/slurm.conf"
    ;;
  stop)
    # End this cluster's jobs first, so that no trial outlives its slurmd.
    if [ -f "$dir/slurm.conf" ] && [ -f "$dir/slurmctld.pid" ]; then
      SLURM_CONF="$dir/slurm.conf" timeout 10 scancel --full --signal=KILL --user=root 2>/dev/null || true
      SLURM_CONF="$dir/slurm.conf" timeout 10 scancel --user=root 2>/dev/null || true
      sleep 1
    fi
    stop_pid_file "$dir/slurmd.pid" slurmd
    stop_pid_file "$dir/slurmctld.pid" slurmctld
    stop_pid_file "$dir/munged.pid" munged
    ;;
  status)
    SLURM_CONF="$dir/slurm.conf" sinfo
    ;;
  *)
    echo "usage: build/slurm/one-node.sh start|stop|status [DIR]" >&2; exit 2 ;;
esac
