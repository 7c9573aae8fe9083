#!/bin/sh
# Writes the website's config.json (where the pages find the API) from the provisioned outputs, and copies
# docs/ beside the pages. azd runs it as the web service's prepackage hook (azure.yaml) with the azd
# environment's values in the environment: CLUSTERSCORD_API_URL is main.bicep's output of that name.
# azure.yaml's `up` workflow provisions before it packages, so on the FIRST `azd up` the value is there;
# should it be missing (packaging before any provisioning), this fails instead of pointing the pages at
# a /api that does not exist.
# Usage: write-web-config.sh [web folder, default .] [docs folder, default ../docs]
set -eu
web="${1:-.}"
docs="${2:-../docs}"
api="${CLUSTERSCORD_API_URL:-}"
if [ -z "$api" ]; then
  echo "write-web-config: CLUSTERSCORD_API_URL is not set; provision first (azd provision), then package or deploy." >&2
  exit 1
fi
case "$api" in
  https://*|http://localhost*|http://127.0.0.1*) ;;
  *) echo "write-web-config: CLUSTERSCORD_API_URL must be an https URL, not '$api'." >&2; exit 1 ;;
esac
case "$api" in
  *'"'*|*'\'*|*' '*) echo "write-web-config: CLUSTERSCORD_API_URL holds a character no URL has: '$api'." >&2; exit 1 ;;
esac
api="${api%/}"
# CLUSTERSCORD_SIGN_IN (main.bicep's output): App Service authentication fronts the API, so the back-office
# offers "Sign in with Microsoft". Anything but "true" leaves it off.
case "${CLUSTERSCORD_SIGN_IN:-false}" in
  true|True|TRUE) sign_in=true ;;
  *) sign_in=false ;;
esac
printf '{"api":"%s","appServiceAuth":%s}\n' "$api" "$sign_in" > "$web/config.json.tmp"
mv "$web/config.json.tmp" "$web/config.json"
# docs/ goes out with the site: openapi.json and the problem pages that problem types point to
# ({site}/docs/problems/{name}, the function app's Site__DocsUrl).
rm -rf "$web/docs"
cp -R "$docs" "$web/docs"
echo "write-web-config: $web/config.json points the pages at $api"
