#!/usr/bin/env bash
# The binding tier: the Python, Java and Go packages jsii-pacmak builds (as `npx projen package-all` does) run
# the ports of examples/minimal and examples/users-and-databases in test/bindings/, whose YAML must be
# byte-identical to TypeScript's; each app also reports what its language gets for a refused prop, and a
# Python app on cdk8s-plus-33 passes that line's values. The Python app `convert --language python` writes for
# the render corpus synthesizes render's bytes.
#   scripts/ci/bindings.sh            # after `npx projen compile` (needs .jsii)
# Packages, the venv, the Maven repository, Java classes and the Go binary are cached in
# ${CDK8S_PG_CACHE:-~/.cache/cdk8s-postgres}/bindings, keyed by a hash of our assembly and compiled code, the
# dependencies' assemblies and jsii-pacmak's version; a warm run rebuilds nothing. Needs python3, a JDK with mvn, and go.
# Writes one "passed <check>"/"failed <check>" line per check to test-reports/checks.txt (.ci/run counts them)
# and prints "bindings: N passed, N failed"; exit status 1 if a check failed.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cd "$repo"
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
cache="${CDK8S_PG_CACHE:-$HOME/.cache/cdk8s-postgres}/bindings"
mkdir -p "$cache" test-reports
start=$SECONDS
passed=0 failed=0
record() { # record <ok> <check>
  if [[ $1 = 0 ]]; then echo "passed bindings/$2" >> test-reports/checks.txt; passed=$((passed + 1))
  else echo "failed bindings/$2" >> test-reports/checks.txt; failed=$((failed + 1)); echo "bindings: FAILED $2"; fi
}
finish() {
  echo "bindings tier: $passed passed, $failed failed in $((SECONDS - start)) s"
  echo "bindings: $passed passed, $failed failed"
  [[ $failed = 0 ]]
  exit
}

for tool in python3 mvn javac java go; do
  command -v "$tool" >/dev/null || { echo "bindings: $tool is not on PATH (see README, Prerequisites)"; record 1 "tools ($tool)"; finish; }
done
[[ -f .jsii && -d lib ]] || { echo "bindings: no .jsii or lib/; run npx projen compile first"; record 1 packages; finish; }
deps=(node_modules/constructs node_modules/cdk8s node_modules/cdk8s-plus-28)
version() { node -p "require('./$1/package.json').version"; }
# The key covers what the packages carry and run: our types (the assembly without its README copy, so that a README
# edit rebuilds nothing), our compiled JavaScript (lib/, which the assembly does not fingerprint), the dependencies'
# assemblies and jsii-pacmak's version.
key=$( { node -e 'const a = require("fs").readFileSync(".jsii", "utf8"); const j = JSON.parse(a);
    delete j.readme; delete j.fingerprint; process.stdout.write(JSON.stringify(j))'
  find lib -name '*.js' -type f | LC_ALL=C sort | xargs cat; cat "${deps[@]/%//.jsii}"
  npx jsii-pacmak --version 2>/dev/null | head -1; } | sha256sum | cut -c1-16)
pkg="$cache/pkg-$key"
work=$(mktemp -d /tmp/cdk8s-pg-bindings.XXXXXX)
trap 'rm -rf "$work"' EXIT

# 1. Packages (cold: about 2.5 minutes). Java and Go get their jsii dependencies built beside them, as
# package:java and package:go do (the registries here lack cdk8s 2.70.106 and cdk8s-plus-28 for them).
if [[ ! -d $pkg ]]; then
  rm -rf "$cache"/pkg-* "$cache"/venv-* "$cache"/java-* "$cache"/go-*  # older assemblies' builds
  log="$work/pacmak.log"
  if ! { npx jsii-pacmak --target python -o "$pkg.tmp" . > "$log" 2>&1 \
    && npx jsii-pacmak --target java --target go -o "$pkg.tmp" "${deps[@]}" . >> "$log" 2>&1 \
    && mv "$pkg.tmp" "$pkg"; }; then
    tail -n 30 "$log"; rm -rf "$pkg.tmp"; record 1 packages; finish
  fi
fi
record 0 packages

# 2. Each language's app, built into the cache once per package and app source.
build_python() {
  local venv="$cache/venv-$key-$(sha256sum test/bindings/python/*.py | sha256sum | cut -c1-8)"
  if [[ ! -x $venv/bin/python ]]; then
    rm -rf "$venv.tmp" && python3 -m venv "$venv.tmp" \
      && "$venv.tmp/bin/pip" install -q "$pkg"/python/*.whl "cdk8s==$(version node_modules/cdk8s)" \
        "constructs==$(version node_modules/constructs)" "cdk8s-plus-28==$(version node_modules/cdk8s-plus-28)" \
        'cdk8s-plus-33>=2.5,<3' >&2 \
      && mv "$venv.tmp" "$venv" || return 1
  fi
  echo "$venv/bin/python"
}
build_java() {
  local dir="$cache/java-$key-$(cat test/bindings/java/pom.xml test/bindings/java/src/main/java/bindings/*.java | sha256sum | cut -c1-8)"
  if [[ ! -f $dir/classpath ]]; then
    local m2="$cache/m2"
    # Maven never re-downloads a release it holds: this package's artifacts come from this build only.
    rm -rf "$m2/io/github/cdk8s-postgres" "$m2/org/cdk8s" "$m2/software/constructs" "$dir.tmp"
    mkdir -p "$dir.tmp/classes"
    (cd test/bindings/java && mvn -B -q -Dmaven.repo.local="$m2" -Dcdk8s.postgres.repo="file://$pkg/java" \
      dependency:build-classpath -Dmdep.outputFile="$dir.tmp/classpath") >&2 \
      && javac -d "$dir.tmp/classes" -cp "$(cat "$dir.tmp/classpath")" test/bindings/java/src/main/java/bindings/*.java >&2 \
      && mv "$dir.tmp" "$dir" || return 1
  fi
  echo "$dir/classes:$(cat "$dir/classpath")"
}
build_go() {
  local dir="$cache/go-$key-$(cat test/bindings/go/go.mod test/bindings/go/*.go | sha256sum | cut -c1-8)"
  if [[ ! -x $dir/app ]]; then
    local src="$work/go-src"
    rm -rf "$src" && cp -r test/bindings/go "$src" && mkdir -p "$dir"
    (cd "$src" && go mod edit \
      -replace "github.com/cdk8s-postgres/cdk8s-postgres-go/cdk8spostgres=$pkg/go/cdk8spostgres" \
      -replace "github.com/cdk8s-team/cdk8s-core-go/cdk8s/v2=$pkg/go/cdk8s" \
      -replace "github.com/cdk8s-team/cdk8s-plus-go/cdk8splus28/v2=$pkg/go/cdk8splus28" \
      -replace "github.com/aws/constructs-go/constructs/v10=$pkg/go/constructs" \
      && go mod tidy && go build -o "$dir/app.tmp" .) >&2 && mv "$dir/app.tmp" "$dir/app" || return 1
  fi
  echo "$dir/app"
}

# 3. Run everything at once (each app is mostly its own jsii kernel, a node process): the TypeScript reference,
# then one app per language, each writing <out>/<language>/<example>/, its stdout to <out>/<language>.out and its
# stderr (builds, jsii's own messages) to <out>/<language>.err.
out="$work/out"
mkdir -p "$out"
examples=(minimal users-and-databases)
npx ts-node --transpile-only --project test/tsconfig.json test/bindings/reference.ts "$out/ts" "${examples[@]}" \
  > "$out/ts.out" 2> "$out/ts.err" &
ts=$!
# convert's corpus: the manifests and operator configuration of test/operator-manifest/convert.test.ts, and
# objects of other kinds passed through.
convert_args=($(ls test/operator-manifest/corpus/*.yaml | grep -v -e safe-to-drop -e refused) test/bindings/convert/passthrough.yaml
  --operator-configuration test/operator-manifest/configuration/operatorconfiguration.yaml)
node lib/cli/main.js render "${convert_args[@]}" --output "$out/convert-render" > "$out/render.out" 2> "$out/render.err" &
render=$!
( py=$(build_python) && "$py" test/bindings/python/app.py "$out/python" \
  && "$py" test/bindings/python/app.py "$out/python-reversed" --reversed-maps \
  && "$py" test/bindings/python/plus33.py "$out/plus33" \
  && node lib/cli/main.js convert "${convert_args[@]}" --language python --output "$out/convert-app" \
  && CDK8S_OUTDIR="$out/convert-python" "$py" "$out/convert-app/main.py" ) > "$out/python.out" 2> "$out/python.err" &
python=$!
( cp=$(build_java) && java -cp "$cp" bindings.App "$out/java" ) > "$out/java.out" 2> "$out/java.err" &
java=$!
( app=$(build_go) && "$app" "$out/go" ) > "$out/go.out" 2> "$out/go.err" &
go=$!
declare -A rc
for lang in ts render python java go; do wait "${!lang}"; rc[$lang]=$?; done
for lang in ts render python java go; do
  if [[ ${rc[$lang]} != 0 ]]; then echo "bindings: the $lang app failed:"; tail -n 30 "$out/$lang.out" "$out/$lang.err"; fi
done

# 4. Checks. Every app's YAML equals TypeScript's byte for byte, although the maps reach the library in a different
# order in each: Go's in key order, Java's Map.ofEntries in an order that changes per JVM run, Python's as written
# and, in the second Python run, reversed (the library sorts them: src/private/map-order.ts).
same() { [[ -d $1 && -d $2 ]] && diff -r "$1" "$2" > "$work/diff" && return 0; head -n 20 "$work/diff" 2>/dev/null; return 1; }
for example in "${examples[@]}"; do
  for lang in python python-reversed java go; do
    same "$out/ts/$example" "$out/$lang/$example"; record $? "$lang/$example"
  done
done
[[ $(ls "$out/convert-render" 2>/dev/null | wc -l) -ge 4 ]] && same "$out/convert-render" "$out/convert-python"; record $? python/convert-corpus

# What a refused prop raises in each language: the library's message, under the language's own exception.
message="bad/db: instances: -1 is not valid; expected an integer from 0 to 100"
has() { grep -qxF "$2" "$out/$1.out" && return 0; echo "bindings: no line '$2' in the $1 app's output:"; head -n 5 "$out/$1.out"; return 1; }
has python "bad prop: builtins.RuntimeError: $message"; record $? python/error-message
has java "bad prop: software.amazon.jsii.JsiiError: $message"; record $? java/error-message
has go "bad prop: *errors.errorString: $message"; record $? go/error-message

# A cdk8s-plus Cpu where the library takes an ICpuQuantity (Go: structural interfaces).
has go "cdk8s-plus Cpu rendered: true"; record $? go/cdk8s-plus-cpu

# The cdk8s-plus-33 app checks its own output (plus33.py); each of its lines is a check.
n=$(grep -c "^plus-33: ok: " "$out/python.out")
[[ $n = 6 ]] && ! grep -q '^plus-33: FAILED' "$out/python.out"; record $? python/cdk8s-plus-33
finish
