// The website pieces (web/) as a static web app; the function app's CORS allows its origin.
param name string
param location string
param tags object

resource site 'Microsoft.Web/staticSites@2024-04-01' = {
  name: name
  location: location
  tags: tags
  sku: { name: 'Free', tier: 'Free' }
  properties: {}
}

output origin string = 'https://${site.properties.defaultHostname}'
