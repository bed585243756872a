#!/usr/bin/env bash
# Checks what `make` needs from the machine and says how to install what is missing.
# With --browser it also makes sure Debian's Chromium is there for the browser tests
# (installing it when running as root with apt-get, never downloading a browser build).
set -euo pipefail

missing=()
python_bin=${PYTHON:-python3}
if ! command -v "$python_bin" >/dev/null; then
  missing+=("Python 3.11+: sudo apt-get install python3 python3-venv")
elif ! "$python_bin" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  missing+=("Python 3.11 or newer (found $("$python_bin" --version 2>&1)): sudo apt-get install python3.11 python3.11-venv")
elif ! "$python_bin" -c 'import venv, ensurepip' 2>/dev/null; then
  missing+=("Python's venv module: sudo apt-get install python3-venv")
fi
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  missing+=("Node.js 20 with npm: sudo apt-get install nodejs npm (or https://nodejs.org)")
elif ! node -e 'process.exit(parseInt(process.versions.node) >= 20 ? 0 : 1)'; then
  missing+=("Node.js 20 or newer (found $(node --version))")
fi
if ! ldconfig -p 2>/dev/null | grep 'libpango-1.0.so' >/dev/null; then
  missing+=("Pango for WeasyPrint: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0")
fi
if ! command -v msgfmt >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get install -y -qq gettext >/dev/null || missing+=("gettext: apt-get install gettext")
  else
    missing+=("gettext (msgfmt) for the translations: sudo apt-get install gettext")
  fi
fi

if [ "${1:-}" = "--browser" ]; then
  need=()
  [ -x /usr/bin/chromium ] || need+=(chromium)
  command -v pdftoppm >/dev/null || need+=(poppler-utils)
  command -v zbarimg >/dev/null || need+=(zbar-tools)
  fc-list 2>/dev/null | grep -i dejavu >/dev/null || need+=(fonts-dejavu-core)
  fc-list 2>/dev/null | grep -i 'noto color emoji' >/dev/null || need+=(fonts-noto-color-emoji)
  if [ ${#need[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      echo "Installing Debian packages for the browser and PDF tests: ${need[*]}"
      (apt-get install -y -qq "${need[@]}" >/dev/null 2>&1 ||
        { apt-get update -qq >/dev/null && apt-get install -y -qq "${need[@]}" >/dev/null; }) ||
        missing+=("Debian packages ${need[*]}: apt-get install ${need[*]}")
    else
      missing+=("Debian packages for the browser and PDF tests: sudo apt-get install ${need[*]}")
    fi
  fi
fi

if [ ${#missing[@]} -gt 0 ]; then
  echo "Missing prerequisites:" >&2
  for item in "${missing[@]}"; do echo "  - $item" >&2; done
  exit 1
fi
