#!/usr/bin/env bash
# Loads the Clusters Cord programme (data/programme.json) and one sample forum in the future, through the
# organisers' API. Idempotent: a second run updates the same events.
set -euo pipefail
cd "$(dirname "$0")/.."
api=${CLUSTERSCORD_API:?}
key=${CLUSTERSCORD_ORGANISER_KEY:?}

post() { curl -fsS -H "x-functions-key: $key" -H "Content-Type: application/json" "$@"; }

post -X POST --data-binary @data/programme.json "$api/api/manage/programme" > /dev/null

# A sample forum two months ahead, open for registration now, so a newcomer can register end to end.
starts=$(date -u -d "+60 days" +%Y-%m-%d)
opens=$(date -u -d "-1 day" +%Y-%m-%dT00:00:00Z)
closes=$(date -u -d "+53 days" +%Y-%m-%dT00:00:00Z)
post -X PUT "$api/api/manage/events/sample-forum" --data-binary @- > /dev/null <<JSON
{
  "type": "exchangeForum",
  "title": {
    "en": "SAMPLE – sector exchange forum (local demo)",
    "cs": "UKÁZKA – sektorové výměnné fórum (místní ukázka)",
    "de": "BEISPIEL – sektorales Austauschforum (lokale Demo)",
    "it": "ESEMPIO – forum settoriale di scambio (demo locale)"
  },
  "description": { "en": "Sample data loaded by ./run so that registration can be tried end to end. Not a real event." },
  "city": "Linz",
  "country": "AT",
  "venue": "Sample venue",
  "startsAt": "${starts}T09:00:00+01:00",
  "endsAt": "${starts}T17:00:00+01:00",
  "timeZone": "Europe/Vienna",
  "sectors": ["health", "energyEnvironment"],
  "capacity": 5,
  "registration": { "opensAt": "$opens", "closesAt": "$closes" },
  "isSample": true
}
JSON
echo "  programme: $(curl -fsS "$api/api/events" | grep -o '"id":"[^"]*"' | wc -l) events (sample forum: $api/api/events/sample-forum)"
