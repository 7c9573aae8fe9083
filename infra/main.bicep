// Clusters Cord on Azure: a Linux function app on Flex Consumption (.NET isolated worker), one storage
// account for the app's data and the Functions host reached only with a managed identity, Application
// Insights on a Log Analytics workspace, and a Key Vault for the secrets. `azd up` provisions and deploys.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; used in resource names and the azd-env-name tag.')
param environmentName string

@minLength(1)
@description('Azure region for every resource (one that offers Flex Consumption).')
param location string

@description('Object id of the person or pipeline running the deployment; gets read access to the data for support. Empty to skip.')
param principalId string = ''

@description('Origin of the project website (https://www.example.org), the only origin CORS allows.')
param websiteOrigin string

@description('Page of the website that plain HTML registration forms are redirected to (303). Empty: the static site\'s thank-you page.')
param thankYouUrl string = ''

@description('Region of the static web app hosting web/ (Static Web Apps run in a few regions only).')
param staticWebAppLocation string = 'westeurope'

@description('Sender address of every email; must be a verified sender in SendGrid.')
param emailFromAddress string

@secure()
@description('SendGrid API key (Mail Send permission). Stored in Key Vault only.')
param sendGridApiKey string

@secure()
@minLength(32)
@description('Key from which manage-link tokens are derived. Keep it: changing it invalidates every link already sent.')
param tokenSecret string

@secure()
@minLength(32)
@description('The organisers function key (x-functions-key) for /api/manage and the organiser view of public routes.')
param organiserKey string

@secure()
@minLength(32)
@description('The key project observers use to read observer-only benchmarking results.')
param observerKey string

@description('Client id of the Microsoft Entra app registration organisers sign in with (app roles Organiser and Observer). Empty: organisers use the key only.')
param organiserSignInClientId string = ''

var abbrs = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }
var functionAppName = '${abbrs.webSitesFunctions}clusterscord-${resourceToken}'

resource resourceGroup 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

module identity 'app/identity.bicep' = {
  name: 'identity'
  scope: resourceGroup
  params: {
    name: '${abbrs.managedIdentityUserAssignedIdentities}clusterscord-${resourceToken}'
    location: location
    tags: tags
  }
}

module monitoring 'app/monitoring.bicep' = {
  name: 'monitoring'
  scope: resourceGroup
  params: {
    workspaceName: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    applicationInsightsName: '${abbrs.insightsComponents}${resourceToken}'
    location: location
    tags: tags
  }
}

module storage 'app/storage.bicep' = {
  name: 'storage'
  scope: resourceGroup
  params: {
    name: '${abbrs.storageStorageAccounts}${resourceToken}'
    location: location
    tags: tags
  }
}

module vault 'app/keyvault.bicep' = {
  name: 'keyvault'
  scope: resourceGroup
  params: {
    name: '${abbrs.keyVaultVaults}${resourceToken}'
    location: location
    tags: tags
    sendGridApiKey: sendGridApiKey
    tokenSecret: tokenSecret
    organiserKey: organiserKey
    observerKey: observerKey
  }
}

module roles 'app/roles.bicep' = {
  name: 'roles'
  scope: resourceGroup
  params: {
    storageAccountName: storage.outputs.name
    keyVaultName: vault.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    identityPrincipalId: identity.outputs.principalId
    userPrincipalId: principalId
  }
}

module website 'app/staticwebapp.bicep' = {
  name: 'website'
  scope: resourceGroup
  params: {
    name: 'stapp-clusterscord-${resourceToken}'
    location: staticWebAppLocation
    tags: union(tags, { 'azd-service-name': 'web' })
  }
}

module functionApp 'app/functionapp.bicep' = {
  name: 'functionapp'
  scope: resourceGroup
  dependsOn: [roles]
  params: {
    name: functionAppName
    planName: '${abbrs.webServerFarms}${resourceToken}'
    location: location
    tags: union(tags, { 'azd-service-name': 'api' })
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    deploymentContainerName: storage.outputs.deploymentContainerName
    applicationInsightsConnectionString: monitoring.outputs.connectionString
    keyVaultUri: vault.outputs.uri
    allowedOrigins: [websiteOrigin, website.outputs.origin]
    thankYouUrl: empty(thankYouUrl) ? '${website.outputs.origin}/thank-you.html' : thankYouUrl
    managePageUrl: '${website.outputs.origin}/manage.html'
    docsUrl: '${website.outputs.origin}/docs'
    emailFromAddress: emailFromAddress
    organiserKey: organiserKey
    signInClientId: organiserSignInClientId
  }
}

output AZURE_LOCATION string = location
output AZURE_RESOURCE_GROUP string = resourceGroup.name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output CLUSTERSCORD_API_URL string = functionApp.outputs.apiUrl
// Read by the website's deploy hook: the back-office offers "Sign in with Microsoft" only then.
output CLUSTERSCORD_SIGN_IN bool = functionApp.outputs.signIn
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_KEY_VAULT_NAME string = vault.outputs.name
output CLUSTERSCORD_WEBSITE_URL string = website.outputs.origin
