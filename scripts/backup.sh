#!/usr/bin/env bash
# Back up the PostgreSQL database and the uploaded files (public media and private library
# files) into BACKUP_DIR (default ./backups), one timestamped set per run.
#   DATABASE_URL=postgres://… MEDIA_ROOT=… PRIVATE_MEDIA_ROOT=… scripts/backup.sh
# The database dump is PostgreSQL's custom format (pg_dump -Fc): compressed, restorable table by
# table, taken in one consistent snapshot while the site keeps running.
set -euo pipefail
: "${DATABASE_URL:?DATABASE_URL must point to the PostgreSQL database}"
BACKUP_DIR=${BACKUP_DIR:-backups}
MEDIA_ROOT=${MEDIA_ROOT:-media}
PRIVATE_MEDIA_ROOT=${PRIVATE_MEDIA_ROOT:-private-media}
stamp=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$BACKUP_DIR"
pg_dump --format=custom --no-owner --file "$BACKUP_DIR/db-$stamp.dump" "$DATABASE_URL"
# Archives are named by role (media, private-media), whatever the folders are called.
for pair in "media:$MEDIA_ROOT" "private-media:$PRIVATE_MEDIA_ROOT"; do
  name=${pair%%:*}; dir=${pair#*:}
  if [ -d "$dir" ]; then tar -czf "$BACKUP_DIR/$name-$stamp.tar.gz" -C "$dir" .; fi
done
echo "Sauvegarde écrite dans $BACKUP_DIR (horodatage $stamp)"
ls -l "$BACKUP_DIR" | grep "$stamp"
