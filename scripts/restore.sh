#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into the (empty or existing) database DATABASE_URL
# and the media folders. Existing objects are replaced (--clean).
#   DATABASE_URL=postgres://… scripts/restore.sh backups/db-20261127T010000Z.dump
set -euo pipefail
: "${DATABASE_URL:?DATABASE_URL must point to the PostgreSQL database to restore into}"
dump=${1:?usage: scripts/restore.sh backups/db-STAMP.dump}
MEDIA_ROOT=${MEDIA_ROOT:-media}
PRIVATE_MEDIA_ROOT=${PRIVATE_MEDIA_ROOT:-private-media}
stamp=$(basename "$dump" .dump); stamp=${stamp#db-}
dir=$(dirname "$dump")
pg_restore --clean --if-exists --no-owner --exit-on-error --dbname "$DATABASE_URL" "$dump"
for pair in "media:$MEDIA_ROOT" "private-media:$PRIVATE_MEDIA_ROOT"; do
  name=${pair%%:*}; target=${pair#*:}
  archive="$dir/$name-$stamp.tar.gz"
  if [ -f "$archive" ]; then mkdir -p "$target" && tar -xzf "$archive" -C "$target"; fi
done
echo "Restauration terminée depuis $dump"
