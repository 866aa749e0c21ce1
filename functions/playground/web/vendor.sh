#!/usr/bin/env bash
# Refreshes the chart libraries the playground page loads: installs the versions package-lock.json
# pins (npm ci), then copies each package's browser build, with its licence, into the module's
# resources under a versioned name, and writes vendor.json (package, version, sha256 of each file).
# The copies are committed: building the module needs only a JDK. VendoredFilesTest checks them
# against vendor.json and vendor.json against package-lock.json.
#
# To upgrade: change the versions in package.json, run `npm install --ignore-scripts` here to
# update package-lock.json, then this script, then rename the files index.html and app.js load.
set -euo pipefail
cd "$(dirname "$0")"
OUT=../src/main/resources/playground
npm ci --ignore-scripts --no-audit --no-fund

version() { node -p "require('./node_modules/$1/package.json').version"; }

rm -f "$OUT"/vega*.js "$OUT"/vega*.LICENSE.txt "$OUT"/vendor.json
entries=()
copy() { # package, file in the package, name to give it
  cp "node_modules/$1/$2" "$OUT/$3"
  entries+=("$1|$(version "$1")|$2|$3")
}
for pkg in vega vega-lite vega-embed vega-interpreter; do
  v=$(version "$pkg")
  case "$pkg" in
    vega-interpreter)
      # An ES module importing the bare specifier 'vega-util'; a browser needs a URL. The page's
      # vega-util-global.js re-exports what it uses from the vega bundle (the same code).
      sed "s#from 'vega-util'#from './vega-util-global.js'#" \
        "node_modules/$pkg/build/$pkg.js" > "$OUT/$pkg-$v.js"
      grep -q "from './vega-util-global.js'" "$OUT/$pkg-$v.js"
      entries+=("$pkg|$v|build/$pkg.js (import of vega-util rewritten)|$pkg-$v.js") ;;
    *) copy "$pkg" "build/$pkg.min.js" "$pkg-$v.min.js" ;;
  esac
  copy "$pkg" LICENSE "$pkg-$v.LICENSE.txt"
done

node - "$OUT" "${entries[@]}" <<'JS'
const fs = require('fs'), crypto = require('crypto'), path = require('path');
const [out, ...entries] = process.argv.slice(2);
const files = entries.map((e) => {
  const [pkg, version, source, file] = e.split('|');
  const sha256 = crypto.createHash('sha256').update(fs.readFileSync(path.join(out, file))).digest('hex');
  return { file, package: pkg, version, source, sha256 };
});
fs.writeFileSync(path.join(out, 'vendor.json'), JSON.stringify({ files }, null, 2) + '\n');
JS
echo "vendored into $OUT:"; ls -l "$OUT"
