#!/bin/sh
# Copies the front-end libraries the pages load from node_modules/ (installed by `npm ci` from
# package-lock.json) into server/static/vendor/, which the Flask app serves. Fetches nothing.
#
# What @zazuko/yasgui 4.6.2 (build/yasgui.min.js) would request from another origin, and the
# setting that stops each one; the page must set all of them (checked in headless Chromium):
#   - requestConfig.endpoint defaults to https://dbpedia.org/sparql
#       -> Yasgui(el, { requestConfig: { endpoint: ENDPOINT }, copyEndpointOnNewTab: false })
#     with ENDPOINT = new URL("/sparql", location.href).href: a relative "/sparql" works for
#     the request but throws "Failed to construct 'URL'" when an error response is rendered
#   - endpointCatalogueOptions.getData suggests dbpedia.org and query.wikidata.org endpoints
#       -> endpointCatalogueOptions: { getData: () => [{ endpoint: ENDPOINT }] }
#   - populateFromUrl (default true) takes `endpoint` from the URL (query or #fragment): a shared
#     link can point the page at any server -> populateFromUrl: false, or a function that
#     resets requestConfig.endpoint to ENDPOINT
#   - the "property" and "class" autocompleters call lov.linkeddata.es on every keystroke; they
#     are in Yasqe.defaults.autocompleters, which lodash merges by index, so a shorter list in
#     the config does not remove them -> before new Yasgui():
#     Yasgui.Yasqe.defaults.autocompleters = ["variables", "prefixes"]
#   - yasqe.prefixCcApi is null by default (prefixes come from a list bundled in the file, which
#     includes spam entries taken from prefix.cc); a same-origin URL of a JSON object
#     {prefix: namespace} replaces that list -> yasqe: { prefixCcApi: "/static/prefixes.json" }
#   - corsProxy (default unset) would send an ASK probe to each endpoint -> leave it unset
#   - yasqe.createShortLink (default unset) would add a "Shorten" button -> leave it unset
#   - links only followed on a click: docs.triply.cc (help icons), developer.mozilla.org and
#     enable-cors.org (CORS error text), datatables.net/tn (DataTables warnings)
#   - the last line is `//# sourceMappingURL=yasgui.min.js.map`, same-origin and read only by
#     developer tools; the map is not copied
# yasgui.min.css has no url() and no @import; icons are inline SVG, fonts are the system's.
# cytoscape.min.js names no other host and makes no request.
set -eu

cd "$(dirname "$0")/.."

VENDOR=server/static/vendor
YASGUI=node_modules/@zazuko/yasgui
CYTOSCAPE=node_modules/cytoscape

fail() {
    echo "vendor-assets: $*" >&2
    exit 1
}

for file in \
    "$YASGUI/package.json" \
    "$YASGUI/build/yasgui.min.js" \
    "$YASGUI/build/yasgui.min.css" \
    "$CYTOSCAPE/package.json" \
    "$CYTOSCAPE/dist/cytoscape.min.js" \
    "$CYTOSCAPE/LICENSE"; do
    [ -f "$file" ] || fail "missing $file (run 'npm ci' first)"
done

# A node_modules/ left from an older package.json would be copied without complaint.
node -e '
const pins = require("./package.json").dependencies;
for (const [name, pin] of Object.entries(pins)) {
  const installed = require("./node_modules/" + name + "/package.json").version;
  if (installed !== pin) {
    console.error("vendor-assets: " + name + " " + installed + " is installed, package.json pins " + pin + " (run npm ci)");
    process.exit(1);
  }
}
' || exit 1

rm -rf "$VENDOR"
mkdir -p "$VENDOR"

cp "$YASGUI/build/yasgui.min.js" "$YASGUI/build/yasgui.min.css" "$VENDOR/"
cp "$CYTOSCAPE/dist/cytoscape.min.js" "$VENDOR/"
cp "$CYTOSCAPE/LICENSE" "$VENDOR/cytoscape.LICENSE.txt"

# The YASGUI packages ship no LICENSE file, and yasgui.min.js bundles its whole dependency tree
# with every license comment stripped: the notices are gathered from the installed packages.
npm query '#@zazuko/yasgui, #@zazuko/yasgui *' --loglevel=error | node -e '
const fs = require("fs");
const path = require("path");
const packages = JSON.parse(fs.readFileSync(0, "utf8"));
if (!packages.some((p) => p.name === "@zazuko/yasgui")) {
  console.error("vendor-assets: npm query did not find @zazuko/yasgui");
  process.exit(1);
}
packages.sort((a, b) => a.name.localeCompare(b.name));
const out = [
  "Licenses of the code bundled in yasgui.min.js and yasgui.min.css:",
  "@zazuko/yasgui and the packages it depends on, as installed from package-lock.json.",
  "",
];
for (const p of packages) {
  const files = fs.readdirSync(p.location)
    .filter((f) => /^(licen[cs]e|copying)([.-].*)?$/i.test(f))
    .sort();
  const declared = p.license || "";
  if (!declared && files.length === 0) {
    console.error("vendor-assets: " + p.name + " declares no license and ships no license file");
    process.exit(1);
  }
  out.push("=".repeat(78), p.name + " " + p.version + (declared ? " (" + declared + ")" : ""));
  if (files.length === 0) {
    out.push("The package ships no license file; its package.json declares " + declared + ".");
  }
  for (const f of files) {
    out.push("", fs.readFileSync(path.join(p.location, f), "utf8").trimEnd());
  }
  out.push("");
}
fs.writeFileSync("server/static/vendor/yasgui.LICENSES.txt", out.join("\n"));
' || exit 1

for file in yasgui.min.js yasgui.min.css yasgui.LICENSES.txt cytoscape.min.js cytoscape.LICENSE.txt; do
    [ -s "$VENDOR/$file" ] || fail "$VENDOR/$file was not written"
done
echo "vendor-assets: copied YASGUI and Cytoscape into $VENDOR"
