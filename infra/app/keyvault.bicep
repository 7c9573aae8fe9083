// Key Vault with the app's secrets, read through Key Vault references by the app's identity (RBAC).
param name string
param location string
param tags object

@secure()
param sendGridApiKey string
@secure()
param tokenSecret string
@secure()
param organiserKey string
@secure()
param observerKey string

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    publicNetworkAccess: 'Enabled'
  }
}

resource sendGrid 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'sendgrid-api-key'
  properties: { value: sendGridApiKey }
}

resource token 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'token-secret'
  properties: { value: tokenSecret }
}

resource organiser 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'organiser-key'
  properties: { value: organiserKey }
}

resource observer 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'observer-key'
  properties: { value: observerKey }
}

output name string = vault.name
output uri string = vault.properties.vaultUri
