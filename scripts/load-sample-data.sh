#!/usr/bin/env bash
# Loads the Clusters Cord programme (data/programme.json) and one sample forum in the future, through the
# organisers' API. Idempotent: a second run updates the same events.
set -euo pipefail
cd "$(dirname "$0")/.."
api=${CLUSTERSCORD_API:?}
key=${CLUSTERSCORD_ORGANISER_KEY:?}

post() { curl -fsS -H "x-functions-key: $key" -H "Content-Type: application/json" "$@"; }

post -X POST --data-binary @data/programme.json "$api/api/manage/programme" > /dev/null

# A sample forum a week and five minutes ahead, open for registration now, so a newcomer can register end
# to end; its 7-day reminder falls due five minutes after start-up, for the three sample participants below.
starts=$(date -u -d "+7 days +5 minutes" +%Y-%m-%dT%H:%M:00Z)
ends=$(date -u -d "+7 days +5 minutes +8 hours" +%Y-%m-%dT%H:%M:00Z)
opens=$(date -u -d "-1 day" +%Y-%m-%dT00:00:00Z)
closes=$(date -u -d "+7 days" +%Y-%m-%dT%H:%M:00Z)
# An organiser may have cancelled the sample forum in an earlier run (a cancelled event cannot be changed
# again: 409); the demo then uses the next of sample-forum-2, -3, … not cancelled, so ./run on kept data
# still starts, and a later run finds the same one again.
forum=sample-forum
put_forum() {
  curl -sS -o "$state_dir/sample-forum.json" -w '%{http_code}' -H "x-functions-key: $key" -H "Content-Type: application/json" \
    -X PUT "$api/api/manage/events/$forum" --data-binary "$1"
}
state_dir=$(mktemp -d)
trap 'rm -rf "$state_dir"' EXIT
body=$(cat <<JSON
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
  "startsAt": "$starts",
  "endsAt": "$ends",
  "timeZone": "Europe/Vienna",
  "sectors": ["health", "energyEnvironment"],
  "capacity": 5,
  "reminders": ["P7D", "P1D"],
  "registration": { "opensAt": "$opens", "closesAt": "$closes" },
  "isSample": true
}
JSON
)
status=$(put_forum "$body")
for n in $(seq 2 20); do
  [[ $status == 409 ]] && grep -q "cancelled" "$state_dir/sample-forum.json" || break
  forum=sample-forum-$n
  status=$(put_forum "$body")
done
[[ $forum == sample-forum ]] || echo "  the sample forum was cancelled in an earlier run: the demo uses $forum"
[[ $status == 2* ]] || { echo "Loading the sample forum failed ($status):" >&2; cat "$state_dir/sample-forum.json" >&2; exit 1; }
for who in "en Anna Example" "cs Jana Ukázková" "de Lukas Beispiel"; do
  read -r lang first last <<< "$who"
  curl -fsS -o /dev/null -H "Content-Type: application/json" -X POST "$api/api/events/$forum/registrations" --data-binary @- <<JSON
{ "firstName": "$first", "lastName": "$last", "email": "sample.$lang@example.org", "organisation": "SAMPLE cluster",
  "country": "AT", "role": "clusterManager", "language": "$lang", "consent": true }
JSON
done
echo "  programme: $(curl -fsS "$api/api/events" | grep -o '"id":"[^"]*"' | wc -l) events (sample forum: $api/api/events/$forum)"
post -X POST --data-binary @data/sample-clusters.json "$api/api/manage/clusters/import" > /dev/null
echo "  catalogue: $(curl -fsS "$api/api/clusters?pageSize=100" | grep -o '"id":"[^"]*"' | wc -l) sample clusters ($api/api/clusters)"
# A sample benchmarking report (uploaded once) and the sample indicator table (re-importing changes nothing).
if ! curl -fsS -H "x-functions-key: $key" "$api/api/benchmarking/reports" | grep -q "SAMPLE benchmarking report"; then
  curl -fsS -o /dev/null -H "x-functions-key: $key" -F "title=SAMPLE benchmarking report 2011" -F year=2011 -F visibility=public \
    -F "file=@data/sample-report.pdf;type=application/pdf" "$api/api/manage/benchmarking/reports"
fi
curl -fsS -o /dev/null -H "x-functions-key: $key" -H "Content-Type: text/csv" --data-binary @data/sample-indicators.csv \
  "$api/api/manage/benchmarking/indicators"
echo "  benchmarking: sample report and indicators ($api/api/benchmarking/indicators?year=2011)"
