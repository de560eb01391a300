#!/usr/bin/env bash
# The SDK stands alone: installs this build (kernel, plugins, SDK) into a temporary prefix,
# builds sdk/examples/hello from a copy outside the source tree against that installed SDK
# only, loads it into the installed kernel, and checks that its collector, assessment and
# rule show up: in `plugins list`, in a scan of the sample estate and in `detect`.
# Usage: hello_installed.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build="$1"
source="$2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "hello_installed: $*" >&2; exit 1; }

cmake --install "$build" --prefix "$work/prefix" >/dev/null
test -f "$work/prefix/lib/cmake/BulwarkSDK/BulwarkSDKConfig.cmake" || fail "no BulwarkSDKConfig.cmake installed"
test -f "$work/prefix/share/bulwark/sdk/plugin-manifest.schema.json" || fail "no manifest schema installed"

cp -r "$source/sdk/examples/hello" "$work/hello-src"
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
cmake -S "$work/hello-src" -B "$work/hello-build" "${generator[@]}" \
  -DCMAKE_PREFIX_PATH="$work/prefix" -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF \
  -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >"$work/configure.log" 2>&1 \
  || { cat "$work/configure.log" >&2; fail "cannot configure hello against the installed SDK"; }
if grep -q -- "$source/sdk" "$work/hello-build/compile_commands.json"; then
  fail "hello was compiled against the source tree's SDK, not the installed one"
fi
grep -q -- "$work/prefix/include" "$work/hello-build/compile_commands.json" \
  || fail "hello was not compiled against the installed SDK headers"
cmake --build "$work/hello-build" >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; fail "hello does not build"; }
test -f "$work/hello-build/hello.so" || fail "no hello.so"

cat >"$work/bulwark.yaml" <<EOF
version: 1
plugin_dirs: [$work/hello-build]
plugins:
  hello: {enabled: true, settings: {tag: owner}}
inventory:
  - type: arm-snapshot
    path: $source/config/samples/estate
store: {path: $work/store.db}
EOF
bulwark="$work/prefix/bin/bulwark"
"$bulwark" plugins list --config "$work/bulwark.yaml" >"$work/plugins.txt"
for expected in "hello 1.0.0" "collector  hello-sites" "assessment hello.owner-tag" "rule set   hello-rules"; do
  grep -qF -- "$expected" "$work/plugins.txt" || { cat "$work/plugins.txt" >&2; fail "plugins list lacks '$expected'"; }
done

status=0
"$bulwark" scan --config "$work/bulwark.yaml" --format json -o "$work/scan.json" || status=$?
[ "$status" -le 1 ] || fail "scan exited $status"
python3 - "$work/scan.json" <<'EOF'
import json, sys
scan = json.load(open(sys.argv[1]))
sites = [r["id"] for r in scan["resources"] if r["type"].lower() == "microsoft.web/sites"]
results = [r for r in scan["results"] if r["assessmentId"] == "hello.owner-tag"]
assert sites, "the hello collector collected no web apps"
assert sorted(r["resourceId"] for r in results) == sorted(sites), (sites, results)
assert all(r["plugin"] == "hello" and r["state"] in ("Healthy", "Unhealthy") for r in results), results
assert any(a["id"] == "hello.owner-tag" for a in scan["assessments"]), "assessment not in the scan"
EOF

printf '%s\n' '{"type":"hello.deploy","user":"mallory","time":"2026-01-02T03:04:05Z"}' \
  '{"type":"hello.deploy","user":"release-bot","time":"2026-01-02T03:05:05Z"}' >"$work/events.jsonl"
"$bulwark" detect --config "$work/bulwark.yaml" --no-store --no-ueba --format json \
  --source "jsonl:$work/events.jsonl" >"$work/alerts.json" 2>"$work/detect.err" \
  || { cat "$work/detect.err" >&2; fail "detect failed"; }
python3 - "$work/alerts.json" <<'EOF'
import json, sys
alerts = [a for a in json.load(open(sys.argv[1])) if a.get("rule") == "hello.deploy-outside-pipeline"]
assert len(alerts) == 1, alerts
assert "mallory" in json.dumps(alerts[0]) and "release-bot" not in json.dumps(alerts[0]), alerts
EOF
echo "hello_installed: the hello plugin built against the installed SDK and ran in the installed kernel"
