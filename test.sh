#!/usr/bin/env bash
# Builds Lamina and runs every test project (unit, property, fuzz-regression, simulation and end-to-end with real
# processes), one project at a time so the timing-sensitive end-to-end tests get the cores to themselves.
# Ends with one line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")"

config="${CONFIGURATION:-Release}"
log_dir="${TEST_LOG_DIR:-TestResults}"
mkdir -p "$log_dir"

echo "== build ($config)"
if ! dotnet build Lamina.slnx -c "$config" -nologo -v:q -clp:ErrorsOnly; then
  echo "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

passed=0
failed=0
status=0
projects=$(ls tests/*/*.Tests.csproj fuzz/*/*.Tests.csproj 2>/dev/null)
for project in $projects; do
  name=$(basename "$project" .csproj)
  echo "== $name"
  out="$log_dir/$name.log"
  start=$(date +%s)
  # Show the summary, and for each failed test its name, its message and the top of its stack trace.
  dotnet test "$project" -c "$config" --no-build -nologo 2>&1 | tee "$out" \
    | awk '/^[[:space:]]*(Passed!|Failed!)/ { print; next }
           /^[[:space:]]*Failed [A-Za-z]/ { print; shown = 14; next }
           shown > 0 { print; shown-- }' || true
  rc=${PIPESTATUS[0]}
  p=$(grep -oE 'Passed: +[0-9]+' "$out" | grep -oE '[0-9]+' | awk '{s+=$1} END {print s+0}')
  f=$(grep -oE 'Failed: +[0-9]+' "$out" | grep -oE '[0-9]+' | awk '{s+=$1} END {print s+0}')
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
    # The run broke before reporting (crash, hang, build problem): count it as a failure, never as a pass.
    echo "$name: test run exited with $rc without a result line; see $out"
    f=1
  fi
  echo "   $name: $p passed, $f failed in $(( $(date +%s) - start )) s"
  passed=$((passed + p))
  failed=$((failed + f))
  [ "$rc" -ne 0 ] && status=1
done

if [ "$failed" -ne 0 ]; then
  # Name every failed test once more at the end, where a truncated CI log still shows it.
  echo "== failed tests"
  grep -hE '^[[:space:]]*Failed [A-Za-z]' "$log_dir"/*.log | sed 's/^[[:space:]]*/   /' || true
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$status" -eq 0 ]
