#!/usr/bin/env bash
# Stands in for the installed converge in action.test.ts: prints its arguments, its folder and the
# CONVERGE_* variables it was given, then exits with STUB_EXIT.
printf "arg %s\n" "$@"
echo "cwd $(basename "$PWD")"
for name in CONVERGE_URL CONVERGE_TOKEN CONVERGE_READ_TOKEN CONVERGE_PROJECT CONVERGE_REPOSITORY; do
  if [ -n "${!name+x}" ]; then echo "env $name=${!name}"; fi
done
exit "${STUB_EXIT:-0}"
