#!/usr/bin/env bash
# make audit: dependency vulnerabilities (pip-audit) and ruff's security rules.
# pip-audit queries PyPI's advisory data per installed version; when that service cannot be
# reached (offline machine, mirror without the JSON API) every package is "skipped": the audit
# says so loudly and fails instead of printing a reassuring "no known vulnerabilities".
set -uo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
status=0

echo "==== pip-audit (installed dependencies) ===="
out=$("$VENV/bin/pip-audit" --progress-spinner off --skip-editable --desc on 2>&1)
audit_rc=$?
echo "$out" | grep -v "could not be audited" | grep -v "^Name \+Skip Reason" | grep -v "^-\+ -\+"
skipped=$(echo "$out" | grep -c "could not be audited" || true)
total=$("$VENV/bin/pip" list --format=freeze --exclude-editable 2>/dev/null | wc -l)
if [ "$audit_rc" -ne 0 ]; then
  echo "pip-audit found vulnerabilities (see above)."; status=1
fi
if [ "$skipped" -gt 0 ]; then
  echo "WARNING: $skipped of $total packages could not be audited (PyPI's advisory service did"
  echo "not know their version from this machine). The dependency audit is INCOMPLETE."
  [ "$skipped" -ge "$total" ] && status=1
fi

echo
echo "==== ruff security rules (flake8-bandit, S) ===="
"$VENV/bin/ruff" check --select S --ignore S101 --output-format concise . || status=1

exit $status
