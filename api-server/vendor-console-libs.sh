#!/usr/bin/env bash
# Refreshes the console editor's third-party files from npm (run by hand, never by the build):
# the output under src/main/resources/console/assets/vendor/ is committed, so nothing is
# downloaded when flowd is built or run. Pin the versions here; the script records them, with
# each package's license, in assets/vendor/VENDORED.txt.
set -euo pipefail
cd "$(dirname "$0")"
DRAWFLOW=drawflow@0.0.60
JSONEDITOR=@json-editor/json-editor@2.17.2
out=src/main/resources/console/assets/vendor
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "$DRAWFLOW" "$JSONEDITOR" >/dev/null)
mkdir -p "$work/drawflow" "$work/jsoneditor" "$out"
tar xzf "$work"/drawflow-*.tgz -C "$work/drawflow"
tar xzf "$work"/json-editor-json-editor-*.tgz -C "$work/jsoneditor"
cp "$work/drawflow/package/dist/drawflow.min.js" "$out/drawflow.js"
cp "$work/drawflow/package/dist/drawflow.min.css" "$out/drawflow.css"
cp "$work/jsoneditor/package/dist/jsoneditor.js" "$out/jsoneditor.js"
{
  echo "Vendored by api-server/vendor-console-libs.sh on $(date -u +%Y-%m-%d) from the npm registry."
  for p in drawflow jsoneditor; do
    node -e 'const p=require(process.argv[1]);console.log(`\n${p.name} ${p.version} (${p.license}) ${p.homepage||""}`)' \
      "$work/$p/package/package.json"
    echo "sha256 of the tarball: $(sha256sum "$work"/$( [ $p = drawflow ] && echo drawflow || echo json-editor-json-editor )-*.tgz | cut -d' ' -f1)"
    echo "----- LICENSE -----"
    cat "$work/$p/package/LICENSE"
    [ $p = jsoneditor ] && { echo "----- bundled in jsoneditor.js -----"; cat "$work/$p/package/dist/jsoneditor.js.LICENSE.txt"; }
  done
} > "$out/VENDORED.txt"
echo "vendored into $out:"; ls -l "$out"
