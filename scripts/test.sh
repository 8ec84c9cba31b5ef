#!/usr/bin/env bash
# Builds the solution and runs every test project; ends with one line "N passed, N failed[, N skipped]".
# Exit status is non-zero when the build fails or any test fails.
set -uo pipefail
cd "$(dirname "$0")/.."

configuration="${CONFIGURATION:-Debug}"
results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT

# The registry tests run real ZooKeeper and etcd servers (they start and stop their own, on free loopback
# ports), the dashboard's test a real headless Chromium: install them from Debian when missing, and make their
# absence a failure rather than a skip.
missing=()
[ -f /usr/share/java/zookeeper.jar ] || missing+=(zookeeper)
command -v etcd >/dev/null 2>&1 || missing+=(etcd-server)
command -v etcdctl >/dev/null 2>&1 || missing+=(etcd-client)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "== install ${missing[*]}"
  sudo_cmd=(); [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  if ! { "${sudo_cmd[@]}" apt-get update -qq && DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null; }; then
    echo "could not install ${missing[*]}; the tests that need them will fail"
  fi
fi
export PLUGRPC_REQUIRE_REGISTRIES=1 PLUGRPC_REQUIRE_BROWSER=1

echo "== build ($configuration)"
if ! dotnet build PlugRpc.sln -c "$configuration" -nologo -clp:ErrorsOnly; then
  echo "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

status=0
for project in tests/*/*Tests.csproj; do
  [ -f "$project" ] || continue
  name=$(basename "$project" .csproj)
  echo "== test $name"
  dotnet test "$project" -c "$configuration" --no-build -nologo \
    --logger "trx;LogFileName=$name.trx" --results-directory "$results" --logger "console;verbosity=minimal" || status=1
done

passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  get() { printf '%s' "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
  # A skipped test is counted in total but not executed (notExecuted stays 0 for xunit's skips).
  skipped=$((skipped + $(get total) - $(get executed)))
done

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1
fi

if [ "$skipped" -gt 0 ]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
