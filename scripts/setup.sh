#!/usr/bin/env bash
# Installs everything zkglue's tests and examples need on a fresh Debian machine:
# npm packages, the WebAssembly kernels, and (when missing) the RISC-V toolchain, qemu-user,
# chromium (headless, for the test of `zkglue savings --html`) and redis-server (the job-queue
# tests start their own on a loopback port: test/segments/redis.ts).
set -euo pipefail
cd "$(dirname "$0")/.."

# `npm install`, not `npm ci`: npm 11 records rollup's optional per-platform packages in the lock
# file without their entries and then refuses `npm ci` ("Missing: @rollup/rollup-android-…").
# Every dependency is pinned to an exact version in package.json.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm install --no-audit --no-fund
fi

need_apt=()
command -v riscv64-unknown-elf-gcc >/dev/null || need_apt+=(gcc-riscv64-unknown-elf)
command -v qemu-riscv32 >/dev/null || need_apt+=(qemu-user)
command -v make >/dev/null || need_apt+=(make) # guest/Makefile (the reproducible-build test)
command -v chromium >/dev/null || need_apt+=(chromium) # renders the savings page in its test
command -v redis-server >/dev/null || need_apt+=(redis-server) # `zkglue worker --queue` tests
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: installing ${need_apt[*]} with apt-get"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}"
fi

npm run --silent build:wasm
