#!/usr/bin/env bash
# A large consensus-simulation sweep over every configuration, in chunks so progress and failures show as it runs.
#   scripts/sim-sweep.sh FIRST_SEED [SEEDS_SMALL=100000] [SEEDS_LARGE=20000] [CHUNK=5000] [CONFIGS...]
# 4-validator configurations get SEEDS_SMALL seeds, larger ones SEEDS_LARGE, all from FIRST_SEED. Each chunk prints
# one line (configuration, seed range, wall seconds, pass/fail); a failing chunk also prints every failing seed's
# report, and any seed replays alone with LAMINA_SIM_CONFIG=<name> LAMINA_SIM_SEED=<seed>. Runs under nice.
set -euo pipefail
cd "$(dirname "$0")/.."
first=${1:?first seed}; small=${2:-100000}; large=${3:-20000}; chunk=${4:-5000}; shift $(( $# < 4 ? $# : 4 ))
configs=("$@")
[ ${#configs[@]} -eq 0 ] && configs=(clean-4 faulty-4 byzantine-4 equivocators-4 faulty-7 byzantine-7 equivocators-7 faulty-10 byzantine-10 equivocators-10 byzantine-31 large-31)
dotnet build tests/Lamina.Simulation.Tests -c Release -nologo -v:q -clp:ErrorsOnly >/dev/null
for config in "${configs[@]}"; do
  n=${config##*-}; total=$([ "$n" -le 4 ] && echo "$small" || echo "$large")
  for ((done_=0; done_ < total; done_ += chunk)); do
    count=$(( total - done_ < chunk ? total - done_ : chunk )); from=$(( first + done_ ))
    start=$(date +%s)
    if out=$(LAMINA_SIM_CONFIG=$config LAMINA_SIM_SEEDS=$count LAMINA_SIM_FIRST_SEED=$from \
             nice -n 10 dotnet test tests/Lamina.Simulation.Tests -c Release --no-build --filter EnvSeeds 2>&1); then
      echo "$config seeds $from..$(( from + count - 1 )) ok $(( $(date +%s) - start )) s"
    else
      echo "$config seeds $from..$(( from + count - 1 )) FAILED $(( $(date +%s) - start )) s"
      echo "$out" | grep -E "seed=|violation|rerun" || echo "$out" | tail -20
    fi
  done
done
