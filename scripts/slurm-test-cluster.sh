#!/usr/bin/env bash
# A one-node Slurm cluster in a folder, for the slurm runner's tests and benchmark (docs/cluster.md).
#   scripts/slurm-test-cluster.sh start <dir>   writes <dir>/slurm.conf, starts munged, slurmctld and slurmd,
#                                               waits until the node is idle; then use SLURM_CONF=<dir>/slurm.conf
#   scripts/slurm-test-cluster.sh stop <dir>    stops those daemons by the PIDs in their pid files
# Needs root and Debian's slurmctld slurmd slurm-client munge packages (no systemd, no accounting daemon).
set -euo pipefail

command=${1:-}
dir=${2:-}
if [[ -z "$command" || -z "$dir" ]]; then
  echo "usage: $0 start|stop <dir>" >&2
  exit 2
fi
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

stop_pid_file() {
  local file=$1
  [[ -f "$file" ]] || return 0
  local pid
  pid=$(cat "$file")
  if [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$file"
}

if [[ "$command" == stop ]]; then
  # Jobs a failed test left behind would outlive slurmd in their slurmstepd: cancel them first.
  if [[ -f "$dir/slurm.conf" && -f "$dir/slurmctld.pid" ]]; then
    SLURM_CONF="$dir/slurm.conf" scancel --full --user="$(id -un)" 2>/dev/null || true
    for _ in $(seq 50); do
      [[ -z "$(SLURM_CONF="$dir/slurm.conf" squeue -h -o %i 2>/dev/null)" ]] && break
      sleep 0.1
    done
  fi
  stop_pid_file "$dir/slurmd.pid"
  stop_pid_file "$dir/slurmctld.pid"
  stop_pid_file "$dir/munged.pid"
  exit 0
fi
if [[ "$command" != start ]]; then
  echo "$0: unknown command \"$command\" (start or stop)" >&2
  exit 2
fi

for tool in munged slurmctld slurmd sinfo sbatch; do
  if ! command -v "$tool" >/dev/null && [[ ! -x "/usr/sbin/$tool" ]]; then
    echo "$0: $tool not found: apt-get install -y slurmctld slurmd slurm-client munge" >&2
    exit 1
  fi
done
if [[ $(id -u) -ne 0 ]]; then
  echo "$0: the test cluster runs its daemons as root" >&2
  exit 1
fi

host=$(hostname -s)
cpus=$(nproc)
# The tests run several arrays at once and their tasks mostly wait: the node offers more slots than it has
# cores (config_overrides lets slurmd accept that).
slots=$(( cpus * 8 > 16 ? cpus * 8 : 16 ))
mkdir -p "$dir/spool" "$dir/state" "$dir/munge"

# munged with its own socket and key, so a system munged (if any) is left alone.
if [[ ! -f "$dir/munge/munge.key" ]]; then
  if [[ -f /etc/munge/munge.key ]]; then cp /etc/munge/munge.key "$dir/munge/munge.key"
  else dd if=/dev/urandom of="$dir/munge/munge.key" bs=1024 count=1 status=none; fi
fi
chmod 700 "$dir/munge"
chmod 400 "$dir/munge/munge.key"
socket="$dir/munge/munge.socket"

cat >"$dir/slurm.conf" <<EOF
ClusterName=pnagtest
SlurmctldHost=$host
AuthType=auth/munge
AuthInfo=socket=$socket
CredType=cred/munge
SlurmUser=root
SlurmdUser=root
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SlurmdParameters=config_overrides
ReturnToService=2
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
# Scheduling latency is the runner's overhead: schedule on every event and at least once a second.
SchedulerType=sched/backfill
SchedulerParameters=sched_interval=1,bf_interval=1,sched_min_interval=0,defer_batch=0
MessageTimeout=10
KillWait=2
MinJobAge=300
InactiveLimit=0
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmdSpoolDir=$dir/spool
StateSaveLocation=$dir/state
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
NodeName=$host CPUs=$slots State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
# Debian's plugstack.conf includes a folder; an empty one of our own keeps the test cluster self-contained.
: >"$dir/plugstack.conf"
echo "PlugStackConfig=$dir/plugstack.conf" >>"$dir/slurm.conf"

export SLURM_CONF="$dir/slurm.conf"
munged=$(command -v munged || echo /usr/sbin/munged)
"$munged" --force --socket="$socket" --key-file="$dir/munge/munge.key" --pid-file="$dir/munged.pid" \
  --log-file="$dir/munged.log" --seed-file="$dir/munge/munged.seed"
slurmctld=$(command -v slurmctld || echo /usr/sbin/slurmctld)
slurmd=$(command -v slurmd || echo /usr/sbin/slurmd)
"$slurmctld" -i
"$slurmd"

for _ in $(seq 120); do
  if sinfo -h -o '%t' 2>/dev/null | grep -qx 'idle'; then
    echo "slurm test cluster up: SLURM_CONF=$SLURM_CONF (node $host, $slots slots)"
    exit 0
  fi
  sleep 0.5
done
echo "$0: the node did not become idle within 60 s; logs in $dir" >&2
sinfo >&2 || true
exit 1
