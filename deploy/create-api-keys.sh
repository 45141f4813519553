#!/usr/bin/env bash
# Creates one API key per role (ingest, read, admin) for `docker compose up`: writes their SHA-256 hashes to .env,
# which compose reads, and prints the keys this once. The keys are kept nowhere else.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -e .env ]; then
  echo ".env exists: its keys stay. To replace them, delete .env and run this again." >&2
  exit 1
fi
umask 077
for role in ingest read admin; do
  key="clk_$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
  hash="$(printf %s "$key" | sha256sum | cut -c1-64)"
  echo "CALLLOG_$(echo "$role" | tr a-z A-Z)_KEY_SHA256=$hash" >> .env
  printf '%-7s %s\n' "$role" "$key"
done
echo "(hashes in .env; send a key as 'Authorization: Bearer <key>')" >&2
