#!/usr/bin/env bash
# Builds Jaeger's all-in-one binary from the Go module proxy (no Docker, no release downloads here),
# cached under .tmp/jaeger/. `install` prints the binary's path on its last line.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
version="${JAEGER_VERSION:-v1.76.0}"
bin="$root/.tmp/jaeger/jaeger-all-in-one-$version"

case "${1:-install}" in
  install)
    if [ ! -x "$bin" ]; then
      command -v go >/dev/null || { echo "jaeger: Go is not installed" >&2; exit 1; }
      echo "jaeger: building all-in-one $version from the Go module proxy (minutes when cold, seconds when cached)" >&2
      GOFLAGS=-mod=mod go mod download "github.com/jaegertracing/jaeger@$version" >&2
      src="$(go env GOMODCACHE)/github.com/jaegertracing/jaeger@$version"
      mkdir -p "$(dirname "$bin")"
      # `go install module@version` refuses the module's replace directives; building inside it honours them
      (cd "$src" && go build -o "$bin.partial" ./cmd/all-in-one) >&2
      mv "$bin.partial" "$bin"
    fi
    echo "$bin"
    ;;
  path) echo "$bin" ;;
  *) echo "usage: $0 install|path" >&2; exit 2 ;;
esac
