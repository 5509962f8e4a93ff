#!/usr/bin/env bash
# Tests a packaged build the way store IT receives it:
#   packaging/package-test.sh dist/maison-kiosk-<version>-<os>-<arch>.tar.gz
# 1. the archive matches its .sha256 (sha256sum -c);
# 2. it unpacks into a fresh folder elsewhere (the build must not depend on this checkout);
# 3. the unpacked binary reports its version and passes --smoke-test with an empty HOME and
#    no configuration (database in a temporary folder, offscreen rendering);
# 4. `kiosk check --json` answers with the documented keys (with a store zone and country set,
#    whose data the build must carry);
# 5. the unpacked folder weighs no more than 245 MB (issue 20; PACKAGE_MAX_MB to change it):
#    a dependency that drags GTK or a data set back in is caught here, its biggest folders named.
set -euo pipefail

archive=$(realpath "$1")
started=$(date +%s)
(cd "$(dirname "$archive")" && sha256sum --quiet -c "$(basename "$archive").sha256")
echo "package-test: checksum ok"

work=$(mktemp -d -t kiosk-package-test-XXXXXX)
trap 'rm -rf "$work"' EXIT
tar -C "$work" -xzf "$archive"
app=$(echo "$work"/maison-kiosk-*/maison-kiosk)
[[ -x "$app" ]] || { echo "package-test: no maison-kiosk binary in the archive" >&2; exit 1; }

isolated=(env -i PATH=/usr/bin:/bin HOME="$work/home" LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen)
mkdir -p "$work/home"
cd "$work"
"${isolated[@]}" "$app" --version
"${isolated[@]}" "$app" --smoke-test

set +e
# A store's zone and country: reading them loads the zone database and phonenumbers' lazily
# imported metadata, so a build missing either stops here with the setting named (exit 2).
"${isolated[@]}" KIOSK_STORE_TIMEZONE=Asia/Shanghai KIOSK_STORE_COUNTRY=CN \
  "$app" check --json > "$work/check.json"
status=$?
set -e
# A never-started kiosk has no database yet: attention (1) is the expected answer here.
[[ $status -eq 1 ]] || { echo "package-test: kiosk check exited $status, expected 1" >&2; exit 1; }
for key in '"format": 1' '"local_db"' '"store_db"' '"sync"' '"content"' '"disk"' '"log_dir"'; do
  grep -q "$key" "$work/check.json" || { echo "package-test: check --json lacks $key" >&2; exit 1; }
done
echo "package-test: kiosk check --json ok"

max_mb=${PACKAGE_MAX_MB:-245}
folder=$(dirname "$app")
bytes=$(find "$folder" -type f -printf '%s\n' | awk '{s += $1} END {print s}')
mb=$(( bytes / 1000000 ))
if (( mb > max_mb )); then
  echo "package-test: the build weighs $mb MB, more than $max_mb MB; its biggest parts:" >&2
  (cd "$folder/_internal" && du -s --block-size=1M -- * | sort -rn | head -8) >&2
  exit 1
fi
echo "package-test: build $mb MB (at most $max_mb MB)"
echo "package-test: passed in $(( $(date +%s) - started )) s"
