// The function app: Linux, Flex Consumption, .NET isolated worker, the user-assigned identity for every
// connection (no keys or connection strings), secrets as Key Vault references, CORS for the website only.
param name string
param planName string
param location string
param tags object
param identityId string
param identityClientId string
param storageAccountName string
param deploymentContainerName string
param applicationInsightsConnectionString string
param keyVaultUri string
@description('Origins CORS allows: the project website and the static site of web/.')
param allowedOrigins string[]
param thankYouUrl string
param managePageUrl string
@description('Where the website publishes docs/ (problem pages, openapi.json)')
param docsUrl string
param emailFromAddress string
@secure()
param organiserKey string

@description('Most instances Flex Consumption may scale out to.')
param maximumInstanceCount int = 40

@description('Client id of the Microsoft Entra app registration organisers sign in with (app roles Organiser and Observer). Empty: organisers use the key only.')
param signInClientId string = ''

// Organisers may sign in as themselves (App Service authentication, Microsoft Entra ID) when an app
// registration is given; the app then trusts the X-MS-CLIENT-PRINCIPAL header, which only the platform sets.
var signIn = !empty(signInClientId)

resource account 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: { tier: 'FlexConsumption', name: 'FC1' }
  properties: { reserved: true }
}

var blobEndpoint = account.properties.primaryEndpoints.blob
var tableEndpoint = account.properties.primaryEndpoints.table
var queueEndpoint = account.properties.primaryEndpoints.queue
var secret = 'SecretUri=${keyVaultUri}secrets'

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      // With sign-in, the back-office (on the website's origin) calls the API with the sign-in session cookie.
      cors: { allowedOrigins: allowedOrigins, supportCredentials: signIn }
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${blobEndpoint}${deploymentContainerName}'
          authentication: { type: 'UserAssignedIdentity', userAssignedIdentityResourceId: identityId }
        }
      }
      scaleAndConcurrency: { maximumInstanceCount: maximumInstanceCount, instanceMemoryMB: 2048 }
      runtime: { name: 'dotnet-isolated', version: '10.0' }
    }
  }

  resource settings 'config' = {
    name: 'appsettings'
    properties: {
      // The Functions host's own storage, by identity.
      AzureWebJobsStorage__blobServiceUri: blobEndpoint
      AzureWebJobsStorage__queueServiceUri: queueEndpoint
      AzureWebJobsStorage__tableServiceUri: tableEndpoint
      AzureWebJobsStorage__credential: 'managedidentity'
      AzureWebJobsStorage__clientId: identityClientId
      // A host id of its own, so no other function app sharing the account can take its timer leases.
      AzureFunctionsWebHost__hostid: take(replace(name, '-', ''), 32)
      APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
      // The app's data (Functions/Composition/StorageOptions.cs): service URIs and DefaultAzureCredential.
      Storage__TableServiceUri: tableEndpoint
      Storage__BlobServiceUri: blobEndpoint
      Storage__ManagedIdentityClientId: identityClientId
      AZURE_CLIENT_ID: identityClientId
      Email__ApiKey: '@Microsoft.KeyVault(${secret}/sendgrid-api-key)'
      Email__Host: 'https://api.sendgrid.com'
      Email__FromAddress: emailFromAddress
      Email__FromName: 'Clusters Cord'
      // The delivery queue (the queue trigger reads Email:QueueName; the host's own queue connection is
      // AzureWebJobsStorage above, the app's queue client uses this URI with the same identity).
      Email__QueueName: 'emails'
      Email__QueueServiceUri: queueEndpoint
      Site__ApiBaseUrl: 'https://${name}.azurewebsites.net'
      Site__ThankYouUrl: thankYouUrl
      Site__ManagePageUrl: managePageUrl
      Site__DocsUrl: docsUrl
      Registrations__TokenSecret: '@Microsoft.KeyVault(${secret}/token-secret)'
      Registrations__RetentionAfterEvent: '365.00:00:00'
      Registrations__PurgeSchedule: '0 30 2 * * *'
      Registrations__PendingEmailSchedule: '0 */5 * * * *'
      Reminders__Schedule: '0 */15 * * * *'
      Reminders__ClaimLease: '00:10:00'
      Access__OrganiserKey: '@Microsoft.KeyVault(${secret}/organiser-key)'
      Access__ObserverKey: '@Microsoft.KeyVault(${secret}/observer-key)'
      Benchmarking__MaxUploadBytes: '52428800'
      Benchmarking__MinimumGroupSize: '5'
      Benchmarking__StagedUploadSweepSchedule: '0 45 * * * *'
      // Only here, and only with the authentication below: without it the principal header is ignored
      // (Functions/Composition/AccessOptions.cs), so nobody can claim to be signed in.
      Access__AppServiceAuthentication: signIn ? 'true' : 'false'
    }
  }

  // App Service authentication with Microsoft Entra ID. Anonymous requests are let through (the public
  // API and the key keep working); a signed-in request carries the person's principal, which the platform
  // sets after validating the token and strips from any request that brings its own.
  resource authentication 'config' = if (signIn) {
    name: 'authsettingsV2'
    properties: {
      platform: { enabled: true }
      globalValidation: {
        requireAuthentication: false
        unauthenticatedClientAction: 'AllowAnonymous'
      }
      identityProviders: {
        azureActiveDirectory: {
          enabled: true
          registration: {
            clientId: signInClientId
            openIdIssuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
          }
          validation: {
            allowedAudiences: [signInClientId, 'api://${signInClientId}']
          }
        }
      }
      login: {
        tokenStore: { enabled: true }
        // "Sign in with Microsoft" on the back-office returns there after the sign-in.
        allowedExternalRedirectUrls: allowedOrigins
      }
    }
  }
}

// The organisers' key as a host function key, the same value as Access__OrganiserKey in Key Vault. The app
// checks that one (ManageGate, the organiser view of public routes); the organiser routes are anonymous at the host.
// ARM has this type (sites/host/functionKeys) but Bicep ships no schema for it, hence the one suppression.
#disable-next-line BCP081
resource organisersKey 'Microsoft.Web/sites/host/functionKeys@2024-04-01' = {
  name: '${app.name}/default/organisers'
  properties: {
    name: 'organisers'
    value: organiserKey
  }
}

output name string = app.name
output apiUrl string = 'https://${app.properties.defaultHostName}/api'
output signIn bool = signIn
