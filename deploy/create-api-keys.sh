#!/usr/bin/env bash
# Creates one API key per role (ingest, read, admin, privacy) for `docker compose up`: writes their SHA-256 hashes to
# .env, which compose reads, and prints the keys this once. The keys are kept nowhere else. Run again on an existing
# .env, it adds only the roles .env has no key for (an upgrade that brought a new role: privacy) and keeps the others.
set -euo pipefail
cd "$(dirname "$0")/.."
umask 077
created=0
for role in ingest read admin privacy; do
  name="CALLLOG_$(echo "$role" | tr a-z A-Z)_KEY_SHA256"
  if [ -e .env ] && grep -q "^$name=" .env; then
    continue
  fi
  key="clk_$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
  hash="$(printf %s "$key" | sha256sum | cut -c1-64)"
  echo "$name=$hash" >> .env
  printf '%-7s %s\n' "$role" "$key"
  created=$((created + 1))
done
if [ "$created" -eq 0 ]; then
  echo ".env has a key for every role: its keys stay. To replace them, delete .env and run this again." >&2
  exit 1
fi
echo "(hashes in .env; send a key as 'Authorization: Bearer <key>')" >&2
