#!/usr/bin/env bash
# Coverage-guided fuzzing of one reader of peer bytes with afl-fuzz and SharpFuzz:
#   bash scripts/fuzz.sh TARGET [SECONDS]     (SECONDS defaults to 60)
# Targets: frame, msgpack-header, json-header (the go-rpc frame reader), msgpack, json, protobuf (the codecs'
# decoders), gzip, brotli, lz4, zstd (the decompressors). The corpus starts from go-rpc's captured frames;
# findings stay in artifacts/fuzz/TARGET/findings (a later run resumes them). Exit 1 when crashes were found.
set -uo pipefail
cd "$(dirname "$0")/.."

targets="frame msgpack-header json-header msgpack json protobuf gzip brotli lz4 zstd"
target="${1:-}"
seconds="${2:-60}"
if [ -z "$target" ] || ! [[ " $targets " == *" $target "* ]] || ! [[ "$seconds" =~ ^[0-9]+$ ]]; then
  echo "usage: bash scripts/fuzz.sh TARGET [SECONDS]; targets: $targets" >&2
  exit 2
fi

# The assemblies whose code afl-fuzz sees (SharpFuzz instruments them); the BCL's own code (System.Text.Json,
# zlib, Brotli) cannot be instrumented, only PlugRpc's code and the packages' around it.
case "$target" in
  frame|msgpack-header|json-header) instrument="PlugRpc.Core.dll MessagePack.dll" ;;
  msgpack) instrument="PlugRpc.Codec.MessagePack.dll MessagePack.dll" ;;
  json) instrument="PlugRpc.Codec.Json.dll" ;;
  protobuf) instrument="PlugRpc.Codec.Protobuf.dll protobuf-net.dll protobuf-net.Core.dll" ;;
  gzip) instrument="PlugRpc.Abstractions.dll PlugRpc.Compression.Gzip.dll" ;;
  brotli) instrument="PlugRpc.Abstractions.dll PlugRpc.Compression.Brotli.dll" ;;
  lz4) instrument="PlugRpc.Abstractions.dll K4os.Compression.LZ4.dll K4os.Compression.LZ4.Streams.dll" ;;
  zstd) instrument="PlugRpc.Abstractions.dll ZstdSharp.dll" ;;
esac

work="artifacts/fuzz/$target"
tools="artifacts/fuzz/tools"
vectors="${FUZZ_VECTORS:-tests/PlugRpc.Core.Tests/Vectors/gorpc}"

if ! command -v afl-fuzz >/dev/null 2>&1; then
  echo "== install afl++"
  sudo_cmd=(); [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  if ! { "${sudo_cmd[@]}" apt-get update -qq && DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq afl++ >/dev/null; }; then
    echo "could not install afl++" >&2
    exit 1
  fi
fi

if [ ! -x "$tools/sharpfuzz" ]; then
  echo "== install SharpFuzz.CommandLine"
  dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$tools" >/dev/null || { echo "could not install SharpFuzz.CommandLine" >&2; exit 1; }
fi

# Instrumenting rewrites the assemblies in place and only once: publish afresh every time. Instrumented code
# runs only under afl-fuzz, so seeding and replaying use the plain copy.
echo "== publish and instrument ($instrument)"
rm -rf "$work/bin" "$work/plain"
dotnet publish fuzz/PlugRpc.Fuzz/PlugRpc.Fuzz.csproj -c Release -o "$work/plain" -nologo -clp:ErrorsOnly >/dev/null || { echo "publish failed" >&2; exit 1; }
cp -r "$work/plain" "$work/bin"
for dll in $instrument; do
  "$tools/sharpfuzz" "$work/bin/$dll" >/dev/null || { echo "could not instrument $dll" >&2; exit 1; }
done

if [ ! -d "$work/findings/default/queue" ]; then
  rm -rf "$work/corpus"
  dotnet "$work/plain/PlugRpc.Fuzz.dll" seed "$target" "$work/corpus" "$vectors" || exit 1
fi
mkdir -p "$work/corpus"

echo "== afl-fuzz $target for ${seconds}s"
AFL_SKIP_BIN_CHECK=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1 \
  AFL_AUTORESUME=1 AFL_QUIET=1 \
  afl-fuzz -i "$work/corpus" -o "$work/findings" -t 5000 -m none -V "$seconds" -- dotnet "$work/bin/PlugRpc.Fuzz.dll" "$target" \
  >"$work/afl.log" 2>&1
status=$?
stats="$work/findings/default/fuzzer_stats"
if [ ! -f "$stats" ]; then
  echo "afl-fuzz did not run (exit $status); its log:" >&2
  tail -20 "$work/afl.log" >&2
  exit 1
fi

get() { grep "^$1 " "$stats" | sed 's/.*: //'; }
echo "executions $(get execs_done), $(get execs_per_sec)/s, corpus $(get corpus_count), edges $(get edges_found), hangs $(get saved_hangs), crashes $(get saved_crashes)"
crashes=("$work"/findings/default/crashes/id:*)
if [ -e "${crashes[0]}" ]; then
  echo "== ${#crashes[@]} crashing inputs in $work/findings/default/crashes, replayed:"
  dotnet "$work/plain/PlugRpc.Fuzz.dll" "$target" "${crashes[@]}" | grep -v '^   at ' | head -40
  exit 1
fi
echo "no crashes"
